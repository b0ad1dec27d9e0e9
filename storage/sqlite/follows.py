"""Chats following speakers: who follows whom."""

from __future__ import annotations

from storage.database import Database, from_row
from storage.models import SpeakerRow


class SqliteFollows:
    """`storage.ports.FollowStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def follow(self, chat_id: int, speaker_id: int, now: str) -> bool:
        """True if the chat did not follow the speaker yet."""
        return (
            await self._db.execute(
                "INSERT OR IGNORE INTO follows (chat_id, speaker_id, created_at)"
                " SELECT ?, id, ? FROM speakers WHERE id = ?",
                (chat_id, now, speaker_id),
            )
            == 1
        )

    async def unfollow(self, chat_id: int, speaker_id: int) -> bool:
        return (
            await self._db.execute(
                "DELETE FROM follows WHERE chat_id = ? AND speaker_id = ?", (chat_id, speaker_id)
            )
            == 1
        )

    async def followed(self, chat_id: int) -> list[SpeakerRow]:
        """The speakers the chat follows, by name, with their statements on record."""
        rows = await self._db.fetchall(
            "SELECT sp.id, sp.name, sp.role, sp.kind,"
            " (SELECT count(*) FROM statements s WHERE s.speaker_id = sp.id) AS statements"
            " FROM follows f JOIN speakers sp ON sp.id = f.speaker_id"
            " WHERE f.chat_id = ? ORDER BY sp.name COLLATE NOCASE, sp.id",
            (chat_id,),
        )
        return [from_row(SpeakerRow, r) for r in rows]
