"""/search with filters answers what a plain reading of the record answers, on both engines;
past the count cap it says "more than 1000" and still pages on.

The archive is the benchmark's generator at 5,000 statements (the same rows on both
engines); the reference is computed in Python from the tables' plain rows, not from the
search's own SQL.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest

import storage.postgres.search
import storage.sqlite.search
from bench.archive_queries import Store, offline_services
from bench.make_archive import ArchiveSize, build_archive
from bench.pg_archive import build_pg_archive
from handlers.format import target_labels
from handlers.format_archive import render_search
from services.resources import load_resources
from services.search import PAGE_SIZE, parse_query, search
from storage.models import SEARCH_COUNT_CAP, SearchFilters
from storage.postgres.store import PgStore
from storage.sqlite import SqliteStore
from tests.backends import BACKENDS, database_of

SIZE = ArchiveSize.scaled(5000)


@pytest.fixture(params=BACKENDS)
async def archive(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Store]:
    async with database_of(request.param, tmp_path) as database:
        store: Store
        if isinstance(database, Path):
            await asyncio.to_thread(build_archive, database, SIZE)
            store = await SqliteStore.open(database)
        else:
            await asyncio.to_thread(build_pg_archive, database, SIZE)
            store = await PgStore.open(database)
        try:
            yield store
        finally:
            await store.close()


@dataclass(frozen=True)
class Said:
    id: int
    text: str
    day: str  # when it was said: the article's date, else when it was recorded
    topics: frozenset[str]
    sides: frozenset[tuple[str, str]]  # (target, side)


async def record_of(db: Store) -> list[Said]:
    """Every statement with what the filters look at, read table by table."""
    fetch = db.executor.fetchall
    published = {
        r["id"]: r["published_at"] for r in await fetch("SELECT id, published_at FROM articles")
    }
    topics: dict[int, set[str]] = {}
    for r in await fetch("SELECT statement_id, topic FROM statement_topics"):
        topics.setdefault(r["statement_id"], set()).add(r["topic"])
    sides: dict[int, set[tuple[str, str]]] = {}
    for r in await fetch("SELECT statement_id, target, side FROM statement_positions"):
        sides.setdefault(r["statement_id"], set()).add((r["target"], r["side"]))
    return [
        Said(
            r["id"],
            r["text"],
            (published[r["article_id"]] or r["created_at"])[:10],
            frozenset(topics.get(r["id"], ())),
            frozenset(sides.get(r["id"], ())),
        )
        for r in await fetch("SELECT id, text, article_id, created_at FROM statements")
    ]


def newest_first(found: list[Said]) -> list[int]:
    return [s.id for s in sorted(found, key=lambda s: (s.day, s.id), reverse=True)]


async def every_page(db: Store, filters: SearchFilters) -> tuple[int, list[int]]:
    total, hits = await db.statements.search_archive(filters, PAGE_SIZE, 0)
    ids = [h.statement.id for h in hits]
    while len(ids) < total:
        _, hits = await db.statements.search_archive(filters, PAGE_SIZE, len(ids))
        assert hits, f"page at {len(ids)} of {total} is empty"
        ids += [h.statement.id for h in hits]
    return total, ids


async def test_filtered_searches_find_what_the_record_holds(archive: Store) -> None:
    record = await record_of(archive)
    against = [s for s in record if ("iran.military_action", "against") in s.sides]
    sanctions_on_iran = [s for s in record if "sanctions" in s.text.lower() and "iran" in s.topics]
    assert 20 < len(against) < SEARCH_COUNT_CAP and 20 < len(sanctions_on_iran) < SEARCH_COUNT_CAP

    sided = SearchFilters(side="against", target="iran.military_action")
    total, ids = await every_page(archive, sided)
    assert total == len(against) and ids == newest_first(against)  # the order too

    total, ids = await every_page(archive, SearchFilters(words=("sanctions",), topic="iran"))
    assert total == len(ids) == len(sanctions_on_iran)
    assert set(ids) == {s.id for s in sanctions_on_iran}  # ranked: the same statements

    taking_sides = [s for s in record if any(side == "for" for _, side in s.sides)]
    total, first = await archive.statements.search_archive(SearchFilters(side="for"), 5, 0)
    assert total == min(len(taking_sides), SEARCH_COUNT_CAP + 1)
    assert [h.statement.id for h in first] == newest_first(taking_sides)[:5]


async def test_past_the_cap_the_count_says_more_and_the_pages_go_on(archive: Store) -> None:
    record = await record_of(archive)
    on_iran = newest_first([s for s in record if "iran" in s.topics])
    assert len(on_iran) > SEARCH_COUNT_CAP + 2 * PAGE_SIZE
    services = offline_services(archive)
    labels = target_labels(load_resources().topics)

    first = await search(services, parse_query("topic:iran"))
    assert first.more and first.total == SEARCH_COUNT_CAP
    assert [h.statement.id for h in first.hits] == on_iran[:PAGE_SIZE]
    top = render_search(first, labels)[0].splitlines()[0]
    assert top.endswith("— more than 1000 statements (page 1 of 200+)"), top

    last_counted = SEARCH_COUNT_CAP // PAGE_SIZE  # the page after the first thousand
    deep = await search(services, parse_query("topic:iran"), last_counted)
    start = last_counted * PAGE_SIZE
    assert deep.page == last_counted and deep.pages > last_counted + 1
    assert [h.statement.id for h in deep.hits] == on_iran[start : start + PAGE_SIZE]

    exact = await search(services, parse_query("sanctions topic:iran"))
    assert not exact.more and "more than" not in render_search(exact, labels)[0]


async def test_the_generated_archive_keeps_its_running_totals_right(archive: Store) -> None:
    """On PostgreSQL the loader counts topics once instead of through the trigger."""
    fetch = archive.executor.fetchall
    recount = {
        r["topic"]: int(r["n"])
        for r in await fetch("SELECT topic, count(*) AS n FROM statement_topics GROUP BY topic")
    }
    kept = {r["topic"]: int(r["statements"]) for r in await fetch("SELECT * FROM topic_counts")}
    assert kept == recount and sum(kept.values()) > SIZE.statements


async def test_words_are_ranked_within_the_newest_matches_and_counted_past_them(
    archive: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    for engine in (storage.sqlite.search, storage.postgres.search):
        monkeypatch.setattr(engine, "RANK_WINDOW", 20)
    record = await record_of(archive)
    matches = sorted((s.id for s in record if "sanctions" in s.text.lower()), reverse=True)
    assert 20 * 3 < len(matches) < SEARCH_COUNT_CAP
    words = SearchFilters(words=("sanctions",))
    total, hits = await archive.statements.search_archive(words, 5, 0)
    assert total == len(matches) and {h.statement.id for h in hits} <= set(matches[:20])
    total, deep = await archive.statements.search_archive(words, 5, 30)  # past the window
    assert total == len(matches) and {h.statement.id for h in deep} <= set(matches[:35])


async def test_each_side_keeps_the_day_its_statement_was_said(archive: Store) -> None:
    """`said_on` orders /search side:… target:…; it must stay the statement's SAID_AT when a
    statement moves to another article (a deletion keeps it under a survivor) or an
    article's date changes."""
    db = archive.executor
    said = (
        "SELECT p.statement_id, p.target, p.said_on,"
        " substr(COALESCE(a.published_at, s.created_at), 1, 10) AS day"
        " FROM statement_positions p JOIN statements s ON s.id = p.statement_id"
        " JOIN articles a ON a.id = s.article_id ORDER BY p.statement_id"
    )
    rows = await db.fetchall(said)
    assert len(rows) > 100 and all(r["said_on"] == r["day"] for r in rows)
    first, last = rows[0], rows[-1]
    assert first["day"] != last["day"]
    target_article = await db.fetchone(
        "SELECT article_id FROM statements WHERE id = ?", (last["statement_id"],)
    )
    assert target_article is not None
    moved_to = target_article["article_id"]

    async def day_of(statement_id: int) -> str:
        row = await db.fetchone(
            "SELECT said_on FROM statement_positions WHERE statement_id = ?", (statement_id,)
        )
        assert row is not None
        return str(row["said_on"])

    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE statements SET article_id = ? WHERE id = ?", (moved_to, first["statement_id"])
        )
    assert await day_of(first["statement_id"]) == last["day"]  # moved: its new article's day
    async with db.transaction() as tx:
        await tx.execute(
            "UPDATE articles SET published_at = '2031-02-03T00:00:00+00:00' WHERE id = ?",
            (moved_to,),
        )
    assert await day_of(first["statement_id"]) == "2031-02-03" == await day_of(last["statement_id"])
    assert all(r["said_on"] == r["day"] for r in await db.fetchall(said))
