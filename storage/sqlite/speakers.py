"""Speakers: finding them by name or alias, their recent words, merging two into one, and
their record month by month (for /who's timeline)."""

from __future__ import annotations

from storage.database import Database, from_row, marks
from storage.models import SpeakerRow
from storage.sqlite.statement_rows import SAID_AT

SPEAKER_SELECT = (
    "SELECT sp.id, sp.name, sp.role, sp.kind,"
    " (SELECT count(*) FROM statements WHERE speaker_id = sp.id) AS statements FROM speakers sp"
)


class SqliteSpeakers:
    """`storage.ports.SpeakerStore` on SQLite."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def speakers_matching(self, name_keys: list[str]) -> list[SpeakerRow]:
        """Speakers whose folded name or any alias is one of `name_keys`."""
        if not name_keys:
            return []
        rows = await self._db.fetchall(
            f"{SPEAKER_SELECT} WHERE sp.id IN"
            f" (SELECT speaker_id FROM speaker_aliases WHERE alias_key IN ({marks(name_keys)}))",
            name_keys,
        )
        return [from_row(SpeakerRow, r) for r in rows]

    async def speakers_by_id(self, ids: list[int]) -> list[SpeakerRow]:
        """In the order of `ids`."""
        rows = await self._db.fetchall(f"{SPEAKER_SELECT} WHERE sp.id IN ({marks(ids)})", ids)
        by_id = {r["id"]: from_row(SpeakerRow, r) for r in rows}
        return [by_id[i] for i in ids if i in by_id]

    async def speaker_name(self, speaker_id: int) -> str | None:
        row = await self._db.fetchone("SELECT name FROM speakers WHERE id = ?", (speaker_id,))
        return str(row["name"]) if row else None

    async def all_speaker_names(self, limit: int = 5000) -> list[tuple[int, str]]:
        rows = await self._db.fetchall(
            "SELECT speaker_id, alias FROM speaker_aliases LIMIT ?", (limit,)
        )
        return [(r["speaker_id"], r["alias"]) for r in rows]

    async def article_speakers(self, article_id: int) -> list[tuple[int, str]]:
        """(speaker id, name) of the speakers an article's statements resolved to."""
        rows = await self._db.fetchall(
            "SELECT DISTINCT sp.id, sp.name FROM statements s JOIN speakers sp"
            " ON sp.id = s.speaker_id WHERE s.article_id = ? ORDER BY sp.name",
            (article_id,),
        )
        return [(int(r["id"]), str(r["name"])) for r in rows]

    async def recent_statements_by_speaker(
        self, speaker_id: int, limit: int = 300
    ) -> list[tuple[int, str]]:
        rows = await self._db.fetchall(
            "SELECT id, text FROM statements WHERE speaker_id = ? ORDER BY id DESC LIMIT ?",
            (speaker_id, limit),
        )
        return [(r["id"], r["text"]) for r in rows]

    async def merge_speakers(self, keep_id: int, merge_id: int) -> None:
        """Fold `merge_id` into `keep_id`; its aliases now find `keep_id` in later articles."""
        if keep_id == merge_id:
            return
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE statements SET speaker_id = ? WHERE speaker_id = ?", (keep_id, merge_id)
            )
            await tx.execute(
                "UPDATE position_changes SET speaker_id = ? WHERE speaker_id = ?",
                (keep_id, merge_id),
            )
            await tx.execute(
                "UPDATE OR REPLACE speaker_aliases SET speaker_id = ? WHERE speaker_id = ?",
                (keep_id, merge_id),
            )
            await tx.execute(
                "INSERT OR REPLACE INTO speaker_aliases (alias_key, alias, speaker_id)"
                " SELECT name_key, name, ? FROM speakers WHERE id = ?",
                (keep_id, merge_id),
            )
            await tx.execute(
                "UPDATE speakers SET role = coalesce(role, (SELECT role FROM speakers"
                " WHERE id = ?)) WHERE id = ?",
                (merge_id, keep_id),
            )
            await tx.execute(  # a chat that followed either now follows the one kept
                "UPDATE OR IGNORE follows SET speaker_id = ? WHERE speaker_id = ?",
                (keep_id, merge_id),
            )
            await tx.execute("DELETE FROM speakers WHERE id = ?", (merge_id,))

    # -- the record over time -----------------------------------------------------------

    async def speaker_topics_by_month(self, speaker_id: int) -> list[tuple[str, str, int]]:
        """(YYYY-MM, topic or '', statements), oldest month first."""
        rows = await self._db.fetchall(
            f"SELECT substr({SAID_AT}, 1, 7) AS month, COALESCE(t.topic, '') AS topic,"
            " count(DISTINCT s.id) AS n FROM statements s"
            " JOIN articles a ON a.id = s.article_id"
            " LEFT JOIN statement_topics t ON t.statement_id = s.id"
            " WHERE s.speaker_id = ? GROUP BY month, t.topic ORDER BY month, count(*) DESC",
            (speaker_id,),
        )
        return [(r["month"], r["topic"], int(r["n"])) for r in rows]

    async def speaker_statements_by_month(self, speaker_id: int) -> list[tuple[str, int]]:
        """(YYYY-MM, statements) for one speaker, a statement counted once."""
        rows = await self._db.fetchall(
            f"SELECT substr({SAID_AT}, 1, 7) AS month, count(*) AS n FROM statements s"
            " JOIN articles a ON a.id = s.article_id WHERE s.speaker_id = ? GROUP BY month",
            (speaker_id,),
        )
        return [(r["month"], int(r["n"])) for r in rows]
