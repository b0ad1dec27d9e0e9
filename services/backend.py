"""The storage backend: the one module of services that names an implementation.

Everything else in services is typed against `storage.ports`. The record is one SQLite
file (`DATABASE_PATH`), or a PostgreSQL database (`DATABASE_URL=postgresql://…`) that any
number of processes on any hosts may share (docs/scaling.md).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

from storage.ports import Store
from storage.postgres import PgStore
from storage.postgres.copy import copy_record
from storage.postgres.front_lock import still_held, wait_for_front_lock
from storage.sqlite import SqliteStore, backup_database, integrity_check

POSTGRES_SCHEMES = ("postgresql://", "postgres://")


def is_postgres(database: str | Path) -> bool:
    return isinstance(database, str) and database.startswith(POSTGRES_SCHEMES)


async def open_store(database: str | Path) -> Store:
    """Open (and migrate) the database, a SQLite file's path or a postgresql:// URL;
    `await store.close()` when done."""
    if is_postgres(database):
        return await PgStore.open(str(database))
    return await SqliteStore.open(database)


_held: list[object] = []  # the front lock's connection, open for the process's life


def take_postgres_front(
    url: str, retry_seconds: float, on_standby: Callable[[], None]
) -> Callable[[], bool]:
    """Take the record's front lock on PostgreSQL for the rest of the process (any host),
    waiting as a standby (after `on_standby()`) while another front holds it. Returns a
    blocking check: is the lock still held?"""
    conn = wait_for_front_lock(url, retry_seconds, on_standby)
    _held.append(conn)
    return lambda: still_held(conn)


async def backup(source: Path, target: Path) -> None:
    """A consistent copy of a live database, taken while the bot keeps writing."""
    await asyncio.to_thread(backup_database, source, target)


def check_integrity(path: Path) -> str:
    """'ok', or the database's own list of problems."""
    return integrity_check(path)


async def migrate_to(sqlite_path: Path, url: str) -> list[tuple[str, int, int]]:
    """Copy the SQLite record into the PostgreSQL database at `url` (safe to run again):
    (table, rows in SQLite, rows in PostgreSQL) for every table."""
    return [(c.table, c.source, c.target) for c in await copy_record(sqlite_path, url)]
