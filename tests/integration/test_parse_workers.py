"""Parser processes (spawned, each loading the model once) on a real database (SQLite, and
PostgreSQL for the kill test): a job is
parsed, stored with its alerts and finished; a parser killed mid-article is replaced and the
article stored once; an article past the budget stops its parser and fails with a reason."""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.app import build_application
from bot.worker import parser_process
from extraction import Extractor
from services import Services, open_services
from services.analyzer import Analyzer, InProcessAnalyzer, WorkerAnalyzer
from services.backend import open_store
from services.ingest import ArticleSource
from services.jobs import job_result, record_part
from tests.integration.conftest import ADMIN_ID, make_settings
from tests.integration.offline import RecordingRequest, message_update


async def _until(condition: object, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():  # type: ignore[operator]
        assert time.monotonic() < deadline, "timed out"
        await asyncio.sleep(0.05)


@pytest.fixture
async def services(database: str | Path, extractor: Extractor) -> AsyncIterator[Services]:
    """On each engine: a parser process on any host claims, stores and finishes jobs
    through the database alone."""
    settings = make_settings(database, parse_budget_seconds=20.0)
    opened = await open_services(settings, extractor)
    yield opened
    await opened.close()


async def _enqueue(services: Services, message_id: int, text: str) -> int:
    source = ArticleSource(name="Reuters", sender_id=ADMIN_ID, chat_id=ADMIN_ID)
    job_id, started = await record_part(services, (ADMIN_ID, message_id, message_id), text, source)
    assert job_id is not None and started
    assert await services.db.jobs.mark_ready(job_id)
    return job_id


async def test_a_parser_process_stores_the_article_and_survives_being_killed(
    services: Services, seed_text: str
) -> None:
    analyzer = WorkerAnalyzer(services, 1, parser_process)
    await analyzer.start()
    try:
        first = await _enqueue(services, 1, seed_text)
        done = await asyncio.wait_for(analyzer.outcome(first), 120)
        assert done is not None and done.state == "done" and done.text is None
        result = job_result(done)
        assert result is not None and result.stored.id == done.article_id
        assert result.analysis.statements and not result.duplicate

        # Kill the parser while it works on the next article: another takes the job over.
        process, slot = analyzer._workers[0]
        longer = "\n\n".join([seed_text] * 8 + ["The minister said it was over."])
        second = await _enqueue(services, 2, longer)
        await _until(lambda: slot.job.value == second)
        assert process.pid is not None
        os.kill(process.pid, signal.SIGKILL)
        done = await asyncio.wait_for(analyzer.outcome(second), 120)
        assert done is not None and (done.state, done.attempts) == ("done", 2)
        assert analyzer.restarts == 1
        assert (await services.db.counts())["articles"] == 2
    finally:
        await analyzer.close()


async def test_an_article_past_the_budget_fails_and_its_parser_is_replaced(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    settings = make_settings(tmp_path / "budget.sqlite3", parse_budget_seconds=0.05)
    services = await open_services(settings, extractor)
    analyzer = WorkerAnalyzer(services, 1, parser_process)
    await analyzer.start()
    try:
        job_id = await _enqueue(services, 1, "\n\n".join([seed_text] * 20))
        failed = await asyncio.wait_for(analyzer.outcome(job_id), 120)
        assert failed is not None and failed.state == "failed" and failed.text is None
        assert failed.error is not None and "longer than 0.05 s" in failed.error
        assert analyzer.restarts == 1
        assert (await services.db.counts())["articles"] == 0
    finally:
        await analyzer.close()
        await services.close()


async def test_the_sender_of_an_article_past_the_budget_is_told_nothing_was_stored(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    settings = make_settings(tmp_path / "bot.sqlite3", parse_workers=1, parse_budget_seconds=0.05)
    request = RecordingRequest()
    app = build_application(settings, extractor, request)
    app.bot_data["join_window"] = 0.05
    async with app:
        assert app.post_init is not None and app.post_shutdown is not None
        await app.post_init(app)
        try:
            long_article = "\n\n".join([seed_text] * 20)
            await asyncio.wait_for(
                app.process_update(message_update(app.bot, ADMIN_ID, long_article)), 120
            )
        finally:
            await app.post_shutdown(app)
    answer = request.texts(ADMIN_ID)[-1]
    assert answer == "The article took longer than 0.05 s to analyse, so nothing was stored."


@pytest.mark.parametrize("kind", ["in-process", "parser processes"])
async def test_start_up_leaves_a_live_parsers_job_and_takes_it_once_its_lease_expires(
    services: Services, seed_text: str, tmp_path: Path, kind: str
) -> None:
    """A separate `python -m bot worker` holds a job when the bot starts: the bot must not
    take it while that parser's lease is live, and takes it once the parser stops renewing."""
    job_id = await _enqueue(services, 1, seed_text)
    worker = await open_store(services.settings.database)  # the other process's store
    try:
        held = await worker.jobs.claim(time.time(), 3.0)
    finally:
        await worker.close()
    assert held is not None and held.id == job_id
    starting: Analyzer = (
        InProcessAnalyzer(services)
        if kind == "in-process"
        else WorkerAnalyzer(services, 0, parser_process)  # no parser of its own
    )
    await starting.start()
    try:
        job = await services.db.jobs.job(job_id)
        assert job is not None and (job.state, job.attempts) == ("running", 1)
        assert job.lease_until == held.lease_until
    finally:
        await starting.close()
    analyzer = InProcessAnalyzer(services)
    with pytest.raises(TimeoutError):  # the lease is live: nobody else parses it
        await asyncio.wait_for(analyzer.outcome(job_id), 1.0)
    done = await asyncio.wait_for(analyzer.outcome(job_id), 60)  # the holder went quiet
    assert done is not None and (done.state, done.attempts) == ("done", 2)
    assert (await services.db.counts())["articles"] == 1
