"""One SQLite database as every area of the SQLite store uses it: typed reads and writes.

Two aiosqlite connections: the reader answers queries (WAL lets it read while a write is in
progress, so /iran never waits for an ingest), the writer takes one short explicit
transaction at a time (`BEGIN IMMEDIATE` … `COMMIT`, serialised by a lock), so a crash
leaves either all of an article or none of it. Rows come back as `sqlite3.Row` and are read
by column name.
"""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Iterable
from pathlib import Path

import aiosqlite

from storage.database import Params
from storage.sqlite.migrate import bundled_migrations, migrate

Row = sqlite3.Row

PRAGMAS = (
    "PRAGMA journal_mode = WAL",
    "PRAGMA foreign_keys = ON",
    "PRAGMA busy_timeout = 5000",
    "PRAGMA synchronous = NORMAL",
    "PRAGMA secure_delete = ON",  # deleted rows and freed pages are overwritten with zeros
)


async def _connect(path: Path) -> aiosqlite.Connection:
    conn = await aiosqlite.connect(path, isolation_level=None)
    conn.row_factory = sqlite3.Row
    for pragma in PRAGMAS:
        await conn.execute(pragma)
    return conn


class Reads:
    """Queries on one connection."""

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def fetchall(self, sql: str, params: Params = ()) -> list[Row]:
        async with self._conn.execute(sql, tuple(params)) as cursor:
            return list(await cursor.fetchall())

    async def fetchone(self, sql: str, params: Params = ()) -> Row | None:
        async with self._conn.execute(sql, tuple(params)) as cursor:
            row: Row | None = await cursor.fetchone()
            return row


class Transaction(Reads):
    """The writer inside one transaction: its reads see its own writes."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""
        async with self._conn.execute(sql, tuple(params)) as cursor:
            return int(cursor.rowcount)

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT; the id of the row it wrote."""
        async with self._conn.execute(sql, tuple(params)) as cursor:
            assert cursor.lastrowid is not None
            return int(cursor.lastrowid)

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        await self._conn.executemany(sql, [tuple(r) for r in rows])


class Executor(Reads):
    """Reads on the reader connection, writes in transactions on the writer. Open with
    `await Executor.open(path)` (migrating it); always `await close()`."""

    def __init__(self, writer: aiosqlite.Connection, reader: aiosqlite.Connection) -> None:
        super().__init__(reader)
        self._writer = writer
        self.reader = reader  # public for tracing (bench/archive_queries.py)
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path) -> Executor:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        writer = await _connect(path)
        try:
            await migrate(writer, bundled_migrations())
            reader = await _connect(path)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader)

    async def close(self) -> None:
        await self.reader.close()
        await self._writer.close()

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One statement in a transaction of its own; the number of rows it changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        """One write transaction at a time; rolled back on any error."""
        async with self._write_lock:
            await self._writer.execute("BEGIN IMMEDIATE")
            try:
                yield Transaction(self._writer)
            except BaseException:
                await self._writer.rollback()
                raise
            await self._writer.commit()

    async def writes_settled(self) -> None:
        """Wait until the transaction in progress, if any, has committed."""
        async with self._write_lock:
            pass
