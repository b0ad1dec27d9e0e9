"""Figure 2's section: /iran under a burst, in the application and end to end, from one run.

    python -m bench.burst_report [--burst 50] [--members 30] [--runs 100] [--repeat 1]

prints the section's table (`--repeat N`: N tables, one run each) on a generated 20k-statement
archive; `make bench` writes the same table into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from pathlib import Path

import spacy

from bench.burst import BurstResult, run_burst
from bench.burst_e2e import run_burst_e2e
from bench.corpus import load_corpus
from bench.make_archive import ArchiveSize, build_archive
from bot.config import DEFAULT_MODEL
from extraction import Extractor
from services.resources import load_resources

E2E = -1  # the key of the end-to-end run among the in-process ones (0 and 1 parser process)


def verdict(met: bool) -> str:
    """A target's verdict as the report prints it."""
    return "**met**" if met else "**not met**"


def measure_bursts(
    extractor: Extractor, articles: int, members: int, archive: Path, runs: int, corpus: str
) -> dict[int, BurstResult]:
    """Parsing in the bot's process, in one parser process, then end to end."""
    texts = load_corpus(articles, corpus)
    bursts = {
        workers: asyncio.run(run_burst(extractor, texts, archive, runs, parse_workers=workers))
        for workers in (0, 1)
    }
    print("burst end to end …", file=sys.stderr)
    bursts[E2E] = run_burst_e2e(load_corpus(members, corpus), archive, runs)
    return bursts


def _row(where: str, burst: BurstResult) -> str:
    quiet99, burst99 = burst.p("quiet", 0.99), burst.p("burst", 0.99)
    target = 2 * quiet99 + 20
    return (
        f"| {where} | {burst.p('quiet', 0.5):.1f} / {quiet99:.1f} "
        f"({len(burst.quiet_ms)} samples) | {burst.p('burst', 0.5):.1f} / {burst99:.1f} "
        f"({len(burst.burst_ms)}) | {target:.0f} ms: {verdict(burst99 <= target)} "
        f"| {burst.burst_seconds:.1f} s |"
    )


def burst_section(bursts: dict[int, BurstResult]) -> list[str]:
    """Figure 2, parsing in the bot's process and in one parser process, and end to end."""
    first, e2e = bursts[0], bursts[E2E]
    out = [
        "## 2. Responsiveness under a burst",
        "",
        f"{first.articles} articles forwarded at once (one update each, from different users) "
        "into the real application (offline request; updates through PTB's update_queue) "
        "while one client sends /iran, waits for the answer, pauses 50 ms and sends again. "
        "Archive: 20k statements. Once with parsing in the bot's process "
        "(`PARSE_WORKERS=0`), once with one parser process (`PARSE_WORKERS=1`, the default "
        f"of `python -m bot run`). End to end: `python -m bot run` against the fake Bot API "
        f"(`bench/burst_e2e.py`, Telegram's limits on), {e2e.articles} members forwarding a "
        "channel post each at once while one member sends /iran; latency from the fake "
        "handing over the update to the answer arriving there (millisecond clock).",
        "",
        "| parsing | /iran quiet p50 / p99 ms | during the burst p50 / p99 ms | p99 target "
        "(2 × quiet + 20 ms) | burst digested in |",
        "|---|---|---|---|---|",
    ]
    for workers, burst in bursts.items():
        if workers == E2E:
            where = f"end to end, {burst.articles} members"
        else:
            where = "in the bot's process" if workers == 0 else f"{workers} parser process"
        out.append(_row(where, burst))
    return [*out, ""]


def burst_arguments(description: str | None) -> argparse.ArgumentParser:
    """The options `python -m bench.burst_report` and `python -m bench.burst_trace` share."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("--burst", type=int, default=50, help="articles forwarded at once")
    parser.add_argument("--runs", type=int, default=100, help="quiet /iran samples")
    parser.add_argument("--corpus", choices=("auto", "real", "synthetic"), default="auto")
    return parser


def small_archive(folder: str) -> Path:
    """Figure 2's archive, 20k statements, in `folder`."""
    archive = Path(folder) / "small.sqlite3"
    build_archive(archive, ArchiveSize.scaled(20_000))
    return archive


def main() -> None:
    parser = burst_arguments(__doc__)
    parser.add_argument("--members", type=int, default=30, help="members forwarding, end to end")
    parser.add_argument("--repeat", type=int, default=1, help="independent runs")
    args = parser.parse_args()
    extractor = Extractor(spacy.load(DEFAULT_MODEL), load_resources())
    with tempfile.TemporaryDirectory(prefix="onrecord-burst-") as tmp:
        archive = small_archive(tmp)
        for run in range(args.repeat):
            print(f"run {run + 1} of {args.repeat} …", file=sys.stderr)
            bursts = measure_bursts(
                extractor, args.burst, args.members, archive, args.runs, args.corpus
            )
            print("\n".join(burst_section(bursts)[-4:]), flush=True)


if __name__ == "__main__":
    main()
