"""Who may use the bot: members, invite tokens, approved groups and channels."""

from __future__ import annotations

from storage.database import Database, from_row
from storage.team_models import ApprovedChat, Member


class SqliteAccess:
    """`storage.ports.AccessStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    # -- members ------------------------------------------------------------------------

    async def is_member(self, user_id: int) -> bool:
        row = await self._db.fetchone("SELECT 1 FROM members WHERE user_id = ?", (user_id,))
        return row is not None

    async def add_member(
        self, user_id: int, added_by: int, via: str, name: str | None, now: str
    ) -> bool:
        """True if the user is new; an existing member keeps their first record."""
        return (
            await self._db.execute(
                "INSERT OR IGNORE INTO members (user_id, added_by, via, name, added_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (user_id, added_by, via, name, now),
            )
            == 1
        )

    async def remove_member(self, user_id: int) -> bool:
        """Also ends their private chat's subscriptions, follows and unsent alerts: a revoked
        member must not keep receiving the team's record."""
        async with self._db.transaction() as tx:
            removed = await tx.execute("DELETE FROM members WHERE user_id = ?", (user_id,)) == 1
            await tx.execute("DELETE FROM subscriptions WHERE chat_id = ?", (user_id,))
            await tx.execute("DELETE FROM follows WHERE chat_id = ?", (user_id,))
            await tx.execute(
                "DELETE FROM outbox WHERE chat_id = ? AND status IN ('pending', 'held')",
                (user_id,),
            )
            return removed

    async def end_strangers_alerts(self, admins: frozenset[int]) -> int:
        """Subscriptions, follows and unsent alerts of private chats (positive ids) whose user is
        neither an admin nor a member — left over from ACCESS=open or a removed admin."""
        stranger = "chat_id > 0 AND chat_id NOT IN (SELECT user_id FROM members)"
        if admins:  # ints only, so inlining them is safe (`NOT IN (NULL)` would match none)
            stranger += f" AND chat_id NOT IN ({','.join(str(int(a)) for a in sorted(admins))})"
        async with self._db.transaction() as tx:
            ended = await tx.execute(f"DELETE FROM subscriptions WHERE {stranger}")
            await tx.execute(f"DELETE FROM follows WHERE {stranger}")
            await tx.execute(
                f"DELETE FROM outbox WHERE {stranger} AND status IN ('pending', 'held')"
            )
            return ended

    async def members(self) -> list[Member]:
        rows = await self._db.fetchall(
            "SELECT user_id, added_by, via, name, added_at FROM members ORDER BY added_at, user_id"
        )
        return [from_row(Member, r) for r in rows]

    # -- invites ------------------------------------------------------------------------

    async def add_invite(self, token_hash: str, created_by: int, now: str, expires: str) -> None:
        await self._db.execute(
            "INSERT INTO invites (token_hash, created_by, created_at, expires_at)"
            " VALUES (?, ?, ?, ?)",
            (token_hash, created_by, now, expires),
        )

    async def use_invite(self, token_hash: str, user_id: int, now: str) -> tuple[str, int | None]:
        """Mark an invite used, atomically: ("ok", admin) | ("used"|"expired"|"unknown", None)."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT created_by, expires_at, used_by FROM invites WHERE token_hash = ?",
                (token_hash,),
            )
            if row is None:
                return "unknown", None
            if row["used_by"] is not None:
                return "used", None
            if row["expires_at"] <= now:
                return "expired", None
            await tx.execute(
                "UPDATE invites SET used_by = ?, used_at = ? WHERE token_hash = ?",
                (user_id, now, token_hash),
            )
            return "ok", int(row["created_by"])

    async def prune_invites(self, now: str) -> int:
        """Drop expired, unused invites (used ones stay: they record who joined through whom)."""
        return await self._db.execute(
            "DELETE FROM invites WHERE used_by IS NULL AND expires_at <= ?", (now,)
        )

    # -- groups and channels ------------------------------------------------------------

    async def approve_chat(
        self, chat_id: int, kind: str, title: str | None, added_by: int, now: str
    ) -> None:
        await self._db.execute(
            "INSERT INTO approved_chats (chat_id, kind, title, added_by, added_at)"
            " VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (chat_id) DO UPDATE SET title = excluded.title",
            (chat_id, kind, title, added_by, now),
        )

    async def forget_chat(self, chat_id: int) -> bool:
        return (
            await self._db.execute("DELETE FROM approved_chats WHERE chat_id = ?", (chat_id,)) == 1
        )

    async def move_approved_chat(self, old_id: int, new_id: int) -> bool:
        """A group upgraded to a supergroup gets a new id; its approval follows it."""
        return (
            await self._db.execute(
                "INSERT OR IGNORE INTO approved_chats (chat_id, kind, title, added_by, added_at)"
                " SELECT ?, 'supergroup', title, added_by, added_at FROM approved_chats"
                " WHERE chat_id = ?",
                (new_id, old_id),
            )
            == 1
        )

    async def is_approved_chat(self, chat_id: int) -> bool:
        row = await self._db.fetchone("SELECT 1 FROM approved_chats WHERE chat_id = ?", (chat_id,))
        return row is not None

    async def approved_chats(self) -> list[ApprovedChat]:
        rows = await self._db.fetchall(
            "SELECT chat_id, kind, title, added_by, added_at FROM approved_chats ORDER BY added_at"
        )
        return [from_row(ApprovedChat, r) for r in rows]
