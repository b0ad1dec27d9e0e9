"""Running totals under concurrent writers on PostgreSQL: four stores (four workers, as far
as the server can tell) storing articles on one busy topic at once, every statement by the
same five speakers, so every transaction updates the same `topic_counts` and
`target_positions` rows. Afterwards the totals equal a recount of their rows and each
speaker is one row (bench/pg_hot_rows.py measures what the shared rows cost)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bench.pg_hot_rows import SPEAKERS, store_concurrently
from storage.postgres.executor import connect
from tests.backends import database_of

WRITERS, PER_WRITER = 4, 5


@pytest.fixture
async def url(tmp_path: Path) -> AsyncIterator[str]:
    async with database_of("postgresql", tmp_path) as database:
        yield str(database)


async def test_totals_on_one_hot_topic_stay_equal_to_a_recount(url: str) -> None:
    await store_concurrently(url, WRITERS, PER_WRITER, shared=True)
    conn = await connect(url)
    try:
        rows = await (await conn.execute("SELECT topic, statements FROM topic_counts")).fetchall()
        assert rows == [{"topic": "iran", "statements": WRITERS * PER_WRITER * SPEAKERS}]
        recount = await conn.execute("SELECT count(*) AS n FROM statement_topics")
        assert (await recount.fetchone()) == {"n": WRITERS * PER_WRITER * SPEAKERS}
        sides = await conn.execute(
            "SELECT s.name, tp.against_statements, tp.for_statements FROM target_positions tp"
            " JOIN speakers s ON s.id = tp.speaker_id ORDER BY s.name"
        )
        assert await sides.fetchall() == [
            {
                "name": f"Speaker {i}",
                "against_statements": WRITERS * PER_WRITER,
                "for_statements": 0,
            }
            for i in range(SPEAKERS)
        ]
    finally:
        await conn.close()
