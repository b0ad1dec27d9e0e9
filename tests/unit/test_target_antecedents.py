"""A reaction to "the move" takes a side on the act the story reported before it
(extraction/target_antecedents.py), and only on an act reported plainly, of one target."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Extractor
from extraction.target_antecedents import act_nouns
from tests.sides import sides

SANCTIONED = (
    "The United States on Wednesday imposed sanctions on a refinery in China's Shandong "
    "province, accusing it of buying Iranian crude worth billions of dollars.\n\n"
)


def statement_with(extractor: Extractor, text: str, words: str) -> tuple[tuple[str, ...], set]:
    """The topics and (target, side) pairs of the statement holding `words`."""
    for statement in extractor.analyze(text).statements:
        if words in statement.text:
            return statement.topics, {(p.target, p.side) for p in statement.positions}
    raise AssertionError(f"no statement holds {words!r}")


@pytest.mark.parametrize(
    ("reaction", "words", "side"),
    [
        ("Israeli Foreign Minister Gideon Saar welcomed the move.", "the move", "for"),
        (
            'Chinese Foreign Ministry spokesman Lin Jian said the decision was "illegal and '
            'unjustified."',
            "the decision",
            "against",
        ),
    ],
)
def test_a_reaction_to_the_move_takes_a_side_on_the_act_before_it(
    extractor: Extractor, reaction: str, words: str, side: str
) -> None:
    topics, positions = statement_with(extractor, SANCTIONED + reaction, words)
    assert ("iran.sanctions", side) in positions
    assert "iran" in topics


def test_without_the_act_the_same_reaction_takes_no_side(extractor: Extractor) -> None:
    text = "Israeli Foreign Minister Gideon Saar welcomed the move."
    assert sides(extractor, text, "iran.sanctions") == set()


def test_an_act_its_sentence_judges_is_not_the_act_taken_up(extractor: Extractor) -> None:
    # the resolution declares the government illegitimate: backing it is no side *for*
    # Maduro's government, whatever "supported" says of the resolution
    text = (
        "A resolution at the Organization of American States declaring Nicolas Maduro's "
        "government illegitimate fell three votes short on Wednesday.\n\n"
        "Argentina's ambassador Martin Ocampo said his government supported the resolution "
        '"without hesitation."'
    )
    assert "for" not in sides(extractor, text, "venezuela.maduro_government")


def test_a_country_imposing_its_own_duties_is_no_tariff_on_it(extractor: Extractor) -> None:
    text = (
        "China on Friday imposed duties of up to 34.9% on brandy from the European Union.\n\n"
        "European Commission spokesman Olof Gill said the Commission regretted the decision."
    )
    assert sides(extractor, text, "china.tariffs") == set()


@pytest.mark.parametrize(
    ("sentence", "nouns"),
    [
        ("Saar welcomed the move.", ["move"]),
        ("Moscow said such steps would not go unanswered.", ["steps"]),
        ("Lin said this decision was illegal.", ["decision"]),
        ("Saar welcomed the decision to host the summit in Vienna.", []),  # says its matter
        ("Welles said the Cuba policy had not changed.", []),  # a compound names it
        ("The vote on the resolution was delayed.", ["resolution"]),  # not "vote"
        ("Saar welcomed a move by the bloc.", []),  # not definite: nothing taken up
    ],
)
def test_an_act_noun_takes_up_only_when_it_says_nothing_of_its_matter(
    nlp: Language, sentence: str, nouns: list[str]
) -> None:
    doc = nlp(sentence)
    assert [t.text for t in act_nouns(doc, range(len(doc)))] == nouns


def test_another_matter_between_the_lead_and_the_reaction_makes_the_act_unclear(
    every_side: Extractor,
) -> None:
    """Whether the aid is taken up at all: every target scored is kept, however doubtful."""
    text = (
        "European Union leaders agreed on Thursday to speed up deliveries of artillery "
        "ammunition to Ukraine.\n\n"
        "Leaders met in Brussels.\n\n"
        "Kremlin spokesman Igor Valentinov said any use of frozen Russian assets would be "
        '"outright theft."\n\n'
        "He added that the decision would undermine trust in the euro."
    )
    _, positions = statement_with(every_side, text, "the decision")
    assert not {target for target, _ in positions} & {"ukraine.military_aid"}
    # the same reaction right after the lead takes the aid up
    text = (
        "European Union leaders agreed on Thursday to speed up deliveries of artillery "
        "ammunition to Ukraine.\n\n"
        "Leaders met in Brussels.\n\n"
        "Kremlin spokesman Igor Valentinov said the decision was a dangerous provocation."
    )
    _, positions = statement_with(every_side, text, "the decision")
    assert ("ukraine.military_aid", "against") in positions
