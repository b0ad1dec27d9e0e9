"""Webhook mode end to end. The fake Bot API posts updates to the URL setWebhook gave it, with
the secret in X-Telegram-Bot-Api-Secret-Token, until a 2xx answer, and refuses getUpdates
with 409 meanwhile, as Telegram does. `python -m bot run` with WEBHOOK_URL tells it its URL
and secret, answers a forwarded article that arrives that way, and refuses a request without
the secret or with another one (403) before reading it: nothing is sent, nothing stored."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from telegram import Bot
from telegram.error import Conflict

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    BOT_TOKEN,
    SEED_ARTICLE,
    WEBHOOK,
    BotProcess,
    FakeTelegram,
    forwarded_from_channel,
    free_port,
    refused_calls,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]
SECRET = "e2e-webhook-secret-0123456789"


class Receiver(BaseHTTPRequestHandler):
    """A webhook listener that records each post and answers with the next given status."""

    posts: list[tuple[str | None, dict[str, Any]]]
    statuses: list[int]

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.posts.append((self.headers.get("X-Telegram-Bot-Api-Secret-Token"), json.loads(body)))
        self.send_response(self.statuses.pop(0) if self.statuses else 200)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[tuple[str, type[Receiver]]]:
    handler = type("Listener", (Receiver,), {"posts": [], "statuses": []})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", handler
    server.shutdown()


async def test_the_fake_posts_each_update_with_the_secret_until_it_is_answered(
    fake: FakeTelegram, receiver: tuple[str, type[Receiver]]
) -> None:
    url, listener = receiver
    listener.statuses.append(500)  # the first answer fails: Telegram posts the update again
    async with Bot(BOT_TOKEN, base_url=fake.api_base) as bot:
        assert await bot.set_webhook(url, secret_token=SECRET)
        with pytest.raises(Conflict, match="webhook is active"):
            await bot.get_updates()
        update = fake.send_text(4242, "hello")
        fake.wait_until(lambda: len(listener.posts) >= 2, 5, "the update posted twice")
        assert listener.posts == [(SECRET, update), (SECRET, update)]
        # the listener has the post before the fake has its answer: wait for the answer
        fake.wait_until(
            lambda: len(fake.state()["webhook_deliveries"]) >= 2, 5, "the second post answered"
        )
        assert [d["status"] for d in fake.state()["webhook_deliveries"]] == [500, 200]
        assert fake.pending_updates() == []  # the 200 confirmed it
        assert await bot.delete_webhook()
        assert await bot.get_updates() == ()


def test_a_front_in_webhook_mode_answers_telegrams_posts_and_refuses_others(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/onrecord/hook"
    env = {"WEBHOOK_URL": hook, "WEBHOOK_SECRET": SECRET, "WEBHOOK_PORT": str(port)}
    bot = bot_process(env=env, ready=WEBHOOK)
    webhook = [c for c in bot.startup_calls if c["method"] == "setWebhook"]
    assert webhook[0]["params"]["url"] == hook
    assert webhook[0]["params"]["secret_token"] == SECRET
    polled = httpx.post(f"{fake.api_base}{BOT_TOKEN}/getUpdates", json={})
    assert polled.status_code == 409

    forged = {
        "update_id": 990001,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": ADMIN_ID, "type": "private", "first_name": "Admin"},
            "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin"},
            "text": "Forged: the minister said that the forged article must be stored.",
        },
    }
    before = fake.last_call_seq()
    for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret-0123456789"}):
        answer = httpx.post(hook, json=forged, headers=headers, timeout=10)
        assert answer.status_code == 403
    time.sleep(1)  # a window for anything the forged update would have made the bot do
    assert fake.calls(since=before) == []

    fake.send_text(
        ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel()
    )
    digest = bot.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    assert "Dmitry Peskov" in digest["text"]
    assert {d["status"] for d in fake.state()["webhook_deliveries"]} == {200}
    assert fake.pending_updates() == []
    assert bot.terminate() == 0
    assert SECRET not in bot.log()
    assert refused_calls(fake) == [c for c in fake.calls() if c["status"] == 409]
    with sqlite3.connect(bot.database_path) as db:
        forged_jobs = db.execute(
            "SELECT count(*) FROM parse_jobs WHERE update_id = 990001 OR text LIKE 'Forged%'"
        ).fetchone()[0]
        articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
    assert (articles, forged_jobs) == (1, 0)
