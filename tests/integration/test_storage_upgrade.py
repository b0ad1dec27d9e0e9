"""A database written before storage moved behind its protocols opens unchanged.

`databases/schema-6-from-main.sqlite3` was written by OnRecord as it was before
`storage/sqlite/` existed (schema version 6): the seed article ingested by member 42, a
stance correction, two subscriptions with an alert waiting, quiet hours, an approved group,
a watched channel and a digest message. It must open with no migration run and read back
row for row, and a fresh database must get exactly its schema.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from storage.models import SearchFilters
from storage.sqlite import SqliteStore
from storage.sqlite.migrate import bundled_migrations

WRITTEN_BEFORE = Path(__file__).parent / "databases" / "schema-6-from-main.sqlite3"


def _schema(path: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        return [tuple(r) for r in rows]


def _version(path: Path) -> int:
    with sqlite3.connect(path) as conn:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])


async def test_an_existing_database_opens_without_a_migration_and_reads_back(
    tmp_path: Path,
) -> None:
    path = tmp_path / "onrecord.sqlite3"
    shutil.copy(WRITTEN_BEFORE, path)
    schema = _schema(path)
    assert _version(path) == 6 == bundled_migrations()[-1].version

    store = await SqliteStore.open(path)
    try:
        assert await store.counts() == {
            "articles": 1,
            "speakers": 1,
            "statements": 19,
            "subscriptions": 2,
        }
        iran = await store.statements.statements_for_topic("iran")
        assert len(iran) == 2 and all(r.speaker == "Dmitry Peskov" for r in iran)
        assert await store.statements.count_for_topic("ukraine") == 10
        fixed = await store.corrections.statement_to_fix(1)
        assert fixed is not None and fixed.stance == "positive"
        assert await store.corrections.corrections_for_article(1) == [(1, "stance", "positive")]
        (alert,) = await store.alerts.alerts()
        assert (alert.chat_id, alert.kind, alert.status, alert.topics) == (
            43,
            "article",
            "pending",
            ("ukraine",),
        )
        assert (await store.chats.chat_settings(43)).quiet_start == 23 * 60
        assert await store.chats.subscriptions(42) == ["iran"]
        assert [m.user_id for m in await store.access.members()] == [42]
        assert await store.access.is_approved_chat(-100)
        channel = await store.sources.watched_channel(-1001)
        assert channel is not None and channel.status == "active"
        ref = await store.articles.article_for_digest(42, 1000)
        assert ref is not None and (ref.id, ref.sender_id, ref.statements) == (1, 42, 19)
        total, hits = await store.statements.search_archive(SearchFilters(words=("destabilize",)))
        assert total >= 1 and hits[0].statement.speaker == "Dmitry Peskov"
        positions = await store.positions.positions_for_topic("iran")
        assert [(p.speaker, p.statements) for p in positions] == [("Dmitry Peskov", 2)]

        # …and keeps its formats for what is written from now on.
        assert await store.corrections.correct_statement(
            2, "stance", 1, "2026-12-01", stance="negative"
        )
        with sqlite3.connect(path) as conn:
            original = conn.execute(
                "SELECT original FROM corrections WHERE statement_id = 2"
            ).fetchone()[0]
        assert list(json.loads(original)) == list(
            json.loads(
                sqlite3.connect(WRITTEN_BEFORE)
                .execute("SELECT original FROM corrections WHERE statement_id = 1")
                .fetchone()[0]
            )
        )
    finally:
        await store.close()
    assert _version(path) == 6
    assert _schema(path) == schema


async def test_a_fresh_database_gets_the_same_schema(tmp_path: Path) -> None:
    store = await SqliteStore.open(tmp_path / "fresh.sqlite3")
    await store.close()
    assert _schema(tmp_path / "fresh.sqlite3") == _schema(WRITTEN_BEFORE)
