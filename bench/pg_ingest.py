"""Figure 6a: articles/s through `python -m bot worker` on PostgreSQL, with 1 and 2 workers,
against bare `nlp.pipe` over the same texts in the same run.

The articles wait in the record's parse-job queue, as the front leaves them (one job each,
ready), in a fresh schema with chats subscribed to every topic (so each stored article plans
its alerts too, as in figure 1). Then W `python -m bot worker` processes start and the clock
runs from their start (model load included, like `bench.pipe_only`, which is timed the same
way) until every job is done. A worker parses one job at a time (`nlp(text)`, no batches)
and stores it with its alerts in one transaction; workers share nothing but the record.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.corpus import REPO_ROOT, Corpus
from bench.ingest_throughput import SUBSCRIBERS
from services.resources import load_resources
from storage.jobs import NewPart
from storage.postgres.store import PgStore
from tests.backends import fresh_postgres

WHEN = "2026-01-05T10:00:00+00:00"


@dataclass(frozen=True)
class WorkerRun:
    workers: int
    seconds: float  # from the workers' start to the last job done
    done: int
    failed: int

    @property
    def per_second(self) -> float:
        return self.done / self.seconds if self.seconds > 0 else 0.0


@dataclass(frozen=True)
class PgIngestResult:
    articles: int
    pipe_seconds: float
    runs: tuple[WorkerRun, ...]

    @property
    def pipe_per_second(self) -> float:
        return self.articles / self.pipe_seconds


async def _queue(url: str, texts: list[str]) -> list[int]:
    """Subscribers on every topic, then one ready job per text; the jobs' ids."""
    store = await PgStore.open(url)
    try:
        async with store.executor.transaction() as tx:  # one write, not a thousand
            await tx.executemany(
                "INSERT INTO subscriptions (chat_id, topic, created_at) VALUES (?, ?, ?)",
                [
                    (10_000 + chat, topic.slug, WHEN)
                    for chat in range(SUBSCRIBERS)
                    for topic in load_resources().topics
                ],
            )
        jobs = []
        for number, text in enumerate(texts, start=1):
            part = NewPart(42, number, 42, text, json.dumps({"name": f"a{number}"}), WHEN, number)
            job = await store.jobs.open_job(part)
            assert job is not None and await store.jobs.mark_ready(job)
            jobs.append(job)
        return jobs
    finally:
        await store.close()


async def _until_done(url: str, jobs: list[int], started: float, timeout: float) -> WorkerRun:
    store = await PgStore.open(url)
    try:
        while await store.jobs.unfinished(jobs):
            if time.perf_counter() - started > timeout:
                raise RuntimeError(f"the workers did not finish {len(jobs)} jobs in {timeout} s")
            await asyncio.sleep(0.1)
        seconds = time.perf_counter() - started
        states = await store.executor.fetchall(
            "SELECT state, count(*) AS n FROM parse_jobs WHERE job_id IS NULL GROUP BY state"
        )
    finally:
        await store.close()
    count = {row["state"]: int(row["n"]) for row in states}
    return WorkerRun(0, seconds, count.get("done", 0), count.get("failed", 0))


async def run_workers(texts: list[str], workers: int, timeout: float = 1800) -> WorkerRun:
    async with fresh_postgres() as url:
        jobs = await _queue(url, texts)
        with tempfile.TemporaryDirectory(prefix="onrecord-pg-ingest-") as tmp:
            env = {**os.environ, "DATABASE_URL": url, "LOG_LEVEL": "WARNING"}
            env["PYTHONPATH"] = str(REPO_ROOT)
            started = time.perf_counter()
            processes = [
                subprocess.Popen(
                    [sys.executable, "-m", "bot", "worker"],
                    cwd=tmp,  # no .env of the repository's
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(workers)
            ]
            try:
                run = await _until_done(url, jobs, started, timeout)
            finally:
                for process in processes:
                    process.terminate()
                for process in processes:
                    process.wait(timeout=30)
    return WorkerRun(workers, run.seconds, run.done, run.failed)


def _pipe_seconds(texts: list[str], batch_size: int) -> float:
    with tempfile.TemporaryDirectory(prefix="onrecord-pipe-") as tmp:
        jsonl = Path(tmp) / "texts.jsonl"
        jsonl.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
        cmd = [sys.executable, "-m", "bench.pipe_only", str(jsonl), "--batch-size", str(batch_size)]
        started = time.perf_counter()
        subprocess.run(cmd, cwd=REPO_ROOT, check=True, capture_output=True)
        return time.perf_counter() - started


def measure_pg_ingest(
    corpus: Corpus, worker_counts: tuple[int, ...] = (1, 2), batch_size: int = 16
) -> PgIngestResult:
    if not os.environ.get("TEST_DATABASE_URL"):
        raise RuntimeError("the PostgreSQL figures need a server in TEST_DATABASE_URL")
    texts = list(corpus.texts)
    pipe = _pipe_seconds(texts, batch_size)
    runs = tuple(asyncio.run(run_workers(texts, n)) for n in worker_counts)
    return PgIngestResult(len(texts), pipe, runs)
