"""Per-chat alert settings (mute, quiet hours, time zone, digest mode) and digest marks."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from storage.alert_models import SETTINGS_COLUMNS, ChatSettings, settings_from, stamp
from storage.delivery import DeliveryQueries
from storage.models import StatementRow

# Statement columns for alert and digest rendering. Kept here (not shared with database.py)
# so the outbox reads statements by id, however they were linked to articles.
_STATEMENT_COLUMNS = """
    s.id, s.article_id, COALESCE(sp.name, s.speaker_text), sp.role, s.kind, s.text,
    s.cue, s.stance, s.score, s.created_at, a.source, a.source_url,
    (SELECT group_concat(topic, ' ') FROM statement_topics WHERE statement_id = s.id)
"""
_STATEMENT_FROM = """
    FROM statements s
    JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""


def _statement(row: Sequence[Any], topic_stance: str | None = None) -> StatementRow:
    """_STATEMENT_COLUMNS, whose 13th is the statement's topics, space-separated."""
    return StatementRow.from_columns(row, tuple(sorted((row[12] or "").split())), topic_stance)


class AlertQueries(DeliveryQueries):
    """Mixed into `Database`: the outbox plus chat settings and digests."""

    async def chat_settings(self, chat_id: int) -> ChatSettings:
        row = await self._fetchone(
            f"SELECT {SETTINGS_COLUMNS} FROM chat_settings c WHERE c.chat_id = ?", (chat_id,)
        )
        return settings_from(chat_id, row) if row else ChatSettings(chat_id)

    async def _set(self, chat_id: int, **values: Any) -> None:
        columns = list(values)
        assignments = ", ".join(f"{c} = excluded.{c}" for c in columns)
        async with self.transaction() as conn:
            await conn.execute(
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
        async with self.transaction() as conn:
            cursor = await conn.execute(
                "UPDATE chat_settings SET disabled_at = NULL, disabled_reason = NULL"
                " WHERE chat_id = ? AND disabled_at IS NOT NULL",
                (chat_id,),
            )
            return bool(cursor.rowcount)

    async def set_digest(self, chat_id: int, minutes: int | None, now: datetime) -> None:
        """Daily digest at `minutes` after local midnight (None: back to instant alerts).

        Switching it on starts the digest from now: statements already on record are not
        repeated in the first digest.
        """
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT INTO chat_settings (chat_id, digest_at, digest_ran_at) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET digest_at = excluded.digest_at,"
                " digest_ran_at = excluded.digest_ran_at",
                (chat_id, minutes, stamp(now)),
            )
            if minutes is not None:
                await conn.execute(
                    "INSERT OR IGNORE INTO digest_marks (chat_id, topic, last_statement_id,"
                    " digested_at) SELECT s.chat_id, s.topic,"
                    " (SELECT COALESCE(max(statement_id), 0) FROM statement_topics"
                    "  WHERE topic = s.topic), ?"
                    " FROM subscriptions s WHERE s.chat_id = ?",
                    (stamp(now), chat_id),
                )

    async def digest_chats(self) -> list[ChatSettings]:
        """Chats in daily-digest mode, for rebuilding their schedules at start-up."""
        rows = await self._fetchall(
            f"SELECT c.chat_id, {SETTINGS_COLUMNS} FROM chat_settings c"
            " WHERE c.digest_at IS NOT NULL AND c.disabled_at IS NULL ORDER BY c.chat_id"
        )
        return [settings_from(r[0], r[1:]) for r in rows]

    async def digest_marks(self, chat_id: int) -> dict[str, int]:
        rows = await self._fetchall(
            "SELECT topic, last_statement_id FROM digest_marks WHERE chat_id = ?", (chat_id,)
        )
        return {topic: int(last) for topic, last in rows}

    async def plan_daily_digest(self, chat_id: int, now: datetime) -> int | None:
        """One transaction: if the chat's topics have statements after its marks, write a
        'digest' outbox row covering exactly those and move the marks past them.

        Returns the row id, or None when there is nothing new (nothing is sent then).
        """
        async with self.transaction() as conn:
            await conn.execute(
                "UPDATE chat_settings SET digest_ran_at = ? WHERE chat_id = ?",
                (stamp(now), chat_id),
            )
            async with conn.execute(
                "SELECT s.topic, COALESCE(m.last_statement_id, 0),"
                " (SELECT max(t.statement_id) FROM statement_topics t WHERE t.topic = s.topic)"
                " FROM subscriptions s LEFT JOIN digest_marks m"
                " ON m.chat_id = s.chat_id AND m.topic = s.topic"
                " WHERE s.chat_id = ? ORDER BY s.topic",
                (chat_id,),
            ) as cursor:
                rows = await cursor.fetchall()
            ranges = {
                topic: [after, upto]
                for topic, after, upto in rows
                if upto is not None and upto > after
            }
            if not ranges:
                return None
            when = stamp(now)
            cursor = await conn.execute(
                "INSERT INTO outbox (chat_id, kind, topics, payload, due_at, created_at)"
                " VALUES (?, 'digest', ?, ?, ?, ?)",
                (chat_id, " ".join(ranges), json.dumps({"ranges": ranges}), when, when),
            )
            await conn.executemany(
                "INSERT INTO digest_marks (chat_id, topic, last_statement_id, digested_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, topic) DO UPDATE SET"
                " last_statement_id = excluded.last_statement_id,"
                " digested_at = excluded.digested_at",
                [(chat_id, topic, upto, when) for topic, (_, upto) in ranges.items()],
            )
            assert cursor.lastrowid is not None
            row_id = int(cursor.lastrowid)
        self.outbox_changed.set()
        return row_id

    async def advance_digest_mark(
        self, chat_id: int, topic: str, last_statement_id: int, now: datetime
    ) -> None:
        """After an on-demand /digest TOPIC: the next one starts after what it showed."""
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT INTO digest_marks (chat_id, topic, last_statement_id, digested_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, topic) DO UPDATE SET"
                " last_statement_id = max(last_statement_id, excluded.last_statement_id),"
                " digested_at = excluded.digested_at",
                (chat_id, topic, last_statement_id, stamp(now)),
            )

    # -- statements for alerts and digests ----------------------------------------------

    async def statements_by_ids(self, ids: Sequence[int]) -> list[StatementRow]:
        """In the order given; ids of statements deleted since are left out."""
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        rows = await self._fetchall(
            f"SELECT {_STATEMENT_COLUMNS} {_STATEMENT_FROM} WHERE s.id IN ({marks})", ids
        )
        by_id = {r[0]: _statement(r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    async def statements_in_range(
        self, topic: str, after_id: int, upto_id: int | None = None, limit: int = 200
    ) -> list[StatementRow]:
        """Statements on `topic` with after_id < id <= upto_id, best-scored first."""
        rows = await self._fetchall(
            f"SELECT {_STATEMENT_COLUMNS}, t.stance {_STATEMENT_FROM}"
            " JOIN statement_topics t ON t.statement_id = s.id"
            " WHERE t.topic = ? AND s.id > ? AND s.id <= ? ORDER BY s.score DESC, s.id LIMIT ?",
            (topic, after_id, upto_id if upto_id is not None else 2**62, limit),
        )
        return [_statement(r, r[13]) for r in rows]
