"""The positions area of the store on a real database (SQLite and PostgreSQL): a member's
side, /forget_me, the latest side, and /iran's queries answered from indexes on a generated
archive (SQLite)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from bench.archive_queries import explain
from bench.make_archive import ArchiveSize, build_archive
from extraction import Speaker
from services.speakers import new_speaker
from storage import NewArticle, NewStatement
from storage.models import StatementPosition
from storage.ports import Store
from storage.sqlite import SqliteStore
from tests.backends import INTEGRITY_ERRORS

STRIKES = "iran.military_action"
WHEN = "2026-11-24T10:00:00+00:00"


def statement(text: str, *sides: tuple[str, str, float]) -> NewStatement:
    return NewStatement(
        speaker=new_speaker(Speaker("Anna Berg")),
        speaker_text="Anna Berg",
        kind="direct",
        text=text,
        span=(0, len(text)),
        cue="said",
        score=0.5,
        topics=("iran",),
        positions=tuple(StatementPosition(t, s, c, "warned") for t, s, c in sides),
    )


@pytest.fixture
async def db(store: Store) -> Store:
    article = NewArticle("a" * 64, "text", "gist", "Wire", None, 7, 7, WHEN)
    await store.articles.store_article(
        article,
        [
            statement("one", (STRIKES, "against", 0.8)),
            statement("two", (STRIKES, "against", 0.9), ("iran.nuclear_deal", "for", 0.7)),
            statement("three"),
        ],
    )
    return store


async def test_the_strongest_quote_is_the_surest_and_a_members_side_ranks_first(
    db: Store,
) -> None:
    assert await db.positions.strongest_statement(STRIKES, "against") == 2
    assert await db.positions.strongest_statement(STRIKES, "against", speaker_id=1) == 2
    assert await db.positions.strongest_statement(STRIKES, "for") is None
    assert await db.corrections.correct_position(3, STRIKES, "against", 42, WHEN)
    assert await db.positions.strongest_statement(STRIKES, "against") == 3
    [row] = await db.statements.statements_by_ids([3])
    assert [(p.side, p.confidence, p.corrected) for p in row.positions] == [("against", 1.0, True)]


async def test_a_speakers_record_per_target_has_counts_dates_and_latest_side(
    db: Store,
) -> None:
    records = {r.target: r for r in await db.positions.positions_of_speaker(1)}
    strikes = records[STRIKES]
    assert (strikes.for_statements, strikes.against_statements, strikes.last_side) == (
        0,
        2,
        "against",
    )
    assert strikes.dates("against") == (WHEN, WHEN) and strikes.dates("for") == (None, None)
    assert records["iran.nuclear_deal"].for_statements == 1
    await db.corrections.correct_position(3, STRIKES, "for", 42, WHEN)
    records = {r.target: r for r in await db.positions.positions_of_speaker(1)}
    assert records[STRIKES].last_side == "for"  # the latest statement, now for


async def test_forget_me_keeps_a_members_side_but_not_their_name(db: Store) -> None:
    await db.corrections.correct_position(1, STRIKES, "for", 42, WHEN)
    await db.deletion.forget_user(42)
    rows = await db.executor.fetchall(
        "SELECT side, corrected, corrected_by FROM statement_positions WHERE statement_id = 1"
    )
    assert [(r["side"], r["corrected"], r["corrected_by"]) for r in rows] == [("for", 1, None)]


async def test_an_unknown_side_is_refused(db: Store) -> None:
    with pytest.raises(ValueError, match="a side is"):
        await db.corrections.correct_position(1, STRIKES, "supports", 42, WHEN)
    with pytest.raises(INTEGRITY_ERRORS):
        await db.articles.store_article(
            NewArticle("b" * 64, "t2", "g", None, None, None, None, WHEN),
            [statement("four", (STRIKES, "neutral", 0.9))],
        )


async def test_topic_and_speaker_queries_use_indexes_on_a_big_archive(tmp_path: Path) -> None:
    path = tmp_path / "archive.sqlite3"
    build_archive(path, ArchiveSize.scaled(3000))
    store = await SqliteStore.open(path)
    traced: list[str] = []
    await store.executor.reader.set_trace_callback(traced.append)
    try:
        sides = await store.positions.sides_on_targets([STRIKES, "iran.nuclear_deal"])
        assert sides and all(s.speakers for s in sides)
        assert await store.positions.strongest_statement(STRIKES, "for") is not None
        await store.positions.positions_of_speaker(1)
        await store.positions.changes_of_line(targets=[STRIKES])
        await store.positions.daily_sides(topic="iran", targets=[STRIKES])
    finally:
        await store.executor.reader.set_trace_callback(None)  # type: ignore[arg-type]
        await store.close()
    checks = explain(path, [s for s in traced if s.lstrip().upper().startswith("SELECT")])
    assert checks and [c.sql for c in checks if c.full_scans] == []
    with sqlite3.connect(path) as plain:  # every speaker on a side is counted, listed or not
        for side in sides:
            [(on_side,)] = plain.execute(
                f"SELECT count(*) FROM target_positions WHERE target = ?"
                f" AND {side.side}_statements > 0",
                (side.target,),
            ).fetchall()
            assert len(side.speakers) + side.more == on_side > len(side.speakers)
