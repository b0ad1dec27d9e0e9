"""The trace finder (tests/traces.py) sees a marker wherever the store wrote it, while the
store is open: in a row's text, in a blob, and in the file's bytes; and nothing else."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from storage.sqlite import SqliteStore
from tests.integration.test_storage import article, statement
from tests.traces import files_holding, rows_holding, traces_of

MARKER = "qzvtracemarker"


async def test_a_stored_marker_is_found_in_rows_and_files_and_an_absent_one_is_not(
    tmp_path: Path,
) -> None:
    path = tmp_path / "onrecord.sqlite3"
    db = await SqliteStore.open(path)
    try:
        await db.articles.store_article(
            article(f"Report: the {MARKER.upper()} plan was discussed."),
            [statement(f"the {MARKER} plan would fail", "Ann Lee")],
        )
        found = rows_holding(path, MARKER)
        assert "articles.text" in found and "statements.text" in found, found
        assert files_holding(path, MARKER), "the write-ahead log or the file holds it"
        assert traces_of(path, "qzvneverwritten") == []
    finally:
        await db.close()


def test_a_marker_inside_a_blob_is_found(tmp_path: Path) -> None:
    path = tmp_path / "blobs.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE results (result BLOB)")
        conn.execute("INSERT INTO results VALUES (?)", (b"\x80\x04" + MARKER.encode() + b"\x94",))
    conn.close()
    assert rows_holding(path, MARKER) == ["results.result"]
    assert files_holding(path, MARKER) == ["blobs.sqlite3"]
