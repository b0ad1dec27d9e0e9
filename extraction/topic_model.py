"""A second look at each statement's topics, learned from the labelled articles.

The topic rules (`topics.py`) file a statement under what it names and what its passage is
about; they miss a statement that continues its story in words of its own, and keep a
topic a passing name brought in. Per topic, a logistic regression over the statement's
vector (`statement_vectors.py`), whether the rules gave it the topic, and how much of the
story the rules put under it, gives the chance the topic belongs: a topic the rules did not
give is added above `add`, one they gave is dropped below `drop`. Trained offline by
`bench/train_topics.py` and shipped as `lexicons/topic_model.json`; measured in
docs/topics.md.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any


def topic_features(
    vector: Sequence[float], topic: str, own: Sequence[str], shares: Mapping[str, float]
) -> list[float]:
    """The vector, then: the rules gave the topic; its share of the story's statements; how
    many topics the rules gave (scaled as in training)."""
    return [*vector, float(topic in own), shares.get(topic, 0.0), len(own) / 3]


def story_shares(topics: Sequence[Sequence[str]]) -> dict[str, float]:
    """Each topic's share of the story's statements, as the rules filed them."""
    counts = Counter(t for own in topics for t in own)
    return {t: n / max(len(topics), 1) for t, n in counts.items()}


@dataclass(frozen=True)
class TopicModel:
    weights: Mapping[str, tuple[float, ...]]  # per topic: bias, then one per feature
    add: float
    drop: float
    vector_scale: float

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> TopicModel | None:
        """The model in its JSON form; None when none is shipped (the rules alone then)."""
        if not table or "weights" not in table:
            return None
        return cls(
            weights={t: tuple(float(w) for w in ws) for t, ws in table["weights"].items()},
            add=float(table["add"]),
            drop=float(table["drop"]),
            vector_scale=float(table["vector_scale"]),
        )

    def chance(self, topic: str, features: Sequence[float]) -> float | None:
        weights = self.weights.get(topic)
        if weights is None:
            return None
        score = weights[0] + math.fsum(w * x for w, x in zip(weights[1:], features, strict=True))
        return 1 / (1 + math.exp(-score))

    def revise(
        self, topics: Sequence[tuple[str, ...]], vectors: Sequence[Sequence[float]]
    ) -> list[tuple[str, ...]]:
        """Each statement's topics, with those the model is sure of added and those it is
        sure do not belong dropped; the rules' order is kept, additions come last."""
        shares = story_shares(topics)
        revised = []
        for own, vector in zip(topics, vectors, strict=True):
            scaled = [x * self.vector_scale for x in vector]
            kept = []
            for topic in own:
                chance = self.chance(topic, topic_features(scaled, topic, own, shares))
                if chance is None or chance > self.drop:
                    kept.append(topic)
            for topic in self.weights:
                if topic in own:
                    continue
                chance = self.chance(topic, topic_features(scaled, topic, own, shares))
                if chance is not None and chance >= self.add:
                    kept.append(topic)
            revised.append(tuple(kept))
        return revised
