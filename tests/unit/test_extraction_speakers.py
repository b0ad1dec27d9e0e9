"""Speaker resolution: pronouns, surnames, roles, variants, unresolved sources."""

from __future__ import annotations

import pytest

from extraction import Extractor
from extraction.speakers import fold


def speakers(extractor: Extractor, text: str) -> list[tuple[str | None, str | None, str]]:
    """(speaker, role, mention as written) per statement."""
    out = []
    for s in extractor.analyze(text).statements:
        mention = text[s.speaker_span[0] : s.speaker_span[1]] if s.speaker_span else ""
        out.append((s.speaker, s.speaker_role, mention))
    return out


CASES = [
    (
        "Kremlin spokesman Dmitry Peskov said the talks would continue. "
        "He added that Moscow was ready. The Kremlin official stressed that time was short.",
        [
            ("Dmitry Peskov", "Kremlin spokesman", "Kremlin spokesman Dmitry Peskov"),
            ("Dmitry Peskov", "Kremlin spokesman", "He"),
            ("Dmitry Peskov", "Kremlin spokesman", "The Kremlin official"),
        ],
    ),
    (
        "German Chancellor Friedrich Merz said a deal was close. "
        "Merz later told reporters that he would travel to Kyiv.",
        [
            ("Friedrich Merz", "German Chancellor", "German Chancellor Friedrich Merz"),
            ("Friedrich Merz", "German Chancellor", "Merz"),
        ],
    ),
    (
        "Ukrainian President Volodymyr Zelenskyy said air defence was the priority. "
        "Zelenskiy told journalists that he expected an answer soon.",
        [
            (
                "Volodymyr Zelensky",
                "Ukrainian President",
                "Ukrainian President Volodymyr Zelenskyy",
            ),
            ("Volodymyr Zelensky", "Ukrainian President", "Zelenskiy"),
        ],
    ),
    (
        "Donald Trump said the deal was great. Ivana Trump told reporters that she disagreed. "
        "Trump later said he would sign it.",
        [
            ("Donald Trump", "U.S. President", "Donald Trump"),
            ("Ivana Trump", None, "Ivana Trump"),
            ("Donald Trump", "U.S. President", "Trump"),
        ],
    ),
    (
        "The Commerce Department said in a statement that it had completed its review. "
        "It added that new tariffs were not yet decided.",
        [
            ("Commerce Department", None, "The Commerce Department"),
            ("Commerce Department", None, "It"),
        ],
    ),
    (
        "Britain's foreign secretary, David Lammy, struck a cautious tone. "
        "Lammy said the talks would resume.",
        [("David Lammy", "Britain's foreign secretary", "Lammy")],
    ),
    (
        "Sources familiar with the talks said the decision could come next week.",
        [("Sources familiar with the talks", None, "Sources familiar with the talks")],
    ),
    (
        "Mary Smith, a nurse, spoke first. Then John Brown took the stage. "
        "“We have been here before,” he said.",
        [("John Brown", None, "he")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sources_resolve_within_the_article(
    extractor: Extractor, text: str, expected: list[tuple]
) -> None:
    assert speakers(extractor, text) == expected


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker(
    extractor: Extractor,
) -> None:
    text = "Critics included manufacturers, who say the costs will be passed on to consumers."
    assert speakers(extractor, text) == [("manufacturers", None, "who")]


@pytest.mark.parametrize(
    ("a", "b"), [("Zelenskyy", "zelenskyy"), ("Gonzàlez", "gonzalez"), ("Erdoğan", "erdogan")]
)
def test_fold_strips_case_and_accents(a: str, b: str) -> None:
    assert fold(a) == b


# -- issue 13: what a speaker is, whole names, pronouns that agree ---------------------

KINDS = [
    (  # a place speaks as its government, apart from a named spokesperson
        "Moscow said the plan was dead. Kremlin spokesman Dmitry Peskov told reporters "
        "that no talks were planned.",
        [("Russian government", "government"), ("Dmitry Peskov", "person")],
    ),
    (  # the issuer of a statement, the author of a study
        "Former Vice President Mike Pence released a statement saying that he would not "
        "endorse the ticket. A study by the Brookings Institution found that tariffs raise "
        "prices.",
        [("Mike Pence", "person"), ("Brookings Institution", "organization")],
    ),
    (  # an authorless poll is a source but no speaker; "Israeli tallies" are Israel's
        "Polls show that most voters want a deal. Israeli tallies say 1,200 people were killed.",
        [(None, "document"), ("Israeli government", "government")],
    ),
    (  # "it" is the body that spoke before; a possessed office is a body
        "Prime Minister Benjamin Netanyahu's office said the talks had stalled. "
        "It added that a delegation would not travel.",
        [("Benjamin Netanyahu's office", "organization")] * 2,
    ),
    (  # an unresolved description and the definite description that follows it
        "An Egyptian official said the crossing would reopen. The official added that "
        "trucks were waiting.",
        [("an Egyptian official", "unresolved")] * 2,
    ),
    (  # a body's name the model takes for a person; a poll by a firm; a bare "Forces"
        "The dockworkers' union FNV Havens said the strike would go on. A poll by Ipsos "
        "found that most voters backed the union. The Dutch navy said two ships had moved. "
        "Forces said no warship would be used.",
        [
            ("FNV Havens", "organization"),
            ("Ipsos", "organization"),
            ("Dutch navy", "organization"),
            ("Dutch navy", "organization"),
        ],
    ),
    (  # a document's owner without the possessive; a body named by its common noun only
        # is one in its article but, on record, a description as written
        "The ministry's report concluded that the checks had been adequate. "
        "A statement by the airline said passengers would be rebooked.",
        [("ministry", "unresolved"), ("airline", "unresolved")],
    ),
    (  # a body's name that opens with a given name, or that the model does not tag
        "The John Birch Society said the treaty was a trap. Human Rights Watch said the "
        "trials were unfair.",
        [("John Birch Society", "organization"), ("Human Rights Watch", "organization")],
    ),
    (  # the outlet that carried a statement is no author: it speaks for nobody named
        "The Revolutionary Guards would retaliate against any strike, according to a "
        "statement carried by Tasnim news agency.",
        [(None, "document")],
    ),
    (  # the document a named speaker's statement was carried in is no second statement
        "Hezbollah said the strikes were a violation of the truce, according to a statement "
        "reported by Al Manar television.",
        [("Hezbollah", "organization")],
    ),
    (  # a wing owned by the body "its" stands for, never the outlet that carried it
        "Hamas said it had accepted the proposal. A statement by its armed wing carried by "
        "Al Jazeera said fighters had ambushed a patrol in Rafah.",
        [("Hamas", "organization"), ("Hamas's armed wing", "organization")],
    ),
    (  # the outlet reported what it cites: the statement is its issuer's
        "Five soldiers were killed in the attack, state media reported, citing a statement "
        "by the army.",
        [("army", "unresolved")],
    ),
    (  # a bare "the movement" is the body that spoke before it
        "Hamas said it had received the proposal. The movement said its delegation would "
        "travel to Cairo.",
        [("Hamas", "organization")] * 2,
    ),
    (  # a country's ministry stays whole when the model tags only "foreign ministry"
        "Can the nuclear deal be saved? Iran's foreign ministry said Monday that it would "
        "keep enriching uranium.",
        [("Iran's foreign ministry", "organization")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), KINDS)
def test_a_speaker_is_a_person_group_organisation_or_government(
    extractor: Extractor, text: str, expected: list[tuple]
) -> None:
    got = [(s.speaker, s.speaker_kind) for s in extractor.analyze(text).statements]
    assert got == expected


@pytest.mark.parametrize(
    "text",
    [
        "“Low heat, always,” she told me.",  # nobody for "she" to stand for
        "It said that the results were final.",
        "Forces said the operation was over.",  # nobody's forces
    ],
)
def test_a_pronoun_with_no_antecedent_drops_its_statement(extractor: Extractor, text: str) -> None:
    assert extractor.analyze(text).statements == ()


NAMES = [
    (  # the model tags the given and middle names, not the surname
        "Venezuelan opposition leader Maria Corina Machado said the vote was stolen. "
        "Machado said protests would continue.",
        ["Maria Corina Machado"] * 2,
    ),
    (
        "European Commission President Ursula von der Leyen said the deal was close. "
        "“We are nearly there,” von der Leyen told lawmakers.",
        ["Ursula von der Leyen"] * 2,
    ),
    (
        "Itamar Ben-Gvir, the national security minister, said the deal was bad. "
        "Ben-Gvir added that he would quit.",
        ["Itamar Ben-Gvir"] * 2,
    ),
    (
        "Cuban President Miguel Díaz-Canel said the blackout was sabotage. "
        "Díaz-Canel blamed the United States.",
        ["Miguel Díaz-Canel"] * 2,
    ),
    (  # tagged as an organisation both times: the title before the name tells
        "Venezuelan opposition leader María Corina Machado said the vote was stolen. "
        "Machado told supporters that the world was watching.",
        ["María Corina Machado"] * 2,
    ),
    (  # a family name first, and a known short form
        "Chinese Foreign Minister Wang Yi said Beijing opposed the tariffs. Wang said China "
        "would respond. Lula said Brazil would stay neutral.",
        ["Wang Yi", "Wang Yi", "Luiz Inácio Lula da Silva"],
    ),
    (  # the model reads "Helping Ukraine" as a person: a place after no given name is none
        "Finnish President Alexander Stubb said Finland would keep sending military aid to "
        'Ukraine.\n\n"Helping Ukraine is defending Finland," he said.',
        ["Alexander Stubb", "Alexander Stubb"],
    ),
    (  # a spokesperson's title before the name is no part of it
        "Spokeswoman Mao Ning told a regular briefing that the curbs were economic coercion. "
        "Mao said China would respond.",
        ["Mao Ning", "Mao Ning"],
    ),
    (  # a title-cased role the parser makes the subject, the name hung apart from it
        "Israeli National Security Minister Itamar Ben-Gvir said the convoys must stop. "
        "Director of National Intelligence Tulsi Gabbard said no weapons were found.",
        ["Itamar Ben-Gvir", "Tulsi Gabbard"],
    ),
    (  # a name the model cuts in two, "Sheikh Mohammed bin Abdulrahman" + "Al Thani"
        "Qatari Prime Minister Sheikh Mohammed bin Abdulrahman Al Thani said diplomacy works. "
        "Al Thani said the talks would go on.",
        ["Mohammed bin Abdulrahman Al Thani", "Mohammed bin Abdulrahman Al Thani"],
    ),
]


@pytest.mark.parametrize(("text", "expected"), NAMES)
def test_names_are_whole_and_one_entry_per_person(
    extractor: Extractor, text: str, expected: list[str]
) -> None:
    assert [s.speaker for s in extractor.analyze(text).statements] == expected


def test_pronouns_agree_in_gender_in_an_alternating_dialogue(extractor: Extractor) -> None:
    text = (
        "Finance Minister Anna Lind and opposition leader Tomas Berg traded barbs.\n\n"
        "“The numbers do not add up,” Lind said.\n\n"
        "“They add up if you can count,” he replied.\n\n"
        "“He should read page four,” she said.\n\n"
        "She added that the opposition had no plan."
    )
    got = [s.speaker for s in extractor.analyze(text).statements]
    assert got == ["Anna Lind", "Tomas Berg", "Anna Lind", "Anna Lind"]


def test_titles_decide_gender_when_given_names_do_not(extractor: Extractor) -> None:
    text = (
        "Ms. Okonkwo and Mr. Adeyemi met on Monday. “We disagree,” Mr. Adeyemi said. "
        "“Then we will vote,” she said."
    )
    got = [s.speaker for s in extractor.analyze(text).statements]
    assert got == ["Adeyemi", "Okonkwo"]


@pytest.mark.parametrize(
    ("text", "role"),
    [
        (
            "UN Secretary-General António Guterres said the strikes were unacceptable.",
            "UN Secretary-General",
        ),
        (
            "Rafael Grossi, Director General of the International Atomic Energy Agency, said "
            "inspectors were blocked.",
            "Director General of the International Atomic Energy Agency",
        ),
        ("🇻🇪 Venezuelan President Nicolás Maduro said exports would rise.", "Venezuelan President"),
        (
            "Iran's Foreign Minister Abbas Araghchi said Tehran had cooperated.",
            "Iran's Foreign Minister",
        ),
        ("Federal Reserve Chair Jerome Powell said oil was a risk.", "Federal Reserve Chair"),
        (
            "Senior Vice-President of the European Commission Teresa Ribera said energy came "
            "first.",
            "Senior Vice-President of the European Commission",
        ),
        (  # a round-up label line, the parser's root on "ECB"
            'Editorials\n\nECB President Christine Lagarde: "We will not declare victory '
            'too early."',
            "ECB President",
        ),
        (  # a form of address is no part of the role
            "Qatar's prime minister, Sheikh Mohammed bin Abdulrahman Al Thani, said the first "
            "phase had proved that diplomacy works.",
            "Qatar's prime minister",
        ),
    ],
)
def test_roles_are_whole_as_written(extractor: Extractor, text: str, role: str) -> None:
    (statement,) = extractor.analyze(text).statements
    assert statement.speaker_role == role


def test_given_names_outweigh_a_stray_pronoun_when_surnames_are_missed(
    extractor: Extractor,
) -> None:
    text = (
        "Carmen Ortega and Pablo Ruiz met for a debate. Ortega accused Ruiz of hiding the cost "
        "of his plan. Ruiz said the plan was funded. “The numbers do not add up,” she said."
    )
    got = [s.speaker for s in extractor.analyze(text).statements]
    assert got == ["Carmen Ortega", "Pablo Ruiz", "Carmen Ortega"]


def test_a_described_body_is_the_one_in_view_and_a_named_one_any_distance(
    extractor: Extractor,
) -> None:
    filler = "The rally drew a large crowd in the rain on Thursday evening. " * 18
    text = (
        "Donald Trump's campaign said the rally would go ahead. "
        "The International Monetary Fund said growth would slow.\n\n"
        f"{filler}\n\nThe campaign said the ad would air nationally. "
        "The fund said the exit would raise many questions."
    )
    got = [s.speaker for s in extractor.analyze(text).statements]
    assert got == [
        "Donald Trump's campaign",
        "International Monetary Fund",
        "campaign",
        "International Monetary Fund",
    ]


def test_a_platform_named_x_ends_its_sentence(extractor: Extractor) -> None:
    text = (
        '"Havana will not bow," Cuban President Miguel Díaz-Canel wrote on X. Chinese Foreign '
        "Minister Wang Yi said Beijing opposed unilateral sanctions."
    )
    found = speakers(extractor, text)
    assert found[-1][:2] == ("Wang Yi", "Chinese Foreign Minister"), found
    # an initial inside a name is no sentence end
    text = "Former President George W. Bush said the war had been worth it."
    assert speakers(extractor, text)[0][0] == "George W. Bush"


def test_a_headline_label_the_model_tags_as_a_place_is_a_person(extractor: Extractor) -> None:
    lagarde = speakers(extractor, 'Lagarde: "Inflation is not yet beaten"\n\nMarkets fell.')
    assert lagarde[0][:2] == ("Lagarde", None), lagarde
    # a place the governments table knows still speaks as its government
    moscow = speakers(extractor, 'Moscow: "We will answer any strike"\n\nMarkets fell.')
    assert moscow[0][0] == "Russian government", moscow


def test_on_record_keeps_only_statements_someone_made(extractor: Extractor) -> None:
    analysis = extractor.analyze(
        "Polls show most voters back the talks. Kremlin spokesman Dmitry Peskov said the "
        "talks would go on."
    )
    assert [s.speaker for s in analysis.statements] == [None, "Dmitry Peskov"]
    kept = analysis.on_record()
    assert [s.speaker for s in kept.statements] == ["Dmitry Peskov"]
    assert kept.on_record() is kept


def test_a_name_the_model_misses_after_a_role_is_still_a_person(extractor: Extractor) -> None:
    """ "spokesperson He Yongqian": no entity at all, yet the words after the role are the
    one who holds it, and "She" goes on with her."""
    text = (
        "Commerce Ministry spokesperson He Yongqian told a regular news briefing that the "
        "tariffs would hurt both economies. She said China hoped the talks would succeed."
    )
    found = speakers(extractor, text)
    assert [(name, role) for name, role, _ in found] == [
        ("He Yongqian", "Commerce Ministry spokesperson"),
        ("He Yongqian", "Commerce Ministry spokesperson"),
    ]


def test_a_day_hung_on_the_speaker_is_no_part_of_its_name(extractor: Extractor) -> None:
    text = (
        "NATO defence ministers on Thursday pledged to send more air defence systems to "
        "Ukraine before winter.\n\nTrump this week said the talks would resume."
    )
    assert [(name, mention) for name, _, mention in speakers(extractor, text)] == [
        ("NATO defence ministers", "NATO defence ministers"),
        ("Donald Trump", "Trump"),
    ]


def test_a_capital_the_model_tags_as_an_organisation_still_speaks_as_its_government(
    extractor: Extractor,
) -> None:
    text = (
        "Cuba blamed the embargo, while Washington said the leadership alone was responsible "
        "for the crisis."
    )
    assert [(s.speaker, s.speaker_kind) for s in extractor.analyze(text).statements] == [
        ("Cuban government", "government"),
        ("U.S. government", "government"),
    ]


def test_round_up_lines_after_a_dash_or_bullet_are_their_labels_statements(
    extractor: Extractor,
) -> None:
    text = (
        "What they said: reactions to the talks\n\n"
        "GENEVA (Reuters) - The talks broke up on Friday. Here is how officials reacted:\n\n"
        '— Iranian Foreign Minister Abbas Araghchi: "The American side came with demands, '
        'not proposals."\n\n'
        '• U.S. special envoy Steve Witkoff: "We offered a fair deal. The door is still '
        'open."\n\n'
        '- Israeli Prime Minister Benjamin Netanyahu, in a statement: "The failure in Geneva '
        'proves what we have said all along."'
    )
    on_record = [s for s in extractor.analyze(text).statements if s.said]
    assert [(s.speaker, s.speaker_role, s.kind) for s in on_record] == [
        ("Abbas Araghchi", "Iranian Foreign Minister", "direct"),
        ("Steve Witkoff", "U.S. special envoy", "direct"),
        ("Benjamin Netanyahu", "Israeli Prime Minister", "direct"),
    ]


def test_a_round_up_of_labelled_paragraphs_is_news_not_a_conversation(
    extractor: Extractor,
) -> None:
    text = (
        "World reacts to the Gaza deal: here is what leaders said\n\n"
        "Israel and Hamas agreed on Thursday to the first phase of a U.S.-brokered plan. Here "
        "is what leaders and organizations said:\n\n"
        "United Nations: Secretary-General Antonio Guterres welcomed the announcement and urged "
        'all sides to "abide fully by its terms." "The suffering must end," he said.\n\n'
        'Egypt: President Abdel Fattah el-Sisi said the deal "opens a new page" for the '
        "region. Egypt will host an international conference on reconstruction, he said.\n\n"
        "Turkey: President Recep Tayyip Erdogan praised the agreement and said Turkey would "
        "take part in monitoring it."
    )
    speakers = " | ".join(str(s.speaker) for s in extractor.analyze(text).statements if s.said)
    for name in ("Guterres", "el-Sisi", "Erdo"):
        assert name in speakers


def test_a_name_the_parser_joined_to_an_object_is_the_next_verbs_subject(
    extractor: Extractor,
) -> None:
    text = (
        "EU leaders pushed ahead with the loan on Thursday, even as Belgium demanded ironclad "
        "guarantees and Hungary threatened to block a fresh round of sanctions on Moscow."
    )
    threat = next(s for s in extractor.analyze(text).statements if s.cue == "threatened")
    assert threat.speaker is not None and "Hungar" in threat.speaker


def test_delegates_known_by_their_country_keep_their_own_statements(
    extractor: Extractor,
) -> None:
    text = (
        "Security Council divided over strikes in the Caribbean\n\n"
        "Briefing the Council, Assistant Secretary-General Miroslav Jenca said at least 21 "
        "strikes had been reported. He urged all parties to exercise restraint.\n\n"
        "The representative of the United States said the operations were lawful acts of "
        "self-defence. He argued that Nicolas Maduro was not the legitimate head of a "
        "Government. He called on members not to shield the regime.\n\n"
        "The representative of the Russian Federation condemned what he called extrajudicial "
        "killings at sea. The strikes, he said, were a flagrant violation of the Charter. He "
        "demanded that Washington withdraw its warships.\n\n"
        "The representative of China said his country opposed the use of force."
    )
    said = {s.text[:25]: s.speaker for s in extractor.analyze(text).statements}
    united_states = "the representative of the United States"
    russia = "the representative of the Russian Federation"
    assert said["that Nicolas Maduro was n"] == united_states
    assert said["members not to shield the"] == united_states
    assert said["The strikes were a flagra"] == russia
    assert said["that Washington withdraw "] == russia
    assert said["his country opposed the u"] == "the representative of China"


def test_a_minister_known_by_country_is_the_next_he_though_another_minister_was_named(
    extractor: Extractor,
) -> None:
    text = (
        "Israel strikes Lebanon as truce frays\n\n"
        "Israeli Defence Minister Israel Katz said the army would keep striking Hezbollah. "
        "Lebanese President Joseph Aoun said the strikes were a blatant violation of the truce.\n\n"
        'Germany\'s foreign minister called the strikes "deeply worrying" and urged Israel to '
        "exercise restraint.\n\n"
        "He also said Berlin would continue to support the ceasefire."
    )
    said = {s.text[:20]: s.speaker for s in extractor.analyze(text).statements}
    assert said["Berlin would continu"] == "Germany's foreign minister"


def test_its_secretary_general_is_named_with_the_body_it_stands_for(extractor: Extractor) -> None:
    text = (
        "Arab states condemn strikes\n\n"
        'The Arab League said the attacks amounted to "collective punishment."\n\n'
        "Its secretary-general described the strikes as a threat to the entire peace plan."
    )
    last = extractor.analyze(text).statements[-1]
    assert (last.speaker, last.speaker_kind) == ("Arab League's secretary-general", "unresolved")


def test_a_country_that_spells_a_ministers_given_name_is_not_the_minister(
    extractor: Extractor,
) -> None:
    text = (
        "Israel strikes Gaza\n\n"
        "Israeli Defence Minister Israel Katz said the army would keep striking.\n\n"
        "Israel's COGAT, the defense body that coordinates aid, disputed the figures, saying "
        "more than 900 trucks had crossed on some days."
    )
    speakers = [s.speaker or "" for s in extractor.analyze(text).statements]
    assert speakers[0] == "Israel Katz"
    assert all("Katz" not in s for s in speakers[1:]) and any("COGAT" in s for s in speakers)


def test_a_cue_the_parser_hung_on_another_cues_content_keeps_the_first_cues_speaker(
    extractor: Extractor,
) -> None:
    text = (
        "Cuban Foreign Minister Bruno Rodriguez blamed the U.S. embargo. He called on Latin "
        "American governments to condemn the strikes.\n\n"
        "Brazil's President Luiz Inacio Lula da Silva opposed any military escalation. He said "
        'South America must remain "a zone of peace" and warned that foreign intervention '
        "would destabilise the whole region. However, he stopped short of endorsing Maduro's "
        "re-election."
    )
    warning = next(s for s in extractor.analyze(text).statements if s.cue == "warned")
    assert warning.speaker is not None and "Lula" in warning.speaker


def test_a_name_inside_the_quote_is_not_who_he_is(extractor: Extractor) -> None:
    """ "“Netanyahu does not want a deal,” he told Al Jazeera": the man the quote speaks of
    is no antecedent of the "he" who says it."""
    text = (
        "Senior Hamas official Ghazi Abu Marzouk said the group had accepted the bridging "
        "text in July.\n\n"
        '"Netanyahu does not want a deal. He wants the war," he told Al Jazeera.'
    )
    assert [s for s, _, _ in speakers(extractor, text)] == ["Ghazi Abu Marzouk"] * 2


def test_a_person_a_statement_spoke_of_is_not_the_next_he(extractor: Extractor) -> None:
    """ "Trump said Zelensky should take the deal. He said …": Zelensky is the subject of
    what Trump said, and the next "he" is Trump going on."""
    text = (
        "President Donald Trump held a news conference on Friday. Asked about Ukraine, Trump "
        'said President Volodymyr Zelensky "should take the deal and stop the dying." He said '
        "he was ready to meet Vladimir Putin again."
    )
    assert [s for s, _, _ in speakers(extractor, text)] == ["Donald Trump"] * 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the reporter's way of not repeating a name
            "In Kyiv, Ukraine's chief negotiator Rustem Umerov said Ukraine would not trade "
            "Donbas for a signature. The former defence minister added that any ceasefire line "
            "had to run where the troops stand.",
            ["Rustem Umerov", "Rustem Umerov"],
        ),
        (  # a country the speaker's role does not name is someone else
            "In Kyiv, Ukraine's chief negotiator Rustem Umerov said Ukraine would not trade "
            "Donbas for a signature. The Russian foreign minister added that any ceasefire line "
            "had to run where Moscow draws it.",
            ["Rustem Umerov", "the Russian foreign minister"],
        ),
        (  # a role the actors table knows: Ushakov is a Kremlin aide
            "Yuri Ushakov, Putin's foreign policy aide, told reporters the meeting had been "
            '"useful." "Some of the American proposals are acceptable, some are not," the '
            "Kremlin official added.",
            ["Yuri Ushakov", "Yuri Ushakov"],
        ),
    ],
)
def test_a_description_in_the_same_paragraph_is_the_speaker_going_on(
    extractor: Extractor, text: str, expected: list[str]
) -> None:
    assert [s for s, _, _ in speakers(extractor, text)] == expected


def test_it_never_stands_for_a_plural_body(extractor: Extractor) -> None:
    """ "Aid groups said … COGAT, the Israeli military body …, rejected the figures. It
    said …": "it" is one body, never the groups; it is COGAT, whose initials name a body
    though the model tags no entity."""
    text = (
        "Aid groups said on Sunday that far too few trucks were reaching Gaza.\n\n"
        "COGAT, the Israeli military body that oversees aid to the territory, rejected the "
        "figures. It said more than 4,000 trucks had entered in the past week."
    )
    speakers = {s.speaker for s in extractor.analyze(text).statements if "4,000" in s.text}
    assert speakers == {"COGAT"}


def test_a_name_before_its_description_is_the_speaker_the_parser_gave_both(
    extractor: Extractor,
) -> None:
    """ "COGAT, the Israeli military body that oversees aid …, rejected the figures": the
    parser makes both the verb's subjects; the name is who rejected, not "the body"."""
    text = (
        "COGAT, the Israeli military body that oversees aid to the territory, rejected the figures."
    )
    assert [s.speaker for s in extractor.analyze(text).statements] == ["COGAT"]


def test_a_smaller_country_speaks_as_its_government_named_as_people_say_it(
    extractor: Extractor,
) -> None:
    """ "Lithuania warned …" is the Lithuanian government, never "The Lithuania
    government" on a screen."""
    text = "Lithuania warned that Russia was building up forces near its border."
    assert [s.speaker for s in extractor.analyze(text).statements] == ["Lithuanian government"]
