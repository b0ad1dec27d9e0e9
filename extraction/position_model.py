"""The position model: a multinomial logistic regression over `position_features`.

Trained offline by `bench/train_positions.py` on the labelled articles and shipped as data
(`extraction/lexicons/position_model.json`): per feature one weight for each of for,
against and none. Scoring is a sum of weights and a softmax — no library, no download, a
few microseconds per (statement, target) pair.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CLASSES = ("for", "against", "none")


@dataclass(frozen=True)
class PositionModel:
    weights: Mapping[str, tuple[float, float, float]]
    threshold: float

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> PositionModel | None:
        """The model in its JSON form; None when there is none (rules alone then)."""
        if not table or "weights" not in table:
            return None
        weights = {
            str(k): (float(v[0]), float(v[1]), float(v[2])) for k, v in table["weights"].items()
        }
        return cls(weights=weights, threshold=float(table["threshold"]))

    def probabilities(self, features: Iterable[str]) -> dict[str, float]:
        scores = [0.0, 0.0, 0.0]
        for feature in features:
            w = self.weights.get(feature)
            if w is not None:
                scores[0] += w[0]
                scores[1] += w[1]
                scores[2] += w[2]
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(CLASSES, exps, strict=True)}
