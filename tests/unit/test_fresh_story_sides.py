"""Sides read wrongly on wire stories the rules were not written on, and the general shape
behind each (docs/positions.md, section 3): a question is not asserted, a round of sanctions
is no round of talks, nor international relations a dialogue with anyone, what is done
"under pressure" or "as new talks open" takes no side on the pressure or the talks, "every
X that …" judges the cases the clause picks out, "talk of" is not a negotiation, a war of
words is not force, a pressure campaign is a measure, not someone campaigning, a negotiated
end is no end of the talks, replacing a measure is against it, rejecting land for peace is
no side on peace, rejecting a claim of starvation is no side on the aid it says is missing,
"goods" are merchandise, not a judgement, objecting to bundling two measures is no side on
either, and what a second predicate asks of its subject
("had caused suffering and should be lifted") is asked of it."""

from __future__ import annotations

from dataclasses import replace

import pytest
from spacy.language import Language

from extraction import Extractor
from extraction.positions import combine
from extraction.positions_lexicon import keys_of, lemma_of
from extraction.rule_reading import RuleReading
from tests.sides import sides

NO_SIDE = [
    (  # talks refused while threatened, or under threat, are refused in their manner
        "Iran's Foreign Minister Abbas Araghchi said Tehran would not return to nuclear talks "
        "with Washington while the United States threatened new military action.",
        "iran.nuclear_deal",
    ),
    (
        "Iranian Foreign Minister Abbas Araghchi said Tehran would not return to talks under "
        "threat.",
        "iran.nuclear_deal",
    ),
    (
        "Zelensky rules out ceding land as new Ukraine talks open in Geneva\n\nGENEVA "
        "(Reuters) - Talks between the two delegations began on Tuesday.",
        "ukraine.peace_talks",
    ),
    (
        "Iranian Foreign Minister Abbas Araghchi ruled out negotiations with the United States "
        "under pressure of new sanctions on Iran.",
        "iran.sanctions",
    ),
    (
        "Hungarian Foreign Minister Peter Szijjarto said Budapest would block a fresh round of "
        "sanctions on Moscow over the war in Ukraine.",
        "ukraine.peace_talks",
    ),
    (
        "Chinese foreign ministry spokesman Lin Jian said China opposes the use or threat of "
        "force in international relations.",
        "china.engagement",
    ),
    (
        "Ukrainian President Volodymyr Zelensky said Kyiv rejected land-for-peace terms.",
        "ukraine.peace_talks",
    ),
    (
        'U.N. humanitarian chief Tom Fletcher said: "Every aid truck that waits at the border '
        'with Gaza is a failure."',
        "gaza.humanitarian_access",
    ),
    (
        "Shopkeeper Reza Ahmadi said nobody had asked ordinary Iranians whether they wanted "
        "this war with Israel.",
        "israel.military_campaign",
    ),
    (
        "Colombian President Gustavo Petro said whether Washington was fighting drugs or "
        "fighting Maduro was the question everyone in the region was asking.",
        "venezuela.maduro_government",
    ),
    (  # the parser makes both halves of the question subjects of "is"
        'Colombian President Gustavo Petro said: "Whether Washington is fighting drugs or '
        'fighting Maduro is the question everyone in the region is asking."',
        "venezuela.maduro_government",
    ),
    (
        'Jordan\'s foreign ministry said it "rejects the false claim" of deliberate starvation '
        "in Gaza.",
        "gaza.humanitarian_access",
    ),
    (
        "Israeli government spokesman David Mencer said Israel rejected allegations that it "
        "was blocking aid to Gaza.",
        "gaza.humanitarian_access",
    ),
    (  # a country's own measures are not measures aimed at it
        'Japanese Foreign Minister Toshimitsu Motegi said Tokyo "strongly opposes" China\'s '
        "new export restrictions on rare earths.",
        "china.tariffs",
    ),
    (  # an objection to a package is none to what is put in it
        "Representative Tom Gaddis of Texas said he objected to bundling the Russia measures "
        "with new sanctions on Iran and North Korea.",
        "iran.sanctions",
    ),
    (
        "Senator Jane Doe said she opposed tying military aid to Ukraine to border security.",
        "ukraine.military_aid",
    ),
    (  # nor are measures aimed at another country, in a story about China's trade
        "Chinese steel exports to the United States surged again last year.\n\nDonald Trump "
        "has been calling for heavy tariffs on Mexican-made goods, his campaign said.",
        "china.tariffs",
    ),
    (
        "Russian Foreign Ministry spokeswoman Maria Zakharova said Russia's new sanctions on "
        "British officials were a fair and necessary answer.",
        "russia.sanctions",
    ),
    (  # air defence for Ukraine is aid to Ukraine, not NATO's own defences
        "NATO allies met in Brussels.\n\nUkrainian President Volodymyr Zelenskiy said "
        '"weapons decide who survives" and urged allies to keep supplying air defence "before, '
        'not after, the next city is hit."',
        "nato.defence_spending",
    ),
    (  # two signals of one target, two sides: none
        "German Economy Minister Katherina Reiche said Germany had backed the tariffs on "
        "Chinese steel but warned against a trade war.",
        "china.tariffs",
    ),
    (
        "Kremlin spokesman Dmitry Peskov said any talk of Ukraine joining NATO, even in ten "
        "years, was unacceptable to Moscow.",
        "ukraine.peace_talks",
    ),
    (
        "Iranian Economy Minister Ali Madanizadeh said the enemy's economic war had failed to "
        "break Iranian producers.",
        "iran.military_action",
    ),
    (
        "Dutch Defence Minister Ruben Brekelmans said the Netherlands would pay for 250 million "
        "euros of U.S. weapons for Ukraine under NATO's purchasing scheme.",
        "nato.defence_spending",
    ),
    (
        "Egypt's Foreign Minister Badr Abdelatty said the halt of aid deliveries to Gaza was "
        '"cheap blackmail."',
        "gaza.ceasefire",
    ),
]


@pytest.mark.parametrize(("text", "target"), NO_SIDE)
def test_no_side(extractor: Extractor, rules_only: Extractor, text: str, target: str) -> None:
    assert sides(extractor, text, target) == set()
    assert sides(rules_only, text, target) == set()


def test_where_a_speaker_serves_is_not_whose_side_they_are_on(extractor: Extractor) -> None:
    """ "A Western diplomat in Tehran" is no Iranian: Iran's wish is a third party's to them."""
    text = (
        "A Western diplomat in Tehran said Iran's leadership wanted talks but could not be "
        "seen to want them."
    )
    assert sides(extractor, text, "iran.nuclear_deal") == set()


def test_someone_elses_wish_is_no_second_sign_of_the_speakers_side(extractor: Extractor) -> None:
    """The rules read a third party's wish as "others": a weak reading of its own, not a sign
    that confirms the model's side (`positions.combine`)."""
    text = (
        'U.S. special envoy Steve Witkoff said the Iranians "want sanctions relief first and '
        'commitments later."'
    )
    assert sides(extractor, text, "iran.nuclear_deal") == set()


def test_what_a_third_party_needs_is_still_the_speakers_judgement(extractor: Extractor) -> None:
    """ "Gaza needs a ceasefire": the rules read another's need, which is still the
    speaker's judgement and makes the model's side surer; another's wish does not."""
    text = (
        "Egypt presses Israel over Rafah\n\nCAIRO (Wire) - Egyptian Foreign Minister Sameh "
        'Shoukry spoke to reporters.\n\n"Gaza needs a ceasefire before Ramadan," Shoukry said '
        "at a news conference in Cairo."
    )
    assert "against" not in sides(extractor, text, "gaza.ceasefire")
    model = {"for": 0.8, "against": 0.1, "none": 0.1}
    needs = RuleReading("for", "others", 0.7, "needs", flips=0, steps=1)
    assert combine(model, needs) == ("for", pytest.approx(1 - 0.2 * 0.3))
    assert combine(model, replace(needs, evidence="want")) == ("for", 0.8)


@pytest.mark.parametrize(
    ("text", "target", "side"),
    [
        (
            "A State Department spokesman said the pressure campaign against the Maduro "
            "regime was working.",
            "venezuela.us_pressure",
            "for",
        ),
        (
            "Israeli Finance Minister Bezalel Smotrich said any deal that left Hamas standing "
            'in Gaza would be "a surrender."',
            "gaza.ceasefire",
            "against",
        ),
        (
            "Ukrainian President Volodymyr Zelensky said Kyiv rejected land-for-peace terms.",
            "ukraine.territorial_concessions",
            "against",
        ),
        (
            "Senator Jeanne Shaheen said she supported a negotiated end to the war in Ukraine.",
            "ukraine.peace_talks",
            "for",
        ),
        (
            "French cognac growers urged Brussels to replace its tariffs on Chinese electric "
            "cars with minimum prices.",
            "china.tariffs",
            "against",
        ),
        (  # what is asked of a subject in a second predicate is asked of it
            "Chinese foreign ministry spokeswoman Mao Ning said the U.S. embargo had caused "
            "immense suffering to the Cuban people and should be lifted without conditions.",
            "cuba.us_pressure",
            "against",
        ),
        (
            "Chinese Commerce Ministry spokesman He Yadong said the duties on Chinese electric "
            "cars must be withdrawn.",
            "china.tariffs",
            "against",
        ),
        (  # the owner of frozen assets is not who freezes them
            "Kremlin spokesman Dmitry Peskov said any use of Russia's assets would be theft.",
            "russia.sanctions",
            "against",
        ),
        (
            "NATO Secretary General Mark Rutte said allies must invest far more in air defence "
            "on the eastern flank.",
            "nato.defence_spending",
            "for",
        ),
        (
            "Mexican President Claudia Sheinbaum said Mexico would send fuel oil to Cuba and "
            'called the U.S. embargo "inhumane."',
            "cuba.us_pressure",
            "against",
        ),
        (  # reports are no claims: concern over them is concern over what they report
            "Kremlin spokesman Dmitry Peskov expressed concern over reports of a U.S. naval "
            "blockade of Cuba.",
            "cuba.us_pressure",
            "against",
        ),
        (
            "Kremlin spokesman Dmitry Peskov said the talks with Kyiv in Istanbul had been useful.",
            "ukraine.peace_talks",
            "for",
        ),
        (  # handing over and giving away land are giving it up
            "Ukrainian President Volodymyr Zelensky said Kyiv would never hand over the parts "
            "of the Donetsk region its troops still hold.",
            "ukraine.territorial_concessions",
            "against",
        ),
        (
            '"We will not give away our land," Ukrainian President Volodymyr Zelensky said.',
            "ukraine.territorial_concessions",
            "against",
        ),
        (  # walking away from an agreement is ending one's part in it
            "State Senator Karen Whitlock said the next administration should walk away from "
            "any new nuclear agreement with Tehran.",
            "iran.nuclear_deal",
            "against",
        ),
    ],
)
def test_the_rules_still_read(rules_only: Extractor, text: str, target: str, side: str) -> None:
    assert sides(rules_only, text, target) == {side}


def test_a_measure_its_own_side_says_will_stay_is_one_it_is_for(extractor: Extractor) -> None:
    text = (
        "U.S. Secretary of State Marco Rubio said the sanctions would stay until Havana freed "
        "its political prisoners."
    )
    assert sides(extractor, text, "cuba.us_pressure") == {"for"}


def test_goods_are_not_the_good_of_a_judgement(nlp: Language) -> None:
    doc = nlp("Russian exporters had found other markets for the goods affected.")
    goods = next(t for t in doc if t.lower_ == "goods")
    assert goods.lemma_.lower() == "good"  # the model's lemma, which a judgement would read
    assert "good" not in keys_of(goods)
    assert lemma_of(goods) == "goods"
