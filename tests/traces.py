"""Where a string is in a SQLite database: every row of every table, and the bytes of the
file and of its write-ahead log and journal beside it.

Used to show that an update the access gate refused left nothing of its content behind.
A marker is looked for as text (case-folded) in every column, as UTF-8 bytes in every blob
(a pickled job result holds its strings that way), and as bytes in the files, where a row
written and deleted again would still show in a page that was not zeroed. Readable while
the bot runs: the database is opened read-only.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path


def rows_holding(database: Path, marker: str) -> list[str]:
    """ "table.column" for each value that holds `marker`."""
    folded, raw = marker.casefold(), marker.encode("utf-8")
    found: list[str] = []
    conn = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    try:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        for table in tables:
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            columns = [d[0] for d in cursor.description]
            for row in cursor:
                for column, value in zip(columns, row, strict=True):
                    text_hit = isinstance(value, str) and folded in value.casefold()
                    blob_hit = isinstance(value, bytes) and raw in value
                    if text_hit or blob_hit:
                        found.append(f"{table}.{column}")
    finally:
        conn.close()
    return found


def files_holding(database: Path, marker: str) -> list[str]:
    """The database's files (itself, -wal, -journal) whose bytes hold `marker`."""
    raw = marker.encode("utf-8")
    files = [database, *(database.with_name(database.name + s) for s in ("-wal", "-journal"))]
    return [p.name for p in files if p.is_file() and raw in p.read_bytes()]


def traces_of(database: Path, marker: str) -> list[str]:
    """Every place `marker` is found; empty when the database holds no trace of it."""
    return rows_holding(database, marker) + files_holding(database, marker)
