"""The bot as users meet it, against one running bot whose database already holds the seed
article: `python -m bot run` as a subprocess, over real HTTP, against the loopback fake Bot
API. Every reply has to pass Telegram's own checks there (HTML it can parse, 4096
characters), so a formatting slip fails these tests as it would fail in production.

Tests that start, stop or kill bots of their own live in test_bot_lifecycle_e2e.py: two bots
polling one server would steal each other's updates."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    STRANGER_ID,
    BotProcess,
    FakeTelegram,
    Record,
    bot_env,
    forwarded_from_channel,
    refused_calls,
    settled_replies,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SEED = SEED_ARTICLE
SECOND_ADMIN = 1002


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
    assert "military strike on Iran would" in text  # the Iran strike statement itself
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
