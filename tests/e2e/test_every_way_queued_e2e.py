"""Every way in goes through the parse-job queue, end to end: a file is recorded before the
bot says a word and, with the bot killed (SIGKILL) before it downloaded the file, is
fetched, parsed by the parser process and answered once after the restart; a watched
channel's post is recorded, parsed and linked to its post, and nothing is said anywhere."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    bot_messages,
)
from tests.e2e.test_channels_e2e import CHANNEL, made_admin, post

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]

SEED = SEED_ARTICLE.read_text(encoding="utf-8")
JOB = "SELECT kind, state, replied, text IS NULL, payload IS NULL, article_id FROM parse_jobs"


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return []


def _digests(fake: FakeTelegram) -> list[str]:
    texts = [m.get("text") or "" for m in bot_messages(fake, ADMIN_ID)]
    return [t for t in texts if "📰" in t]


def test_a_file_is_recorded_first_and_answered_once_after_the_bot_is_killed(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()
    # The bot's first word about the file ("typing…") is held: it is killed right there.
    fake.hold(1, ADMIN_ID, methods=["sendChatAction"], mode="before")
    fake.send_document(ADMIN_ID, "briefing.txt", SEED.encode("utf-8"))
    fake.wait_for_held(timeout=20)
    # Recorded as a file job before anything was said or downloaded.
    assert _rows(bot.database_path, JOB) == [("file", "receiving", 0, 0, 1, None)]
    assert fake.calls("getFile") == []
    bot.kill()
    bot.start()
    try:
        fake.wait_until(lambda: _digests(fake), ANALYSIS_TIMEOUT, "the digest after the restart")
    except AssertionError:
        raise AssertionError(bot.log_tail(60)) from None
    time.sleep(1.0)  # room for a second answer, which must not come
    assert len(_digests(fake)) == 1, bot.log_tail()
    [(kind, state, replied, no_text, no_payload, article_id)] = _rows(bot.database_path, JOB)
    assert (kind, state, replied, no_text, no_payload) == ("file", "done", 1, 1, 1)
    assert _rows(bot.database_path, "SELECT id FROM articles") == [(article_id,)]
    assert len(fake.calls("getFile")) == 1  # fetched once, by the bot that answered
    assert fake.pending_updates() == []
    assert f"job 1: article {article_id} stored" in bot.log()


def test_a_channel_post_is_queued_parsed_by_the_parser_and_linked_to_its_post(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()
    fake.inject(made_admin(CHANNEL, ADMIN_ID))
    fake.wait_until(
        lambda: _rows(bot.database_path, "SELECT title FROM watched_channels"), 15, "the add"
    )
    seq = fake.last_call_seq()
    fake.inject(post(CHANNEL, 7, SEED))
    try:
        fake.wait_until(
            lambda: _rows(bot.database_path, "SELECT 1 FROM parse_jobs WHERE replied = 1"),
            ANALYSIS_TIMEOUT,
            "the post's job to end",
        )
    except AssertionError:
        raise AssertionError(bot.log_tail(60)) from None
    [(kind, state, replied, no_text, no_payload, article_id)] = _rows(bot.database_path, JOB)
    assert (kind, state, replied, no_text, no_payload) == ("text", "done", 1, 1, 1)
    linked = "SELECT chat_id, message_id, article_id FROM channel_posts"
    assert _rows(bot.database_path, linked) == [(CHANNEL["id"], 7, article_id)]
    assert _rows(bot.database_path, "SELECT source_url FROM articles") == [
        ("https://t.me/wirewatch/7",)
    ]
    # Parsed in the parser process (its log line), and not a word to anyone.
    assert f"job 1: article {article_id} stored" in bot.log()
    said = [c for c in fake.calls(since=seq) if c["method"].startswith(("send", "edit"))]
    assert said == []
