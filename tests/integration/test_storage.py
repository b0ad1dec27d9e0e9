"""Storage on a real database, each test on SQLite and on PostgreSQL: migrations, dedupe,
speaker identity, topics, full-text search."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import aiosqlite
import pytest

from extraction import Speaker
from services.speakers import name_key, new_speaker
from storage import (
    MigrationError,
    NewArticle,
    NewStatement,
    SchemaTooNewError,
)
from storage.models import StatementPosition
from storage.ports import Store
from storage.sqlite import SqliteStore
from storage.sqlite.migrate import bundled_migrations, load_migrations, migrate, schema_version
from tests.backends import INTEGRITY_ERRORS


def article(text: str, when: str = "2026-11-24T10:00:00+00:00") -> NewArticle:
    return NewArticle(
        sha256=str(abs(hash(text))),
        text=text,
        gist=text[:40],
        source="Test Wire",
        source_url=None,
        sender_id=1,
        chat_id=1,
        received_at=when,
    )


def statement(
    text: str,
    speaker: str | None,
    topics: tuple[str, ...] = (),
    sides: dict[str, str] | None = None,
) -> NewStatement:
    """A statement on `topics`, taking `sides` ({target: side}) at confidence 0.9."""
    return NewStatement(
        speaker=new_speaker(Speaker(speaker)) if speaker else None,
        speaker_text=speaker,
        kind="indirect",
        text=text,
        span=(0, len(text)),
        cue="said",
        score=0.5,
        topics=topics,
        positions=tuple(
            StatementPosition(target, side, 0.9, "warned") for target, side in (sides or {}).items()
        ),
    )


@pytest.fixture
def db(store: Store) -> Store:
    return store


async def test_migrations_from_empty_reach_the_latest_version(tmp_path: Path) -> None:
    db = await SqliteStore.open(tmp_path / "fresh.sqlite3")
    await db.close()
    with sqlite3.connect(tmp_path / "fresh.sqlite3") as conn:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        journal = conn.execute("PRAGMA journal_mode").fetchone()[0]
    assert version == bundled_migrations()[-1].version
    assert {
        "articles",
        "speakers",
        "statements",
        "statement_topics",
        "subscriptions",
        "statements_fts",
    } <= tables
    assert journal == "wal"


async def test_failing_migration_leaves_the_previous_version(tmp_path: Path) -> None:
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_first.sql").write_text("CREATE TABLE a (x INTEGER);")
    (folder / "0002_broken.sql").write_text(
        "CREATE TABLE b (y INTEGER);\nINSERT INTO nowhere VALUES (1);"
    )
    async with aiosqlite.connect(tmp_path / "m.sqlite3", isolation_level=None) as conn:
        with pytest.raises(MigrationError, match="0002_broken"):
            await migrate(conn, load_migrations(folder))
        assert await schema_version(conn) == 1
        async with conn.execute("SELECT name FROM sqlite_master WHERE name = 'b'") as cur:
            assert await cur.fetchone() is None  # the half-done migration was rolled back


async def test_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "newer.sqlite3"
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA user_version = 999")
    with pytest.raises(SchemaTooNewError, match="999"):
        await SqliteStore.open(path)


async def test_same_article_is_stored_once(db: Store) -> None:
    first = await db.articles.store_article(article("Text A"), [statement("A said", "Ann Lee")])
    again = await db.articles.store_article(article("Text A"), [statement("A said", "Ann Lee")])
    assert first.created and not again.created
    assert again.id == first.id and again.statement_ids == first.statement_ids
    assert (await db.counts())["statements"] == 1


async def test_a_failed_store_leaves_nothing_half_written(db: Store) -> None:
    bad = statement("x", "Ann Lee")
    bad = NewStatement(**{**bad.__dict__, "kind": "not-a-kind"})
    with pytest.raises(INTEGRITY_ERRORS):
        await db.articles.store_article(article("Text B"), [statement("fine", "Ann Lee"), bad])
    assert await db.counts() == {"articles": 0, "speakers": 0, "statements": 0, "subscriptions": 0}


async def test_one_person_across_articles_and_spellings_is_one_speaker(db: Store) -> None:
    await db.articles.store_article(article("1"), [statement("s1", "Dmitry Peskov", ("iran",))])
    await db.articles.store_article(article("2"), [statement("s2", "Dmitri Peskov", ("iran",))])
    await db.articles.store_article(article("3"), [statement("s3", "Peskov", ("iran",))])
    await db.articles.store_article(article("4"), [statement("s4", "Volodymyr Zelenskyy")])
    await db.articles.store_article(article("5"), [statement("s5", "Volodymyr Zelensky")])
    assert (await db.counts())["speakers"] == 2
    (speaker,) = await db.speakers.speakers_matching([name_key("Peskov")])
    assert speaker.name == "Dmitry Peskov" and speaker.statements == 3


async def test_people_sharing_a_surname_stay_apart(db: Store) -> None:
    await db.articles.store_article(article("1"), [statement("s1", "Donald Trump")])
    await db.articles.store_article(article("2"), [statement("s2", "Melania Trump")])
    assert (await db.counts())["speakers"] == 2


async def test_topic_statements_are_newest_first_with_their_sides(db: Store) -> None:
    await db.articles.store_article(
        article("old", "2026-11-01T00:00:00+00:00"),
        [statement("old on iran", "A B", ("iran",), {"iran.military_action": "against"})],
    )
    await db.articles.store_article(
        article("new", "2026-11-20T00:00:00+00:00"),
        [
            statement("new on iran", "A B", ("iran",), {"iran.nuclear_deal": "for"}),
            statement("cuba", "A B", ("cuba",)),
        ],
    )
    rows = await db.statements.statements_for_topic("iran")
    assert [r.text for r in rows] == ["new on iran", "old on iran"]
    assert rows[0].source == "Test Wire"
    assert [(p.target, p.side, p.evidence) for p in rows[0].positions] == [
        ("iran.nuclear_deal", "for", "warned")
    ]
    assert [(p.target, p.side) for p in rows[1].positions] == [("iran.military_action", "against")]
    assert await db.statements.count_for_topic("iran") == 2
    assert await db.statements.count_for_topic("cuba") == 1


async def test_a_noun_phrase_statement_keeps_the_reporters_words(db: Store) -> None:
    plain = statement("the harbour fees", "Lena Holm", ("iran",)).__dict__
    named = NewStatement(**{**plain, "cue": "condemned", "display": "condemned the harbour fees"})
    await db.articles.store_article(
        article("Lena Holm condemned the harbour fees."),
        [named, statement("ports stay open", "Lena Holm", ("iran",))],
    )
    rows = await db.statements.statements_for_topic("iran")
    assert {r.text: r.display for r in rows} == {
        "the harbour fees": "condemned the harbour fees",
        "ports stay open": None,
    }
    to_fix = {r.id: await db.corrections.statement_to_fix(r.id) for r in rows}
    assert {f.text: f.display for f in to_fix.values() if f} == {
        "the harbour fees": "condemned the harbour fees",
        "ports stay open": None,
    }


async def test_full_text_search_finds_word_forms(db: Store) -> None:
    await db.articles.store_article(
        article("x"),
        [
            statement("Russia continues to make efforts to de-escalate tensions", "A B"),
            statement("Trade talks resume", "C D"),
        ],
    )
    hits = await db.statements.search_statements(["effort"])
    assert [h.text for h in hits] == ["Russia continues to make efforts to de-escalate tensions"]
    assert await db.statements.search_statements(["nothinglikethis"]) == []


async def test_subscriptions_round_trip(db: Store) -> None:
    assert await db.chats.subscribe(5, "iran", "2026-11-25T00:00:00+00:00")
    assert not await db.chats.subscribe(5, "iran", "2026-11-25T00:00:00+00:00")
    assert await db.chats.subscriptions(5) == ["iran"]
    assert await db.chats.unsubscribe(5, "iran")
    assert await db.chats.subscriptions(5) == []


async def test_a_channel_watched_again_keeps_its_pause(db: Store) -> None:
    now = "2026-01-01T00:00:00+00:00"
    await db.sources.watch_channel(-1001000000777, "Wire Watch", "wirewatch", 1001, now)
    assert await db.sources.set_channel_status(-1001000000777, "paused", now)
    await db.sources.watch_channel(-1001000000777, "Wire Watch 2", "wirewatch", 1001, now)
    channel = await db.sources.watched_channel(-1001000000777)
    assert channel is not None and (channel.title, channel.status) == ("Wire Watch 2", "paused")
