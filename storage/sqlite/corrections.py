"""Corrections: a member's fix changes the stored statement (so every view reads the
corrected value) and is recorded with what the extractor said."""

from __future__ import annotations

import dataclasses
import json

from storage.models import NewSpeaker, StatementToFix
from storage.sqlite.executor import Executor, from_row
from storage.sqlite.statement_rows import select_statements
from storage.sqlite.writing import upsert_speaker

CORRECTION_KINDS = ("speaker", "stance", "not_statement")


class SqliteCorrections:
    """`storage.ports.CorrectionStore` on SQLite."""

    def __init__(self, db: Executor) -> None:
        self._db = db

    async def statement_to_fix(self, statement_id: int) -> StatementToFix | None:
        """What a correction needs to know (and keep) about a statement."""
        row = await self._db.fetchone(
            select_statements(extra="s.speaker_id, s.speaker_text") + " WHERE s.id = ?",
            (statement_id,),
        )
        if row is None:
            return None
        topics = await self._db.fetchall(
            "SELECT topic, stance FROM statement_topics WHERE statement_id = ?", (statement_id,)
        )
        return from_row(
            StatementToFix, row, topic_stances={t["topic"]: t["stance"] for t in topics}
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
        stance: str | None = None,
    ) -> bool:
        """Apply one correction and record it with the original values; False if gone.

        `speaker` is a typed name (stored like an extracted one) or `speaker_id` an
        existing speaker; `stance` is the corrected overall stance, also applied to each of
        the statement's topics.
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
            elif kind == "stance":
                await tx.execute(
                    "UPDATE statements SET stance = ? WHERE id = ?", (stance, statement_id)
                )
                await tx.execute(
                    "UPDATE statement_topics SET stance = ? WHERE statement_id = ?",
                    (stance, statement_id),
                )
                corrected = stance
            else:
                await tx.execute("DELETE FROM statements WHERE id = ?", (statement_id,))
                corrected = None
            await tx.execute(
                "INSERT INTO corrections (article_id, statement_id, kind, original, corrected,"
                " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    original.article_id,
                    statement_id,
                    kind,
                    json.dumps(dataclasses.asdict(original), ensure_ascii=False),
                    corrected,
                    user_id,
                    now,
                ),
            )
        return True

    async def corrections_for_article(self, article_id: int) -> list[tuple[int, str, str | None]]:
        rows = await self._db.fetchall(
            "SELECT statement_id, kind, corrected FROM corrections WHERE article_id = ?"
            " ORDER BY id",
            (article_id,),
        )
        return [(int(r["statement_id"]), str(r["kind"]), r["corrected"]) for r in rows]
