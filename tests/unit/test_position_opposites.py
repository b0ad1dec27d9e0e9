"""What names a target's denial takes the opposite side ("the blockade" of aid), and what is
done to a target in the passive is nobody's attitude (docs/positions.md §3)."""

from __future__ import annotations

import pytest

from extraction import Extractor
from tests.sides import sides

AID = "gaza.humanitarian_access"


@pytest.mark.parametrize(
    ("text", "side"),
    [
        (
            "Egypt's Foreign Minister Badr Abdelatty said the blockade of Gaza was collective "
            "punishment and must end.",
            "for",
        ),
        ("Israeli minister Itamar Ben-Gvir said he supported the siege of Gaza.", "against"),
        ("Egyptian official Badr Abdelatty said Cairo opposed any aid to Gaza.", "against"),
    ],
)
def test_what_denies_the_aid_takes_the_other_side(
    rules_only: Extractor, text: str, side: str
) -> None:
    assert sides(rules_only, text, AID) == {side}


def test_a_passive_act_with_no_agent_is_not_the_speakers_attitude(
    extractor: Extractor,
) -> None:
    """ "aid trucks were being blocked": a fact the speaker reports, not a refusal of aid."""
    text = (
        "U.N. Secretary-General Antonio Guterres said the situation in northern Gaza was "
        '"beyond catastrophic" and that aid trucks were being blocked at the crossings.'
    )
    assert sides(extractor, text, AID) == set()


def test_acting_despite_a_target_is_against_it(rules_only: Extractor) -> None:
    """ "would keep supplying oil despite U.S. pressure": defiance, not a commitment to the
    pressure."""
    text = (
        "Russian ambassador Viktor Koronelli said Moscow would keep supplying oil to Cuba "
        "despite U.S. pressure."
    )
    assert sides(rules_only, text, "cuba.us_pressure") == {"against"}
