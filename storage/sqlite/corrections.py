"""Corrections: a member's fix changes the stored statement (so every view reads the
corrected value) and is recorded with what the extractor said."""

from __future__ import annotations

import dataclasses
import json

from storage.database import Database, Writes, from_row
from storage.models import SIDES, NewSpeaker, StatementPosition, StatementToFix
from storage.sqlite.statement_rows import positions_of, select_statements
from storage.sqlite.writing import insert_positions, upsert_speaker

CORRECTION_KINDS = ("speaker", "not_statement")
# A member's side is as sure as the record gets: it ranks first among a side's quotes.
CORRECTED_CONFIDENCE = 1.0


class SqliteCorrections:
    """`storage.ports.CorrectionStore` on SQLite."""

    # The statement join: what another engine spells its way.
    select = staticmethod(select_statements)

    def __init__(self, db: Database) -> None:
        self._db = db

    async def statement_to_fix(self, statement_id: int) -> StatementToFix | None:
        """What a correction needs to know (and keep) about a statement."""
        row = await self._db.fetchone(
            self.select(extra="s.speaker_id, s.speaker_text") + " WHERE s.id = ?",
            (statement_id,),
        )
        if row is None:
            return None
        return from_row(
            StatementToFix,
            row,
            topics=tuple(sorted((row["topic_list"] or "").split())),
            positions=positions_of(row["position_list"]),
        )

    async def correct_statement(
        self,
        statement_id: int,
        kind: str,
        user_id: int | None,
        now: str,
        *,
        speaker: NewSpeaker | None = None,
        speaker_id: int | None = None,
    ) -> bool:
        """Apply one correction and record it with the original values; False if gone.

        `speaker` is a typed name (stored like an extracted one) or `speaker_id` an
        existing speaker.
        """
        if kind not in CORRECTION_KINDS:
            raise ValueError(f"unknown correction kind {kind!r}")
        original = await self.statement_to_fix(statement_id)
        if original is None:
            return False
        async with self._db.transaction() as tx:
            corrected: str | None
            if kind == "speaker":
                if speaker is not None:
                    speaker_id = await upsert_speaker(tx, speaker)
                    name = speaker.name
                else:
                    found = await tx.fetchone(
                        "SELECT name FROM speakers WHERE id = ?", (speaker_id,)
                    )
                    if found is None:
                        return False
                    name = found["name"]
                await tx.execute(
                    "UPDATE statements SET speaker_id = ?, speaker_text = ? WHERE id = ?",
                    (speaker_id, name, statement_id),
                )
                corrected = name
            else:
                await tx.execute("DELETE FROM statements WHERE id = ?", (statement_id,))
                corrected = None
            await _record(tx, original, kind, corrected, user_id, now)
        return True

    async def correct_position(
        self, statement_id: int, target: str, side: str | None, user_id: int | None, now: str
    ) -> bool:
        """Set the statement's side on `target` (`None`: it takes none), marked corrected by
        `user_id`; the statement's positions before it are kept with the correction. A change
        of line the old side made on that target goes with it. False if the statement is gone."""
        if side is not None and side not in SIDES:
            raise ValueError(f"a side is 'for', 'against' or None, not {side!r}")
        original = await self.statement_to_fix(statement_id)
        if original is None:
            return False
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT s.speaker_id, coalesce(a.published_at, s.created_at) AS said_at"
                " FROM statements s JOIN articles a ON a.id = s.article_id WHERE s.id = ?",
                (statement_id,),
            )
            if row is None:
                return False
            await tx.execute(
                "DELETE FROM statement_positions WHERE statement_id = ? AND target = ?",
                (statement_id, target),
            )
            await tx.execute(
                "DELETE FROM position_changes WHERE statement_id = ? AND target = ?",
                (statement_id, target),
            )
            if side is not None:
                fixed = StatementPosition(target, side, CORRECTED_CONFIDENCE, "", corrected=True)
                await insert_positions(
                    tx, statement_id, row["speaker_id"], row["said_at"], (fixed,), user_id
                )
            await _record(tx, original, "position", f"{target}:{side or 'none'}", user_id, now)
        return True

    async def corrections_for_article(self, article_id: int) -> list[tuple[int, str, str | None]]:
        rows = await self._db.fetchall(
            "SELECT statement_id, kind, corrected FROM corrections WHERE article_id = ?"
            " ORDER BY id",
            (article_id,),
        )
        return [(int(r["statement_id"]), str(r["kind"]), r["corrected"]) for r in rows]


async def _record(
    tx: Writes,
    original: StatementToFix,
    kind: str,
    corrected: str | None,
    user_id: int | None,
    now: str,
) -> None:
    """The correction, with the statement as it was before it (JSON) in `original`."""
    await tx.execute(
        "INSERT INTO corrections (article_id, statement_id, kind, original, corrected,"
        " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (
            original.article_id,
            original.id,
            kind,
            json.dumps(dataclasses.asdict(original), ensure_ascii=False),
            corrected,
            user_id,
            now,
        ),
    )
