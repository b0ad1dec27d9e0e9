"""Chats: their topic subscriptions, alert settings (mute, quiet hours, time zone, digest
mode, and what Telegram said about them) and the marks of their digests."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from storage.alert_models import ChatSettings, DigestPlan, PlannedDigest, stamp
from storage.database import Database, Writes
from storage.sqlite.alert_rows import SETTINGS_COLUMNS, Outbox, settings_from


class SqliteChats:
    """`storage.ports.ChatStore` on SQLite."""

    # What taking a due digest adds to lock the chat's row: nothing on SQLite, whose one
    # writer already serialises planners; PostgreSQL skips a row another planner holds.
    row_lock = ""

    def __init__(self, db: Database, outbox: Outbox) -> None:
        self._db = db
        self._outbox = outbox

    # -- subscriptions ------------------------------------------------------------------

    async def subscribe(self, chat_id: int, topic: str, now: str) -> bool:
        """True if the subscription is new."""
        return (
            await self._db.execute(
                "INSERT OR IGNORE INTO subscriptions (chat_id, topic, created_at) VALUES (?, ?, ?)",
                (chat_id, topic, now),
            )
            == 1
        )

    async def unsubscribe(self, chat_id: int, topic: str) -> bool:
        return (
            await self._db.execute(
                "DELETE FROM subscriptions WHERE chat_id = ? AND topic = ?", (chat_id, topic)
            )
            == 1
        )

    async def subscriptions(self, chat_id: int) -> list[str]:
        rows = await self._db.fetchall(
            "SELECT topic FROM subscriptions WHERE chat_id = ? ORDER BY topic", (chat_id,)
        )
        return [r["topic"] for r in rows]

    # -- settings -----------------------------------------------------------------------

    async def chat_settings(self, chat_id: int) -> ChatSettings:
        row = await self._db.fetchone(
            f"SELECT {SETTINGS_COLUMNS} FROM chat_settings c WHERE c.chat_id = ?", (chat_id,)
        )
        return settings_from(chat_id, row) if row else ChatSettings(chat_id)

    async def _set(self, chat_id: int, **values: Any) -> None:
        columns = list(values)
        assignments = ", ".join(f"{c} = excluded.{c}" for c in columns)
        await self._db.execute(
            f"INSERT INTO chat_settings (chat_id, {', '.join(columns)})"
            f" VALUES (?, {', '.join('?' * len(columns))})"
            f" ON CONFLICT (chat_id) DO UPDATE SET {assignments}",
            (chat_id, *values.values()),
        )

    async def set_muted_until(self, chat_id: int, until: datetime | None) -> None:
        await self._set(chat_id, muted_until=stamp(until) if until else None)

    async def set_quiet_hours(self, chat_id: int, start: int | None, end: int | None) -> None:
        await self._set(chat_id, quiet_start=start, quiet_end=end)

    async def set_timezone(self, chat_id: int, timezone: str) -> None:
        await self._set(chat_id, timezone=timezone)

    async def enable_chat(self, chat_id: int) -> bool:
        """The chat is back (it subscribed again after Telegram refused it): alert it again."""
        return (
            await self._db.execute(
                "UPDATE chat_settings SET disabled_at = NULL, disabled_reason = NULL"
                " WHERE chat_id = ? AND disabled_at IS NOT NULL",
                (chat_id,),
            )
            > 0
        )

    # -- digests ------------------------------------------------------------------------

    async def set_digest(
        self, chat_id: int, minutes: int | None, now: datetime, next_due: datetime | None = None
    ) -> None:
        """Daily digest at `minutes` after local midnight, first due at `next_due` (None:
        back to instant alerts, and no digest is due).

        Switching it on starts the digest from now: statements already on record are not
        repeated in the first digest.
        """
        due = stamp(next_due) if next_due is not None and minutes is not None else None
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO chat_settings (chat_id, digest_at, digest_ran_at, digest_next_due)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET"
                " digest_at = excluded.digest_at, digest_ran_at = excluded.digest_ran_at,"
                " digest_next_due = excluded.digest_next_due",
                (chat_id, minutes, stamp(now), due),
            )
            if minutes is not None:
                await tx.execute(
                    "INSERT OR IGNORE INTO digest_marks (chat_id, topic, last_statement_id,"
                    " digested_at) SELECT s.chat_id, s.topic,"
                    " (SELECT COALESCE(max(statement_id), 0) FROM statement_topics"
                    "  WHERE topic = s.topic), ?"
                    " FROM subscriptions s WHERE s.chat_id = ?",
                    (stamp(now), chat_id),
                )

    async def digest_marks(self, chat_id: int) -> dict[str, int]:
        rows = await self._db.fetchall(
            "SELECT topic, last_statement_id FROM digest_marks WHERE chat_id = ?", (chat_id,)
        )
        return {r["topic"]: int(r["last_statement_id"]) for r in rows}

    async def plan_daily_digest(self, chat_id: int, now: datetime) -> int | None:
        """One transaction: if the chat's topics have statements after its marks, write a
        'digest' outbox row covering exactly those and move the marks past them.

        Returns the row id, or None when there is nothing new (nothing is sent then).
        """
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE chat_settings SET digest_ran_at = ? WHERE chat_id = ?",
                (stamp(now), chat_id),
            )
            row_id = await write_digest(tx, chat_id, now)
        if row_id is not None:
            self._outbox.changed.set()
        return row_id

    async def plan_due_digest(
        self, now: datetime, plan: Callable[[ChatSettings], DigestPlan]
    ) -> PlannedDigest | None:
        """Take one chat whose daily digest is due (or was never given a due time) and, in
        the same transaction, write its digest if `plan` says so and move its due time to
        the one `plan` gives: whichever process does it, each due time is planned once.
        None when no chat is due."""
        due = (
            f"SELECT c.chat_id, {SETTINGS_COLUMNS} FROM chat_settings c"
            " WHERE c.digest_at IS NOT NULL AND c.disabled_at IS NULL"
            " AND (c.digest_next_due IS NULL OR c.digest_next_due <= ?)"
            " ORDER BY c.chat_id LIMIT 1"
        )
        if await self._db.fetchone(due, (stamp(now),)) is None:
            return None  # a sender's idle step: a read, no write transaction
        async with self._db.transaction() as tx:
            row = await tx.fetchone(due + self.row_lock, (stamp(now),))
            if row is None:
                return None
            chat_id = int(row["chat_id"])
            decided = plan(settings_from(chat_id, row))
            row_id = await write_digest(tx, chat_id, now) if decided.write else None
            await tx.execute(
                "UPDATE chat_settings SET digest_next_due = ?, digest_ran_at = ? WHERE chat_id = ?",
                (stamp(decided.next_due), stamp(now), chat_id),
            )
        if row_id is not None:
            self._outbox.changed.set()
        return PlannedDigest(chat_id, row_id, decided.next_due)

    async def set_digest_due(self, chat_id: int, next_due: datetime | None) -> None:
        """The chat's next digest is due then (its time or time zone changed)."""
        await self._db.execute(
            "UPDATE chat_settings SET digest_next_due = ? WHERE chat_id = ?",
            (stamp(next_due) if next_due else None, chat_id),
        )

    async def advance_digest_mark(
        self, chat_id: int, topic: str, last_statement_id: int, now: datetime
    ) -> None:
        """After an on-demand /digest TOPIC: the next one starts after what it showed."""
        await self._db.execute(
            "INSERT INTO digest_marks (chat_id, topic, last_statement_id, digested_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, topic) DO UPDATE SET"
            " last_statement_id = max(last_statement_id, excluded.last_statement_id),"
            " digested_at = excluded.digested_at",
            (chat_id, topic, last_statement_id, stamp(now)),
        )


async def write_digest(tx: Writes, chat_id: int, now: datetime) -> int | None:
    """If the chat's topics have statements after its marks, a 'digest' outbox row covering
    exactly those, and the marks moved past them; None when nothing is new."""
    rows = await tx.fetchall(
        "SELECT s.topic, COALESCE(m.last_statement_id, 0) AS after,"
        " (SELECT max(t.statement_id) FROM statement_topics t WHERE t.topic = s.topic)"
        " AS upto FROM subscriptions s LEFT JOIN digest_marks m"
        " ON m.chat_id = s.chat_id AND m.topic = s.topic"
        " WHERE s.chat_id = ? ORDER BY s.topic",
        (chat_id,),
    )
    ranges = {
        r["topic"]: [r["after"], r["upto"]]
        for r in rows
        if r["upto"] is not None and r["upto"] > r["after"]
    }
    if not ranges:
        return None
    when = stamp(now)
    row_id = await tx.insert(
        "INSERT INTO outbox (chat_id, kind, topics, payload, due_at, created_at)"
        " VALUES (?, 'digest', ?, ?, ?, ?)",
        (chat_id, " ".join(ranges), json.dumps({"ranges": ranges}), when, when),
    )
    await tx.executemany(
        "INSERT INTO digest_marks (chat_id, topic, last_statement_id, digested_at)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, topic) DO UPDATE SET"
        " last_statement_id = excluded.last_statement_id,"
        " digested_at = excluded.digested_at",
        [(chat_id, topic, upto, when) for topic, (_, upto) in ranges.items()],
    )
    return row_id
