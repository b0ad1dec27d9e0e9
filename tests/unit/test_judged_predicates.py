"""What a predicate judges of its subject (extraction/position_predicates.py, `judgement`):
an adjective of the verb's object describes the object, and harm done to the country a
measure is aimed at says the measure works — neither judges the target."""

from __future__ import annotations

import pytest

from extraction import Extractor
from tests.sides import sides


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            'Iowa farmer Jim Keller said the tariffs on China had "handed our best customer '
            'to Brazil."',
            "china.tariffs",
        ),
        (
            'Finnish President Alexander Stubb said the sanctions on Russia had "hurt Russia '
            'badly" but that the war was not over.',
            "russia.sanctions",
        ),
    ],
)
def test_no_judgement_of_the_target(rules_only: Extractor, text: str, target: str) -> None:
    assert sides(rules_only, text, target) == set()


@pytest.mark.parametrize(
    ("text", "target", "side"),
    [
        (
            "Senator Chuck Grassley said the tariffs on China will only hurt American farmers "
            "and American consumers.",
            "china.tariffs",
            "against",
        ),
        (
            "Kremlin spokesman Dmitry Peskov said the new sanctions on Russia were a historic "
            "mistake.",
            "russia.sanctions",
            "against",
        ),
        (
            "Senator Lindsey Graham said the sanctions on Iran had been a good decision.",
            "iran.sanctions",
            "for",
        ),
    ],
)
def test_a_predicate_still_judges_its_subject(
    rules_only: Extractor, text: str, target: str, side: str
) -> None:
    assert sides(rules_only, text, target) == {side}
