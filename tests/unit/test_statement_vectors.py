"""The statement vector the position model weighs, and how the model weighs valued features."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import pytest

from extraction.position_features import vector_features
from extraction.position_model import PositionModel
from extraction.statement_vectors import statement_vector


def cosine(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))


def test_a_statement_vector_has_unit_length_and_empty_text_none() -> None:
    vector = statement_vector("Tehran would not accept any deal that halts enrichment.")
    assert len(vector) == 256
    assert math.isclose(math.fsum(x * x for x in vector), 1.0, rel_tol=1e-3)
    assert not any(statement_vector("  \n"))


def test_a_threat_lies_nearer_another_threat_than_a_schedule() -> None:
    seen = statement_vector("We will retaliate against any attack on our country.")
    other_words = statement_vector("Iran vowed to respond to any attack.")
    schedule = statement_vector("The summit will take place in Beijing on Tuesday.")
    assert cosine(seen, other_words) > 2 * cosine(seen, schedule)


def test_the_vector_is_tied_to_the_target_and_scaled() -> None:
    features = vector_features("iran.sanctions", (0.5, 0.0, -0.25), 8.0)
    assert features == {"iran.sanctions|v0": 4.0, "iran.sanctions|v2": -2.0}


def test_valued_features_weigh_by_their_value_and_repeats_count_again() -> None:
    model = PositionModel.from_table(
        {
            "threshold": 0.9,
            "vector_scale": 8,
            "weights": {"bias": [0, 0, 0], "w=welcome": [1, 0, 0], "t|v0": [0, 1, 0]},
        }
    )
    assert model is not None and model.vector_scale == 8.0
    assert model.probabilities(["w=welcome", "w=welcome"], {"t|v0": 2.0}) == pytest.approx(
        model.probabilities([], {"w=welcome": 2.0, "t|v0": 2.0})
    )
    against = model.probabilities(["w=welcome"], {"t|v0": 3.0})
    assert against["against"] > against["for"] > against["none"]


def test_a_model_without_a_vector_scale_weighs_no_vector() -> None:
    model = PositionModel.from_table({"threshold": 0.9, "weights": {"bias": [0, 0, 1]}})
    assert model is not None and model.vector_scale is None


def test_the_vectors_load_with_no_network_and_no_cache(tmp_path: Path) -> None:
    """Everything comes from the installed wheel: no socket is opened, no cache is read."""
    script = (
        "import socket\n"
        "def refuse(*args, **kwargs):\n"
        "    raise OSError('network used')\n"
        "socket.socket.connect = refuse\n"
        "socket.create_connection = refuse\n"
        "from extraction.statement_vectors import statement_vector\n"
        "print(len(statement_vector('Moscow condemned the strikes.')))\n"
    )
    env = {**os.environ, "HOME": str(tmp_path), "XDG_CACHE_HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "256"
    assert not any(tmp_path.iterdir())  # nothing cached either
