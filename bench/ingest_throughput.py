"""Figure 1: articles/s through `python -m bot ingest` ÷ articles/s of bare `nlp.pipe`.

Both sides are separate processes over the same texts with the same batch size, each timed
from process start to exit (model load included), alternated `rounds` times; the best time of
each side is used, as the least disturbed by other load on the machine. The ingest side writes
into a fresh database with subscribers on every topic, so alert rows are planned and written
too. `profile_ingest` runs the same ingest path in one thread under cProfile and splits the
time by layer (parser, our extraction, storage), which is what explains the ratio.
"""

from __future__ import annotations

import asyncio
import cProfile
import json
import os
import pstats
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import Executor, Future
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.corpus import REPO_ROOT, Corpus

SUBSCRIBERS = 100  # chats subscribed to every topic: each stored article plans alert rows


@dataclass(frozen=True)
class ThroughputResult:
    articles: int
    batch_size: int
    n_process: int
    pipe_seconds: float
    ingest_seconds: float
    pipe_runs: tuple[float, ...]
    ingest_runs: tuple[float, ...]
    commands: tuple[str, ...]

    @property
    def ratio(self) -> float:
        return self.pipe_seconds / self.ingest_seconds


def _timed(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(cmd, cwd=REPO_ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} … failed:\n{done.stderr[-2000:]}")
    return elapsed


async def _prepare_database(path: Path) -> None:
    from services.resources import load_resources
    from storage.sqlite import SqliteStore

    db = await SqliteStore.open(path)
    try:
        for chat in range(SUBSCRIBERS):
            for topic in load_resources().topics:
                await db.chats.subscribe(10_000 + chat, topic.slug, "2026-01-01T00:00:00+00:00")
    finally:
        await db.close()


def measure_throughput(
    corpus: Corpus, batch_size: int = 16, n_process: int = 1, rounds: int = 2
) -> ThroughputResult:
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-") as tmp:
        folder = Path(tmp)
        jsonl = folder / "texts.jsonl"
        with jsonl.open("w", encoding="utf-8") as out:
            for text in corpus.texts:
                out.write(json.dumps({"text": text}) + "\n")
        files = []
        for number, text in enumerate(corpus.texts):
            files.append(folder / f"article-{number:05d}.txt")
            files[-1].write_text(text, encoding="utf-8")
        pipe_cmd = [python, "-m", "bench.pipe_only", str(jsonl), "--batch-size", str(batch_size)]
        pipe_cmd += ["--n-process", str(n_process)]
        ingest_cmd = [python, "-m", "bot", "ingest", "--batch-size", str(batch_size)]
        ingest_cmd += [str(f) for f in files]
        pipe_runs, ingest_runs = [], []
        for round_ in range(rounds):
            database = folder / f"ingest-{round_}.sqlite3"
            asyncio.run(_prepare_database(database))
            env = {**os.environ, "DATABASE_PATH": str(database), "LOG_LEVEL": "WARNING"}
            pipe_runs.append(_timed(pipe_cmd, env))
            ingest_runs.append(_timed(ingest_cmd, env))
    shown = f"python -m bot ingest --batch-size {batch_size} ARTICLE.txt … ({len(files)} files)"
    return ThroughputResult(
        articles=len(corpus.texts),
        batch_size=batch_size,
        n_process=n_process,
        pipe_seconds=min(pipe_runs),
        ingest_seconds=min(ingest_runs),
        pipe_runs=tuple(pipe_runs),
        ingest_runs=tuple(ingest_runs),
        commands=(
            f"python -m bench.pipe_only TEXTS.jsonl --batch-size {batch_size} "
            f"--n-process {n_process}",
            shown,
        ),
    )


class _InlineExecutor(Executor):
    """Runs the nlp work in the calling thread, so one cProfile sees every layer."""

    def submit(self, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future[Any]:
        future: Future[Any] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:
            future.set_exception(exc)
        return future


LAYERS = (
    ("parser (spaCy/thinc)", ("spacy", "thinc", "numpy", "srsly", "cymem", "preshed")),
    ("our extraction", ("extraction/",)),
    ("storage (SQLite)", ("storage/", "aiosqlite", "sqlite3")),
    ("services (ingest, alerts, positions)", ("bot/",)),
)


# Where the ingest path's time goes, by entry point (cumulative: callees included, so the
# spaCy calls our extraction makes count as ours, unlike the own-time layers above).
PHASES = {
    "parsing (Language.pipe)": ("spacy/language.py", "pipe"),
    "our extraction (Extractor.analyze_doc)": ("extraction/extractor.py", "analyze_doc"),
    "storing (store_analysis: positions, alerts, SQL)": (
        "services/ingest.py",
        "store_analysis",
    ),
}


@dataclass(frozen=True)
class ProfileSummary:
    seconds: float
    layers: dict[str, float]  # layer → own (tottime) seconds
    phases: dict[str, float]  # entry point → cumulative seconds (parse, ours, storage)
    top: list[tuple[str, int, float, float]]  # (function, calls, tottime, cumtime)


def _layer(filename: str) -> str:
    for name, needles in LAYERS:
        if any(n in filename for n in needles):
            return name
    return "other (asyncio, Python runtime)"


def _short(filename: str, line: int, name: str) -> str:
    for marker in ("site-packages/", str(REPO_ROOT) + "/", "/lib/python3.11/", "/lib/python3.12/"):
        if marker in filename:
            filename = filename.split(marker, 1)[1]
    return f"{filename}:{line}({name})" if filename != "~" else name


async def _profiled_ingest(corpus: Corpus, batch_size: int, database: Path) -> float:
    from bot.config import load_settings
    from services import open_services
    from services.ingest import ArticleSource, ingest_many

    settings = load_settings(env_file=None)
    settings = type(settings)(**{**settings.__dict__, "database_path": database})
    services = await open_services(settings)
    services.nlp_worker.shutdown()
    services.nlp_worker = _InlineExecutor()  # type: ignore[assignment]
    items = [(t, ArticleSource(name=f"a{i}")) for i, t in enumerate(corpus.texts)]
    profile = cProfile.Profile()
    start = time.perf_counter()
    profile.enable()
    async for _ in ingest_many(services, items, batch_size):
        pass
    profile.disable()
    elapsed = time.perf_counter() - start
    await services.db.close()
    profile.dump_stats(database.with_suffix(".prof"))
    return elapsed


def profile_ingest(corpus: Corpus, batch_size: int = 16, top: int = 15) -> ProfileSummary:
    with tempfile.TemporaryDirectory(prefix="onrecord-prof-") as tmp:
        database = Path(tmp) / "profile.sqlite3"
        asyncio.run(_prepare_database(database))
        seconds = asyncio.run(_profiled_ingest(corpus, batch_size, database))
        stats = pstats.Stats(str(database.with_suffix(".prof")))
    layers: dict[str, float] = {}
    phases: dict[str, float] = {}
    rows = []
    for (filename, line, name), (_cc, calls, tottime, cumtime, _) in stats.stats.items():  # type: ignore[attr-defined]
        layer = _layer(filename if filename != "~" else name)
        layers[layer] = layers.get(layer, 0.0) + tottime
        rows.append((_short(filename, line, name), calls, tottime, cumtime))
        for phase, (file_part, function) in PHASES.items():
            if filename.endswith(file_part) and name == function:
                phases[phase] = max(phases.get(phase, 0.0), cumtime)
    rows.sort(key=lambda r: r[2], reverse=True)
    return ProfileSummary(seconds=seconds, layers=layers, phases=phases, top=rows[:top])
