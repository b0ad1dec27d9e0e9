"""Moving up: the SQLite record copied into PostgreSQL (`python -m bot migrate-to URL`).

Every table is copied with its ids, parents before children, in batches, each row inserted
unless a row with its key is there already: run again (after the bot stored more in SQLite,
or after an interrupted copy) and only what is missing is added. The running totals
(topic_counts, target_positions) are not copied but rebuilt by PostgreSQL's triggers as the
rows they count arrive, so they agree with the rows by construction. Afterwards each table's
rows are counted on both sides, and the id sequences are moved past the copied ids.

The target must be empty or a copy of this same record: an article whose id names another
text there stops the copy before anything is written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from storage.database import Database
from storage.errors import CopyRefused
from storage.postgres.executor import PgExecutor
from storage.sqlite.executor import Executor

# Parents before children; a table's own references (outbox.edit_of, parse_jobs.job_id)
# point at smaller ids, except outbox.merged_into, which is set once every row is in.
TABLES = (
    "articles",
    "speakers",
    "speaker_aliases",
    "statements",
    "statement_sources",
    "statement_topics",
    "statement_positions",
    "position_changes",
    "corrections",
    "article_stories",
    "subscriptions",
    "follows",
    "chat_settings",
    "digest_marks",
    "outbox",
    "members",
    "invites",
    "approved_chats",
    "digest_messages",
    "kept_articles",
    "watched_channels",
    "channel_posts",
    "parse_jobs",
)
IDENTITIES = (
    "articles",
    "speakers",
    "statements",
    "position_changes",
    "corrections",
    "outbox",
    "parse_jobs",
)
BATCH = 1000


@dataclass(frozen=True)
class Copied:
    table: str
    source: int  # rows in SQLite
    target: int  # rows in PostgreSQL after the copy

    @property
    def agrees(self) -> bool:
        return self.source == self.target


async def _columns(db: Database, table: str, sqlite: bool) -> list[str]:
    if sqlite:
        rows = await db.fetchall(f"SELECT name FROM pragma_table_info('{table}')")
        return [r["name"] for r in rows]
    rows = await db.fetchall(
        "SELECT column_name AS name FROM information_schema.columns WHERE table_name = ?"
        " AND table_schema = current_schema() AND is_generated = 'NEVER' ORDER BY ordinal_position",
        (table,),
    )
    return [r["name"] for r in rows]


async def _count(db: Database, table: str) -> int:
    row = await db.fetchone(f"SELECT count(*) AS n FROM {table}")
    return int(row["n"]) if row else 0


async def _check_same_record(source: Executor, target: PgExecutor) -> None:
    theirs = await target.fetchall("SELECT id, sha256 FROM articles ORDER BY id")
    if not theirs:
        return
    ours = {r["id"]: r["sha256"] for r in await source.fetchall("SELECT id, sha256 FROM articles")}
    for row in theirs:
        if ours.get(row["id"]) != row["sha256"]:
            raise CopyRefused(
                f"the PostgreSQL database already holds another record (its article {row['id']}"
                " is not this file's): copy into an empty database"
            )


async def _copy_table(source: Executor, target: PgExecutor, table: str) -> None:
    shared = await _columns(target, table, sqlite=False)
    columns = [c for c in await _columns(source, table, sqlite=True) if c in shared]
    written = [c if c != "merged_into" else "NULL AS merged_into" for c in columns]
    insert = (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        " ON CONFLICT DO NOTHING"
    )
    read = f"SELECT {', '.join(written)} FROM {table}"
    async with source.reader.execute(read) as cursor:
        while rows := await cursor.fetchmany(BATCH):
            async with target.transaction() as tx:
                await tx.executemany(insert, [tuple(r) for r in rows])


async def _link_merged_alerts(source: Executor, target: PgExecutor) -> None:
    rows = await source.fetchall(
        "SELECT id, merged_into FROM outbox WHERE merged_into IS NOT NULL ORDER BY id"
    )
    async with target.transaction() as tx:
        await tx.executemany(
            "UPDATE outbox SET merged_into = ? WHERE id = ? AND merged_into IS NULL",
            [(r["merged_into"], r["id"]) for r in rows],
        )


async def _advance_identities(target: PgExecutor) -> None:
    async with target.transaction() as tx:
        for table in IDENTITIES:
            await tx.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )


async def copy_record(sqlite_path: Path, url: str, tables: Sequence[str] = TABLES) -> list[Copied]:
    """Copy the SQLite record at `sqlite_path` into the PostgreSQL database at `url` (both
    migrated first); each table's rows counted on both sides afterwards."""
    source = await Executor.open(sqlite_path)
    try:
        target = await PgExecutor.open(url)
        try:
            await _check_same_record(source, target)
            for table in tables:
                await _copy_table(source, target, table)
            await _link_merged_alerts(source, target)
            await _advance_identities(target)
            return [
                Copied(table, await _count(source, table), await _count(target, table))
                for table in tables
            ]
        finally:
            await target.close()
    finally:
        await source.close()
