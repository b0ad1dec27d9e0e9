"""The storage backend: the one module of services that names an implementation.

Everything else in services is typed against `storage.ports`. Today the record is one
SQLite file; a PostgreSQL store plugs in here (chosen by the database setting) without any
other service changing.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

from storage.ports import Store
from storage.sqlite import SqliteStore, backup_database, integrity_check


async def open_store(path: str | Path) -> Store:
    """Open (and migrate) the database; `await store.close()` when done."""
    return await SqliteStore.open(path)


async def backup(source: Path, target: Path) -> None:
    """A consistent copy of a live database, taken while the bot keeps writing."""
    await asyncio.to_thread(backup_database, source, target)


def check_integrity(path: Path) -> str:
    """'ok', or the database's own list of problems."""
    return integrity_check(path)
