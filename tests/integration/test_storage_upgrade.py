"""Databases written by earlier OnRecords upgrade to positions on targets with nothing lost.

`databases/schema-6-from-main.sqlite3` was written before `storage/sqlite/` existed: the seed
article ingested by member 42, a stance correction, two subscriptions with an alert waiting,
quiet hours, an approved group, a watched channel and a digest message.

`databases/schema-6-stance.sqlite3` was written by the code just before migration 0007 (the
last with the generic stance), through the services: the seed article and four articles by
Anna Berg on Iran (one repeating a quote from another outlet, one reversing her stance, which
recorded a stance change and queued its alert for a subscriber of /iran), and a stance
correction.

Migration 0007 must carry both over: every statement, source, topic and correction kept, the
stance columns and totals gone, the stance change and its unsent alert retired; and a fresh
database must get exactly the upgraded schema.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from storage.models import SearchFilters
from storage.sqlite import SqliteStore
from storage.sqlite.migrate import bundled_migrations

DATABASES = Path(__file__).parent / "databases"
BEFORE_STORAGE = DATABASES / "schema-6-from-main.sqlite3"
WITH_STANCE = DATABASES / "schema-6-stance.sqlite3"
KEPT_TABLES = ("articles", "statements", "statement_sources", "statement_topics", "corrections")


def _schema(path: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        return [tuple(r) for r in rows]


def _one(path: Path, sql: str) -> object:
    with sqlite3.connect(path) as conn:
        return conn.execute(sql).fetchone()[0]


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    """Every row of `table`, without the stance columns 0007 drops and the display column
    0013 adds."""
    with sqlite3.connect(path) as conn:
        info = conn.execute(f"PRAGMA table_info({table})")
        columns = [r[1] for r in info if r[1] not in ("stance", "display")]
        return conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY 1, 2").fetchall()


def _copy(source: Path, tmp_path: Path) -> Path:
    path = tmp_path / "onrecord.sqlite3"
    shutil.copy(source, path)
    assert _one(path, "PRAGMA user_version") == 6
    return path


@pytest.mark.parametrize("source", [BEFORE_STORAGE, WITH_STANCE], ids=lambda p: p.stem)
async def test_a_schema_6_database_upgrades_keeping_every_statement(
    source: Path, tmp_path: Path
) -> None:
    path = _copy(source, tmp_path)
    before = {table: _rows(path, table) for table in KEPT_TABLES}
    topic_counts = _rows(path, "topic_counts")
    store = await SqliteStore.open(path)
    await store.close()
    # 0007 carries the statements over; 0008 adds the (empty) parse-job queue, 0009 follows,
    # 0011 the chats' digest due times, 0012 the day each side was said, 0013 the
    # reporter's words of a noun-phrase statement.
    assert _one(path, "PRAGMA user_version") == bundled_migrations()[-1].version == 13
    assert _rows(path, "parse_jobs") == [] and _rows(path, "follows") == []
    assert _one(path, "PRAGMA integrity_check") == "ok"
    assert sqlite3.connect(path).execute("PRAGMA foreign_key_check").fetchall() == []
    assert {table: _rows(path, table) for table in KEPT_TABLES} == before
    assert _rows(path, "topic_counts") == topic_counts
    # statements stored before 0013 have no reporter's words: they show as quotes
    assert _one(path, "SELECT count(*) FROM statements WHERE display IS NOT NULL") == 0
    columns = {
        table: {r[1] for r in sqlite3.connect(path).execute(f"PRAGMA table_info({table})")}
        for table in ("statements", "statement_topics", "chat_settings")
    }
    assert "digest_next_due" in columns["chat_settings"]
    assert "stance" not in columns["statements"] | columns["statement_topics"]
    tables = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM sqlite_master")}
    assert "topic_positions" not in tables
    assert {"statement_positions", "target_positions", "position_changes"} <= tables
    # The old stance had no target: no side is invented for the statements on record.
    assert _one(path, "SELECT count(*) FROM statement_positions") == 0


async def test_the_stance_era_record_reads_back_and_takes_sides_from_now_on(
    tmp_path: Path,
) -> None:
    path = _copy(WITH_STANCE, tmp_path)
    store = await SqliteStore.open(path)
    try:
        assert await store.counts() == {
            "articles": 5,
            "speakers": 2,
            "statements": 23,
            "subscriptions": 1,
        }
        iran = await store.statements.statements_for_topic("iran", limit=20)
        assert {r.speaker for r in iran} == {"Anna Berg", "Dmitry Peskov"}
        assert all(r.positions == () for r in iran)
        repeated = next(r for r in iran if "dangerous mistake" in r.text)
        assert repeated.sources == 2  # statement_sources kept
        assert await store.corrections.corrections_for_article(1) == [(1, "stance", "positive")]
        total, hits = await store.statements.search_archive(SearchFilters(words=("destabilize",)))
        assert total == 3 and {h.statement.speaker for h in hits} == {"Anna Berg", "Dmitry Peskov"}
        # The stance change and its unsent alert are retired, never sent as a change of line.
        assert await store.positions.changes_of_line(targets=["iran"]) == []
        due = await store.alerts.due_alerts(datetime.now(UTC), 100)
        assert [r.kind for r in due].count("position_change") == 0
        [retired] = [r for r in await store.alerts.alerts() if r.kind == "position_change"]
        assert retired.status == "skipped"

        # Written from now on: a member's side on a target, counted at once.
        berg = next(r for r in iran if r.speaker == "Anna Berg" and "destabilize" in r.text)
        assert await store.corrections.correct_position(
            berg.id, "iran.military_action", "against", 42, "2026-12-01T00:00:00+00:00"
        )
        [side] = await store.positions.sides_on_targets(["iran.military_action"])
        assert (side.side, side.speakers) == ("against", (("Anna Berg", 1),))
        original = _one(path, "SELECT original FROM corrections ORDER BY id DESC LIMIT 1")
        assert json.loads(str(original))["positions"] == []
    finally:
        await store.close()


async def test_a_fresh_database_gets_the_upgraded_schema(tmp_path: Path) -> None:
    upgraded = _copy(BEFORE_STORAGE, tmp_path)
    await (await SqliteStore.open(upgraded)).close()
    store = await SqliteStore.open(tmp_path / "fresh.sqlite3")
    await store.close()
    assert _schema(tmp_path / "fresh.sqlite3") == _schema(upgraded)
