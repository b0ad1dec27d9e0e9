"""Figure 7: the archive queries of figure 3 on PostgreSQL, with their plans run and read.

The same calls as on SQLite (`bench.archive_queries.query_cases`: the services the handlers
call) on a `PgStore` over the generated archive (`bench.pg_archive`). Every SQL statement one
round of them reads is recorded at the store's executor and run again under
`EXPLAIN (ANALYZE, BUFFERS)`: a sequential scan of a big table is a failure whatever the
timings say, because it grows with the archive, and the plan's own time says which statement
a slow answer spends its time in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from bench.archive_queries import (
    BIG_TABLES,
    QueryTiming,
    run_cases_once,
    speaker_names,
    time_cases,
)
from storage.postgres.executor import to_postgres
from storage.postgres.store import PgStore

_SEQ_SCAN = re.compile(r"Seq Scan on (\w+)")
_EXECUTION = re.compile(r"Execution Time: ([\d.]+) ms")


@dataclass(frozen=True)
class PgPlan:
    sql: str
    plan: tuple[str, ...]
    full_scans: tuple[str, ...]  # big tables read whole
    ms: float  # the server's execution time of this run


async def _recorded(db: PgStore, names: list[str], seed: int) -> list[tuple[str, tuple[Any, ...]]]:
    """The reads one round of the cases makes, with their parameters, first of each text."""
    seen: dict[str, tuple[Any, ...]] = {}
    executor = db.executor
    fetchall, fetchone = executor.fetchall, executor.fetchone

    async def recording_all(sql: str, params: Any = ()) -> Any:
        seen.setdefault(sql, tuple(params))
        return await fetchall(sql, params)

    async def recording_one(sql: str, params: Any = ()) -> Any:
        seen.setdefault(sql, tuple(params))
        return await fetchone(sql, params)

    executor.fetchall, executor.fetchone = recording_all, recording_one  # type: ignore[method-assign]
    try:
        await run_cases_once(db, names, seed)
    finally:
        del executor.fetchall, executor.fetchone
    return [(sql, params) for sql, params in seen.items() if _is_read(sql)]


def _is_read(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


async def explain_analyze(db: PgStore, reads: list[tuple[str, tuple[Any, ...]]]) -> list[PgPlan]:
    plans = []
    for sql, params in reads:
        rows = await db.executor.reader.execute(
            "EXPLAIN (ANALYZE, BUFFERS) " + to_postgres(sql), params
        )
        lines = tuple(str(next(iter(r.values()))) for r in await rows.fetchall())
        scans = tuple(
            m.group(1)
            for line in lines
            if (m := _SEQ_SCAN.search(line)) and m.group(1) in BIG_TABLES
        )
        took = next((float(m.group(1)) for line in lines if (m := _EXECUTION.search(line))), 0.0)
        plans.append(PgPlan(sql, lines, scans, took))
    return plans


async def time_pg_queries(
    url: str, runs: int = 50, seed: int = 8
) -> tuple[list[QueryTiming], list[PgPlan]]:
    db = await PgStore.open(url)
    try:
        names = await speaker_names(db)
        timings = await time_cases(db, names, runs, seed)
        plans = await explain_analyze(db, await _recorded(db, names, seed))
    finally:
        await db.close()
    return timings, plans
