"""Statements read back: a topic's pages, by id, by id range, an article's, one in its
article's text, and full-text search (`search.py`)."""

from __future__ import annotations

from collections.abc import Sequence

from storage.database import Database, marks
from storage.models import SearchFilters, SearchHit, StatementRow
from storage.sqlite import search
from storage.sqlite.statement_rows import select_statements, statement_row

BY_TOPIC = "statement_topics t JOIN statements s ON s.id = t.statement_id"


class SqliteStatements:
    """`storage.ports.StatementStore` on SQLite."""

    # The statement join (another engine's store swaps in its own spelling of it).
    select = staticmethod(select_statements)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def statements_for_topic(
        self, topic: str, limit: int = 10, offset: int = 0
    ) -> list[StatementRow]:
        """Newest article first, best-scored first within one article. `created_at` has
        one-second resolution, so the article breaks ties between articles stored in the
        same second; the score alone would interleave them."""
        rows = await self._db.fetchall(
            self.select(BY_TOPIC)
            + " WHERE t.topic = ? ORDER BY t.created_at DESC, s.article_id DESC, s.score DESC, s.id"
            " LIMIT ? OFFSET ?",
            (topic, limit, offset),
        )
        return [statement_row(r) for r in rows]

    async def count_for_topic(self, topic: str) -> int:
        """From the running total of migration 0006: counting a busy topic's rows took ~45 ms."""
        row = await self._db.fetchone(
            "SELECT statements FROM topic_counts WHERE topic = ?", (topic,)
        )
        return int(row["statements"]) if row else 0

    async def statements_by_ids(self, ids: Sequence[int]) -> list[StatementRow]:
        """In the order given; ids of statements deleted since are left out."""
        if not ids:
            return []
        rows = await self._db.fetchall(self.select() + f" WHERE s.id IN ({marks(ids)})", ids)
        by_id = {r["id"]: statement_row(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    async def statements_in_range(
        self, topic: str, after_id: int, upto_id: int | None = None, limit: int = 200
    ) -> list[StatementRow]:
        """Statements on `topic` with after_id < id <= upto_id, best-scored first."""
        rows = await self._db.fetchall(
            self.select(BY_TOPIC)
            + " WHERE t.topic = ? AND s.id > ? AND s.id <= ? ORDER BY s.score DESC, s.id LIMIT ?",
            (topic, after_id, upto_id if upto_id is not None else 2**62, limit),
        )
        return [statement_row(r) for r in rows]

    async def statements_of_article(self, article_id: int) -> list[StatementRow]:
        """Every statement an article carries, including those first stored with an earlier
        article that reported the same quote, as the record now has them."""
        rows = await self._db.fetchall(
            self.select("statement_sources x JOIN statements s ON s.id = x.statement_id")
            + " WHERE x.article_id = ? ORDER BY s.id",
            (article_id,),
        )
        return [statement_row(r) for r in rows]

    async def statement_in_article(
        self, statement_id: int
    ) -> tuple[StatementRow, str, tuple[int, int]] | None:
        """A statement, the full text of the (first) article that carried it, and its span."""
        row = await self._db.fetchone(
            self.select(extra="a.text AS article_text, s.span_start, s.span_end")
            + " WHERE s.id = ?",
            (statement_id,),
        )
        if row is None:
            return None
        span = (int(row["span_start"]), int(row["span_end"]))
        return statement_row(row), row["article_text"], span

    async def search_archive(
        self, filters: SearchFilters, limit: int = 5, offset: int = 0
    ) -> tuple[int, list[SearchHit]]:
        return await search.search_archive(self._db, filters, limit, offset)

    async def search_statements(self, words: Sequence[str], limit: int = 10) -> list[StatementRow]:
        return await search.search_statements(self._db, words, limit)

    async def words_starting(self, prefix: str, limit: int = 200) -> list[str]:
        return await search.words_starting(self._db, prefix, limit)
