"""The shared areas' SQL in psycopg's spelling: what `to_postgres` rewrites, and the one
SQLite form it refuses instead of changing its meaning."""

from __future__ import annotations

import pytest

from storage.postgres.executor import to_postgres


def test_placeholders_and_literal_percent_signs() -> None:
    assert to_postgres("SELECT 1 FROM t WHERE a = ? AND b LIKE '%x'") == (
        "SELECT 1 FROM t WHERE a = %s AND b LIKE '%%x'"
    )


def test_insert_or_ignore_becomes_on_conflict_do_nothing() -> None:
    assert to_postgres("INSERT OR IGNORE INTO follows (a) SELECT ? FROM s WHERE id = ?") == (
        "INSERT INTO follows (a) SELECT %s FROM s WHERE id = %s ON CONFLICT DO NOTHING"
    )
    assert to_postgres("INSERT INTO t (a) VALUES (?)") == "INSERT INTO t (a) VALUES (%s)"


def test_an_empty_in_list_matches_nothing_and_an_empty_not_in_list_is_refused() -> None:
    assert to_postgres("SELECT id FROM t WHERE id IN ()") == "SELECT id FROM t WHERE id IN (NULL)"
    with pytest.raises(ValueError, match="NOT IN"):
        to_postgres("SELECT id FROM t WHERE id NOT IN ()")
