"""Received means recorded: an article is in the parse-job queue before the bot says a word
about it, Telegram is told it arrived only then, and a restart answers what was left."""

from __future__ import annotations

import asyncio
import sqlite3
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bot.receipts import ReceiptGate
from extraction import Extractor
from services.ingest import ArticleSource
from services.jobs import ANSWERED_JOBS_KEPT, prune_answered, source_json
from storage.jobs import NewPart
from storage.sqlite import SqliteStore
from tests.backends import values
from tests.integration.conftest import ADMIN_ID, OfflineBot, running_bot
from tests.integration.offline import RecordingRequest, message_update
from tests.telegram_split import long_paste, split_like_telegram


def _jobs(path: Path) -> list[tuple[Any, ...]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT state, text, chat_id, message_id, user_id, replied, article_id"
            " FROM parse_jobs ORDER BY id"
        ).fetchall()


class SnapshotRequest(RecordingRequest):
    """Reads the job table, from the file, at the moment of the bot's first word to a chat."""

    def __init__(self, database: Path) -> None:
        super().__init__()
        self.database = database
        self.at_first_answer: list[tuple[Any, ...]] | None = None

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        api = url.rsplit("/", 1)[-1]
        if self.at_first_answer is None and api in ("sendChatAction", "sendMessage"):
            self.at_first_answer = _jobs(self.database)
        return await super().do_request(url, method, *args, **kwargs)


async def test_an_article_is_recorded_before_the_bot_answers_and_keeps_no_text_after(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    database = tmp_path / "bot.sqlite3"
    request = SnapshotRequest(database)
    async with running_bot(database, extractor, request) as bot:
        update = message_update(bot.app.bot, ADMIN_ID, seed_text)
        assert update.message is not None
        await bot.app.process_update(update)
    assert request.at_first_answer is not None
    [(state, text, chat_id, message_id, user_id, replied, _)] = request.at_first_answer
    assert (state, chat_id, message_id, user_id, replied) == (
        "receiving",
        ADMIN_ID,
        update.message.message_id,
        ADMIN_ID,
        0,
    )
    assert text == seed_text.strip()
    [(state, text, *_, replied, article_id)] = _jobs(database)
    assert (state, text, replied) == ("done", None, 1) and article_id is not None
    assert "📰" in request.texts(ADMIN_ID)[-1]


async def test_an_update_delivered_again_after_a_restart_is_not_answered_twice(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    update = message_update(offline_bot.app.bot, ADMIN_ID, seed_text)
    await offline_bot.app.process_update(update)
    answers = len(offline_bot.request.texts(ADMIN_ID))
    await offline_bot.app.process_update(update)
    assert len(offline_bot.request.texts(ADMIN_ID)) == answers
    assert (await offline_bot.services.db.counts())["articles"] == 1


async def test_only_updates_an_article_handler_takes_hold_back_the_confirmation(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    bot = offline_bot.app.bot
    receipts: ReceiptGate = offline_bot.app.bot_data["receipts"]
    article = message_update(bot, ADMIN_ID, seed_text)
    command = message_update(bot, ADMIN_ID, "/help")
    link = message_update(bot, ADMIN_ID, "https://example.com/news/1")
    # A link is an article too: its job is recorded before its page is fetched.
    assert [receipts.awaits_record(u) for u in (article, command, link)] == [True, False, True]
    receipts.fetched([article, command, link])
    offset = link.update_id + 1
    assert receipts.unrecorded_below(offset) == 2
    waiting = asyncio.create_task(receipts.settled(offset))
    await asyncio.sleep(0.05)
    assert not waiting.done()
    receipts.recorded(article.update_id)
    await asyncio.sleep(0.05)
    assert not waiting.done()
    receipts.recorded(link.update_id)
    assert await asyncio.wait_for(waiting, 1)
    receipts.fetched([article])
    assert not await receipts.settled(offset, timeout=0.05)  # shutdown: give up, confirm nothing


async def test_articles_received_before_a_restart_are_answered_at_start_up(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    database = tmp_path / "bot.sqlite3"
    store = await SqliteStore.open(database)
    source = source_json(ArticleSource(sender_id=ADMIN_ID, chat_id=ADMIN_ID))
    lines = seed_text.strip().splitlines()
    halves = ["\n".join(lines[: len(lines) // 2]), "\n".join(lines[len(lines) // 2 :])]
    parts = [
        NewPart(ADMIN_ID, 70 + n, ADMIN_ID, h, source, "2026-01-05T10:00:00+00:00")
        for n, h in enumerate(halves)
    ]
    received = await store.jobs.open_job(parts[0])  # the window was still open
    assert received is not None and await store.jobs.add_part(received, parts[1])
    running = await store.jobs.open_job(
        NewPart(ADMIN_ID, 80, ADMIN_ID, seed_text + " Again.", source, "2026-01-05T10:00:00+00:00")
    )
    assert running is not None
    await store.jobs.set_progress(running, 81)
    await store.jobs.mark_ready(running)
    # Its parser died with the bot: nobody renews its lease, which runs out in a second.
    assert await store.jobs.claim(time.time(), 1.0) is not None
    await store.close()

    request = RecordingRequest()
    async with running_bot(database, extractor, request) as bot:
        for _ in range(400):
            if [row[5] for row in _jobs(database)] == [1, 0, 1]:
                break
            await asyncio.sleep(0.05)
        assert (await bot.services.db.counts())["articles"] == 2
    replies = request.sent("sendMessage")
    edits = request.sent("editMessageText")
    # The first got a new "Analysing…" and its digest in its place; the second's digest
    # replaced the "Analysing…" the previous run had shown (message 81).
    analysing = [r for r in replies if "Analysing" in r["text"]]
    assert [int(r["chat_id"]) for r in analysing] == [ADMIN_ID]
    assert any(int(e["message_id"]) == analysing[0]["_message_id"] for e in edits)
    assert any(int(e["message_id"]) == 81 and "📰" in e["text"] for e in edits)
    assert sum("📰" in e["text"] for e in edits) == 2
    assert [row[0] for row in _jobs(database)] == ["done", "part", "done"]


async def test_two_parts_of_one_batch_handled_side_by_side_make_one_article(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    halves = split_like_telegram(long_paste(seed_text.strip().splitlines(), 5000))
    assert len(halves) == 2
    bot = offline_bot.app.bot
    first, second = (message_update(bot, ADMIN_ID, half) for half in halves)
    await asyncio.gather(
        offline_bot.app.process_update(first), offline_bot.app.process_update(second)
    )
    digests = [t for t in offline_bot.request.texts(ADMIN_ID) if "📰" in t]
    assert len(digests) == 1
    rows = await offline_bot.services.db.executor.fetchall(
        "SELECT state, job_id FROM parse_jobs ORDER BY id"
    )
    assert [values(r) for r in rows] == [("done", None), ("part", 1)]


class TypingClock(RecordingRequest):
    """Notes when the first "typing…" went out."""

    def __init__(self) -> None:
        super().__init__()
        self.typing_at: float | None = None

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        if self.typing_at is None and url.endswith("/sendChatAction"):
            self.typing_at = time.monotonic()
        return await super().do_request(url, method, *args, **kwargs)


async def test_typing_shows_at_once_while_the_parts_may_still_come(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    request = TypingClock()
    async with running_bot(tmp_path / "bot.sqlite3", extractor, request) as bot:
        bot.app.bot_data["join_window"] = 1.0
        received = time.monotonic()
        await bot.app.process_update(message_update(bot.app.bot, ADMIN_ID, seed_text))
    assert request.typing_at is not None and request.typing_at - received < 0.5
    assert "📰" in request.texts(ADMIN_ID)[-1]


async def test_answered_jobs_are_pruned_after_the_retention_and_the_bot_schedules_it(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    app = offline_bot.app
    await app.process_update(message_update(app.bot, ADMIN_ID, seed_text))
    services = offline_bot.services
    assert app.job_queue is not None and app.job_queue.get_jobs_by_name("prune answered jobs")
    assert await services.db.jobs.unreplied() == []  # answered
    now = datetime.now(UTC)
    assert await prune_answered(services, now) == 0  # answered just now: kept
    assert await prune_answered(services, now + ANSWERED_JOBS_KEPT + timedelta(minutes=1)) == 1
    assert (await services.db.counts())["articles"] == 1  # the article stays on record
