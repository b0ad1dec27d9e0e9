"""The areas of the record on PostgreSQL: SQLite's, run on the PostgreSQL executor, with
what PostgreSQL spells differently (or must do differently, with several writers at once)
written here. Every area not named here is SQLite's class as it is."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from storage.alert_models import stamp
from storage.database import Writes, from_row, marks
from storage.models import NewArticle, SearchFilters, SearchHit, SpeakerRow, StatementRow
from storage.postgres import search, statement_rows
from storage.postgres.executor import PgExecutor
from storage.postgres.listen import OUTBOX_CHANNEL, Listener
from storage.sqlite.alert_rows import Outbox
from storage.sqlite.articles import ARTICLE_INSERT, SqliteArticles, article_values
from storage.sqlite.chats import SqliteChats
from storage.sqlite.corrections import SqliteCorrections
from storage.sqlite.deletion import SqliteDeletion, drop_silent_speakers
from storage.sqlite.delivery import IN_FLIGHT, SqliteDelivery
from storage.sqlite.export import SqliteExport
from storage.sqlite.follows import SqliteFollows
from storage.sqlite.outbox import SqliteAlerts
from storage.sqlite.speakers import SqliteSpeakers
from storage.sqlite.statements import SqliteStatements


class PgArticles(SqliteArticles):
    """Two workers storing the same article at once store it once: the second insert waits
    on the first's unique sha256 and, once that commits, finds its article instead."""

    async def _add_article(self, tx: Writes, article: NewArticle) -> int | None:
        row = await tx.fetchone(
            ARTICLE_INSERT + " ON CONFLICT (sha256) DO NOTHING RETURNING id",
            article_values(article),
        )
        return int(row["id"]) if row else None

    async def remember_digest(self, chat_id: int, message_id: int, article_id: int) -> None:
        await self._db.execute(
            "INSERT INTO digest_messages (chat_id, message_id, article_id) VALUES (?, ?, ?)"
            " ON CONFLICT (chat_id, message_id) DO UPDATE SET article_id = excluded.article_id",
            (chat_id, message_id, article_id),
        )


class PgStatements(SqliteStatements):
    select = staticmethod(statement_rows.select_statements)

    async def search_archive(
        self, filters: SearchFilters, limit: int = 5, offset: int = 0
    ) -> tuple[int, list[SearchHit]]:
        return await search.search_archive(self._db, filters, limit, offset)

    async def search_statements(self, words: Sequence[str], limit: int = 10) -> list[StatementRow]:
        return await search.search_statements(self._db, words, limit)

    async def words_starting(self, prefix: str, limit: int = 200) -> list[str]:
        return await search.words_starting(self._db, prefix, limit)


class PgCorrections(SqliteCorrections):
    select = staticmethod(statement_rows.select_statements)


class PgExport(SqliteExport):
    select = staticmethod(statement_rows.select_statements)


class PgSpeakers(SqliteSpeakers):
    async def merge_speakers(self, keep_id: int, merge_id: int) -> None:
        """Fold `merge_id` into `keep_id`; its aliases now find `keep_id` in later articles."""
        if keep_id == merge_id:
            return
        async with self._db.transaction() as tx:
            for table in ("statements", "position_changes", "speaker_aliases"):
                await tx.execute(
                    f"UPDATE {table} SET speaker_id = ? WHERE speaker_id = ?", (keep_id, merge_id)
                )
            await tx.execute(
                "INSERT INTO speaker_aliases (alias_key, alias, speaker_id)"
                " SELECT name_key, name, ? FROM speakers WHERE id = ?"
                " ON CONFLICT (alias_key) DO UPDATE SET alias = excluded.alias,"
                " speaker_id = excluded.speaker_id",
                (keep_id, merge_id),
            )
            await tx.execute(
                "UPDATE speakers SET role = coalesce(role, (SELECT role FROM speakers"
                " WHERE id = ?)) WHERE id = ?",
                (merge_id, keep_id),
            )
            await tx.execute(  # a chat that followed either now follows the one kept
                "UPDATE follows SET speaker_id = ? WHERE speaker_id = ? AND chat_id NOT IN"
                " (SELECT chat_id FROM follows WHERE speaker_id = ?)",
                (keep_id, merge_id, keep_id),
            )
            await tx.execute("DELETE FROM speakers WHERE id = ?", (merge_id,))


class PgChats(SqliteChats):
    row_lock = " FOR UPDATE OF c SKIP LOCKED"  # a chat's due digest goes to one planner

    async def advance_digest_mark(
        self, chat_id: int, topic: str, last_statement_id: int, now: datetime
    ) -> None:
        await self._db.execute(
            "INSERT INTO digest_marks AS m (chat_id, topic, last_statement_id, digested_at)"
            " VALUES (?, ?, ?, ?) ON CONFLICT (chat_id, topic) DO UPDATE SET"
            " last_statement_id = greatest(m.last_statement_id, excluded.last_statement_id),"
            " digested_at = excluded.digested_at",
            (chat_id, topic, last_statement_id, stamp(now)),
        )


class PgFollows(SqliteFollows):
    async def followed(self, chat_id: int) -> list[SpeakerRow]:
        rows = await self._db.fetchall(
            "SELECT sp.id, sp.name, sp.role, sp.kind,"
            " (SELECT count(*) FROM statements s WHERE s.speaker_id = sp.id) AS statements"
            " FROM follows f JOIN speakers sp ON sp.id = f.speaker_id"
            " WHERE f.chat_id = ? ORDER BY lower(sp.name), sp.id",
            (chat_id,),
        )
        return [from_row(SpeakerRow, r) for r in rows]


class PgAlerts(SqliteAlerts):
    def __init__(self, db: PgExecutor, outbox: Outbox) -> None:
        super().__init__(db, outbox)
        self.listener = Listener(db.conninfo, OUTBOX_CHANNEL, outbox.changed)

    async def wake_on_new_alerts(self) -> None:
        """`LISTEN` for alerts any process writes (storage/postgres/listen.py)."""
        await self.listener.start()

    async def alerted_statements(self, chat_id: int, statement_ids: Sequence[int]) -> set[int]:
        rows = await self._db.fetchall(
            "SELECT DISTINCT j.value::bigint AS statement_id FROM outbox o,"
            " jsonb_array_elements_text(o.payload::jsonb -> 'statements') AS j(value)"
            " WHERE o.chat_id = ? AND o.kind = 'article' AND o.edit_of IS NULL"
            " AND (o.status = 'sent' OR (o.status = 'merged' AND EXISTS (SELECT 1 FROM outbox"
            "  m WHERE m.id = o.merged_into AND m.status = 'sent')))"
            f" AND j.value::bigint IN ({marks(statement_ids)})",
            (chat_id, *statement_ids),
        )
        return {int(r["statement_id"]) for r in rows}


class PgDelivery(SqliteDelivery):
    async def claim(self, alert_id: int, now: datetime, lease: timedelta) -> bool:
        """Several senders may try one row: the first locks it, the others skip it
        (`FOR UPDATE SKIP LOCKED`) instead of waiting to find it claimed."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE outbox SET due_at = ?, error = ? WHERE id = (SELECT id FROM outbox"
                " WHERE id = ? AND status = 'pending' AND due_at <= ? FOR UPDATE SKIP LOCKED)",
                (stamp(now + lease), IN_FLIGHT, alert_id, stamp(now)),
            )
            return changed == 1


class PgDeletion(SqliteDeletion):
    async def _leave_nothing_behind(self, tx: Writes, speakers: list[int]) -> None:
        """Speakers left with no statement go. A deleted statement's index entries go with
        its row (the tsvector is a column); VACUUM reclaims the space, outside any
        transaction (docs/scaling.md)."""
        await drop_silent_speakers(tx, speakers)
