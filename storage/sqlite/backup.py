"""Backups and checks of a database file, by SQLite's own means.

Both work on the file, not on an open store: a backup must not migrate the database first,
so an old OnRecord can still back up a newer database before an upgrade.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


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
