"""Watched channels: which ones the team added, whether they are paused, what posts became."""

from __future__ import annotations

from storage.database import Database, from_row
from storage.team_models import WatchedChannel

CHANNEL_COLUMNS = "chat_id, title, username, added_by, added_at, status, changed_at, posts"


class SqliteSources:
    """`storage.ports.SourceStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def watch_channel(
        self, chat_id: int, title: str, username: str | None, added_by: int, now: str
    ) -> None:
        """Start watching, or again after a removal; a paused channel stays paused."""
        await self._db.execute(
            "INSERT INTO watched_channels (chat_id, title, username, added_by, added_at,"
            " status, changed_at) VALUES (?, ?, ?, ?, ?, 'active', ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title,"
            " username = excluded.username, added_by = excluded.added_by,"
            " added_at = excluded.added_at, status = CASE watched_channels.status"
            " WHEN 'paused' THEN 'paused' ELSE 'active' END,"
            " changed_at = excluded.changed_at",
            (chat_id, title, username, added_by, now, now),
        )

    async def set_channel_status(self, chat_id: int, status: str, now: str) -> bool:
        """Pause, resume or remove; False if the channel is unknown or already so."""
        return (
            await self._db.execute(
                "UPDATE watched_channels SET status = ?, changed_at = ?"
                " WHERE chat_id = ? AND status != ?",
                (status, now, chat_id, status),
            )
            == 1
        )

    async def watched_channel(self, chat_id: int) -> WatchedChannel | None:
        row = await self._db.fetchone(
            f"SELECT {CHANNEL_COLUMNS} FROM watched_channels WHERE chat_id = ?", (chat_id,)
        )
        return from_row(WatchedChannel, row) if row else None

    async def watched_channels(self, include_removed: bool = False) -> list[WatchedChannel]:
        where = "" if include_removed else " WHERE status != 'removed'"
        rows = await self._db.fetchall(
            f"SELECT {CHANNEL_COLUMNS} FROM watched_channels{where} ORDER BY lower(title)"
        )
        return [from_row(WatchedChannel, r) for r in rows]

    async def record_channel_post(
        self, chat_id: int, message_id: int, article_id: int
    ) -> int | None:
        """Remember which article a post became; returns the article it was before, if any."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT article_id FROM channel_posts WHERE chat_id = ? AND message_id = ?",
                (chat_id, message_id),
            )
            await tx.execute(
                "INSERT INTO channel_posts (chat_id, message_id, article_id) VALUES (?, ?, ?)"
                " ON CONFLICT (chat_id, message_id) DO UPDATE SET article_id = excluded.article_id",
                (chat_id, message_id, article_id),
            )
            if row is None:
                await tx.execute(
                    "UPDATE watched_channels SET posts = posts + 1 WHERE chat_id = ?", (chat_id,)
                )
            return int(row["article_id"]) if row and row["article_id"] is not None else None
