"""The quick benchmark runs end to end (no timing is asserted: benchmarks are not tests)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.backends import NO_POSTGRES, TEST_DATABASE_URL

ROOT = Path(__file__).resolve().parents[2]


def test_quick_benchmark_writes_a_report_with_all_five_figures(tmp_path: Path) -> None:
    report = tmp_path / "benchmarks.md"
    tiny = ["--articles", "2", "--burst", "2", "--statements", "2000", "--runs", "3"]
    tiny += ["--subscribers", "5", "--members", "2"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", *tiny, "--corpus", "synthetic",
         "--output", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "`nproc` = " in text and "corpus: synthetic" in text
    for heading in ("## 1. Ingestion", "## 2. Responsiveness", "## 3. Archive", "## 4. Fan-out",
                    "## 5. Memory"):  # fmt: skip
        assert heading in text
    assert "**Ratio " in text and "MB per million statements" in text
    # the burst, parsing in the bot's process and in one parser process
    assert "| in the bot's process |" in text and "| 1 parser process |" in text
    # and end to end through the fake Bot API, members forwarding at once
    assert "| end to end, 2 members | " in text
    assert "peak RSS" in text and "| 5/5 |" in text  # every fan-out subscriber served


def test_quick_postgres_figures_measure_workers_and_the_archive_queries(
    tmp_path: Path,
) -> None:
    if not TEST_DATABASE_URL:
        if os.environ.get("TEST_REQUIRE_POSTGRES"):
            pytest.fail(NO_POSTGRES)
        pytest.skip(NO_POSTGRES)
    report = tmp_path / "benchmarks.md"
    tiny = ["--articles", "2", "--statements", "2000", "--runs", "3", "--postgres-figures", "7,8"]
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--only-postgres", *tiny, "--corpus",
         "synthetic", "--output", str(report)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    text = report.read_text(encoding="utf-8")
    assert "## 1. Ingestion" not in text  # the SQLite figures are measured separately
    assert "## 6. Fan-out" not in text  # left out here: the senders have their e2e tests
    # figure 7: both worker counts parsed every queued article, none failed
    assert "| 1 × python -m bot worker |" in text and "| 2 × python -m bot worker |" in text
    assert text.count(" | 2 / 0 |") == 2 and "Projection, not a measurement" in text
    # figure 8: every query of figure 3 timed on PostgreSQL, with the plans it ran
    for query in ("/iran page 40", "/who NAME", "/search sanctions topic:iran",
                  "/search side:against target:iran.military_action"):  # fmt: skip
        assert f"| {query} | 3 |" in text
    assert "EXPLAIN (ANALYZE, BUFFERS)" in text and "Execution Time" in text
