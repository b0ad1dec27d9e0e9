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

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np


def topic_features(
    vector: Sequence[float], topic: str, own: Sequence[str], shares: Mapping[str, float]
) -> list[float]:
    """The vector, then `context_features`: what the model weighs for one topic."""
    return [*vector, *context_features(topic, own, shares)]


def context_features(topic: str, own: Sequence[str], shares: Mapping[str, float]) -> list[float]:
    """The rules gave the topic; its share of the story's statements; how many topics the
    rules gave (scaled as in training)."""
    return [float(topic in own), shares.get(topic, 0.0), len(own) / 3]


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

    @cached_property
    def _arrays(self) -> tuple[list[str], np.ndarray]:
        """The topics and their weights as one matrix (a row per topic: bias first)."""
        topics = list(self.weights)
        return topics, np.array([self.weights[t] for t in topics], dtype=np.float64)

    def chances(
        self, own: Sequence[str], vector: Sequence[float], shares: Mapping[str, float]
    ) -> dict[str, float]:
        """Each topic's chance of belonging to a statement (`topic_features`, at once)."""
        topics, matrix = self._arrays
        scaled = np.asarray(vector, dtype=np.float64) * self.vector_scale
        rest = np.array([context_features(t, own, shares) for t in topics])
        scores = matrix[:, 0] + matrix[:, 1 : 1 + len(scaled)] @ scaled
        scores += np.einsum("ij,ij->i", matrix[:, 1 + len(scaled) :], rest)
        return dict(zip(topics, (1 / (1 + np.exp(-scores))).tolist(), strict=True))

    def revise(
        self,
        topics: Sequence[tuple[str, ...]],
        vectors: Sequence[Sequence[float]],
        shares: Mapping[str, float],
    ) -> list[tuple[str, ...]]:
        """Each statement's topics, with those the model is sure of added and those it is
        sure do not belong dropped; the rules' order is kept, additions come last.
        `shares`: the story's, from the same `topics` (`story_shares`)."""
        revised = []
        for own, vector in zip(topics, vectors, strict=True):
            chances = self.chances(own, vector, shares)
            kept = [t for t in own if chances.get(t, 1.0) > self.drop]
            kept += [t for t, p in chances.items() if t not in own and p >= self.add]
            revised.append(tuple(kept))
        return revised
