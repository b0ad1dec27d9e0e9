"""The alert outbox: rows written in the same transaction as what caused them, drained by
one sender (bot/sender.py) that marks a row sent only after Telegram accepted it.
The sender's bookkeeping is in `storage.delivery`, the rows in `storage.alert_models`.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import aiosqlite

from storage.alert_models import (
    ALERT_KINDS,
    OUTBOX_SELECT,
    AlertPlan,
    AlertRecipient,
    ArticleAlertContext,
    NewAlert,
    OutboxRow,
    StoryCandidate,
    outbox_row,
    stamp,
)
from storage.models import NewArticle


class OutboxQueries:
    """Mixed into `Database`: the outbox, written by the writer and read by the reader."""

    _fetchall: Any
    _fetchone: Any
    transaction: Any
    _write_lock: asyncio.Lock

    @property
    def outbox_changed(self) -> asyncio.Event:
        """Set when alerts were enqueued; the sender waits on it between polls."""
        event: asyncio.Event | None = getattr(self, "_outbox_event", None)
        if event is None:
            event = self._outbox_event = asyncio.Event()
        return event

    # -- writing alerts -----------------------------------------------------------------

    async def _enqueue_article_alerts(
        self,
        conn: aiosqlite.Connection,
        article_id: int,
        article: NewArticle,
        statement_ids: Sequence[int],
        plan: AlertPlan,
    ) -> int:
        """Inside `store_article`'s transaction: record the story, write the alerts."""
        story_id = article_id
        if plan.story_of is not None:
            row = await _one(
                conn, "SELECT story_id FROM article_stories WHERE article_id = ?", (plan.story_of,)
            )
            story_id = row[0] if row else plan.story_of
        await conn.execute(
            "INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)",
            (article_id, story_id),
        )
        ids = list(dict.fromkeys(statement_ids))
        if not ids:
            return 0
        marks = ",".join("?" * len(ids))
        statement_topics: dict[int, tuple[str, ...]] = {}
        for statement_id, topic in await _all(
            conn,
            f"SELECT statement_id, topic FROM statement_topics WHERE statement_id IN ({marks})"
            " ORDER BY statement_id, topic",
            ids,
        ):
            statement_topics[statement_id] = (*statement_topics.get(statement_id, ()), topic)
        topics = sorted({t for ts in statement_topics.values() for t in ts})
        if not topics:
            return 0
        topic_marks = ",".join("?" * len(topics))
        story_alerts: dict[int, int] = {}
        if story_id != article_id:
            story_alerts = dict(
                await _all(
                    conn,
                    "SELECT o.chat_id, min(o.id) FROM outbox o"
                    " JOIN article_stories st ON st.article_id = o.article_id"
                    " WHERE st.story_id = ? AND o.kind = 'article' AND o.edit_of IS NULL"
                    " GROUP BY o.chat_id",
                    (story_id,),
                )
            )
        by_chat: dict[int, list[str]] = {}
        disabled: set[int] = set()
        for chat_id, topic, disabled_at in await _all(
            conn,
            "SELECT s.chat_id, s.topic, c.disabled_at FROM subscriptions s"
            " LEFT JOIN chat_settings c ON c.chat_id = s.chat_id"
            f" WHERE s.topic IN ({topic_marks}) ORDER BY s.chat_id, s.topic",
            topics,
        ):
            by_chat.setdefault(chat_id, []).append(topic)
            if disabled_at is not None:
                disabled.add(chat_id)
        context = ArticleAlertContext(
            article_id=article_id,
            sender_chat_id=article.chat_id,
            story_id=story_id,
            statement_topics={i: statement_topics[i] for i in ids if i in statement_topics},
            recipients=[
                AlertRecipient(chat, tuple(ts), story_alerts.get(chat), chat in disabled)
                for chat, ts in by_chat.items()
            ],
        )
        alerts = plan.plan(context)
        await self._insert_alerts(conn, alerts, plan.now)
        return len(alerts)

    async def _insert_alerts(
        self, conn: aiosqlite.Connection, alerts: Iterable[NewAlert], now: datetime
    ) -> list[int]:
        ids = []
        when = stamp(now)
        for alert in alerts:
            if alert.kind not in ALERT_KINDS:
                raise ValueError(f"unknown alert kind {alert.kind!r}")
            cursor = await conn.execute(
                "INSERT INTO outbox (chat_id, kind, article_id, topics, payload, edit_of,"
                " due_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    alert.chat_id,
                    alert.kind,
                    alert.article_id,
                    " ".join(alert.topics),
                    json.dumps(dict(alert.payload), ensure_ascii=False, sort_keys=True),
                    alert.edit_of,
                    when,
                    when,
                ),
            )
            assert cursor.lastrowid is not None
            ids.append(cursor.lastrowid)
        if ids:
            # Set while the transaction holds the write lock: `due_alerts` takes the lock
            # before reading, so a woken sender sees the rows once they are committed.
            self.outbox_changed.set()
        return ids

    async def enqueue_alerts(
        self,
        alerts: Sequence[NewAlert],
        now: datetime,
        conn: aiosqlite.Connection | None = None,
    ) -> list[int]:
        """Write alerts; inside the caller's transaction when `conn` is given."""
        if conn is not None:
            return await self._insert_alerts(conn, alerts, now)
        async with self.transaction() as own:
            return await self._insert_alerts(own, alerts, now)

    async def enqueue_topic_alert(
        self,
        topic: str,
        payload: Mapping[str, Any],
        now: datetime,
        *,
        kind: str = "position_change",
        article_id: int | None = None,
        exclude_chat: int | None = None,
        conn: aiosqlite.Connection | None = None,
    ) -> int:
        """One alert to every enabled chat subscribed to `topic` (except `exclude_chat`).

        For events that are not an article's statements, e.g. a speaker's position change:
        `payload` is rendered by the sender (see `handlers.format_alerts.render_position_change`).
        Returns the number of rows written.
        """

        async def write(c: aiosqlite.Connection) -> int:
            chats = await _all(
                c,
                "SELECT s.chat_id FROM subscriptions s"
                " LEFT JOIN chat_settings cs ON cs.chat_id = s.chat_id"
                " WHERE s.topic = ? AND cs.disabled_at IS NULL ORDER BY s.chat_id",
                (topic,),
            )
            alerts = [
                NewAlert(r[0], kind, article_id, (topic,), payload)
                for r in chats
                if r[0] != exclude_chat
            ]
            return len(await self._insert_alerts(c, alerts, now))

        if conn is not None:
            return await write(conn)
        async with self.transaction() as own:
            return await write(own)

    # -- reading ------------------------------------------------------------------------

    async def due_alerts(self, now: datetime, limit: int = 50) -> list[OutboxRow]:
        """Pending rows due by `now`, oldest first, skipping paused and disabled chats."""
        async with self._write_lock:
            pass  # a transaction that announced rows has committed (see _insert_alerts)
        when = stamp(now)
        rows = await self._fetchall(
            f"{OUTBOX_SELECT} WHERE o.status = 'pending' AND o.due_at <= ?"
            " AND (c.paused_until IS NULL OR c.paused_until <= ?) AND c.disabled_at IS NULL"
            " ORDER BY o.due_at, o.id LIMIT ?",
            (when, when, limit),
        )
        return [outbox_row(r) for r in rows]

    async def due_holds(self, now: datetime) -> list[OutboxRow]:
        """Held rows whose quiet hours have ended, by chat then age."""
        rows = await self._fetchall(
            f"{OUTBOX_SELECT} WHERE o.status = 'held' AND o.chat_id IN"
            " (SELECT chat_id FROM outbox WHERE status = 'held' AND due_at <= ?)"
            " ORDER BY o.chat_id, o.id",
            (stamp(now),),
        )
        return [outbox_row(r) for r in rows]

    async def alert(self, alert_id: int) -> OutboxRow | None:
        row = await self._fetchone(f"{OUTBOX_SELECT} WHERE o.id = ?", (alert_id,))
        return outbox_row(row) if row else None

    async def alerts(
        self, chat_id: int | None = None, merged_into: int | None = None
    ) -> list[OutboxRow]:
        """All rows (of one chat, or merged into one summary), oldest first."""
        where, params = [], []
        if chat_id is not None:
            where.append("o.chat_id = ?")
            params.append(chat_id)
        if merged_into is not None:
            where.append("o.merged_into = ?")
            params.append(merged_into)
        clause = f" WHERE {' AND '.join(where)}" if where else ""
        rows = await self._fetchall(f"{OUTBOX_SELECT}{clause} ORDER BY o.id", params)
        return [outbox_row(r) for r in rows]

    async def outbox_counts(self) -> dict[str, int]:
        rows = await self._fetchall("SELECT status, count(*) FROM outbox GROUP BY status")
        return {status: int(n) for status, n in rows}

    async def story_sources(self, alert_id: int) -> list[str | None]:
        """Sources of the later reports that edit this alert, first seen first."""
        rows = await self._fetchall(
            "SELECT a.source FROM outbox o JOIN articles a ON a.id = o.article_id"
            " WHERE o.edit_of = ? ORDER BY o.id",
            (alert_id,),
        )
        return [r[0] for r in rows]

    async def story_candidates(self, since: datetime, limit: int = 200) -> list[StoryCandidate]:
        """Articles received since `since`, newest first, with their statements' text."""
        rows = await self._fetchall(
            "SELECT a.id, COALESCE(st.story_id, a.id), a.source, a.gist,"
            " (SELECT group_concat(s.text, ' ') FROM statement_sources ss"
            "  JOIN statements s ON s.id = ss.statement_id WHERE ss.article_id = a.id)"
            " FROM articles a LEFT JOIN article_stories st ON st.article_id = a.id"
            " WHERE a.received_at >= ? ORDER BY a.id DESC LIMIT ?",
            (since.astimezone(UTC).isoformat(timespec="seconds"), limit),
        )
        return [StoryCandidate(r[0], r[1], r[2], r[3] or "", r[4] or "") for r in rows]

    async def article_header(self, article_id: int) -> tuple[str, str | None, str | None] | None:
        """(gist, source, source_url) of an article, for rendering its alert."""
        row = await self._fetchone(
            "SELECT gist, source, source_url FROM articles WHERE id = ?", (article_id,)
        )
        return (row[0], row[1], row[2]) if row else None


async def _all(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> list[Any]:
    async with conn.execute(sql, tuple(params)) as cursor:
        return list(await cursor.fetchall())


async def _one(conn: aiosqlite.Connection, sql: str, params: Iterable[Any] = ()) -> Any:
    async with conn.execute(sql, tuple(params)) as cursor:
        return await cursor.fetchone()
