"""A target's signal that only says which thing is meant ("sites bombed in June") is not the
target: what governs the thing takes no side on the bombing; nor is the bomb a country may build
a strike, nor joining a coalition membership of a body (extraction/signal_senses.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from spacy.language import Language
from spacy.tokens import Token

from extraction import Extractor
from extraction.signal_senses import (
    a_target_to_hit,
    a_weapon_to_have,
    joins_something_else,
    speaks_of_its_target,
)
from tests.sides import sides


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Iran on Friday rejected a resolution by the U.N. nuclear watchdog's board "
            "demanding that Tehran give inspectors access to sites bombed in June.",
            "iran.military_action",
        ),
        (
            "Kremlin spokesman Dmitry Peskov said Moscow condemned the arrest in Paris of a "
            "Russian businessman sanctioned by the European Union.",
            "russia.sanctions",
        ),
    ],
)
def test_a_participle_describing_a_thing_takes_no_side(
    rules_only: Extractor, text: str, target: str
) -> None:
    assert sides(rules_only, text, target) == set()


@pytest.mark.parametrize(
    ("text", "target", "side"),
    [
        (
            "Iran's foreign ministry condemned the strikes on its nuclear sites as a violation "
            "of international law.",
            "iran.military_action",
            "against",
        ),
        (
            "Russia's envoy Mikhail Ulyanov said Moscow opposed any new strikes on Iranian "
            "facilities.",
            "iran.military_action",
            "against",
        ),
    ],
)
def test_the_target_itself_still_takes_its_side(
    rules_only: Extractor, text: str, target: str, side: str
) -> None:
    assert sides(rules_only, text, target) == {side}


BOMB, TARGET = (a_weapon_to_have, "bomb"), (a_target_to_hit, "target")
JOIN = (joins_something_else, "join")


@pytest.mark.parametrize(
    ("text", "sense", "other"),
    [
        # the bomb a country may build is no strike
        ('"We will not allow the ayatollahs to get the bomb," he said.', BOMB, True),
        ("Iran had enough enriched uranium for one bomb, the agency said.", BOMB, True),
        ("The senator said Iran was racing toward a nuclear bomb.", BOMB, True),
        ('"We dropped fourteen bombs on Fordow," the general said.', BOMB, False),
        # a target to hit is no spending goal
        ('Zakharova said Western troops in Ukraine would be "legitimate targets."', TARGET, True),
        ("Israeli jets struck targets in southern Lebanon overnight, the army said.", TARGET, True),
        ("Only eight allies met the spending target last year, Rutte said.", TARGET, False),
        ("Israeli jets hit Hezbollah targets in the south, the army said.", TARGET, True),
        ("Spain will not meet the NATO target this decade, Sanchez said.", TARGET, False),
        # joining a coalition or talks is no membership of the alliance
        ("Clinton urged the administration to join a NATO-led coalition in Libya.", JOIN, True),
        ("Erdogan said Turkey would join the talks in Istanbul.", JOIN, True),
        ("Stubb said Finland decided to join NATO.", JOIN, False),
        ("Kristersson said Sweden was proud to join the alliance.", JOIN, False),
        ("Zelensky said Ukraine must be allowed to join.", JOIN, False),
    ],
)
def test_a_signal_in_another_sense_is_no_signal(
    nlp: Language, text: str, sense: tuple[Callable[[Token], bool], str], other: bool
) -> None:
    reads_as, lemma = sense
    doc = nlp(text)
    word = next(t for t in doc if t.lemma_.lower() == lemma)
    assert reads_as(word) is other
    assert speaks_of_its_target(doc[word.i : word.i + 1]) is not other
