"""Writers that cross on PostgreSQL: two transactions locking the same rows in opposite
orders deadlock, and the server rolls one back. Parser workers on several hosts store
articles at once, and two articles naming the same speakers or topics in different orders
do exactly that; the article whose transaction was chosen must be stored all the same."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import psycopg
import pytest

from extraction import Extractor
from services import open_services
from services.ingest import ArticleSource, ingest_article
from storage.errors import WriteConflict
from storage.postgres.executor import PgExecutor, connect
from tests.backends import database_of
from tests.integration.conftest import make_settings

IRAN_ARTICLE = (
    "MOSCOW, Dec 6 - Kremlin spokesman Dmitry Peskov said on Monday that military strikes on "
    "Iran would destabilise the whole region and called for restraint from every side."
)
SPEAKER_UPSERT = (
    "INSERT INTO speakers (name, name_key, kind) VALUES (?, ?, 'person')"
    " ON CONFLICT (name_key) DO UPDATE SET kind = excluded.kind"
)


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_of("postgresql", tmp_path) as database:
        yield str(database)


async def _waiting_on_a_lock(url: str) -> None:
    """Until some other session of this database waits for a row lock."""
    watcher = await connect(url)
    try:
        for _ in range(200):
            cursor = await watcher.execute(
                "SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock'"
                " AND datname = current_database() AND pid <> pg_backend_pid()"
            )
            row = await cursor.fetchone()
            if row and row["n"]:
                return
            await asyncio.sleep(0.05)
        raise AssertionError("nobody came to wait for the lock")
    finally:
        await watcher.close()


async def test_two_writers_locking_in_opposite_orders_end_one_in_write_conflict(
    url: str,
) -> None:
    first, second = await PgExecutor.open(url), await PgExecutor.open(url)
    both_hold_one = asyncio.Barrier(2)

    async def write(executor: PgExecutor, mine: str, theirs: str) -> str:
        async with executor.transaction() as tx:
            await tx.execute(SPEAKER_UPSERT, (mine, mine.lower()))
            await both_hold_one.wait()
            await tx.execute(SPEAKER_UPSERT, (theirs, theirs.lower()))
        return "committed"

    try:
        outcomes = await asyncio.gather(
            write(first, "Ann Lee", "Bo Kim"), write(second, "Bo Kim", "Ann Lee"),
            return_exceptions=True,
        )  # fmt: skip
        # One was rolled back, as a WriteConflict rather than the driver's own error ...
        assert sorted(map(type, outcomes), key=str) == sorted([str, WriteConflict], key=str)
        # ... and the other's writes are all there.
        rows = await first.fetchall("SELECT name FROM speakers ORDER BY name")
        assert [r["name"] for r in rows] == ["Ann Lee", "Bo Kim"]
    finally:
        await first.close()
        await second.close()


async def test_an_article_whose_transaction_was_rolled_back_to_end_a_deadlock_is_stored(
    url: str, extractor: Extractor, seed_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    """The seed article puts Peskov and the Iran topic on record. Then another session holds
    the Iran topic's running total while the new article's transaction, having upserted
    Peskov, waits for it; that session then asks for Peskov's row: a deadlock, in which the
    server rolls back the article's transaction (it has waited longest)."""
    services = await open_services(make_settings(url), extractor)
    other: psycopg.AsyncConnection[Any] = await psycopg.AsyncConnection.connect(url)
    try:
        await ingest_article(services, seed_text, ArticleSource(name="Kremlin pool"))
        await other.execute("SET deadlock_timeout = '20s'")  # this session is never the victim
        await other.execute("UPDATE topic_counts SET statements = statements WHERE topic = 'iran'")
        caplog.set_level(logging.INFO, logger="services.ingest")
        storing = asyncio.create_task(ingest_article(services, IRAN_ARTICLE))
        await _waiting_on_a_lock(url)
        await other.execute("SELECT id FROM speakers ORDER BY id FOR UPDATE")
        await other.commit()
        result = await asyncio.wait_for(storing, 30)
        assert result.stored.created and result.statement_ids
        assert any("trying again" in r.getMessage() for r in caplog.records)
        assert (await services.db.counts())["articles"] == 2
    finally:
        await other.close()
        await services.close()
