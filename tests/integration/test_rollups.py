"""The running totals behind /iran (SQLite's migrations 0006 and 0007, PostgreSQL's triggers)
always equal a recount of the rows: statements per topic, and sides per (target, speaker).
On both engines."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from extraction import Speaker
from services import Services
from services.ingest import ArticleSource, ingest_article
from services.speakers import new_speaker
from tests.backends import BACKENDS, database_of, values


@pytest.fixture(params=BACKENDS)
async def bot_database(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str | Path]:
    """These totals are kept by each engine its own way (triggers in SQL and in plpgsql):
    checked on both."""
    async with database_of(request.param, tmp_path) as database:
        yield database


RECOUNT_POSITIONS = """
    SELECT p.target, s.speaker_id,
           sum(CASE WHEN p.side = 'for' THEN 1 ELSE 0 END) AS for_n,
           min(CASE WHEN p.side = 'for' THEN p.created_at END) AS for_first,
           max(CASE WHEN p.side = 'for' THEN p.created_at END) AS for_latest,
           sum(CASE WHEN p.side = 'against' THEN 1 ELSE 0 END) AS against_n,
           min(CASE WHEN p.side = 'against' THEN p.created_at END) AS against_first,
           max(CASE WHEN p.side = 'against' THEN p.created_at END) AS against_latest
    FROM statement_positions p JOIN statements s ON s.id = p.statement_id
    WHERE s.speaker_id IS NOT NULL GROUP BY p.target, s.speaker_id ORDER BY 1, 2
"""
KEPT_POSITIONS = """
    SELECT target, speaker_id, for_statements, for_first, for_latest,
           against_statements, against_first, against_latest
    FROM target_positions ORDER BY 1, 2
"""
MIRRORED_SPEAKERS = """
    SELECT count(*) FROM statement_positions p JOIN statements s ON s.id = p.statement_id
    WHERE p.speaker_id IS DISTINCT FROM s.speaker_id OR p.created_at != s.created_at
"""


async def _rows(services: Services, sql: str) -> list[Any]:
    return [values(r) for r in await services.db.executor.fetchall(sql)]


async def _assert_totals_match(services: Services) -> None:
    assert await _rows(services, KEPT_POSITIONS) == await _rows(services, RECOUNT_POSITIONS)
    assert await _rows(services, MIRRORED_SPEAKERS) == [(0,)]
    counts = await _rows(
        services, "SELECT topic, count(*) FROM statement_topics GROUP BY topic ORDER BY 1"
    )
    kept = await _rows(
        services, "SELECT topic, statements FROM topic_counts WHERE statements > 0 ORDER BY 1"
    )
    assert kept == counts


async def test_totals_follow_ingest_corrections_merges_and_deletes(
    services: Services, seed_text: str
) -> None:
    db = services.db
    first = await ingest_article(services, seed_text, ArticleSource(name="a"))
    second = await ingest_article(
        services, seed_text.replace("Peskov", "Zakharova"), ArticleSource(name="b")
    )
    await _assert_totals_match(services)
    assert await _rows(services, KEPT_POSITIONS)
    topical = [
        r["statement_id"]
        for r in await db.executor.fetchall(
            "SELECT DISTINCT p.statement_id FROM statement_positions p"
            " JOIN statements s ON s.id = p.statement_id WHERE s.speaker_id IS NOT NULL"
            " ORDER BY p.statement_id"
        )
    ]
    assert len(topical) >= 2, "the seed article should have sides taken by a speaker"
    target = topical[0]
    when = "2026-01-02T00:00:00+00:00"
    await db.corrections.correct_position(target, "iran.military_action", "for", 1, when)
    await _assert_totals_match(services)
    await db.corrections.correct_position(target, "iran.military_action", "against", 1, when)
    await _assert_totals_match(services)
    await db.corrections.correct_position(topical[1], "iran.military_action", None, 1, when)
    await _assert_totals_match(services)
    await db.corrections.correct_statement(
        target, "speaker", 1, "2026-01-02T00:00:00+00:00",
        speaker=new_speaker(Speaker(name="Someone Else")),
    )  # fmt: skip
    await _assert_totals_match(services)
    speakers = [r["id"] for r in await db.executor.fetchall("SELECT id FROM speakers ORDER BY id")]
    await db.speakers.merge_speakers(speakers[0], speakers[-1])
    await _assert_totals_match(services)
    await db.corrections.correct_statement(
        topical[-1], "not_statement", 1, "2026-01-02T00:00:00+00:00"
    )
    await _assert_totals_match(services)
    await db.deletion.delete_article(second.stored.id)
    await _assert_totals_match(services)
    await db.deletion.delete_article(first.stored.id)
    await _assert_totals_match(services)
    assert await _rows(services, "SELECT * FROM target_positions") == []
