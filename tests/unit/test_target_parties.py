"""A target that is dialogue with a country is touched by "talks" or "dialogue" only when
that country may be a party to them (extraction/target_parties.py, docs/positions.md §3)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Extractor
from extraction.target_parties import actor, country_is_party

# Dialogue the parse says is between others: the speaker's country urges or wants it.
OTHERS_TALKING = [
    "Chinese Foreign Ministry spokeswoman Mao Ning said Beijing condemned the attacks on "
    "shipping in the Red Sea and called on all sides to return to dialogue.",
    "Chinese Foreign Ministry spokeswoman Mao Ning said Beijing encouraged Pyongyang and "
    "Seoul to resume their talks.",
    "Kremlin spokesman Dmitry Peskov said Moscow wanted Armenia and Azerbaijan to keep up "
    "their dialogue.",
]


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
        *OTHERS_TALKING,
        "Chinese envoy Zhang Jun said Beijing backed a negotiated settlement of the Venezuelan "
        "crisis.",
        "Kremlin spokesman Dmitry Peskov said Moscow supported a diplomatic solution to the "
        "Korean nuclear issue.",
        # what is backed names no country at all: the backer is still no party to it
        "Chinese Foreign Ministry spokesman Guo Jiakun said China welcomed the ceasefire "
        "agreement and hoped it would hold.",
    ],
)
def test_talks_between_others_are_not_dialogue_with_the_speakers_country(
    extractor: Extractor, text: str
) -> None:
    assert not touched(extractor, text, "china.engagement")
    assert not touched(extractor, text, "russia.engagement")


@pytest.mark.parametrize("text", OTHERS_TALKING)
def test_dialogue_placed_elsewhere_is_not_offered_to_the_model(
    every_side: Extractor, text: str
) -> None:
    """Not even a doubtful side: the words say whose dialogue it is, so the statement's
    topic (china, russia) does not offer the country's dialogue target either."""
    scored = {p.target for s in every_side.analyze(text).statements for p in s.positions}
    assert scored and not scored & {"china.engagement", "russia.engagement"}


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
        (
            "Chinese Commerce Minister Wang Wentao said Beijing welcomed talks with Washington "
            "on the Korean tariffs.",
            "china.engagement",
        ),
        (
            "Australian Trade Minister Don Farrell said Canberra wanted a negotiated settlement "
            "with Beijing on the barley duties.",
            "china.engagement",
        ),
    ],
)
def test_dialogue_the_country_holds_still_takes_a_side(
    extractor: Extractor, text: str, target: str
) -> None:
    assert touched(extractor, text, target) == {"for"}


def test_a_reported_clause_keeps_its_own_actor(nlp: Language) -> None:
    """ "we are talking" quoted from a Chinese envoy: the envoy who tells is not another
    party to the talks, and "we" names nobody, so the talks may be China's."""
    doc = nlp('"We are talking with Brussels every week," Chinese envoy Fu Cong told reporters.')
    talking = next(t for t in doc if t.lower_ == "talking")
    china = {t.i for t in doc if t.text == "Chinese"}
    assert actor(talking) is not None and actor(talking).lower_ == "we"
    assert country_is_party(talking, china)


def test_others_asked_to_talk_are_the_parties(nlp: Language) -> None:
    doc = nlp("Beijing urged Pyongyang to resume talks with Washington.")
    talks = next(t for t in doc if t.lower_ == "talks")
    assert not country_is_party(talks, {0})
