"""Alert rows as SQLite keeps them: the outbox and chat-settings columns, how a row is read,
and how alert rows are written inside a caller's transaction.

Timestamps are ISO 8601 UTC with millisecond precision (`stamp`), so string order is time
order and `due_at <= now` works in SQL.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterable
from datetime import datetime

from storage.alert_models import (
    ALERT_KINDS,
    ChatSettings,
    NewAlert,
    OutboxRow,
    parse_stamp,
    stamp,
)
from storage.database import Row, Writes

SETTINGS_COLUMNS = (
    "c.timezone, c.muted_until, c.quiet_start, c.quiet_end, c.digest_at, c.digest_ran_at,"
    " c.paused_until, c.disabled_at, c.disabled_reason, c.digest_next_due"
)


def settings_from(chat_id: int, row: Row) -> ChatSettings:
    """`row` holds SETTINGS_COLUMNS (all NULL when the chat has no settings row)."""
    return ChatSettings(
        chat_id=chat_id,
        timezone=row["timezone"] or "UTC",
        muted_until=parse_stamp(row["muted_until"]),
        quiet_start=row["quiet_start"],
        quiet_end=row["quiet_end"],
        digest_at=row["digest_at"],
        digest_ran_at=parse_stamp(row["digest_ran_at"]),
        paused_until=parse_stamp(row["paused_until"]),
        disabled_at=parse_stamp(row["disabled_at"]),
        disabled_reason=row["disabled_reason"],
        digest_next_due=parse_stamp(row["digest_next_due"]),
    )


OUTBOX_SELECT = (
    "SELECT o.id, o.chat_id, o.kind, o.article_id, o.topics, o.payload, o.edit_of, o.status,"
    " o.due_at, o.attempts, o.created_at, o.message_id, o.merged_into, o.error, o.sent_at, "
    f"{SETTINGS_COLUMNS} FROM outbox o LEFT JOIN chat_settings c ON c.chat_id = o.chat_id"
)


def outbox_row(row: Row) -> OutboxRow:
    return OutboxRow(
        id=row["id"],
        chat_id=row["chat_id"],
        kind=row["kind"],
        article_id=row["article_id"],
        topics=tuple(row["topics"].split()),
        payload=json.loads(row["payload"]),
        edit_of=row["edit_of"],
        status=row["status"],
        due_at=datetime.fromisoformat(row["due_at"]),
        attempts=row["attempts"],
        created_at=datetime.fromisoformat(row["created_at"]),
        message_id=row["message_id"],
        merged_into=row["merged_into"],
        error=row["error"],
        sent_at=parse_stamp(row["sent_at"]),
        settings=settings_from(row["chat_id"], row),
    )


class Outbox:
    """Writes alert rows inside a caller's transaction and wakes the sender for them."""

    def __init__(self) -> None:
        self.changed = asyncio.Event()  # set when alerts were written; the sender waits on it

    async def insert(self, tx: Writes, alerts: Iterable[NewAlert], now: datetime) -> list[int]:
        ids = []
        when = stamp(now)
        for alert in alerts:
            if alert.kind not in ALERT_KINDS:
                raise ValueError(f"unknown alert kind {alert.kind!r}")
            ids.append(
                await tx.insert(
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
            )
        if ids:
            # Set while the transaction holds the write lock: `due_alerts` waits for writes
            # to settle before reading, so a woken sender sees the rows once committed.
            self.changed.set()
        return ids
