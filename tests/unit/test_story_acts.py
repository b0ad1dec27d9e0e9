"""An act the lead reports that is two targets at once is both wherever the story takes it
up bare (extraction/story_acts.py): an Israeli strike on Iran, not a U.S. one."""

from __future__ import annotations

import pytest

from extraction import Extractor

ISRAELI_STRIKE = (
    "Governments in the region reacted on Thursday to an overnight Israeli air strike on a "
    "missile production site outside the Iranian city of Tabriz, the first such raid since "
    "the war in June."
)
REACTIONS = (
    'IRAN: Foreign ministry spokesman Esmail Baghaei called the raid "a flagrant act of '
    'aggression."\n\n'
    'CHINA: Foreign ministry spokesman Lin Jian said Beijing opposed "any use of force that '
    'violates the U.N. Charter."\n'
)
BOTH = {"iran.military_action": "against", "israel.military_campaign": "against"}


def round_up(lead: str, reactions: str = REACTIONS) -> str:
    return f"World reacts to strike near Tabriz\n\nJERUSALEM, Dec 3 - {lead}\n\n{reactions}"


def taken(extractor: Extractor, text: str, speaker: str) -> dict[str, str]:
    """Target → side, of the statement by `speaker`."""
    for statement in extractor.analyze(text).statements:
        if statement.speaker == speaker:
            return {p.target: p.side for p in statement.positions}
    raise AssertionError(f"no statement by {speaker!r}")


@pytest.mark.parametrize("speaker", ["Esmaeil Baghaei", "Lin Jian"])
def test_a_reaction_to_an_israeli_strike_on_iran_is_on_both_targets(
    extractor: Extractor, speaker: str
) -> None:
    assert taken(extractor, round_up(ISRAELI_STRIKE), speaker) == BOTH


@pytest.mark.parametrize(
    "lead",
    [
        # the story's act is the U.S. strike; Israel's campaign is only mentioned on the way
        "Governments reacted on Sunday to overnight U.S. strikes on the Iranian nuclear sites "
        "at Fordow and Natanz, which came nine days into Israel's air campaign against Iran.",
        # no party named: whose strike it was is not said
        ISRAELI_STRIKE.replace("Israeli ", ""),
    ],
)
def test_a_strike_on_iran_by_another_or_by_nobody_named_is_not_israels_campaign(
    extractor: Extractor, lead: str
) -> None:
    sides = taken(extractor, round_up(lead), "Esmaeil Baghaei")
    assert sides == {"iran.military_action": "against"}


def test_a_reaction_naming_another_party_is_not_the_leads_act(extractor: Extractor) -> None:
    reactions = REACTIONS.replace("called the raid", "called the American raids")
    sides = taken(extractor, round_up(ISRAELI_STRIKE, reactions), "Esmaeil Baghaei")
    assert sides == {"iran.military_action": "against"}
