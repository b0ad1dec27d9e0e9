"""A target that is dialogue with a country is touched by "talks" or "dialogue" only when
that country may be a party to them (extraction/target_parties.py, docs/positions.md §3)."""

from __future__ import annotations

import pytest

from extraction import Extractor


def touched(extractor: Extractor, text: str, target: str) -> set[str]:
    """The sides of `target` the statements of `text` are scored with, at any confidence."""
    return {
        position.side
        for statement in extractor.analyze(text).statements
        for position in statement.positions
        if position.target == target and position.confidence >= extractor.positions.threshold
    }


@pytest.mark.parametrize(
    "text",
    [
        "Chinese Foreign Ministry spokeswoman Mao Ning said Beijing condemned the attacks on "
        "shipping in the Red Sea and called on all sides to return to dialogue.",
        "Chinese Foreign Ministry spokeswoman Mao Ning said Beijing encouraged Pyongyang and "
        "Seoul to resume their talks.",
        "Kremlin spokesman Dmitry Peskov said Moscow wanted Armenia and Azerbaijan to keep up "
        "their dialogue.",
    ],
)
def test_talks_between_others_are_not_dialogue_with_the_speakers_country(
    extractor: Extractor, text: str
) -> None:
    assert not touched(extractor, text, "china.engagement")
    assert not touched(extractor, text, "russia.engagement")


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Chinese Commerce Minister Wang Wentao said Beijing was open to dialogue with "
            "Brussels on electric vehicles.",
            "china.engagement",
        ),
        (
            "German Chancellor Friedrich Merz said he welcomed the trade talks between Beijing "
            "and the European Union.",
            "china.engagement",
        ),
        (
            "Hungarian Foreign Minister Peter Szijjarto said Budapest supported dialogue with "
            "Moscow.",
            "russia.engagement",
        ),
    ],
)
def test_dialogue_the_country_holds_still_takes_a_side(
    extractor: Extractor, text: str, target: str
) -> None:
    assert touched(extractor, text, target) == {"for"}
