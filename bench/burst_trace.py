"""Where an /iran's time goes during a burst: the stages of each answer, and the loop's stalls.

    python -m bench.burst_trace [--burst 50] [--workers 1] [--slow-ms 10] [--corpus auto]

Runs figure 2's burst (`bench/burst.py`) with probes on the application: for every /iran,
the time from putting its update in the queue to its handler starting (PTB's queue and the
update lanes), to its first database read, to its page rendered, to its sendMessage entering
the rate limiter and leaving it for the request. With `--slow-ms`, asyncio's debug mode
also reports every loop callback that ran longer (debug mode slows the loop itself, so the
latencies of such a run are not the figure). Prints the slowest answers stage by stage and
the median and p99 of each stage, quiet and during the burst.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import contextvars
import logging
import re
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import pairwise
from pathlib import Path
from typing import Any

import spacy
from telegram import Update
from telegram.ext import TypeHandler

import handlers.topics
from bench.archive_queries import _percentile
from bench.burst import IRAN_USER, run_burst
from bench.burst_report import burst_arguments, small_archive
from bench.corpus import load_corpus
from bot.config import DEFAULT_MODEL
from extraction import Extractor
from services.resources import load_resources
from storage.sqlite.executor import Reads

STAGES = ("queued", "handler", "first read", "reads done", "rendered", "limiter", "sent")
_trace: contextvars.ContextVar[dict[str, float] | None] = contextvars.ContextVar(
    "trace", default=None
)


class Probes:
    """Stage times of every /iran, in the order they were sent; `burst_from` marks the burst."""

    def __init__(self) -> None:
        self.traces: list[dict[str, float]] = []
        self.burst_from: float = float("inf")
        self.slow: Counter[str] = Counter()
        self.slow_ms: list[tuple[float, float, str]] = []

    def note(self, stage: str) -> None:
        trace = _trace.get()
        if trace is not None and stage not in trace:
            trace[stage] = time.perf_counter()

    @contextlib.contextmanager
    def reading(self) -> Iterator[None]:
        """One database read of an /iran: the first one's start, the last one's end, and
        how many there were and how long they took, hops to aiosqlite's thread included."""
        self.note("first read")
        started = time.perf_counter()
        try:
            yield
        finally:
            trace = _trace.get()
            if trace is not None:
                trace["reads done"] = time.perf_counter()
                trace["reads"] = trace.get("reads", 0) + 1
                trace["read ms"] = trace.get("read ms", 0) + (trace["reads done"] - started) * 1000

    def attach(self, app: Any) -> None:
        queue_put = app.update_queue.put

        async def put(update: object) -> None:
            if isinstance(update, Update) and update.effective_user is not None:
                if update.effective_user.id == IRAN_USER:
                    self.traces.append({"queued": time.perf_counter(), "id": update.update_id})
                elif self.burst_from == float("inf"):
                    self.burst_from = time.perf_counter()
            await queue_put(update)

        app.update_queue.put = put

        async def started(update: Update, _context: Any) -> None:
            if update.effective_user is not None and update.effective_user.id == IRAN_USER:
                trace = next(t for t in reversed(self.traces) if t["id"] == update.update_id)
                trace["handler"] = time.perf_counter()
                _trace.set(trace)

        app.add_handler(TypeHandler(Update, started), group=-2)  # before the gate
        limiter = app.bot.rate_limiter
        process_request = limiter.process_request

        async def limited(callback: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
            self.note("limiter")

            async def call(*a: Any, **kw: Any) -> Any:
                self.note("sent")
                return await callback(*a, **kw)

            return await process_request(call, *args, **kwargs)

        limiter.process_request = limited


def install_probes(probes: Probes) -> Callable[[], None]:
    """Patch the reader and the topic page's renderer; returns the undo."""
    fetchall, fetchone = Reads.fetchall, Reads.fetchone
    render = handlers.topics.render_topic_view

    async def traced_fetchall(self: Reads, *args: Any, **kwargs: Any) -> Any:
        with probes.reading():
            return await fetchall(self, *args, **kwargs)

    async def traced_fetchone(self: Reads, *args: Any, **kwargs: Any) -> Any:
        with probes.reading():
            return await fetchone(self, *args, **kwargs)

    def traced_render(*args: Any, **kwargs: Any) -> Any:
        pages = render(*args, **kwargs)
        probes.note("rendered")
        return pages

    Reads.fetchall, Reads.fetchone = traced_fetchall, traced_fetchone  # type: ignore[method-assign]
    handlers.topics.render_topic_view = traced_render

    def undo() -> None:
        Reads.fetchall, Reads.fetchone = fetchall, fetchone  # type: ignore[method-assign]
        handlers.topics.render_topic_view = render

    return undo


class SlowCallbacks(logging.Handler):
    """Collects asyncio debug mode's 'Executing <…> took N seconds' warnings."""

    PATTERN = re.compile(r"Executing (.*) took (\d+\.\d+) seconds")

    def __init__(self, probes: Probes) -> None:
        super().__init__(logging.WARNING)
        self.probes = probes

    def emit(self, record: logging.LogRecord) -> None:
        found = self.PATTERN.search(record.getMessage())
        if found:
            name = re.sub(r"0x[0-9a-f]+|\(\)|\s+at .*", "", found.group(1))[:110]
            self.probes.slow[name] += 1
            when = time.perf_counter()
            self.probes.slow_ms.append((when, float(found.group(2)) * 1000, name))


def stage_table(traces: list[dict[str, float]]) -> list[str]:
    out = [f"{'stage (ms since the previous)':32} {'p50':>8} {'p99':>8} {'max':>8}"]
    for before, stage in pairwise(STAGES):
        gaps = [(t[stage] - t[before]) * 1000 for t in traces if stage in t and before in t]
        if gaps:
            gaps.sort()
            out.append(
                f"{before + ' → ' + stage:32} {gaps[len(gaps) // 2]:8.1f} "
                f"{_percentile(gaps, 0.99):8.1f} {gaps[-1]:8.1f}"
            )
    return out


def report(probes: Probes, slowest: int = 8) -> str:
    done = [t for t in probes.traces if "sent" in t]
    quiet = [t for t in done if t["queued"] < probes.burst_from]
    burst = [t for t in done if t["queued"] >= probes.burst_from]
    out = [f"quiet: {len(quiet)} answers", *stage_table(quiet), ""]
    out += [f"during the burst: {len(burst)} answers", *stage_table(burst), ""]
    out.append("slowest answers during the burst (ms per stage):")
    for t in sorted(burst, key=lambda t: t["queued"] - t["sent"])[:slowest]:
        stages = [s for s in STAGES if s in t]
        parts = [f"{b}→{a} {(t[a] - t[b]) * 1000:.1f}" for b, a in pairwise(stages)]
        start = t["queued"] - probes.burst_from
        total = (t["sent"] - t["queued"]) * 1000
        reads = f"{t.get('reads', 0):.0f} reads, {t.get('read ms', 0):.1f} ms in them"
        out.append(f"  at +{start:5.2f} s, {total:6.1f} ms ({reads}): " + ", ".join(parts))
    if probes.slow:
        out += ["", "loop callbacks over the threshold during the run (count, callback):"]
        out += [f"  {n:4d} {name}" for name, n in probes.slow.most_common(12)]
    return "\n".join(out)


async def traced_burst(args: argparse.Namespace, archive: Path) -> Probes:
    probes = Probes()
    loop = asyncio.get_running_loop()
    if args.slow_ms:
        loop.set_debug(True)
        loop.slow_callback_duration = args.slow_ms / 1000
        logging.getLogger("asyncio").addHandler(SlowCallbacks(probes))
    extractor = Extractor(spacy.load(DEFAULT_MODEL), load_resources())
    corpus = load_corpus(args.burst, args.corpus)
    undo = install_probes(probes)
    try:
        result = await run_burst(
            extractor, corpus, archive, args.runs, args.workers, on_app=probes.attach
        )
    finally:
        undo()
    target = 2 * result.p("quiet", 0.99) + 20
    print(
        f"quiet p99 {result.p('quiet', 0.99):.1f} ms ({len(result.quiet_ms)}), burst p99 "
        f"{result.p('burst', 0.99):.1f} ms ({len(result.burst_ms)}), target {target:.0f} ms, "
        f"burst digested in {result.burst_seconds:.1f} s"
    )
    return probes


def main() -> None:
    parser = burst_arguments(__doc__)
    parser.add_argument("--workers", type=int, default=1, help="parser processes (0: a thread)")
    parser.add_argument("--slow-ms", type=float, default=0, help="asyncio debug threshold")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="onrecord-trace-") as tmp:
        probes = asyncio.run(traced_burst(args, small_archive(tmp)))
    print(report(probes))


if __name__ == "__main__":
    main()
