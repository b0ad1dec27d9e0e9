"""Sides read from single sentences with the real model: the constructions the rules must
get right whatever the article (docs/positions.md, section 3)."""

from __future__ import annotations

import pytest

from extraction import Extractor
from tests.sides import sides


@pytest.mark.parametrize(
    "text",
    [
        '"We need more air defence, not promises," Zelensky said in Kyiv.',
        '"Ukraine needs weapons, not words," Zelensky said in Kyiv.',
    ],
)
def test_a_contrast_does_not_negate_what_is_asked_for(extractor: Extractor, text: str) -> None:
    assert "against" not in sides(extractor, text, "ukraine.military_aid")


@pytest.mark.parametrize(
    "text",
    [
        '"We want a ceasefire and negotiations, not another round of sanctions on Russia," '
        "Hungarian Foreign Minister Peter Szijjarto said.",
        "Hungarian Foreign Minister Peter Szijjarto said Budapest wanted talks, not new "
        "sanctions on Russia.",
    ],
)
def test_what_a_contrast_denies_is_opposed(rules_only: Extractor, text: str) -> None:
    """The "not" the parser hangs on the first phrase denies the second: the same want is
    for the one and against the other."""
    assert sides(rules_only, text, "russia.sanctions") == {"against"}


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ('"I don\'t have to like a guy to talk to him," the senator said of Putin.', "for"),
        ('"We do not need to agree with Moscow to talk to it," the minister said.', "for"),
        ('"We don\'t need to talk to Moscow to win this war," the minister said.', "against"),
    ],
)
def test_a_denied_necessity_waives_its_condition_not_its_goal(
    rules_only: Extractor, text: str, side: str
) -> None:
    """ "Not have to X to Y": the denial waives X for Y; the talks are Y here, X there."""
    assert sides(rules_only, text, "russia.engagement") == {side}


@pytest.mark.parametrize(
    ("text", "side"),
    [
        (
            "The U.S. Navy boarded a tanker carrying Venezuelan crude on Tuesday. Senator Rick "
            "Scott welcomed the interception.",
            "for",
        ),
        ("Senator Tim Kaine said he opposed the naval quarantine of Venezuela.", "against"),
    ],
)
def test_a_tanker_stopped_at_sea_is_pressure_on_venezuela(
    extractor: Extractor, text: str, side: str
) -> None:
    assert sides(extractor, text, "venezuela.us_pressure") == {side}


def test_a_real_negation_still_turns_the_side(extractor: Extractor) -> None:
    text = (
        "Hungarian Prime Minister Viktor Orban said Budapest would not support "
        "sending more weapons to Ukraine."
    )
    assert "for" not in sides(extractor, text, "ukraine.military_aid")


@pytest.mark.parametrize(
    ("text", "target", "side"),
    [
        # limits put on a good thing are against it, so lifting them is for it
        (
            "U.N. Secretary-General Antonio Guterres urged Israel to lift restrictions on "
            "aid to Gaza.",
            "gaza.humanitarian_access",
            "for",
        ),
        # ... but when the target is itself pressure, more pressure words are the target
        (
            "Senator Marco Rubio called for tighter limits on remittances to Cuba.",
            "cuba.us_pressure",
            "for",
        ),
    ],
)
def test_restrictions_on_a_target(rules_only: Extractor, text: str, target: str, side: str) -> None:
    assert sides(rules_only, text, target) == {side}


def test_the_setting_of_an_act_is_not_its_object(rules_only: Extractor) -> None:
    text = (
        "Commission President Ursula von der Leyen urged leaders to approve the reparations "
        "loan at the summit on Ukraine."
    )
    assert sides(rules_only, text, "ukraine.peace_talks") == set()


def test_a_verbs_first_conjunct_does_not_govern_the_second(rules_only: Extractor) -> None:
    text = (
        "Foreign ministry spokeswoman Mao Ning said China has always opposed the use of force "
        "against Iran and that Beijing and Washington should manage their differences "
        "through dialogue."
    )
    assert "against" not in sides(rules_only, text, "china.engagement")
    assert sides(rules_only, text, "iran.military_action") == {"against"}


def test_what_governs_a_verbs_first_conjunct_does_not_reverse_the_second(
    rules_only: Extractor,
) -> None:
    lead = "Slovak Prime Minister Robert Fico said the European Union should stop "
    with_own_side = lead + "arming Kyiv and push for a ceasefire."
    assert sides(rules_only, with_own_side, "ukraine.peace_talks") == {"for"}
    without = lead + "funding the war in Ukraine and work for a ceasefire."
    assert "against" not in sides(rules_only, without, "ukraine.peace_talks")


def test_a_schedule_takes_no_side(extractor: Extractor) -> None:
    text = (
        "The European Union and China will hold their annual summit next month. EU "
        "spokeswoman Anitta Hipper said the summit would take place in Beijing on July 24 "
        "and would also cover climate policy."
    )
    assert sides(extractor, text, "china.engagement") == set()


def test_a_condition_is_a_supposition_not_a_side(rules_only: Extractor) -> None:
    text = (
        "Leonid Slutsky, head of the Russian parliament's foreign affairs committee, said "
        "Kyiv should \u201caccept the reality on the ground\u201d if it wanted peace."
    )
    assert sides(rules_only, text, "ukraine.peace_talks") == set()
    # the condition does not silence the main clause: readiness for talks is a side
    ready = "Lavrov said Moscow was ready for talks on Ukraine if Kyiv stopped its attacks."
    assert sides(rules_only, ready, "ukraine.peace_talks") == {"for"}


def test_a_strike_by_one_country_on_another_touches_both_targets(extractor: Extractor) -> None:
    text = (
        "Iranian Foreign Minister Abbas Araghchi on Sunday condemned the Israeli strikes on "
        "nuclear facilities in Isfahan."
    )
    assert sides(extractor, text, "iran.military_action") == {"against"}
    assert sides(extractor, text, "israel.military_campaign") == {"against"}


def test_half_of_a_hyphenated_word_is_no_signal(rules_only: Extractor) -> None:
    """ "long-arm jurisdiction" names no arms: opposing it is no side on military aid."""
    text = (
        'Guo Jiakun, a Chinese Foreign Ministry spokesman, told reporters: "We firmly oppose '
        "unilateral sanctions and long-arm jurisdiction. On the Ukraine crisis, China stands "
        'on the side of peace."'
    )
    assert not sides(rules_only, text, "ukraine.military_aid")


def test_a_plural_noun_spelt_like_a_verb_of_attitude_carries_no_side(
    every_side: Extractor,
) -> None:
    """ "apartment blocks" block nothing: the word is no evidence of a side on Ukraine, at
    whatever confidence the model weighs one."""
    text = (
        "Estonian Prime Minister Kristen Michal said nobody should be rebuilding business "
        "with the Kremlin while its missiles are still hitting apartment blocks in Ukraine."
    )
    statement = every_side.analyze(text).statements[0]
    assert statement.positions
    assert all(p.evidence != "blocks" for p in statement.positions)


def test_a_greeting_is_no_evidence_of_a_side(every_side: Extractor) -> None:
    """ "Good afternoon" opens a briefing; it judges nothing, so it is never the words shown
    as carrying a side."""
    text = (
        "Transcript: State Department briefing\n\n"
        "WASHINGTON, Feb 11 - Excerpts of Tuesday's briefing with spokesperson Tammy Bruce.\n\n"
        "MS BRUCE: Good afternoon. The pressure on the Maduro regime will continue until "
        "Venezuelans can choose their leaders freely.\n"
    )
    positions = [p for s in every_side.analyze(text).statements for p in s.positions]
    assert positions
    assert all(p.evidence != "Good" for p in positions)


def test_a_body_of_the_speakers_topic_is_not_their_side(extractor: Extractor) -> None:
    """What Hamas wants, said by a spokesman for a Gaza aid foundation, is Hamas's wish, not
    the foundation's: Gaza is the foundation's topic, Hamas is not its side."""
    text = (
        '"Our sites are not the problem. The problem is that Hamas wants the food for itself," '
        "said Chase Fenton, a spokesman for the Gaza Humanitarian Foundation."
    )
    assert "for" not in sides(extractor, text, "gaza.humanitarian_access")


@pytest.mark.parametrize(
    "text",
    [
        "Senator Marco Ruiz said the sanctions on Russia must not let up.",
        'Senator Marco Ruiz said the U.S. pressure on Venezuela should "not let up for a '
        'single day."',
    ],
)
def test_pressure_that_must_not_let_up_is_pressure_asked_for(
    rules_only: Extractor, text: str
) -> None:
    """ "Let up" ends what it is said of, like "ease": denied, it keeps the pressure on."""
    target = "russia.sanctions" if "Russia" in text else "venezuela.us_pressure"
    assert sides(rules_only, text, target) == {"for"}


def test_a_refusal_of_talks_under_threat_is_no_side_against_them(rules_only: Extractor) -> None:
    """Refusing talks "under threat" sets a condition on them; being ready to resume them is
    the side."""
    ready = (
        "Iran is ready to resume nuclear talks with the United States but will not negotiate "
        '"under threat," a senior Iranian official said on Sunday.'
    )
    refusal = "Iran will not hold talks with Washington under threat, the minister said."
    assert sides(rules_only, ready, "iran.nuclear_deal") == {"for"}
    assert sides(rules_only, refusal, "iran.nuclear_deal") == set()
    at_gunpoint = "Araghchi said Tehran would not negotiate with a gun to its head."
    assert sides(rules_only, at_gunpoint, "iran.nuclear_deal") == set()


@pytest.mark.parametrize(
    "text",
    [
        'Kremlin spokesman Dmitry Peskov said Moscow was "deeply concerned" by the strike on Iran.',
        "Kremlin spokesman Dmitry Peskov said Moscow was alarmed by the strike on Iran.",
    ],
)
def test_concern_by_what_happened_is_against_it(rules_only: Extractor, text: str) -> None:
    """ "Concerned by" as "concerned about", the quote marks around the adjective or not."""
    assert sides(rules_only, text, "iran.military_action") == {"against"}


def test_snapback_is_sanctions_not_the_deal(rules_only: Extractor) -> None:
    """The snapback mechanism reimposes sanctions: defending it is for the sanctions and
    says nothing of a nuclear deal."""
    text = (
        "French Foreign Minister Jean-Noel Barrot defended the reimposition of U.N. sanctions "
        "on Iran through the snapback mechanism."
    )
    assert sides(rules_only, text, "iran.sanctions") == {"for"}
    assert sides(rules_only, text, "iran.nuclear_deal") == set()


# One sentence each: (text, target, the sides the rules read on it).
ONE_SENTENCE = [
    # "no longer" negates what it is hung on, though the parser hangs its "no" on "longer";
    # ceasing to oppose is acquiescence, no side
    pytest.param(
        "German Economy Minister Katherina Reiche said Berlin would no longer support the "
        "European Commission's duties on Chinese electric vehicles.",
        "china.tariffs",
        {"against"},
        id="no longer support",
    ),
    pytest.param(
        "German Economy Minister Katherina Reiche said Berlin would no longer oppose the "
        "European Commission's duties on Chinese electric vehicles.",
        "china.tariffs",
        set(),  # acquiescence, not support
        id="no longer oppose",
    ),
    # a call ministers hold is a meeting, not an appeal
    pytest.param(
        "EU spokesman Anitta Hipper said a G7 finance ministers' call on the price cap on "
        "Russian oil was scheduled for February 10.",
        "russia.sanctions",
        set(),
        id="a call on the price cap",
    ),
    pytest.param(
        "EU foreign policy chief Kaja Kallas called on member states to adopt new sanctions "
        "on Russia.",
        "russia.sanctions",
        {"for"},
        id="called on",
    ),
    # pressure put on the table is up for talks; an offer put there is made
    pytest.param(
        "Chinese Commerce Ministry spokesman He Yadong said Washington's export controls on "
        'chips "must be on the table too."',
        "china.tariffs",
        set(),
        id="pressure on the table",
    ),
    pytest.param(
        "Estonian Prime Minister Kristen Michal said Ukraine's invitation to join NATO should "
        "be on the table the day the war ends.",
        "nato.enlargement",
        {"for"},
        id="an offer on the table",
    ),
    # a "while" clause keeps what it says of itself
    pytest.param(
        "Senator Lindsey Graham said that while the peace talks were welcome, Kyiv needed "
        "more weapons.",
        "ukraine.peace_talks",
        {"for"},
        id="while welcome",
    ),
    # an attitude in scare quotes: the parser hangs "by" on "was", beside the adjective
    pytest.param(
        'EU foreign policy chief Kaja Kallas said the bloc was "deeply concerned" by the '
        "strikes on Iran.",
        "iran.military_action",
        {"against"},
        id="scare-quoted attitude",
    ),
    pytest.param(
        "EU foreign policy chief Kaja Kallas said the bloc was deeply concerned by the "
        "strikes on Iran.",
        "iran.military_action",
        {"against"},
        id="attitude without quotes",
    ),
    # "the government" in reported speech is the speaker's own side; a described one is not
    pytest.param(
        "White House spokeswoman Karoline Leavitt said the administration would keep maximum "
        "pressure on Iran in place.",
        "iran.sanctions",
        {"for"},
        id="the administration",
    ),
    pytest.param(
        "White House spokeswoman Karoline Leavitt said the Russian government would keep "
        "maximum pressure on Iran in place.",
        "iran.sanctions",
        set(),
        id="the Russian government",
    ),
    # judgements of a measure
    pytest.param(
        "Commerce ministry spokesman He Yadong said the new tariffs on China were "
        "protectionism, pure and simple.",
        "china.tariffs",
        {"against"},
        id="protectionism",
    ),
    pytest.param(
        "Commerce ministry spokesman He Yadong said tariffs on China had never solved "
        "anyone's problems.",
        "china.tariffs",
        {"against"},
        id="never solved",
    ),
    pytest.param(
        "Commerce ministry spokesman He Yadong said the tariffs on China would backfire.",
        "china.tariffs",
        {"against"},
        id="backfire",
    ),
    pytest.param(
        "Iranian ambassador Reza Tavakoli warned that any military strike on Iranian nuclear "
        'facilities would be "a grave miscalculation".',
        "iran.military_action",
        {"against"},
        id="miscalculation",
    ),
    # a success on paper is a concession, not the verdict
    pytest.param(
        'Energy analyst Carlos Mendez said: "The tariff on buyers of Venezuelan oil has '
        'worked on paper. In practice it has mostly moved the oil from India to China."',
        "venezuela.us_pressure",
        set(),
        id="worked on paper",
    ),
    pytest.param(
        'Energy analyst Carlos Mendez said: "The tariff on buyers of Venezuelan oil has worked."',
        "venezuela.us_pressure",
        {"for"},
        id="worked",
    ),
    # backing a struggle against a measure is against it
    pytest.param(
        "Chinese foreign ministry spokesman Lin Jian said China has always firmly supported "
        "Cuba in its just struggle against the U.S. blockade.",
        "cuba.us_pressure",
        {"against"},
        id="struggle against",
    ),
    pytest.param(
        "Israeli government spokeswoman Yael Mizrahi said Israel remained committed to the "
        "Gaza ceasefire.",
        "gaza.ceasefire",
        {"for"},
        id="committed to",
    ),
    pytest.param(
        'State Department spokesman Tommy Pigott said Washington was "working hard for a '
        'just peace" in Ukraine.',
        "ukraine.peace_talks",
        {"for"},
        id="working for",
    ),
    # working for another country's peace is no dialogue with the one who works for it
    pytest.param(
        "Foreign ministry spokeswoman Mao Ning said Beijing would keep working for a "
        "negotiated end to the war in Ukraine.",
        "china.engagement",
        set(),
        id="working for another's peace",
    ),
]


@pytest.mark.parametrize(("text", "target", "expected"), ONE_SENTENCE)
def test_sides_read_on_one_sentence(
    rules_only: Extractor, text: str, target: str, expected: set[str]
) -> None:
    assert sides(rules_only, text, target) == expected


def test_a_condition_is_not_the_verdict_on_what_it_conditions(rules_only: Extractor) -> None:
    text = (
        "State Department spokesman Tommy Pigott said the blockade of Venezuela would stay in "
        'place "until the regime stops using oil money to fund narco-terrorism."'
    )
    assert "against" not in sides(rules_only, text, "venezuela.us_pressure")


def test_a_state_the_speakers_side_is_in_is_its_own_attitude(extractor: Extractor) -> None:
    """ "was committed to" parses as a passive; with no agent, its subject holds the state,
    and the speaker's own attitude is what the shipped confidence needs."""
    text = (
        "Israeli government spokeswoman Yael Mizrahi said Israel was committed to the "
        "ceasefire in Gaza."
    )
    assert sides(extractor, text, "gaza.ceasefire") == {"for"}


@pytest.mark.parametrize(
    ("text", "target"),
    [
        # the time of what is urged is not part of it
        (
            "Senator Lindsey Graham urged the administration to keep weapons flowing to Kyiv "
            "while peace talks continue.",
            "ukraine.peace_talks",
        ),
        # "critical minerals" are a kind of goods, not a judgement
        (
            "Analysts at the bank said they expect U.S. tariffs on Chinese semiconductors and "
            "critical minerals to stay in place through 2026.",
            "china.tariffs",
        ),
    ],
)
def test_no_side_from_the_words_around_a_target(
    extractor: Extractor, text: str, target: str
) -> None:
    assert sides(extractor, text, target) == set()
