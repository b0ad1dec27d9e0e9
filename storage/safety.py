"""Keeping the record right and removable: corrections, deletion, export rows, online backup."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CORRECTION_KINDS = ("speaker", "stance", "not_statement")


@dataclass(frozen=True)
class ArticleRef:
    id: int
    sender_id: int | None
    chat_id: int | None
    statements: int
    kept: bool


@dataclass(frozen=True)
class RecordedStatement:
    id: int
    speaker: str | None
    speaker_role: str | None
    stance: str | None


@dataclass(frozen=True)
class Forgotten:
    articles: int
    kept: int
    subscriptions: int


@dataclass(frozen=True)
class ExportRow:
    """One statement as exported: flat, with its topics and its article's source and dates."""

    statement_id: int
    article_id: int
    speaker: str | None
    speaker_role: str | None
    kind: str
    text: str
    cue: str | None
    stance: str | None
    topics: str  # "iran;israel"
    source: str | None
    source_url: str | None
    published_at: str | None
    received_at: str


EXPORT_SELECT = """
    SELECT s.id, s.article_id, COALESCE(sp.name, s.speaker_text), sp.role, s.kind, s.text,
           s.cue, s.stance,
           COALESCE((SELECT group_concat(topic, ';') FROM statement_topics
                     WHERE statement_id = s.id), ''),
           a.source, a.source_url, a.published_at, a.received_at
    FROM statements s
    JOIN articles a ON a.id = s.article_id
    LEFT JOIN speakers sp ON sp.id = s.speaker_id
"""


class SafetyQueries:
    """Mixed into `Database`; uses its reader (`_fetchall`) and writer (`transaction`)."""

    _fetchall: Any
    _fetchone: Any
    transaction: Any
    _upsert_speaker: Any

    # -- digests and articles -----------------------------------------------------------

    async def remember_digest(self, chat_id: int, message_id: int, article_id: int) -> None:
        async with self.transaction() as conn:
            await conn.execute(
                "INSERT OR REPLACE INTO digest_messages (chat_id, message_id, article_id)"
                " VALUES (?, ?, ?)",
                (chat_id, message_id, article_id),
            )

    async def article_for_digest(self, chat_id: int, message_id: int) -> ArticleRef | None:
        row = await self._fetchone(
            "SELECT article_id FROM digest_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return await self.article_ref(int(row[0])) if row else None

    async def article_ref(self, article_id: int) -> ArticleRef | None:
        row = await self._fetchone(
            "SELECT a.id, a.sender_id, a.chat_id,"
            " (SELECT count(*) FROM statements WHERE article_id = a.id),"
            " EXISTS (SELECT 1 FROM kept_articles WHERE article_id = a.id)"
            " FROM articles a WHERE a.id = ?",
            (article_id,),
        )
        return ArticleRef(row[0], row[1], row[2], row[3], bool(row[4])) if row else None

    async def delete_article(self, article_id: int) -> bool:
        """The article, its statements, their topics, corrections and digest links (cascade).

        A statement another article also reported stays, moved to that article.
        """
        async with self.transaction() as conn:
            await _rehome_shared_statements(conn, "?", (article_id,))
            cursor = await conn.execute("DELETE FROM articles WHERE id = ?", (article_id,))
            return bool(cursor.rowcount == 1)

    async def keep_article(self, article_id: int, admin_id: int, now: str) -> bool:
        async with self.transaction() as conn:
            cursor = await conn.execute(
                "INSERT OR IGNORE INTO kept_articles (article_id, kept_by, kept_at)"
                " VALUES (?, ?, ?)",
                (article_id, admin_id, now),
            )
            return bool(cursor.rowcount == 1)

    async def forget_user(self, user_id: int) -> Forgotten:
        """Delete what `user_id` sent (except kept articles) and their private chat's
        subscriptions, alert settings and queued alerts.

        Their corrections stay (they are fixes to the team's record) with the author cleared.
        """
        async with self.transaction() as conn:
            async with conn.execute(
                "SELECT count(*) FROM articles WHERE sender_id = ?"
                " AND id IN (SELECT article_id FROM kept_articles)",
                (user_id,),
            ) as cursor:
                kept = (await cursor.fetchone())[0]
            doomed = (
                "SELECT id FROM articles WHERE sender_id = ?"
                " AND id NOT IN (SELECT article_id FROM kept_articles)"
            )
            await _rehome_shared_statements(conn, doomed, (user_id,))
            cursor = await conn.execute(f"DELETE FROM articles WHERE id IN ({doomed})", (user_id,))
            articles = cursor.rowcount
            cursor = await conn.execute("DELETE FROM subscriptions WHERE chat_id = ?", (user_id,))
            subscriptions = cursor.rowcount
            # Their private chat's alert settings and queued alerts (chat id = user id).
            for table in ("chat_settings", "digest_marks", "outbox"):
                await conn.execute(f"DELETE FROM {table} WHERE chat_id = ?", (user_id,))
            await conn.execute(
                "UPDATE corrections SET user_id = NULL WHERE user_id = ?", (user_id,)
            )
            return Forgotten(articles=articles, kept=int(kept), subscriptions=subscriptions)

    # -- corrections --------------------------------------------------------------------

    async def statement_for_fix(self, statement_id: int) -> dict[str, Any] | None:
        """What a correction needs to know (and keep) about a statement."""
        row = await self._fetchone(
            "SELECT s.id, s.article_id, s.speaker_id, s.speaker_text, s.stance, s.text, s.kind,"
            " COALESCE(sp.name, s.speaker_text) FROM statements s"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE s.id = ?",
            (statement_id,),
        )
        if row is None:
            return None
        topics = await self._fetchall(
            "SELECT topic, stance FROM statement_topics WHERE statement_id = ?", (statement_id,)
        )
        return {
            "id": row[0],
            "article_id": row[1],
            "speaker_id": row[2],
            "speaker_text": row[3],
            "stance": row[4],
            "text": row[5],
            "kind": row[6],
            "speaker": row[7],
            "topic_stances": {t: s for t, s in topics},
        }

    async def recorded_statements(self, article_id: int) -> dict[str, RecordedStatement]:
        """An article's statements as now on record (corrections applied), by text."""
        rows = await self._fetchall(
            "SELECT s.text, s.id, COALESCE(sp.name, s.speaker_text), sp.role, s.stance"
            " FROM statement_sources x JOIN statements s ON s.id = x.statement_id"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id WHERE x.article_id = ?",
            (article_id,),
        )
        return {str(r[0]): RecordedStatement(int(r[1]), r[2], r[3], r[4]) for r in rows}

    async def article_speakers(self, article_id: int) -> list[tuple[int, str]]:
        """(speaker id, name) of the speakers an article's statements resolved to."""
        rows = await self._fetchall(
            "SELECT DISTINCT sp.id, sp.name FROM statements s JOIN speakers sp"
            " ON sp.id = s.speaker_id WHERE s.article_id = ? ORDER BY sp.name",
            (article_id,),
        )
        return [(int(r[0]), str(r[1])) for r in rows]

    async def speaker_name(self, speaker_id: int) -> str | None:
        row = await self._fetchone("SELECT name FROM speakers WHERE id = ?", (speaker_id,))
        return str(row[0]) if row else None

    async def correct_statement(
        self,
        statement_id: int,
        kind: str,
        user_id: int | None,
        now: str,
        *,
        speaker: Any = None,
        speaker_id: int | None = None,
        stance: str | None = None,
    ) -> bool:
        """Apply one correction and record it with the original values; False if gone.

        `speaker` is a `NewSpeaker` (a typed name, upserted like an extracted one) or
        `speaker_id` an existing speaker; `stance` is the corrected overall stance, also
        applied to each of the statement's topics.
        """
        if kind not in CORRECTION_KINDS:
            raise ValueError(f"unknown correction kind {kind!r}")
        original = await self.statement_for_fix(statement_id)
        if original is None:
            return False
        async with self.transaction() as conn:
            corrected: str | None
            if kind == "speaker":
                if speaker is not None:
                    speaker_id = await self._upsert_speaker(conn, speaker)
                    name = speaker.name
                else:
                    async with conn.execute(
                        "SELECT name FROM speakers WHERE id = ?", (speaker_id,)
                    ) as cursor:
                        found = await cursor.fetchone()
                    if found is None:
                        return False
                    name = found[0]
                await conn.execute(
                    "UPDATE statements SET speaker_id = ?, speaker_text = ? WHERE id = ?",
                    (speaker_id, name, statement_id),
                )
                corrected = name
            elif kind == "stance":
                await conn.execute(
                    "UPDATE statements SET stance = ? WHERE id = ?", (stance, statement_id)
                )
                await conn.execute(
                    "UPDATE statement_topics SET stance = ? WHERE statement_id = ?",
                    (stance, statement_id),
                )
                corrected = stance
            else:
                await conn.execute("DELETE FROM statements WHERE id = ?", (statement_id,))
                corrected = None
            await conn.execute(
                "INSERT INTO corrections (article_id, statement_id, kind, original, corrected,"
                " user_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (
                    original["article_id"],
                    statement_id,
                    kind,
                    json.dumps(original, ensure_ascii=False),
                    corrected,
                    user_id,
                    now,
                ),
            )
        return True

    async def corrections_for_article(self, article_id: int) -> list[tuple[int, str, str | None]]:
        rows = await self._fetchall(
            "SELECT statement_id, kind, corrected FROM corrections WHERE article_id = ?"
            " ORDER BY id",
            (article_id,),
        )
        return [(int(r[0]), str(r[1]), r[2]) for r in rows]

    # -- export -------------------------------------------------------------------------

    async def export_rows(self, batch: int = 500) -> AsyncIterator[ExportRow]:
        """Every statement, oldest first, in batches (keyset paging: no huge result set)."""
        last = 0
        while True:
            rows = await self._fetchall(
                f"{EXPORT_SELECT} WHERE s.id > ? ORDER BY s.id LIMIT ?", (last, batch)
            )
            for row in rows:
                yield ExportRow(*row)
            if len(rows) < batch:
                return
            last = rows[-1][0]


async def _rehome_shared_statements(conn: Any, doomed: str, params: tuple[Any, ...]) -> None:
    """Before articles (`doomed`: SQL giving their ids) are deleted, move each of their
    statements that a surviving article also reported (statement_sources) to the earliest
    such article, with its corrections, so deleting one report keeps the others whole."""
    survivor = (
        "SELECT min(x.article_id) FROM statement_sources x"
        f" WHERE x.statement_id = statements.id AND x.article_id NOT IN ({doomed})"
    )
    await conn.execute(
        f"UPDATE statements SET article_id = ({survivor})"
        f" WHERE article_id IN ({doomed}) AND ({survivor}) IS NOT NULL",
        params * 3,
    )
    await conn.execute(
        "UPDATE corrections SET article_id ="
        " (SELECT article_id FROM statements WHERE id = corrections.statement_id)"
        f" WHERE article_id IN ({doomed}) AND statement_id IN"
        f" (SELECT id FROM statements WHERE article_id NOT IN ({doomed}))",
        params * 2,
    )


def backup_database(source: Path, target: Path) -> None:
    """A consistent copy of a live database through SQLite's online backup API.

    The copy runs in one step inside a read transaction, so with WAL the bot keeps writing
    while it runs and the copy is the database as of one moment. Works on any schema
    version, so an old OnRecord can still back up a newer database before an upgrade.
    """
    if not source.is_file():
        raise FileNotFoundError(f"no database at {source}")
    if target.exists():
        raise FileExistsError(f"{target} already exists; choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")  # a single self-contained file
        finally:
            dst.close()
    finally:
        src.close()


def integrity_check(path: Path) -> str:
    """'ok' or SQLite's list of problems."""
    conn = sqlite3.connect(path)
    try:
        return "\n".join(str(r[0]) for r in conn.execute("PRAGMA integrity_check"))
    finally:
        conn.close()
