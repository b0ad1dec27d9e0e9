"""A target's signal that only says which thing is meant ("sites bombed in June") is not the
target: what governs the thing takes no side on the bombing; nor is the bomb a country may build
a strike (extraction/signal_senses.py)."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Extractor
from extraction.signal_senses import a_target_to_hit, a_weapon_to_have, speaks_of_its_target
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


@pytest.mark.parametrize(
    ("text", "weapon"),
    [
        ('"We will not allow the ayatollahs to get the bomb," he said.', True),
        ("Iran had enough enriched uranium for one bomb, the agency said.", True),
        ("The senator said Iran was racing toward a nuclear bomb.", True),
        ('"We dropped fourteen bombs on Fordow," the general said.', False),
    ],
)
def test_the_bomb_a_country_may_build_is_no_strike(nlp: Language, text: str, weapon: bool) -> None:
    doc = nlp(text)
    bomb = next(t for t in doc if t.lemma_.lower() == "bomb")
    assert a_weapon_to_have(bomb) is weapon
    assert speaks_of_its_target(doc[bomb.i : bomb.i + 1]) is not weapon


@pytest.mark.parametrize(
    ("text", "to_hit"),
    [
        ('Zakharova said Western troops in Ukraine would be "legitimate targets."', True),
        ("Israeli jets struck targets in southern Lebanon overnight, the army said.", True),
        ("Only eight allies met the spending target last year, Rutte said.", False),
        ("Israeli jets hit Hezbollah targets in the south, the army said.", True),
        ("Spain will not meet the NATO target this decade, Sanchez said.", False),
    ],
)
def test_a_target_to_hit_is_no_spending_goal(nlp: Language, text: str, to_hit: bool) -> None:
    doc = nlp(text)
    target = next(t for t in doc if t.lemma_.lower() == "target")
    assert a_target_to_hit(target) is to_hit
    assert speaks_of_its_target(doc[target.i : target.i + 1]) is not to_hit
