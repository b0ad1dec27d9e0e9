"""A parser on PostgreSQL is woken by the job itself (LISTEN/NOTIFY), not by its poll: a job
made ready while the parser idles is taken long before the fallback poll would find it."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from extraction import Extractor
from services import Services, open_services, worker
from services.ingest import ArticleSource
from services.jobs import record_part
from storage.jobs import PENDING
from tests.backends import database_of
from tests.integration.conftest import ADMIN_ID, make_settings

FALLBACK = 5.0  # the poll this test would have to wait for without a notification
TEXT = "The minister said on Monday that the talks were over."


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_of("postgresql", tmp_path) as database:
        yield str(database)


async def _ready_job(services: Services, message_id: int) -> int:
    source = ArticleSource(name="Reuters", sender_id=ADMIN_ID, chat_id=ADMIN_ID)
    job_id, _ = await record_part(services, (ADMIN_ID, message_id, message_id), TEXT, source)
    assert job_id is not None and await services.db.jobs.mark_ready(job_id)
    return job_id


async def _seconds_until_taken(services: Services, job_id: int, limit: float) -> float:
    start = time.monotonic()
    while (job := await services.db.jobs.job(job_id)) is not None and job.state == PENDING:
        assert time.monotonic() - start < limit, "the job was not taken"
        await asyncio.sleep(0.02)
    return time.monotonic() - start


async def test_a_new_job_wakes_an_idle_parser_at_once(
    url: str, extractor: Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(worker, "FALLBACK_POLL_SECONDS", FALLBACK)
    settings = make_settings(url)
    services = await open_services(settings, extractor)
    parser = asyncio.create_task(worker.serve(settings))
    try:
        first = await _ready_job(services, 1)
        await _seconds_until_taken(services, first, 120)  # the parser is up
        while await services.db.jobs.unfinished([first]):
            assert not parser.done()
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.5)  # idle now, its next poll up to FALLBACK away
        waited = await _seconds_until_taken(services, await _ready_job(services, 2), FALLBACK)
        print(f"job taken {waited:.3f} s after it was ready (fallback poll {FALLBACK} s)")
        assert waited < 1.0, f"taken after {waited:.2f} s: at a poll, not when notified"
    finally:
        parser.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await parser
        await services.close()
