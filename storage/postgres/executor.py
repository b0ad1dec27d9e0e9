"""One PostgreSQL database as every area of the PostgreSQL store uses it: typed reads and
writes (`storage.database.Database`), over psycopg 3.

Two connections, like the SQLite executor: a reader in autocommit mode answers queries, a
writer takes one transaction at a time (serialised by a lock in this process; other
processes are PostgreSQL's business: row locks, `ON CONFLICT`, `SKIP LOCKED`). Rows come
back as dicts, read by column name.

The areas whose SQL both engines speak are written once with `?` placeholders; `to_postgres`
turns those into psycopg's `%s` (and a literal `%` into `%%`), `INSERT OR IGNORE` into
`INSERT … ON CONFLICT DO NOTHING`, and an empty `IN ()` list, which PostgreSQL refuses,
into `IN (NULL)`, which matches nothing as SQLite's does. Nothing else is rewritten: what
differs more is written out in this package.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
import os
import re
from collections.abc import AsyncIterator, Iterable
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict
from psycopg.rows import dict_row

from storage.database import Params
from storage.errors import DatabaseUnavailable, WriteConflict
from storage.postgres.migrate import bundled_migrations, migrate

log = logging.getLogger(__name__)

_OR_IGNORE = re.compile(r"^\s*INSERT OR IGNORE INTO", re.IGNORECASE)
_EMPTY_IN = re.compile(r"\bIN \(\)")
_EMPTY_NOT_IN = re.compile(r"\bNOT\s+IN \(\)", re.IGNORECASE)
_INSERT = re.compile(r"^\s*INSERT\b", re.IGNORECASE)


@functools.lru_cache(maxsize=1024)
def to_postgres(sql: str) -> str:
    """The shared areas' SQL in psycopg's spelling (see the module's docstring)."""
    if _EMPTY_NOT_IN.search(sql):  # `NOT IN (NULL)` would match nothing, `NOT IN ()` all
        raise ValueError(f"an empty NOT IN list has no PostgreSQL spelling: {sql[:80]}")
    sql = sql.replace("%", "%%").replace("?", "%s")
    sql = _EMPTY_IN.sub("IN (NULL)", sql)
    if _OR_IGNORE.match(sql):
        sql = _OR_IGNORE.sub("INSERT INTO", sql, count=1) + " ON CONFLICT DO NOTHING"
    return sql


def shown(conninfo: str) -> str:
    """The server a connection string names, for messages: host, port and database, never
    the password."""
    try:
        info = conninfo_to_dict(conninfo)
    except psycopg.ProgrammingError:
        return "the database named by DATABASE_URL"
    host = info.get("host") or os.environ.get("PGHOST") or "localhost"
    port = info.get("port") or os.environ.get("PGPORT") or "5432"
    name = info.get("dbname") or os.environ.get("PGDATABASE") or "(default database)"
    return f"PostgreSQL at {host}:{port}/{name}"


async def connect(conninfo: str) -> psycopg.AsyncConnection[dict[str, Any]]:
    """A connection in autocommit mode, rows as dicts; DatabaseUnavailable, in one line,
    when the server can't be reached or refuses us."""
    try:
        return await psycopg.AsyncConnection.connect(
            conninfo, autocommit=True, row_factory=dict_row, connect_timeout=10
        )
    except (psycopg.OperationalError, psycopg.ProgrammingError) as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise DatabaseUnavailable(f"cannot open {shown(conninfo)}: {reason}") from exc


class PgReads:
    """Queries on one connection."""

    def __init__(self, conn: psycopg.AsyncConnection[dict[str, Any]]) -> None:
        self._conn = conn

    async def fetchall(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        cursor = await self._conn.execute(to_postgres(sql), tuple(params))
        return await cursor.fetchall()

    async def fetchone(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        cursor = await self._conn.execute(to_postgres(sql), tuple(params))
        return await cursor.fetchone()


class PgTransaction(PgReads):
    """The writer inside one transaction: its reads see its own writes."""

    async def execute(self, sql: str, params: Params = ()) -> int:
        """Run one statement; the number of rows it changed."""
        cursor = await self._conn.execute(to_postgres(sql), tuple(params))
        return int(cursor.rowcount)

    async def insert(self, sql: str, params: Params = ()) -> int:
        """Run one INSERT; the id of the row it wrote."""
        assert _INSERT.match(sql), sql
        cursor = await self._conn.execute(to_postgres(sql) + " RETURNING id", tuple(params))
        row = await cursor.fetchone()
        assert row is not None
        return int(row["id"])

    async def executemany(self, sql: str, rows: Iterable[Params]) -> None:
        batch = [tuple(r) for r in rows]
        if batch:
            async with self._conn.cursor() as cursor:
                await cursor.executemany(to_postgres(sql), batch)


class PgExecutor(PgReads):
    """Reads on the reader connection, writes in transactions on the writer. Open with
    `await PgExecutor.open(conninfo)` (migrating the database); always `await close()`.

    A connection the server dropped (a restart, a failover, an idle timeout) fails the one
    query or transaction in flight; the next one opens a new connection, so a server restart
    costs the requests it interrupted, not the process."""

    def __init__(
        self,
        writer: psycopg.AsyncConnection[dict[str, Any]],
        reader: psycopg.AsyncConnection[dict[str, Any]],
        conninfo: str,
    ) -> None:
        super().__init__(reader)
        self._writer = writer
        self.reader = reader
        self.conninfo = conninfo
        self._write_lock = asyncio.Lock()
        self._read_lock = asyncio.Lock()

    @classmethod
    async def open(cls, conninfo: str) -> PgExecutor:
        writer = await connect(conninfo)
        try:
            await migrate(writer, bundled_migrations())
            reader = await connect(conninfo)
        except BaseException:
            await writer.close()
            raise
        return cls(writer, reader, conninfo)

    async def close(self) -> None:
        await self.reader.close()
        await self._writer.close()

    async def _reconnected(
        self, conn: psycopg.AsyncConnection[dict[str, Any]]
    ) -> psycopg.AsyncConnection[dict[str, Any]]:
        if not (conn.closed or conn.broken):
            return conn
        log.warning("the connection to %s was lost; opening a new one", shown(self.conninfo))
        await conn.close()
        return await connect(self.conninfo)

    async def fetchall(self, sql: str, params: Params = ()) -> list[dict[str, Any]]:
        async with self._read_lock:
            self._conn = self.reader = await self._reconnected(self.reader)
        return await super().fetchall(sql, params)

    async def fetchone(self, sql: str, params: Params = ()) -> dict[str, Any] | None:
        async with self._read_lock:
            self._conn = self.reader = await self._reconnected(self.reader)
        return await super().fetchone(sql, params)

    async def execute(self, sql: str, params: Params = ()) -> int:
        """One statement in a transaction of its own; the number of rows it changed."""
        async with self.transaction() as tx:
            return await tx.execute(sql, params)

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgTransaction]:
        """One write transaction at a time in this process; rolled back on any error.

        Transactions of other processes are not serialised: two writers that lock the same
        rows in opposite orders (two articles naming the same speakers, or the same topics,
        in different orders) deadlock, and PostgreSQL rolls one back. That one ends in
        `WriteConflict`, which the caller may retry from the start."""
        async with self._write_lock:
            self._writer = await self._reconnected(self._writer)
            try:
                async with self._writer.transaction():
                    yield PgTransaction(self._writer)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure) as exc:
                raise WriteConflict(" ".join(str(exc).split()[:12])) from exc

    async def writes_settled(self) -> None:
        """Wait until this process's transaction in progress, if any, has committed."""
        async with self._write_lock:
            pass
