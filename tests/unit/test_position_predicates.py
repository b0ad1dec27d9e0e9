"""Sides that hang on what a clause says happens to a target (docs/positions.md, 1.2 and 3):
a call for its end or lifting is against it, a condemnation that also characterises it
stays against it, and the speaker's own readiness to take part in it is for it. Sentences of
our own, read with the real model."""

from __future__ import annotations

import pytest

from extraction import Extractor
from tests.sides import sides


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # the target is the call's object, the ending its passive infinitive
        (
            "Russian Foreign Minister Sergei Lavrov called for the sanctions on Russia to be "
            "lifted.",
            "russia.sanctions",
        ),
        ("Pezeshkian called for the blockade of Cuba to be ended.", "cuba.us_pressure"),
        # the target is the subject of a bare participle under the wish
        (
            "The Hungarian foreign minister, Peter Szijjarto, said Budapest wants the "
            "sanctions on Russia lifted.",
            "russia.sanctions",
        ),
        ('"We want the tariffs on Chinese goods removed," Wang said.', "china.tariffs"),
        # the lifting verb governs the target: read on the target's own path, as before
        (
            "Hungarian Prime Minister Viktor Orban urged lifting sanctions on Russia.",
            "russia.sanctions",
        ),
        (
            "Iranian Foreign Minister Abbas Araghchi demanded an end to the strikes on Iran.",
            "iran.military_action",
        ),
    ],
)
def test_a_call_for_a_targets_end_is_against_it(
    extractor: Extractor, rules_only: Extractor, text: str, target: str
) -> None:
    assert sides(rules_only, text, target) == {"against"}
    assert sides(extractor, text, target) == {"against"}


def test_a_call_for_more_of_a_target_is_still_for_it(rules_only: Extractor) -> None:
    text = "Senator Lindsey Graham said he wanted the sanctions on Russia tightened."
    assert sides(rules_only, text, "russia.sanctions") == {"for"}


def test_an_ending_with_its_own_object_is_about_that_object(rules_only: Extractor) -> None:
    # "to end the war" has its own object: it does not turn the call for a ceasefire round
    text = "U.N. Secretary-General Antonio Guterres called for a ceasefire in Gaza to end the war."
    assert sides(rules_only, text, "gaza.ceasefire") == {"for"}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Iran's foreign ministry denounced the strikes on Iran as a threat to regional peace.",
            "iran.military_action",
        ),
        (
            "Chinese Foreign Minister Wang Yi condemned the tariffs on China as dangerous.",
            "china.tariffs",
        ),
    ],
)
def test_a_condemnation_that_characterises_stays_against(
    extractor: Extractor, rules_only: Extractor, text: str, target: str
) -> None:
    assert sides(rules_only, text, target) == {"against"}
    assert sides(extractor, text, target) == {"against"}


def test_praise_with_a_damning_characterisation_takes_no_side(rules_only: Extractor) -> None:
    text = "Iranian Foreign Minister Abbas Araghchi praised the strikes on Iran as a threat."
    assert sides(rules_only, text, "iran.military_action") == set()


def test_a_characterisation_alone_still_judges(rules_only: Extractor) -> None:
    text = "Kremlin spokesman Dmitry Peskov described the sanctions on Russia as illegal."
    assert sides(rules_only, text, "russia.sanctions") == {"against"}


def test_praise_with_a_characterisation_that_agrees_stays_for(rules_only: Extractor) -> None:
    text = "Ukrainian President Volodymyr Zelensky praised the military aid as vital."
    assert sides(rules_only, text, "ukraine.military_aid") == {"for"}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        (
            "Chinese Foreign Minister Wang Yi said Beijing stands ready to resume "
            "negotiations with Washington.",
            "china.engagement",
        ),
        (
            "Kremlin spokesman Dmitry Peskov said Moscow was ready to host talks on Ukraine.",
            "ukraine.peace_talks",
        ),
        (
            '"Iran is prepared to return to the nuclear talks," Iranian Foreign Minister '
            "Abbas Araghchi said.",
            "iran.nuclear_deal",
        ),
        (
            "Qatar's prime minister said Doha remained open to dialogue on a Gaza ceasefire.",
            "gaza.ceasefire",
        ),
        (
            "Kremlin spokesman Dmitry Peskov said the Kremlin stood ready to take part in "
            "peace talks on Ukraine.",
            "ukraine.peace_talks",
        ),
        (
            "Iranian Foreign Minister Abbas Araghchi said Tehran had declared its readiness "
            "to resume the nuclear talks.",
            "iran.nuclear_deal",
        ),
    ],
)
def test_the_speakers_own_readiness_is_for_the_target(
    every_side: Extractor, rules_only: Extractor, text: str, target: str
) -> None:
    assert sides(rules_only, text, target) == {"for"}
    # the model leans the same way; how sure it is, and so whether the bot shows the side
    # of one sentence alone, is measured on whole labelled articles, not here
    assert sides(every_side, text, target) == {"for"}


def test_readiness_to_counter_a_target_is_not_for_it(rules_only: Extractor) -> None:
    text = '"Iran is ready to respond to any attack," Iranian Foreign Minister Abbas Araghchi said.'
    assert "for" not in sides(rules_only, text, "iran.military_action")


def test_someone_elses_readiness_is_not_the_speakers_side(
    extractor: Extractor, rules_only: Extractor
) -> None:
    text = '"Washington is ready to strike Iran," Iranian Foreign Minister Abbas Araghchi said.'
    assert sides(rules_only, text, "iran.military_action") == set()
    assert sides(extractor, text, "iran.military_action") == set()
    owned = (
        "Iranian Foreign Minister Abbas Araghchi said Washington had declared its readiness "
        "to resume the nuclear talks."
    )
    assert sides(rules_only, owned, "iran.nuclear_deal") == set()


def test_what_one_defends_against_is_not_what_one_is_for(rules_only: Extractor) -> None:
    text = (
        '"We are prepared to defend ourselves against any attack," Iranian Foreign Minister '
        "Abbas Araghchi said."
    )
    assert "for" not in sides(rules_only, text, "iran.military_action")


def test_readiness_to_end_a_target_is_against_it(rules_only: Extractor) -> None:
    text = '"We stand ready to lift the sanctions on Iran," a U.S. official said.'
    assert "for" not in sides(rules_only, text, "iran.sanctions")
