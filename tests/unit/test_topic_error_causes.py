"""The causes `bench/topic_errors.cause` folds topic-error categories into (docs/topics.md)."""

from __future__ import annotations

import pytest

from bench.topic_errors import cause


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        ("missed country paragraph before", "missed: continues the paragraph before"),
        ("missed theme paragraph before", "missed: continues the paragraph before"),
        ("missed usa its sentence", "missed: named in its sentence or paragraph, not lent"),
        ("missed country own words (person)", "missed: in its own words, not counted"),
        ("missed usa elsewhere in the article", "missed: /usa of a U.S. story, named far away"),
        ("missed country story topic, not near", "missed: a story topic, named far away"),
        ("added usa own words (word)", "added: a word of its own, in passing"),
        ("added country paragraph before", "added: borrowed from its passage or the story"),
    ],
)
def test_each_category_has_its_cause(category: str, expected: str) -> None:
    assert cause(category) == expected
