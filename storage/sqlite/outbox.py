"""The alert outbox: rows written in the same transaction as what caused them, drained by
one sender (bot/sender.py) that marks a row sent only after Telegram accepted it. The
sender's bookkeeping is in `delivery.py`, the rows' columns in `alert_rows.py`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from storage.alert_models import NewAlert, OutboxRow, stamp
from storage.database import Database, marks
from storage.sqlite.alert_rows import OUTBOX_SELECT, Outbox, outbox_row


class SqliteAlerts:
    """`storage.ports.AlertStore` on SQLite."""

    def __init__(self, db: Database, outbox: Outbox) -> None:
        self._db = db
        self._outbox = outbox

    @property
    def outbox_changed(self) -> asyncio.Event:
        return self._outbox.changed

    async def wake_on_new_alerts(self) -> None:
        """One process writes a SQLite record's alerts: `outbox_changed` already says so."""

    async def enqueue_alerts(self, alerts: Sequence[NewAlert], now: datetime) -> list[int]:
        async with self._db.transaction() as tx:
            return await self._outbox.insert(tx, alerts, now)

    async def enqueue_topic_alert(
        self,
        topic: str,
        payload: Mapping[str, Any],
        now: datetime,
        *,
        kind: str = "position_change",
        article_id: int | None = None,
        exclude_chat: int | None = None,
    ) -> int:
        """One alert to every enabled chat subscribed to `topic` (except `exclude_chat`)."""
        async with self._db.transaction() as tx:
            chats = await tx.fetchall(
                "SELECT s.chat_id FROM subscriptions s"
                " LEFT JOIN chat_settings cs ON cs.chat_id = s.chat_id"
                " WHERE s.topic = ? AND cs.disabled_at IS NULL ORDER BY s.chat_id",
                (topic,),
            )
            alerts = [
                NewAlert(r["chat_id"], kind, article_id, (topic,), payload)
                for r in chats
                if r["chat_id"] != exclude_chat
            ]
            return len(await self._outbox.insert(tx, alerts, now))

    async def due_alerts(self, now: datetime, limit: int = 50) -> list[OutboxRow]:
        """Pending rows due by `now`, oldest first, skipping paused and disabled chats."""
        await self._db.writes_settled()  # a transaction that announced rows has committed
        when = stamp(now)
        rows = await self._db.fetchall(
            f"{OUTBOX_SELECT} WHERE o.status = 'pending' AND o.due_at <= ?"
            " AND (c.paused_until IS NULL OR c.paused_until <= ?) AND c.disabled_at IS NULL"
            " ORDER BY o.due_at, o.id LIMIT ?",
            (when, when, limit),
        )
        return [outbox_row(r) for r in rows]

    async def due_holds(self, now: datetime) -> list[OutboxRow]:
        """Held rows whose quiet hours have ended, by chat then age."""
        rows = await self._db.fetchall(
            f"{OUTBOX_SELECT} WHERE o.status = 'held' AND o.chat_id IN"
            " (SELECT chat_id FROM outbox WHERE status = 'held' AND due_at <= ?)"
            " ORDER BY o.chat_id, o.id",
            (stamp(now),),
        )
        return [outbox_row(r) for r in rows]

    async def alert(self, alert_id: int) -> OutboxRow | None:
        row = await self._db.fetchone(f"{OUTBOX_SELECT} WHERE o.id = ?", (alert_id,))
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
        rows = await self._db.fetchall(f"{OUTBOX_SELECT}{clause} ORDER BY o.id", params)
        return [outbox_row(r) for r in rows]

    async def outbox_counts(self) -> dict[str, int]:
        rows = await self._db.fetchall("SELECT status, count(*) AS n FROM outbox GROUP BY status")
        return {r["status"]: int(r["n"]) for r in rows}

    async def alerted_statements(self, chat_id: int, statement_ids: Sequence[int]) -> set[int]:
        """Those of `statement_ids` an article alert already brought the chat: sent, or
        delivered inside a summary."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT j.value AS statement_id FROM outbox o,"
            " json_each(o.payload, '$.statements') j"
            " WHERE o.chat_id = ? AND o.kind = 'article' AND o.edit_of IS NULL"
            " AND (o.status = 'sent' OR (o.status = 'merged' AND EXISTS (SELECT 1 FROM outbox"
            "  m WHERE m.id = o.merged_into AND m.status = 'sent')))"
            f" AND j.value IN ({marks(statement_ids)})",
            (chat_id, *statement_ids),
        )
        return {int(r["statement_id"]) for r in rows}

    async def story_sources(self, alert_id: int) -> list[tuple[int, str | None]]:
        """(edit row id, source) of the later reports that edit this alert, first seen first."""
        rows = await self._db.fetchall(
            "SELECT o.id, a.source FROM outbox o JOIN articles a ON a.id = o.article_id"
            " WHERE o.edit_of = ? ORDER BY o.id",
            (alert_id,),
        )
        return [(r["id"], r["source"]) for r in rows]
