"""Batched ingestion gives the same records as one article at a time."""

from __future__ import annotations

from services import Services
from services.ingest import ArticleRejected, ArticleSource, ingest_many


async def test_ingest_many_answers_each_input_in_order(services: Services, seed_text: str) -> None:
    items = [
        (seed_text, ArticleSource(name="one")),
        ("   ", ArticleSource(name="empty")),
        (seed_text, ArticleSource(name="again")),
    ]
    results = [r async for r in ingest_many(services, items, batch_size=2)]
    first, empty, again = results
    assert isinstance(empty, ArticleRejected)
    assert not isinstance(first, ArticleRejected) and not first.duplicate
    assert first.analysis.statements and first.stored.statement_ids
    assert not isinstance(again, ArticleRejected) and again.duplicate
    assert again.stored.id == first.stored.id
