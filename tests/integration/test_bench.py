"""The quick benchmark runs end to end (no timing is asserted: benchmarks are not tests)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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
