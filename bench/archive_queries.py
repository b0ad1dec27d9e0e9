"""Figure 3: /iran, /who and /search latency on a large archive, with the query plans checked.

The three answers are timed through the services the handlers call (`topic_view`,
`speaker_views`, `search`), on `SqliteStore.open` of the generated archive — so the migrations
(including any index added for this benchmark) apply exactly as in the bot. Every SQL
statement they run is captured with SQLite's trace hook and explained with `EXPLAIN QUERY
PLAN`: a plan line that scans `statements` (or another big table) without an index is a
failure whatever the timings say, because it grows with the archive.
"""

from __future__ import annotations

import random
import re
import sqlite3
import statistics
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import spacy

from bot.config import DEFAULT_MODEL, Settings
from extraction import Extractor
from services import Services
from services.resources import load_resources
from services.search import parse_query, search
from services.topics import speaker_views, topic_view
from storage.postgres.store import PgStore
from storage.sqlite import SqliteStore

Store = SqliteStore | PgStore

BIG_TABLES = (
    "statements",
    "statement_topics",
    "statement_sources",
    "statement_positions",
    "target_positions",
    "articles",
    "speakers",
)
# "SCAN s" / "SCAN statements" without "USING ... INDEX" reads the whole table.
_FULL_SCAN = re.compile(r"\bSCAN (\w+)(?! USING)(?!.*VIRTUAL TABLE)")


@dataclass(frozen=True)
class QueryTiming:
    name: str  # what a user typed
    runs: int
    p50_ms: float
    p99_ms: float


@dataclass(frozen=True)
class PlanCheck:
    sql: str
    plan: tuple[str, ...]
    full_scans: tuple[str, ...]  # tables read without an index


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def offline_services(database: Store) -> Services:
    """Services without the parser: the queries need the taxonomy, not the model."""
    settings = Settings(
        token=None,
        database_path=Path(":memory:"),
        admin_user_ids=frozenset(),
        spacy_model=DEFAULT_MODEL,
        log_level="WARNING",
        base_url=None,
        max_article_chars=200_000,
    )
    return Services(settings, database, Extractor(spacy.blank("en"), load_resources()))


def _aliases(table: str, sql: str) -> set[str]:
    names = {table}
    names |= set(re.findall(rf"\b{table}\s+(?:AS\s+)?(\w+)", sql, re.IGNORECASE))
    return names - {"JOIN", "WHERE", "ON", "LEFT", "ORDER", "GROUP", "USING"}


def explain(path: Path, statements: list[str]) -> list[PlanCheck]:
    conn = sqlite3.connect(path)
    checks = []
    try:
        for sql in statements:
            plan = tuple(row[3] for row in conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            big = {alias: t for t in BIG_TABLES for alias in _aliases(t, sql)}
            scans = []
            for line in plan:
                match = _FULL_SCAN.search(line)
                if match and match.group(1) in big and "INDEX" not in line:
                    scans.append(big[match.group(1)])
            checks.append(PlanCheck(sql, plan, tuple(scans)))
    finally:
        conn.close()
    return checks


async def _trace(db: SqliteStore, sink: list[str]) -> None:
    await db.executor.reader.set_trace_callback(sink.append)


def query_cases(
    services: Services, names: list[str], rng: random.Random
) -> list[tuple[str, Callable[[], Awaitable[Any]]]]:
    """What a user types, each as the call its handler makes (the same on both engines)."""
    return [
        ("/iran", lambda: topic_view(services, "iran")),
        ("/iran page 40", lambda: topic_view(services, "iran", 40)),
        ("/who NAME", lambda: speaker_views(services, rng.choice(names))),
        ("/search sanctions", lambda: search(services, parse_query("sanctions"))),
        ("/search sanctions page 20", lambda: search(services, parse_query("sanctions"), 20)),
        (
            "/search sanctions topic:iran",
            lambda: search(services, parse_query("sanctions topic:iran")),
        ),
        (
            "/search side:against target:iran.military_action",
            lambda: search(services, parse_query("side:against target:iran.military_action")),
        ),
    ]


async def speaker_names(db: Store) -> list[str]:
    return [r["name"] for r in await db.executor.fetchall("SELECT name FROM speakers ORDER BY id")]


async def time_cases(db: Store, names: list[str], runs: int, seed: int = 8) -> list[QueryTiming]:
    """Each case once to warm the cache (a running bot has its hot pages in memory), then
    `runs` timed calls."""
    services = offline_services(db)
    timings = []
    for name, call in query_cases(services, names, random.Random(seed)):
        await call()
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            await call()
            samples.append((time.perf_counter() - start) * 1000)
        timings.append(
            QueryTiming(name, runs, statistics.median(samples), _percentile(samples, 0.99))
        )
    return timings


async def run_cases_once(db: Store, names: list[str], seed: int = 8) -> None:
    """One round of the cases, untimed: what the plans are taken of."""
    services = offline_services(db)
    for _, call in query_cases(services, names, random.Random(seed)):
        await call()


async def time_queries(
    path: Path, runs: int = 50, seed: int = 8
) -> tuple[list[QueryTiming], list[PlanCheck]]:
    db = await SqliteStore.open(path)
    traced: list[str] = []
    try:
        names = await speaker_names(db)
        timings = await time_cases(db, names, runs, seed)
        await _trace(db, traced)
        await run_cases_once(db, names, seed)
        await db.executor.reader.set_trace_callback(None)  # type: ignore[arg-type]
    finally:
        await db.close()
    unique = list(
        dict.fromkeys(s for s in traced if s.lstrip().upper().startswith(("SELECT", "WITH")))
    )
    return timings, explain(path, unique)


def main() -> None:
    """`python -m bench.archive_queries ARCHIVE [--runs N]`: figure 3's table rows alone, on an
    archive `python -m bench.make_archive` wrote."""
    import argparse
    import asyncio

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("archive", type=Path)
    parser.add_argument("--runs", type=int, default=100)
    args = parser.parse_args()
    timings, plans = asyncio.run(time_queries(args.archive, args.runs))
    for t in timings:
        print(f"| {t.name} | {t.runs} | {t.p50_ms:.1f} | {t.p99_ms:.1f} |")
    for p in plans:
        if p.full_scans:
            print(f"full scan of {', '.join(p.full_scans)}: {p.sql.strip()[:200]}")


if __name__ == "__main__":
    main()
