"""Train the topic model (extraction/lexicons/topic_model.json) from labelled articles.

Training data: the `tune` split of tests/golden/positions/labels and the articles of
bench/data/positions (split `train`), as for the position model; `check` and `fresh` are
never read here. Every statement the extractor finds and the labels share (aligned as in
bench/position_metrics.py) gives one example per topic: whether the labeller filed it
there. The features are `extraction/topic_model.topic_features` of the topics the rules
gave (the model being left out while reading), exactly as the bot computes them. A
logistic regression per topic with at least MIN_POSITIVES labelled statements is fitted
(scikit-learn, only here).

ADD and DROP, the chances above which a topic is added and below which one is dropped,
were chosen on `check` and the 36 earlier fresh stories among six pairs (docs/topics.md);
the twenty newest fresh stories were not read for it.

Usage: python -m bench.train_topics [--output PATH]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

import spacy
from sklearn.linear_model import LogisticRegression

from bench.eval_positions import MODEL, gold_of, load_labels, load_train_labels, predicted_of
from bench.position_metrics import align
from extraction import Extractor
from extraction.statement_vectors import statement_vector
from extraction.topic_model import story_shares, topic_features
from services.resources import LEXICON_DIR, load_resources

OUTPUT = LEXICON_DIR / "topic_model.json"
ADD, DROP = 0.8, 0.05
VECTOR_SCALE = 8.0
C = 0.3
MIN_POSITIVES = 10


def examples() -> dict[str, tuple[list[list[float]], list[bool]]]:
    """Per topic, (features, filed there by the labeller) for every aligned statement."""
    resources = load_resources()
    resources.lexicons.pop("topic_model", None)  # the rules' topics are the input
    extractor = Extractor(spacy.load(MODEL), resources)
    rows: list[tuple[list[float], tuple[str, ...], dict[str, float], frozenset[str]]] = []
    for _, data, text in load_labels("tune") + load_train_labels():
        analysis = extractor.analyze(text)
        statements = analysis.statements
        shares = story_shares([s.topics for s in statements])
        gold = gold_of(data)
        for gi, pi in align(text, gold, predicted_of(statements, 1.0)):
            s = statements[pi]
            vector = [x * VECTOR_SCALE for x in statement_vector(text[s.span[0] : s.span[1]])]
            rows.append((vector, s.topics, shares, gold[gi].topics))
    topics = sorted({t for _, own, _, labelled in rows for t in (*own, *labelled)})
    return {
        topic: (
            [topic_features(vector, topic, own, shares) for vector, own, shares, _ in rows],
            [topic in labelled for _, _, _, labelled in rows],
        )
        for topic in topics
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    weights: dict[str, list[float]] = {}
    positives: Counter[str] = Counter()
    statements = 0
    for topic, (xs, ys) in examples().items():
        statements = len(ys)
        positives[topic] = sum(ys)
        if positives[topic] < MIN_POSITIVES:
            continue
        model = LogisticRegression(C=C, max_iter=2000).fit(xs, ys)
        weights[topic] = [round(float(model.intercept_[0]), 5)] + [
            round(float(w), 5) for w in model.coef_[0]
        ]
    table = {
        "about": "Topic model; trained by bench/train_topics.py. Do not edit by hand.",
        "add": ADD,
        "drop": DROP,
        "vector_scale": VECTOR_SCALE,
        "trained_on": {"statements": statements, "labelled": dict(positives), "c": C},
        "weights": weights,
    }
    args.output.write_text(json.dumps(table, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    print(f"wrote {args.output}: {len(weights)} topics from {statements} statements")


if __name__ == "__main__":
    main()
