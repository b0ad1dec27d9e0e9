"""The position model: a multinomial logistic regression over `position_features`.

Trained offline by `bench/train_positions.py` on the labelled articles and shipped as data
(`extraction/lexicons/position_model.json`): per feature one weight for each of for,
against and none. Most features are present or not (words, the rules' reading); the
statement's vector (`statement_vectors.py`) comes as valued features, each dimension tied
to the target and multiplied by `vector_scale`. Scoring is a weighted sum and a softmax —
a few microseconds per (statement, target) pair.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

CLASSES = ("for", "against", "none")


@dataclass(frozen=True)
class PositionModel:
    weights: Mapping[str, tuple[float, float, float]]
    threshold: float
    # The statement vector's weight against the other features; None: a model without it.
    vector_scale: float | None = None

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> PositionModel | None:
        """The model in its JSON form; None when there is none (rules alone then)."""
        if not table or "weights" not in table:
            return None
        weights = {
            str(k): (float(v[0]), float(v[1]), float(v[2])) for k, v in table["weights"].items()
        }
        scale = table.get("vector_scale")
        return cls(
            weights=weights,
            threshold=float(table["threshold"]),
            vector_scale=float(scale) if scale is not None else None,
        )

    def probabilities(
        self, features: Iterable[str], valued: Mapping[str, float] | None = None
    ) -> dict[str, float]:
        """P(for), P(against), P(none) from present `features` (a repeat counts again) and
        `valued` ones (each weight times its value)."""
        scores = [0.0, 0.0, 0.0]
        terms = [(feature, 1.0) for feature in features]
        for feature, value in itertools.chain(terms, (valued or {}).items()):
            w = self.weights.get(feature)
            if w is not None:
                scores[0] += w[0] * value
                scores[1] += w[1] * value
                scores[2] += w[2] * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(CLASSES, exps, strict=True)}
