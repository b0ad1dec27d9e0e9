"""Every statement out, oldest first, in batches (keyset paging: no huge result set)."""

from __future__ import annotations

from collections.abc import AsyncIterator

from storage.database import Database
from storage.models import StatementRow
from storage.sqlite.statement_rows import select_statements, statement_row


class SqliteExport:
    """`storage.ports.ExportStore` on SQLite."""

    select = staticmethod(select_statements)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def export_rows(
        self, topic: str | None = None, batch: int = 500
    ) -> AsyncIterator[StatementRow]:
        """Every statement (or one topic's), by id."""
        on_topic = (
            " AND s.id IN (SELECT statement_id FROM statement_topics WHERE topic = ?)"
            if topic
            else ""
        )
        last = 0
        while True:
            rows = await self._db.fetchall(
                self.select() + f" WHERE s.id > ?{on_topic} ORDER BY s.id LIMIT ?",
                (last, topic, batch) if topic else (last, batch),
            )
            for row in rows:
                yield statement_row(row)
            if len(rows) < batch:
                return
            last = rows[-1]["id"]
