"""The learned second look at a statement's topics: what it adds, drops and keeps."""

from __future__ import annotations

import pytest

from extraction.topic_model import TopicModel, story_shares, topic_features

# Two vector dimensions; weights: bias, v0, v1, the rules gave it, story share, topic count.
TABLE = {
    "add": 0.8,
    "drop": 0.05,
    "vector_scale": 2.0,
    "weights": {
        "iran": [-2.0, 3.0, 0.0, 4.0, 2.0, 0.0],
        "energy": [-1.0, 0.0, 3.0, 0.5, 0.0, 0.0],
    },
}


def test_the_story_share_is_per_statement() -> None:
    assert story_shares([("iran",), ("iran", "usa"), ()]) == pytest.approx(
        {"iran": 2 / 3, "usa": 1 / 3}
    )
    assert topic_features([0.5, 0.1], "iran", ("usa",), {"iran": 0.5}) == [
        0.5, 0.1, 0.0, 0.5, 1 / 3
    ]  # fmt: skip


def test_a_topic_the_model_is_sure_of_is_added_one_it_rules_out_dropped() -> None:
    model = TopicModel.from_table(TABLE)
    assert model is not None
    topics: list[tuple[str, ...]] = [("energy",), ("iran",), ()]
    revised = model.revise(topics, [(1.0, -1.0), (1.0, 0.0), (0.0, 0.0)], story_shares(topics))
    # 1: energy ruled out (v1 negative), iran added (v0 and the story's share);
    # 2: iran kept; 3: a statement the vector says nothing of stays without topics
    assert revised == [("iran",), ("iran",), ()]


def test_a_topic_the_model_was_not_trained_on_is_left_to_the_rules() -> None:
    model = TopicModel.from_table(TABLE)
    assert model is not None
    assert model.revise([("syria",)], [(0.0, 0.0)], {"syria": 1.0}) == [("syria",)]


def test_no_model_shipped_means_the_rules_alone() -> None:
    assert TopicModel.from_table({}) is None
