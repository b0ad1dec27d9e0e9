"""Received means recorded, end to end: a bot killed (SIGKILL) after an article arrived and
before its digest answers it after the restart, once; a parser process killed mid-article is
replaced, and the article is stored once and answered once."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    bot_messages,
)
from tests.telegram_split import long_paste, split_like_telegram

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(150)]

SEED = SEED_ARTICLE.read_text(encoding="utf-8")


def _one(path: Path, sql: str) -> object:
    with sqlite3.connect(path) as conn:
        row = conn.execute(sql).fetchone()
        return None if row is None else row[0]


def _digests(fake: FakeTelegram) -> list[str]:
    texts = [m.get("text") or "" for m in bot_messages(fake, ADMIN_ID)]
    return [t for t in texts if "📰" in t]


def _wait(condition: Callable[[], object], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.05)


def _parser_pids(bot_pid: int) -> list[int]:
    """The bot's parser processes: its children started by multiprocessing's spawn."""
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            cmdline = (stat.parent / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == bot_pid and b"spawn_main" in cmdline:
            pids.append(int(stat.parent.name))
    return pids


def test_a_bot_killed_before_the_digest_answers_once_after_the_restart(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()
    # The bot stops at its first word about the article (after the join window)...
    fake.hold(1, ADMIN_ID, methods=["sendChatAction"], mode="before")
    fake.send_text(ADMIN_ID, SEED)
    fake.wait_for_held(timeout=20)
    # ... by then the article is in the queue: Telegram may forget the update.
    assert _one(bot.database_path, "SELECT count(*) FROM parse_jobs WHERE text IS NOT NULL") == 1
    bot.kill()
    started = time.monotonic()
    bot.start()
    _wait(lambda: _digests(fake), ANALYSIS_TIMEOUT, "the digest after the restart")
    answered_in = time.monotonic() - started
    time.sleep(1.0)  # room for a second answer, which must not come
    assert len(_digests(fake)) == 1, bot.log_tail()
    assert _one(bot.database_path, "SELECT count(*) FROM articles") == 1
    assert _one(bot.database_path, "SELECT count(*) FROM parse_jobs WHERE text IS NULL") == 1
    assert fake.pending_updates() == []
    print(f"answered {answered_in:.1f} s after the restart began")


def test_a_parser_killed_mid_article_is_replaced_and_the_article_answered_once(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()
    assert bot.process is not None
    # A long article, pasted in parts as Telegram splits it: one job, parsed for a while.
    for part in split_like_telegram(long_paste(SEED.splitlines(), 18_000)):
        fake.send_text(ADMIN_ID, part)
    _wait(
        lambda: _one(bot.database_path, "SELECT state FROM parse_jobs") == "running",
        20,
        "a parser to claim the article",
    )
    [parser] = _parser_pids(bot.process.pid)
    os.kill(parser, signal.SIGKILL)
    _wait(lambda: _digests(fake), ANALYSIS_TIMEOUT, "the digest")
    time.sleep(1.0)
    assert len(_digests(fake)) == 1, bot.log_tail()
    assert _one(bot.database_path, "SELECT count(*) FROM articles") == 1
    assert _one(bot.database_path, "SELECT attempts FROM parse_jobs") == 2
    assert bot.log().count("exited with code -9; starting another") == 1
    assert len(_parser_pids(bot.process.pid)) == 1
