"""The bot on PostgreSQL end to end: `python -m bot run` with DATABASE_URL, against the
loopback fake Bot API. A forwarded article is queued, parsed by the bot's parser process,
stored and answered; a second front on the same record waits as a standby without a word to
Telegram; after a SIGKILL of the first it takes over and answers /iran from what the first
stored; when the server ends its lock's connection it stops serving and exits non-zero. The
same in webhook mode: two fronts with one WEBHOOK_URL, the standby listening only once it
holds the lock; after the SIGKILL it sets the webhook again and answers an article the fake
Bot API posted while no front listened, and a lost lock stops its listener. (Skipped with
the reason without TEST_DATABASE_URL; `make test` provides one.)"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import psycopg
import pytest

from bot.front import LOST_EXIT_CODE
from storage.postgres.front_lock import FRONT_LOCK
from tests.backends import database_of
from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    WEBHOOK,
    BotProcess,
    FakeTelegram,
    forwarded_from_channel,
    free_port,
    refused_calls,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(180)]
SECRET = "e2e-webhook-secret-0123456789"


@pytest.fixture
def url(tmp_path: Path) -> Iterator[str]:
    """A fresh record on the PostgreSQL server (a schema of its own)."""
    manager = database_of("postgresql", tmp_path)
    loop = asyncio.new_event_loop()
    try:
        database = loop.run_until_complete(manager.__aenter__())
        yield str(database)
        loop.run_until_complete(manager.__aexit__(None, None, None))
    finally:
        loop.close()


def test_one_front_serves_a_standby_takes_over_and_a_lost_lock_stops_the_front(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], url: str
) -> None:
    first = bot_process(env={"DATABASE_URL": url})
    fake.send_text(
        ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel()
    )
    digest = first.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    assert "Dmitry Peskov" in digest["text"]
    assert not first.database_path.exists()  # nothing went to the SQLite file

    before_standby = fake.last_call_seq()
    second = bot_process(env={"DATABASE_URL": url}, wait=False, beside_another=True)
    fake.wait_until(lambda: "standby:" in second.log(), 30, "the standby's log line")
    time.sleep(2)  # two of its lock retries: a standby that spoke to Telegram would show it
    assert second.running
    assert next(line for line in second.log().splitlines() if "standby:" in line).endswith(
        "another front holds this record's front lock; this one waits and takes over when "
        "that front stops"
    )
    assert "getUpdates" not in second.log() and "getMe" not in second.log()
    assert not [c for c in fake.calls(since=before_standby) if c["method"] != "getUpdates"]
    assert refused_calls(fake) == []  # no 409: one poller all along

    first.kill()  # SIGKILL: the server drops the lock with the connection
    killed_at, since = time.monotonic(), fake.last_call_seq()
    second.wait_ready(since, timeout=60)
    serving = time.monotonic() - killed_at
    fake.send_text(ADMIN_ID, "/iran")
    iran = second.wait_for_sent(ADMIN_ID, lambda r: "Iran —" in (r["text"] or ""), 15)
    answered = time.monotonic() - killed_at
    print(
        f"\ntakeover: polling {serving:.1f} s after the SIGKILL, /iran answered at {answered:.1f} s"
    )
    # The statement stored by the first front is on record for the second.
    assert "against: Dmitry Peskov" in iran["text"]
    assert "any possible military strike on Iran" in iran["text"]

    stopped = end_the_lock_connection(url, second)
    print(f"lock connection ended: the front exited {stopped:.1f} s later")
    assert refused_calls(fake) == []


def end_the_lock_connection(url: str, front: BotProcess) -> float:
    """Terminate the session that holds this record's front lock (as a server restart would;
    the lock's second key is the schema, so another test's record is left alone);
    check that `front` logs one ERROR line and exits with LOST_EXIT_CODE; the seconds it took."""
    with psycopg.connect(url, autocommit=True) as admin:
        holders = admin.execute(
            "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted"
            " AND classid = %s::bigint::oid AND objid = hashtext(current_schema())::oid"
            " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            (FRONT_LOCK,),
        ).fetchall()
        assert len(holders) == 1
        terminated_at = time.monotonic()
        admin.execute("SELECT pg_terminate_backend(%s)", holders[0])
    assert front.process is not None
    returncode = front.process.wait(timeout=30)
    stopped = time.monotonic() - terminated_at
    assert returncode == LOST_EXIT_CODE
    lost = [line for line in front.log().splitlines() if "lost the front lock" in line]
    assert len(lost) == 1 and " ERROR " in lost[0]
    return stopped


def test_a_standby_in_webhook_mode_sets_the_webhook_again_and_answers_what_was_posted(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], url: str
) -> None:
    port = free_port()
    hook = f"http://127.0.0.1:{port}/onrecord/hook"  # one URL for both, as behind one proxy
    env = {
        "DATABASE_URL": url,
        "WEBHOOK_URL": hook,
        "WEBHOOK_SECRET": SECRET,
        "WEBHOOK_PORT": str(port),
    }
    first = bot_process(env=env, ready=WEBHOOK)
    before_standby = fake.last_call_seq()
    second = bot_process(env=env, wait=False, beside_another=True)
    fake.wait_until(lambda: "standby:" in second.log(), 30, "the standby's log line")
    assert second.running
    assert fake.calls(since=before_standby) == []  # a webhook front makes no calls when idle

    first.kill()
    killed_at, since = time.monotonic(), fake.last_call_seq()
    update = fake.send_text(
        ADMIN_ID, SEED_ARTICLE.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel()
    )
    second.wait_ready(since, timeout=60, ready=WEBHOOK)
    serving = time.monotonic() - killed_at
    digest = second.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    answered = time.monotonic() - killed_at
    print(
        f"\nwebhook takeover: webhook set {serving:.1f} s after the SIGKILL, the article "
        f"posted meanwhile answered at {answered:.1f} s"
    )
    assert "Dmitry Peskov" in digest["text"]
    (webhook,) = [c for c in second.startup_calls if c["method"] == "setWebhook"]
    assert webhook["params"]["url"] == hook and webhook["params"]["secret_token"] == SECRET
    posts = [
        d["status"]
        for d in fake.state()["webhook_deliveries"]
        if d["update_id"] == update["update_id"]
    ]
    assert posts[0] == 0 and posts[-1] == 200  # refused while no front listened, then taken
    assert fake.pending_updates() == []

    stopped = end_the_lock_connection(url, second)
    print(f"lock connection ended: the webhook front exited {stopped:.1f} s later")
    assert second.returncode == LOST_EXIT_CODE
    with pytest.raises(httpx.ConnectError):  # its listener is closed
        httpx.post(hook, json={}, timeout=5)
    assert SECRET not in first.log() + second.log()
    assert refused_calls(fake) == []
