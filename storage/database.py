"""The aiosqlite database: one writer connection (serialised by a lock) and one reader.

WAL lets the reader answer /iran while a long ingest transaction is being written. Every
write is one short explicit transaction (`BEGIN IMMEDIATE` … `COMMIT`), so a crash leaves
either all of an article or none of it.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

import aiosqlite

from storage.access import AccessQueries
from storage.archive import ArchiveQueries
from storage.chat_settings import AlertQueries
from storage.migrate import bundled_migrations, migrate
from storage.models import (
    NewArticle,
    NewSpeaker,
    NewStatement,
    StatementRow,
    StoredArticle,
)
from storage.outbox import AlertPlan
from storage.positions import PositionQueries
from storage.safety import SafetyQueries
from storage.sources import SourceQueries

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA synchronous = NORMAL",
)

STATEMENT_COLUMNS = """
    s.id, s.article_id, COALESCE(sp.name, s.speaker_text), sp.role, s.kind, s.text, s.cue,
    s.stance, s.score, s.created_at, a.source, a.source_url,
    (SELECT count(*) FROM statement_sources ss WHERE ss.statement_id = s.id)
"""


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


def _statement_row(
    row: Any, topics: tuple[str, ...] = (), topic_stance: str | None = None
) -> StatementRow:
    """STATEMENT_COLUMNS, whose 13th is the number of articles that reported it."""
    return StatementRow.from_columns(row, topics, topic_stance, sources=max(int(row[12] or 0), 1))


class Database(
    PositionQueries, AccessQueries, SafetyQueries, ArchiveQueries, SourceQueries, AlertQueries
):
    """Open with `await Database.open(path)`; always `await db.close()` (tasks keep threads)."""

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        self._writer = writer
        self._reader = reader
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Database:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await _connect(path)
        try:
            await migrate(writer, bundled_migrations())
            reader = await _connect(path)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader)

    async def close(self) -> None:
        await self._reader.close()
        await self._writer.close()

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """One write transaction at a time; rolled back on any error."""
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield self._writer
            except BaseException:
                await self._writer.rollback()
                raise
            await self._writer.commit()

    async def _fetchall(self, sql: str, params: Iterable[Any] = ()) -> list[Any]:
        async with self._reader.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def _fetchone(self, sql: str, params: Iterable[Any] = ()) -> Any:
        async with self._reader.execute(sql, tuple(params)) as cursor:
            return await cursor.fetchone()

    # -- articles -----------------------------------------------------------------------

    async def store_article(
        self,
        article: NewArticle,
        statements: list[NewStatement],
        alerts: AlertPlan | None = None,
    ) -> StoredArticle:
        """Store an article and its statements atomically; a known text is not stored again.

        With `alerts`, the subscribers' alerts are written in the same transaction."""
        async with self.transaction() as conn:
            async with conn.execute(
                "SELECT id, received_at, source FROM articles WHERE sha256 = ?", (article.sha256,)
            ) as cursor:
                existing = await cursor.fetchone()
            if existing is not None:
                async with conn.execute(
                    "SELECT statement_id FROM statement_sources WHERE article_id = ?"
                    " ORDER BY statement_id",
                    (existing[0],),
                ) as cursor:
                    ids = tuple(r[0] for r in await cursor.fetchall())
                return StoredArticle(existing[0], False, existing[1], existing[2], ids)
            cursor = await conn.execute(
                "INSERT INTO articles (sha256, text, gist, source, source_url, sender_id, chat_id,"
                " received_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article.sha256,
                    article.text,
                    article.gist,
                    article.source,
                    article.source_url,
                    article.sender_id,
                    article.chat_id,
                    article.received_at,
                    article.published_at,
                ),
            )
            article_id = cursor.lastrowid
            assert article_id is not None
            statement_ids: list[int] = []
            reported_before: list[int] = []
            for statement in statements:
                if statement.duplicate_of is not None:
                    await conn.execute(
                        "INSERT OR IGNORE INTO statement_sources (statement_id, article_id,"
                        " created_at) VALUES (?, ?, ?)",
                        (statement.duplicate_of, article_id, article.received_at),
                    )
                    reported_before.append(statement.duplicate_of)
                    statement_ids.append(statement.duplicate_of)
                    continue
                statement_ids.append(
                    await self._insert_statement(conn, article_id, article, statement)
                )
            if alerts is not None:
                await self._enqueue_article_alerts(conn, article_id, article, statement_ids, alerts)
            return StoredArticle(
                article_id,
                True,
                article.received_at,
                article.source,
                tuple(statement_ids),
                tuple(reported_before),
            )

    async def _insert_statement(
        self,
        conn: aiosqlite.Connection,
        article_id: int,
        article: NewArticle,
        statement: NewStatement,
    ) -> int:
        when = article.received_at
        speaker_id = (
            await self._upsert_speaker(conn, statement.speaker) if statement.speaker else None
        )
        cursor = await conn.execute(
            "INSERT INTO statements (article_id, speaker_id, speaker_text, kind, text,"
            " span_start, span_end, cue, stance, score, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article_id,
                speaker_id,
                statement.speaker_text,
                statement.kind,
                statement.text,
                statement.span[0],
                statement.span[1],
                statement.cue,
                statement.stance,
                statement.score,
                when,
            ),
        )
        statement_id = cursor.lastrowid
        assert statement_id is not None
        await conn.execute(
            "INSERT INTO statement_sources (statement_id, article_id, created_at) VALUES (?, ?, ?)",
            (statement_id, article_id, when),
        )
        await conn.executemany(
            "INSERT INTO statement_topics (statement_id, topic, stance, created_at)"
            " VALUES (?, ?, ?, ?)",
            [
                (statement_id, topic, stance, when)
                for topic, stance in statement.topic_stances.items()
            ],
        )
        if speaker_id is not None:
            await conn.executemany(
                "INSERT INTO position_changes (speaker_id, topic, previous, current,"
                " statement_id, created_at) VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (speaker_id, topic, old, new, statement_id, when)
                    for topic, (old, new) in statement.position_changes.items()
                ],
            )
            await self._alert_position_changes(conn, article_id, article, statement, speaker_id)
        return statement_id

    async def _alert_position_changes(
        self,
        conn: aiosqlite.Connection,
        article_id: int,
        article: NewArticle,
        statement: NewStatement,
        speaker_id: int,
    ) -> None:
        """A change of line is an alert of its own to the topic's subscribers, written in
        the article's transaction (the sender renders it as a change)."""
        if not statement.position_changes:
            return
        async with conn.execute("SELECT name FROM speakers WHERE id = ?", (speaker_id,)) as cur:
            (name,) = await cur.fetchone() or (statement.speaker_text,)
        for topic, (previous, current) in statement.position_changes.items():
            payload = {
                "speaker": name,
                "topic": topic,
                "previous": previous,
                "current": current,
                "statement": statement.text,
                "source": article.source,
            }
            await self.enqueue_topic_alert(
                topic,
                payload,
                datetime.fromisoformat(article.received_at),
                kind="position_change",
                article_id=article_id,
                exclude_chat=article.chat_id,
                conn=conn,
            )

    async def _upsert_speaker(self, conn: aiosqlite.Connection, speaker: NewSpeaker) -> int:
        """The same person across articles is one row: match by folded name or any alias."""
        keys = list(dict.fromkeys((speaker.name_key, *speaker.match_keys)))
        marks = ",".join("?" * len(keys))
        async with conn.execute(
            f"SELECT speaker_id FROM speaker_aliases WHERE alias_key IN ({marks})"
            f" UNION ALL SELECT id FROM speakers WHERE name_key IN ({marks}) LIMIT 1",
            (*keys, *keys),
        ) as cursor:
            row = await cursor.fetchone()
        if row is not None:
            speaker_id = int(row[0])
            await conn.execute(
                "UPDATE speakers SET role = COALESCE(role, ?),"
                " name = CASE WHEN length(?) > length(name) THEN ? ELSE name END WHERE id = ?",
                (speaker.role, speaker.name, speaker.name, speaker_id),
            )
        else:
            cursor = await conn.execute(
                "INSERT INTO speakers (name, name_key, role, kind) VALUES (?, ?, ?, ?)",
                (speaker.name, speaker.name_key, speaker.role, speaker.kind),
            )
            assert cursor.lastrowid is not None
            speaker_id = cursor.lastrowid
        await conn.executemany(
            "INSERT OR IGNORE INTO speaker_aliases (alias_key, alias, speaker_id) VALUES (?, ?, ?)",
            [
                (key, alias, speaker_id)
                for key, alias in {speaker.name_key: speaker.name, **speaker.alias_keys}.items()
            ],
        )
        return speaker_id

    # -- queries ------------------------------------------------------------------------

    async def statements_for_topic(
        self, topic: str, limit: int = 10, offset: int = 0
    ) -> list[StatementRow]:
        """Newest first, best-scored first within one article."""
        rows = await self._fetchall(
            f"SELECT {STATEMENT_COLUMNS}, t.stance FROM statement_topics t"
            " JOIN statements s ON s.id = t.statement_id"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id"
            " WHERE t.topic = ? ORDER BY t.created_at DESC, s.score DESC, s.id LIMIT ? OFFSET ?",
            (topic, limit, offset),
        )
        return [_statement_row(r, (topic,), r[13]) for r in rows]

    async def count_for_topic(self, topic: str) -> int:
        """From the running total of migration 0006: counting a busy topic's rows took ~45 ms."""
        row = await self._fetchone("SELECT statements FROM topic_counts WHERE topic = ?", (topic,))
        return int(row[0]) if row else 0

    async def statement_in_article(
        self, statement_id: int
    ) -> tuple[StatementRow, str, tuple[int, int]] | None:
        """A statement, the full text of the (first) article that carried it, and its span."""
        row = await self._fetchone(
            f"SELECT {STATEMENT_COLUMNS}, a.text, s.span_start, s.span_end FROM statements s"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = ?",
            (statement_id,),
        )
        if row is None:
            return None
        return _statement_row(row), row[13], (int(row[14]), int(row[15]))

    async def search_statements(self, query: str, limit: int = 10) -> list[StatementRow]:
        """FTS5 search, best bm25 rank first. `query` is FTS5 syntax; callers quote words."""
        rows = await self._fetchall(
            f"SELECT {STATEMENT_COLUMNS} FROM statements_fts f"
            " JOIN statements s ON s.id = f.rowid"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id"
            " WHERE statements_fts MATCH ? ORDER BY f.rank LIMIT ?",
            (query, limit),
        )
        return [_statement_row(r) for r in rows]

    async def counts(self) -> dict[str, int]:
        out = {}
        for table in ("articles", "speakers", "statements", "subscriptions"):
            row = await self._fetchone(f"SELECT count(*) FROM {table}")
            out[table] = int(row[0])
        return out

    # -- subscriptions ------------------------------------------------------------------

    async def subscribe(self, chat_id: int, topic: str, now: str) -> bool:
        """True if the subscription is new."""
        async with self.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, topic, created_at) VALUES (?, ?, ?)",
                (chat_id, topic, now),
            )
            return cursor.rowcount == 1

    async def unsubscribe(self, chat_id: int, topic: str) -> bool:
        async with self.transaction() as conn:
            cursor = await conn.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND topic = ?", (chat_id, topic)
            )
            return cursor.rowcount == 1

    async def subscriptions(self, chat_id: int) -> list[str]:
        rows = await self._fetchall(
            "SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY topic", (chat_id,)
        )
        return [r[0] for r in rows]
