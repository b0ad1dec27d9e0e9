"""The position and topic labels are well-formed: spans point at their text, evidence is the
article's own words, every slug exists in the taxonomy the bot ships."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.eval_positions import polnear_texts
from services.resources import load_resources

ROOT = Path(__file__).resolve().parents[2]
LABEL_DIRS = (
    ROOT / "tests" / "golden" / "positions" / "labels",
    ROOT / "tests" / "golden" / "positions" / "labels-second",
    ROOT / "bench" / "data" / "positions" / "labels",  # training articles
)
FILES = sorted(p for d in LABEL_DIRS for p in d.glob("*.json"))


def test_there_are_labels_for_both_splits() -> None:
    splits = [json.loads(p.read_text())["split"] for p in FILES if p.parent.name == "labels"]
    assert splits.count("tune") >= 12 and splits.count("check") >= 12


@pytest.mark.parametrize("path", FILES, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_a_label_file_points_into_its_article_and_names_known_slugs(path: Path) -> None:
    data = json.loads(path.read_text(encoding="utf-8"))
    resources = load_resources()
    topics = {t.slug for t in resources.topics}
    targets = {g.slug for t in resources.topics for g in t.targets}
    article = data["article"]
    if article.startswith("polnear"):
        text = polnear_texts().get(article)  # the corpus is read where it is installed
    else:
        text = (ROOT / article).read_text(encoding="utf-8")
    held_out = ("tune", "check", "fresh", "era")
    assert data["split"] in (("train",) if "bench" in path.parts else held_out)
    for statement in data["statements"]:
        start, end = statement["span"]
        assert 0 <= start < end
        assert set(statement["topics"]) <= topics, statement["topics"]
        for label in statement["targets"]:
            assert label["target"] in targets, label
            assert label["side"] in ("for", "against", "none")
            assert ("evidence" in label) == (label["side"] != "none"), label
        if text is not None:
            assert text[start:end] == statement["text"]
            for label in statement["targets"]:
                assert label.get("evidence", "") in text, label
