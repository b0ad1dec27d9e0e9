"""The running totals behind /iran (migration 0006) always equal a recount of the rows."""

from __future__ import annotations

from typing import Any

from extraction import Speaker
from services import Services
from services.ingest import ArticleSource, ingest_article
from services.speakers import new_speaker

RECOUNT_POSITIONS = """
    SELECT t.topic, s.speaker_id, count(*), sum(t.stance IS 'positive'),
           sum(t.stance IS 'negative'), min(t.created_at), max(t.created_at)
    FROM statement_topics t JOIN statements s ON s.id = t.statement_id
    WHERE s.speaker_id IS NOT NULL GROUP BY t.topic, s.speaker_id ORDER BY 1, 2
"""
KEPT_POSITIONS = """
    SELECT topic, speaker_id, statements, positive, negative, first, latest
    FROM topic_positions ORDER BY 1, 2
"""


async def _rows(services: Services, sql: str) -> list[Any]:
    return [tuple(r) for r in await services.db.executor.fetchall(sql)]


async def _assert_totals_match(services: Services) -> None:
    assert await _rows(services, KEPT_POSITIONS) == await _rows(services, RECOUNT_POSITIONS)
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
        r[0]
        for r in await db.executor.fetchall(
            "SELECT t.statement_id FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id WHERE s.speaker_id IS NOT NULL"
            " ORDER BY t.stance = 'negative' DESC, t.statement_id"
        )
    ]
    assert topical, "the seed article should have statements on a topic with a speaker"
    target = topical[0]
    await db.corrections.correct_statement(
        target, "stance", 1, "2026-01-02T00:00:00+00:00", stance="positive"
    )
    await _assert_totals_match(services)
    await db.corrections.correct_statement(
        target, "speaker", 1, "2026-01-02T00:00:00+00:00",
        speaker=new_speaker(Speaker(name="Someone Else")),
    )  # fmt: skip
    await _assert_totals_match(services)
    speakers = [r[0] for r in await db.executor.fetchall("SELECT id FROM speakers ORDER BY id")]
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
    assert await _rows(services, "SELECT * FROM topic_positions") == []
