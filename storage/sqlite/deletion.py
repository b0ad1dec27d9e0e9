"""Removing from the record: /delete, /keep and /forget_me.

Deleting an article cascades to its statements, their topics, corrections and digest links;
a statement another article also reported stays, moved to that article. A speaker the
deletion leaves with no statement goes too (name, role, aliases), and the full-text index is
rebuilt into one segment (FTS5 `optimize`), so a deleted word no longer sits in old index
pages. Every connection runs with `secure_delete` (executor.py): freed pages are zeroed, so
the deleted text is gone from the database file itself, not only from its tables.
"""

from __future__ import annotations

from storage.database import Database, Params, Writes
from storage.team_models import Forgotten


async def _rehome_shared_statements(tx: Writes, doomed: str, params: Params) -> None:
    """Before articles (`doomed`: SQL giving their ids) are deleted, move each of their
    statements that a surviving article also reported (statement_sources) to the earliest
    such article, with its corrections, so deleting one report keeps the others whole."""
    survivor = (
        "SELECT min(x.article_id) FROM statement_sources x"
        f" WHERE x.statement_id = statements.id AND x.article_id NOT IN ({doomed})"
    )
    await tx.execute(
        f"UPDATE statements SET article_id = ({survivor})"
        f" WHERE article_id IN ({doomed}) AND ({survivor}) IS NOT NULL",
        tuple(params) * 3,
    )
    await tx.execute(
        "UPDATE corrections SET article_id ="
        " (SELECT article_id FROM statements WHERE id = corrections.statement_id)"
        f" WHERE article_id IN ({doomed}) AND statement_id IN"
        f" (SELECT id FROM statements WHERE article_id NOT IN ({doomed}))",
        tuple(params) * 2,
    )


async def _speakers_of(tx: Writes, doomed: str, params: Params) -> list[int]:
    rows = await tx.fetchall(
        "SELECT DISTINCT speaker_id FROM statements"
        f" WHERE article_id IN ({doomed}) AND speaker_id IS NOT NULL",
        tuple(params),
    )
    return [int(r["speaker_id"]) for r in rows]


async def drop_silent_speakers(tx: Writes, speakers: list[int]) -> None:
    """After articles were deleted: drop `speakers` left with no statement (their aliases
    and changes of line cascade)."""
    for speaker_id in speakers:
        await tx.execute(
            "DELETE FROM speakers WHERE id = ?"
            " AND NOT EXISTS (SELECT 1 FROM statements WHERE speaker_id = ?)",
            (speaker_id, speaker_id),
        )


class SqliteDeletion:
    """`storage.ports.DeletionStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def _leave_nothing_behind(self, tx: Writes, speakers: list[int]) -> None:
        """Speakers left with no statement go, and the full-text index is merged so no page
        keeps a deleted word."""
        await drop_silent_speakers(tx, speakers)
        await tx.execute("INSERT INTO statements_fts(statements_fts) VALUES ('optimize')")

    async def delete_article(self, article_id: int) -> bool:
        async with self._db.transaction() as tx:
            await _rehome_shared_statements(tx, "?", (article_id,))
            speakers = await _speakers_of(tx, "?", (article_id,))
            if await tx.execute("DELETE FROM articles WHERE id = ?", (article_id,)) != 1:
                return False
            await self._leave_nothing_behind(tx, speakers)
            return True

    async def keep_article(self, article_id: int, admin_id: int, now: str) -> bool:
        return (
            await self._db.execute(
                "INSERT OR IGNORE INTO kept_articles (article_id, kept_by, kept_at)"
                " VALUES (?, ?, ?)",
                (article_id, admin_id, now),
            )
            == 1
        )

    async def forget_user(self, user_id: int) -> Forgotten:
        """Delete what `user_id` sent (except kept articles) and their private chat's
        subscriptions, followed speakers, alert settings and queued alerts.

        Their corrections (and the sides they set) stay, fixes to the team's record, with the
        author cleared.
        """
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT count(*) AS n FROM articles WHERE sender_id = ?"
                " AND id IN (SELECT article_id FROM kept_articles)",
                (user_id,),
            )
            kept = int(row["n"]) if row else 0
            doomed = (
                "SELECT id FROM articles WHERE sender_id = ?"
                " AND id NOT IN (SELECT article_id FROM kept_articles)"
            )
            await _rehome_shared_statements(tx, doomed, (user_id,))
            speakers = await _speakers_of(tx, doomed, (user_id,))
            articles = await tx.execute(f"DELETE FROM articles WHERE id IN ({doomed})", (user_id,))
            subscriptions = await tx.execute(
                "DELETE FROM subscriptions WHERE chat_id = ?", (user_id,)
            )
            # Their private chat's alert settings, follows and queued alerts (chat id = user id).
            for table in ("chat_settings", "digest_marks", "follows", "outbox"):
                await tx.execute(f"DELETE FROM {table} WHERE chat_id = ?", (user_id,))
            # Articles they sent that are not parsed (or not answered) yet, text and all.
            await tx.execute("DELETE FROM parse_jobs WHERE user_id = ?", (user_id,))
            await tx.execute("UPDATE corrections SET user_id = NULL WHERE user_id = ?", (user_id,))
            await tx.execute(
                "UPDATE statement_positions SET corrected_by = NULL WHERE corrected_by = ?",
                (user_id,),
            )
            await self._leave_nothing_behind(tx, speakers)
            return Forgotten(articles=articles, kept=kept, subscriptions=subscriptions)
