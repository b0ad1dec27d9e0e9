"""`make bench` / `make bench-quick`: run every benchmark and write docs/benchmarks.md.

    python -m bench.run [--quick] [--output docs/benchmarks.md] [--articles N] ...

The full run uses the documented sizes (1M-statement archive, 50-article burst, all real articles);
`--quick` runs the same code at small sizes in under two minutes so CI keeps the scripts
working — its numbers are not the figures. Ratios are measured within one run because
absolute times on a shared machine vary from run to run.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import spacy

from bench.archive_queries import time_queries
from bench.burst_report import burst_section, measure_bursts, verdict
from bench.corpus import REPO_ROOT, Corpus, load_corpus
from bench.fanout import FanoutResult, run_fanout
from bench.ingest_throughput import measure_throughput, profile_ingest
from bench.make_archive import ArchiveSize, build_archive
from bench.pg_report import postgres_sections
from bot.config import DEFAULT_MODEL, Settings
from extraction import Extractor
from services.resources import load_resources

FULL = {
    "articles": 84, "burst": 50, "statements": 1_000_000, "runs": 100, "rounds": 2,
    "subscribers": 1000, "members": 30,
}  # fmt: skip
QUICK = {
    "articles": 8, "burst": 10, "statements": 20_000, "runs": 20, "rounds": 1,
    "subscribers": 30, "members": 5,
}  # fmt: skip


def _fanout_row(f: FanoutResult) -> str:
    default = Settings.alert_max_per_second
    setting = f"default ({default})" if f.max_per_second is None else str(f.max_per_second)
    met = f.per_second >= 27 and f.lost == 0
    return (
        f"| {setting} | {f.delivered}/{f.subscribers} | {f.lost} | {f.duplicates} | "
        f"{f.refused_for_flooding} | {f.per_second:.1f} | {verdict(met)} |"
    )


def run(args: argparse.Namespace) -> str:
    sizes = dict(QUICK if args.quick else FULL)
    for key in sizes:
        if getattr(args, key, None):
            sizes[key] = getattr(args, key)
    out: list[str] = []
    started = datetime.now(UTC)
    command = "make bench-quick" if args.quick else "make bench"
    out += [
        "# Benchmarks",
        "",
        f"- date: {started:%Y-%m-%d %H:%M} UTC; variant: {'quick' if args.quick else 'full'}",
        f"- machine: `nproc` = {os.cpu_count()}, Python {platform.python_version()}, "
        f"SQLite {__import__('sqlite3').sqlite_version}, spaCy {spacy.__version__}",
        f"- command: `{command}` (= `python -m bench.run{' --quick' if args.quick else ''}`)",
        "",
    ]
    corpus = load_corpus(sizes["articles"], args.corpus)
    out += [f"- corpus: {corpus.name}, {len(corpus.texts)} articles", ""]
    if not args.only_postgres:
        out += sqlite_sections(args, sizes, corpus)
    if args.postgres or args.only_postgres:
        figures = {int(n) for n in args.postgres_figures.split(",") if n.strip()}
        out += postgres_sections(corpus, sizes, figures)
    return "\n".join(out)


def sqlite_sections(args: argparse.Namespace, sizes: dict[str, int], corpus: Corpus) -> list[str]:
    """Figures 1–5, on SQLite."""
    out: list[str] = []
    print("1/5 ingestion throughput …", file=sys.stderr)
    tp = measure_throughput(corpus, args.batch_size, args.n_process, sizes["rounds"])
    prof = profile_ingest(corpus, args.batch_size)
    out += [
        "## 1. Ingestion throughput vs bare nlp.pipe",
        "",
        f"`{tp.commands[0]}` vs `{tp.commands[1]}`, batch size {tp.batch_size}, "
        f"n_process {tp.n_process}, each a fresh process timed from start (model load "
        f"included); best of {len(tp.pipe_runs)} alternated runs.",
        "",
        "| | seconds | articles/s |",
        "|---|---|---|",
        f"| bare nlp.pipe | {tp.pipe_seconds:.2f} | {tp.articles / tp.pipe_seconds:.2f} |",
        f"| python -m bot ingest | {tp.ingest_seconds:.2f} | "
        f"{tp.articles / tp.ingest_seconds:.2f} |",
        "",
        f"**Ratio {tp.ratio:.2f}** (target ≥ 0.80: {verdict(tp.ratio >= 0.8)}). "
        f"All runs: pipe {', '.join(f'{s:.2f}' for s in tp.pipe_runs)} s; ingest "
        f"{', '.join(f'{s:.2f}' for s in tp.ingest_runs)} s.",
        "",
        f"cProfile of the same ingest path in one thread ({prof.seconds:.2f} s under the "
        "profiler, which inflates many small calls). Time by entry point (cumulative):",
        "",
        "| phase | seconds | share of the profiled run |",
        "|---|---|---|",
        *(
            f"| {phase} | {seconds:.2f} | {seconds / prof.seconds:.0%} |"
            for phase, seconds in prof.phases.items()
        ),
        "",
        "Own time by layer (spaCy's `Doc.text`, `Token` creation etc. count as the parser's "
        "here even when our code calls them):",
        "",
        "| layer | own seconds | share |",
        "|---|---|---|",
    ]
    total = sum(prof.layers.values()) or 1.0
    for layer, seconds in sorted(prof.layers.items(), key=lambda kv: -kv[1]):
        out.append(f"| {layer} | {seconds:.2f} | {seconds / total:.0%} |")
    out += ["", "Top functions by own time:", "", "| function | calls | own s | cumulative s |"]
    out.append("|---|---|---|---|")
    for name, calls, tottime, cumtime in prof.top:
        out.append(f"| `{name}` | {calls} | {tottime:.3f} | {cumtime:.3f} |")
    out.append("")

    print("2/5 archive …", file=sys.stderr)
    with tempfile.TemporaryDirectory(prefix="onrecord-archive-") as tmp:
        archive = Path(args.archive) if args.archive else Path(tmp) / "archive.sqlite3"
        size = ArchiveSize.scaled(sizes["statements"])
        built = build_archive(archive, size) if not args.archive else None
        db_bytes = archive.stat().st_size
        print("3/5 burst …", file=sys.stderr)
        extractor = Extractor(spacy.load(DEFAULT_MODEL), load_resources())
        small = Path(tmp) / "small.sqlite3"
        build_archive(small, ArchiveSize.scaled(20_000 if not args.quick else 2_000))
        bursts = measure_bursts(
            extractor, sizes["burst"], sizes["members"], small, sizes["runs"], args.corpus
        )
        print("4/5 queries …", file=sys.stderr)
        timings, plans = asyncio.run(time_queries(archive, sizes["runs"]))
        print("5/5 memory …", file=sys.stderr)
        rss = subprocess.run(
            [sys.executable, "-m", "bench.rss", str(archive)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        peak = json.loads(rss.stdout.strip().splitlines()[-1])["peak_rss_mb"]

    out += burst_section(bursts)
    out += [
        "## 3. Archive scale",
        "",
        f"`python -m bench.make_archive FILE --statements {size.statements}`: "
        f"{size.statements:,} statements, {size.speakers:,} speakers, {size.topics} topics, "
        f"{size.articles:,} articles"
        + (f", built in {built['seconds']:.0f} s" if built else "")
        + f". Database size {db_bytes / 1e6:.0f} MB "
        f"= **{db_bytes / 1e6 * 1_000_000 / size.statements:.0f} MB per million statements**.",
        "",
        "Latency through the services the handlers call, warm cache:",
        "",
        "| query | runs | p50 ms | p99 ms | target p99 < 50 ms |",
        "|---|---|---|---|---|",
    ]
    for t in timings:
        out.append(
            f"| {t.name} | {t.runs} | {t.p50_ms:.1f} | {t.p99_ms:.1f} | {verdict(t.p99_ms < 50)} |"
        )
    scans = [p for p in plans if p.full_scans]
    out += [
        "",
        f"`EXPLAIN QUERY PLAN` of the {len(plans)} distinct SQL statements these ran: "
        + (
            "no full scan of a large table."
            if not scans
            else f"**{len(scans)} scan a large table without an index**:"
        ),
        "",
    ]
    for p in scans:
        out += [f"- `{p.sql[:200]}` → {'; '.join(p.plan)}"]
    seen: set[str] = set()
    out += ["", "<details><summary>Plans (one per query shape)</summary>", "", "```"]
    for p in plans:
        shape = p.sql[:60]
        if shape in seen:
            continue
        seen.add(shape)
        out += [p.sql.strip()[:300], *(f"    {line}" for line in p.plan), ""]
    out += ["```", "</details>", ""]
    print("fan-out …", file=sys.stderr)
    fanouts = [run_fanout(sizes["subscribers"])]
    if not args.quick:
        fanouts.append(run_fanout(sizes["subscribers"], max_per_second=30))
    out += [
        "## 4. Fan-out",
        "",
        f"`python -m bot run` against the loopback fake Bot API with Telegram's limits enforced "
        f"by the fake (30 messages/s overall: more is refused with 429); {sizes['subscribers']} "
        "chats subscribed to /iran; one Iran article forwarded; rate from the fake's clock, "
        "first to last accepted alert.",
        "",
        "| ALERT_MAX_PER_SECOND | delivered | lost | duplicates | refused for flooding "
        "| alerts/s | target ≥ 27/s |",
        "|---|---|---|---|---|---|---|",
        *(_fanout_row(f) for f in fanouts),
        "",
        "## 5. Memory",
        "",
        f"`python -m bench.rss ARCHIVE`: the application with the model loaded and the "
        f"{size.statements:,}-statement archive open, after answering /iran, /who and "
        f"/search: **peak RSS {peak:.0f} MB**.",
        "",
    ]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small sizes, under 2 minutes")
    parser.add_argument("--output", type=Path, default=None, help="the Markdown file to write")
    parser.add_argument("--articles", type=int, help="articles for the throughput figure")
    parser.add_argument("--burst", type=int, help="articles forwarded at once")
    parser.add_argument("--statements", type=int, help="statements in the generated archive")
    parser.add_argument("--runs", type=int, help="timed repetitions of each query")
    parser.add_argument("--rounds", type=int, help="alternated throughput runs")
    parser.add_argument("--subscribers", type=int, help="chats the fan-out alerts")
    parser.add_argument("--members", type=int, help="members forwarding at once, end to end")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--corpus", choices=("auto", "real", "synthetic"), default="auto")
    parser.add_argument("--archive", help="use this archive instead of generating one")
    parser.add_argument("--notes", type=Path, help="Markdown appended to the report")
    parser.add_argument(
        "--postgres",
        action="store_true",
        help="also figures 6-8, on the PostgreSQL server TEST_DATABASE_URL names",
    )
    parser.add_argument(
        "--only-postgres", action="store_true", help="the PostgreSQL figures alone (no 1-5)"
    )
    parser.add_argument(
        "--postgres-figures",
        default="6,7,8",
        help="which PostgreSQL figures (6 fan-out, 7 ingest with workers, 8 archive queries)",
    )
    args = parser.parse_args()
    report = run(args)
    if args.notes and args.notes.is_file():
        report += "\n" + args.notes.read_text(encoding="utf-8")
    if args.output:
        args.output.parent.mkdir(parents=True, exist_ok=True)
        args.output.write_text(report, encoding="utf-8")
        print(f"wrote {args.output}", file=sys.stderr)
    else:
        print(report)


if __name__ == "__main__":
    main()
