"""The bot's life cycle end to end: a fresh bot answering its first article, a clean SIGTERM
and restart, a SIGKILL while a reply is in flight. Each test runs bots of its own (never two
at once against the server)."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    REPLY_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    bot_env,
    bot_messages,
    forwarded_from_channel,
    refused_calls,
    settled_replies,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SEED = SEED_ARTICLE


@pytest.fixture
def fresh_seeded_bot(
    fake: FakeTelegram, seeded_database: Path, tmp_path: Path
) -> Iterator[BotProcess]:
    """A bot of its own, for tests that stop or restart it."""
    database = tmp_path / "onrecord.sqlite3"
    shutil.copy(seeded_database, database)
    bot = BotProcess(fake, tmp_path, bot_env(fake, database, (ADMIN_ID,)))
    bot.start()
    yield bot
    fake.release()
    bot.stop()


def test_forwarded_article_is_answered_with_a_digest_naming_peskov(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()
    fake.send_text(
        ADMIN_ID, SEED.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel()
    )

    bot.wait_for_sent(ADMIN_ID, lambda r: "Peskov" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    texts = [m.get("text", "") for m in bot_messages(fake, ADMIN_ID)]
    assert any("Peskov" in t for t in texts), texts
    assert not any(t.startswith("Analysing") for t in texts), f"progress left unedited: {texts}"
    assert refused_calls(fake) == [], bot.log_tail()


def test_sigterm_exits_cleanly_and_a_restart_does_not_redo_handled_updates(
    fake: FakeTelegram, fresh_seeded_bot: BotProcess
) -> None:
    bot = fresh_seeded_bot
    fake.send_text(ADMIN_ID, "/iran")
    settled_replies(fake, bot, ADMIN_ID, 1, quiet=0.5)
    assert bot.terminate() == 0, bot.log_tail()
    assert fake.pending_updates() == [], "handled updates were left unconfirmed"
    bot.start()
    fake.send_text(ADMIN_ID, "/ukraine")
    replies = settled_replies(fake, bot, ADMIN_ID, 2)
    assert len(replies) == 2, [m["text"][:60] for m in replies]  # /iran was not answered twice


def test_bot_killed_while_a_reply_is_in_flight_comes_back_and_serves(
    fake: FakeTelegram, fresh_seeded_bot: BotProcess
) -> None:
    bot = fresh_seeded_bot
    fake.hold(1, chat_id=ADMIN_ID)  # Telegram delivers the reply; the bot never hears back
    fake.send_text(ADMIN_ID, "/iran")
    [held] = fake.wait_for_held(timeout=REPLY_TIMEOUT)
    assert held["method"] == "sendMessage"
    bot.kill()
    fake.wait_until(
        lambda: all(h["client_closed"] for h in fake.held()), 5, "the server to see the kill"
    )
    fake.release()
    bot.start()
    fake.send_text(ADMIN_ID, "/ukraine")
    replies = settled_replies(fake, bot, ADMIN_ID, 2)
    assert len(replies) == 2, [m["text"][:60] for m in replies]  # /iran was not redone
    assert "Iran" in replies[0]["text"]
    assert "Ukraine" in replies[1]["text"]
