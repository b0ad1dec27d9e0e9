"""Chats: their topic subscriptions, alert settings (mute, quiet hours, time zone, digest
mode, and what Telegram said about them) and the marks of their digests."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from storage.alert_models import ChatSettings, stamp
from storage.database import Database
from storage.sqlite.alert_rows import SETTINGS_COLUMNS, Outbox, settings_from


class SqliteChats:
    """`storage.ports.ChatStore` on SQLite."""

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

    async def set_digest(self, chat_id: int, minutes: int | None, now: datetime) -> None:
        """Daily digest at `minutes` after local midnight (None: back to instant alerts).

        Switching it on starts the digest from now: statements already on record are not
        repeated in the first digest.
        """
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO chat_settings (chat_id, digest_at, digest_ran_at) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET digest_at = excluded.digest_at,"
                " digest_ran_at = excluded.digest_ran_at",
                (chat_id, minutes, stamp(now)),
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

    async def digest_chats(self) -> list[ChatSettings]:
        """Chats in daily-digest mode, for rebuilding their schedules at start-up."""
        rows = await self._db.fetchall(
            f"SELECT c.chat_id, {SETTINGS_COLUMNS} FROM chat_settings c"
            " WHERE c.digest_at IS NOT NULL AND c.disabled_at IS NULL ORDER BY c.chat_id"
        )
        return [settings_from(r["chat_id"], r) for r in rows]

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
        self._outbox.changed.set()
        return row_id

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
