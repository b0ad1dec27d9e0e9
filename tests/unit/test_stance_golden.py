"""Stance accuracy on the golden articles (labels written before the lexicon was tuned).

The figures are printed (run with `-s`, or `python bench/stance_accuracy.py`); the floors are
below what the current lexicon reaches, so an edit that loses accuracy fails here.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

import pytest
from spacy.language import Language

from extraction import Extractor, Resources

BENCH = Path(__file__).resolve().parents[2] / "bench" / "stance_accuracy.py"
GOLD_SPANS_FLOOR = 0.80  # measured 0.883 (first, untuned run: 0.740)
PIPELINE_FLOOR = 0.65  # measured 0.79; depends on attribution and tagging too


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("stance_accuracy", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def test_golden_files_declare_labels_written_before_tuning(bench: ModuleType) -> None:
    articles = bench.load_golden()  # raises unless every file says so
    assert len(articles) >= 4
    assert sum(len(a.statements) for a in articles) >= 50


def test_stance_accuracy_on_gold_spans(
    bench: ModuleType, nlp: Language, resources: Resources
) -> None:
    report = bench.evaluate_gold_spans(nlp, bench.load_golden(), resources)
    print(
        f"\nstance accuracy (gold spans): {report.accuracy:.3f}"
        f" per topic {report.topic_stance.accuracy:.3f}, overall {report.overall.accuracy:.3f}"
    )
    assert report.accuracy >= GOLD_SPANS_FLOOR, "\n".join(report.topic_stance.misses)


def test_stance_accuracy_through_the_pipeline(bench: ModuleType, extractor: Extractor) -> None:
    report = bench.evaluate_pipeline(extractor, bench.load_golden())
    print(f"\nstance accuracy (pipeline): {report.accuracy:.3f}, found {report.found}")
    assert report.found >= 0.8 * report.labelled
    assert report.accuracy >= PIPELINE_FLOOR
