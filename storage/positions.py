"""Queries about speakers' positions: per topic, per speaker, and merging speakers."""

from __future__ import annotations

from typing import Any

import aiosqlite

from storage.models import PositionRow, SpeakerRow

# The running totals of migration 0006 (topic_positions), not a GROUP BY over statements:
# a busy topic has hundreds of thousands of them.
POSITION_SELECT = """
    SELECT sp.id, sp.name, sp.role, p.topic, p.statements, p.first, p.latest,
           p.positive, p.negative
    FROM topic_positions p
    JOIN speakers sp ON sp.id = p.speaker_id
"""


def _position(row: Any) -> PositionRow:
    return PositionRow(
        speaker_id=row[0],
        speaker=row[1],
        role=row[2],
        topic=row[3],
        statements=row[4],
        first=row[5],
        latest=row[6],
        positive=row[7] or 0,
        negative=row[8] or 0,
    )


class PositionQueries:
    """Mixed into `Database`; uses its reader (`_fetchall`) and writer (`transaction`)."""

    _fetchall: Any
    _fetchone: Any
    transaction: Any

    async def positions_for_topic(self, topic: str, limit: int = 8) -> list[PositionRow]:
        rows = await self._fetchall(
            f"{POSITION_SELECT} WHERE p.topic = ?"
            " ORDER BY p.statements DESC, p.latest DESC LIMIT ?",
            (topic, limit),
        )
        return [_position(r) for r in rows]

    async def positions_for_speaker(self, speaker_id: int) -> list[PositionRow]:
        rows = await self._fetchall(
            f"{POSITION_SELECT} WHERE p.speaker_id = ? ORDER BY p.statements DESC, p.topic",
            (speaker_id,),
        )
        return [_position(r) for r in rows]

    async def strongest_statement(
        self, speaker_id: int, topic: str, stance: str | None
    ) -> tuple[str, str] | None:
        """(text, date) of the best-scored statement carrying `stance` on `topic`."""
        row = await self._fetchone(
            "SELECT s.text, s.created_at FROM statements s"
            " JOIN statement_topics t ON t.statement_id = s.id"
            " WHERE s.speaker_id = ? AND t.topic = ? AND coalesce(t.stance, 'neutral') = ?"
            " ORDER BY s.score DESC, s.id DESC LIMIT 1",
            (speaker_id, topic, stance or "neutral"),
        )
        return (row[0], row[1]) if row else None

    async def speakers_matching(self, name_keys: list[str]) -> list[SpeakerRow]:
        """Speakers whose folded name or any alias is one of `name_keys`."""
        if not name_keys:
            return []
        marks = ",".join("?" * len(name_keys))
        rows = await self._fetchall(
            "SELECT sp.id, sp.name, sp.role, sp.kind,"
            " (SELECT count(*) FROM statements WHERE speaker_id = sp.id)"
            " FROM speakers sp WHERE sp.id IN"
            f" (SELECT speaker_id FROM speaker_aliases WHERE alias_key IN ({marks}))",
            name_keys,
        )
        return [SpeakerRow(*r) for r in rows]

    async def speakers_by_id(self, ids: list[int]) -> list[SpeakerRow]:
        """In the order of `ids`."""
        rows = {
            r[0]: SpeakerRow(*r)
            for r in await self._fetchall(
                "SELECT sp.id, sp.name, sp.role, sp.kind,"
                " (SELECT count(*) FROM statements WHERE speaker_id = sp.id)"
                f" FROM speakers sp WHERE sp.id IN ({','.join('?' * len(ids))})",
                ids,
            )
        }
        return [rows[i] for i in ids if i in rows]

    async def all_speaker_names(self, limit: int = 5000) -> list[tuple[int, str]]:
        rows = await self._fetchall(
            "SELECT speaker_id, alias FROM speaker_aliases LIMIT ?", (limit,)
        )
        return [(r[0], r[1]) for r in rows]

    async def recent_statements_by_speaker(
        self, speaker_id: int, limit: int = 300
    ) -> list[tuple[int, str]]:
        rows = await self._fetchall(
            "SELECT id, text FROM statements WHERE speaker_id = ? ORDER BY id DESC LIMIT ?",
            (speaker_id, limit),
        )
        return [(r[0], r[1]) for r in rows]

    async def position_changes_for_topic(self, topic: str, limit: int = 5) -> list[Any]:
        return await self._fetchall(
            "SELECT sp.name, pc.previous, pc.current, pc.created_at FROM position_changes pc"
            " JOIN speakers sp ON sp.id = pc.speaker_id WHERE pc.topic = ?"
            " ORDER BY pc.created_at DESC, pc.id DESC LIMIT ?",
            (topic, limit),
        )

    async def merge_speakers(self, keep_id: int, merge_id: int) -> None:
        """Fold `merge_id` into `keep_id`; its aliases now find `keep_id` in later articles."""
        if keep_id == merge_id:
            return
        conn: aiosqlite.Connection
        async with self.transaction() as conn:
            await conn.execute(
                "UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", (keep_id, merge_id)
            )
            await conn.execute(
                "UPDATE position_changes SET speaker_id = ? WHERE speaker_id = ?",
                (keep_id, merge_id),
            )
            await conn.execute(
                "UPDATE OR REPLACE speaker_aliases SET speaker_id = ? WHERE speaker_id = ?",
                (keep_id, merge_id),
            )
            await conn.execute(
                "INSERT OR REPLACE INTO speaker_aliases (alias_key, alias, speaker_id)"
                " SELECT name_key, name, ? FROM speakers WHERE id = ?",
                (keep_id, merge_id),
            )
            await conn.execute(
                "UPDATE speakers SET role = coalesce(role, (SELECT role FROM speakers"
                " WHERE id = ?)) WHERE id = ?",
                (merge_id, keep_id),
            )
            await conn.execute("DELETE FROM speakers WHERE id = ?", (merge_id,))
