"""Sides read from single sentences with the real model: the constructions the rules must
get right whatever the article (docs/positions.md, section 3)."""

from __future__ import annotations

import pytest

from extraction import Extractor


def sides(extractor: Extractor, text: str, target: str) -> set[str]:
    analysis = extractor.analyze(text)
    return {
        position.side
        for statement in analysis.statements
        for position in statement.positions
        if position.target == target
    }


@pytest.mark.parametrize(
    "text",
    [
        '"We need more air defence, not promises," Zelensky said in Kyiv.',
        '"Ukraine needs weapons, not words," Zelensky said in Kyiv.',
    ],
)
def test_a_contrast_does_not_negate_what_is_asked_for(extractor: Extractor, text: str) -> None:
    assert "against" not in sides(extractor, text, "ukraine.military_aid")


def test_a_real_negation_still_turns_the_side(extractor: Extractor) -> None:
    text = (
        "Hungarian Prime Minister Viktor Orban said Budapest would not support "
        "sending more weapons to Ukraine."
    )
    assert "for" not in sides(extractor, text, "ukraine.military_aid")
