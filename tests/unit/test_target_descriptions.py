"""A target's signal that only says which thing is meant ("sites bombed in June") is not the
target: what governs the thing takes no side on the bombing (extraction/targets.py)."""

from __future__ import annotations

import pytest

from extraction import Extractor
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
