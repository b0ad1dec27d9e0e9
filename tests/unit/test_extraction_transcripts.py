"""Briefing transcripts and interviews: whose answer each line is (extraction/transcripts.py)."""

from __future__ import annotations

from extraction import Extractor
from extraction.model import Statement

BRIEFING = (
    "Excerpts: foreign ministry briefing on tariffs and Gaza\n\n"
    "BEIJING, October 14 - The following are excerpts from Tuesday's news conference by "
    "Chinese Foreign Ministry spokesman Guo Jiakun. Questions have been shortened.\n\n"
    "Q (Reuters): The new U.S. tariffs are due to take effect on November 1. How will China "
    "respond?\n\n"
    "Guo: China's position is consistent. We do not want a tariff war, but we are not afraid "
    "of one.\n\n"
    "Q (AFP): Will the two presidents meet this month?\n\n"
    "Guo: I have nothing to release on that at the moment.\n"
)

INTERVIEW = (
    "INTERVIEW: Cuba's deputy foreign minister on the embargo\n\n"
    "HAVANA, October 21 - Cuban Deputy Foreign Minister Carlos Fernández de Cossío spoke to "
    "Reuters at the foreign ministry on Monday. The interview has been edited for length.\n\n"
    "Q: Washington has added hotels to its restricted list. What does that mean for Cuba?\n\n"
    "A: It is a policy designed to make people suffer. That is not a secret.\n\n"
    "Q: Do you expect any easing before the end of the year?\n"
    "A: I don't expect anything. I would not hold my breath.\n"
)


def statements(extractor: Extractor, text: str) -> list[Statement]:
    """What goes on record: questions are found (see the test below) but are nobody's."""
    return list(extractor.analyze(text).on_record().statements)


def test_question_lines_are_found_as_the_askers_words_but_not_on_record(
    extractor: Extractor,
) -> None:
    """The corpus counts "Q (Reuters): … How will China respond?" as the asker's words;
    the record of who said what has no line for it, and a question takes no side."""
    found = extractor.analyze(BRIEFING).statements
    asked = [s for s in found if not s.said]
    assert [s.text for s in asked] == [
        "The new U.S. tariffs are due to take effect on November 1. How will China respond",
        "Will the two presidents meet this month",
    ]
    assert all(s.kind == "direct" and not s.positions for s in asked)


def test_a_label_in_the_surname_of_a_person_named_before_is_a_transcript_line(
    extractor: Extractor,
) -> None:
    """ "Guo:" after "spokesman Guo Jiakun" (family name first) is his answer, all of it;
    the questions are nobody's statements and "Excerpts:" is nobody's name."""
    found = statements(extractor, BRIEFING)
    assert [(s.speaker, s.kind) for s in found] == [("Guo Jiakun", "direct")] * 2
    assert found[0].text.startswith("China's position is consistent")
    assert found[0].text.endswith("we are not afraid of one")
    assert found[1].text == "I have nothing to release on that at the moment"


def test_an_interviews_answers_are_the_words_of_the_person_its_lead_introduces(
    extractor: Extractor,
) -> None:
    """ "A:" lines belong to the first person named before the first question; "INTERVIEW:"
    is a banner, not a speaker."""
    found = statements(extractor, INTERVIEW)
    assert [s.speaker for s in found] == ["Carlos Fernández de Cossío"] * 2
    assert [s.text for s in found] == [
        "It is a policy designed to make people suffer. That is not a secret",
        "I don't expect anything. I would not hold my breath",
    ]


def test_an_answer_that_names_nothing_takes_the_topic_of_its_question(
    extractor: Extractor,
) -> None:
    """ "What does that mean for Cuba?" / "A: It is a policy designed to make people
    suffer": the answer is about Cuba, whether the question is a paragraph of its own or
    the line just above. "I would not hold my breath", asked about "any easing", names
    nothing and neither does its question: it is Cuba's as the interview's topic
    (`extraction/story_topic.py`)."""
    found = statements(extractor, INTERVIEW)
    # the topic model may add the United States, whose policy the answer judges
    assert found[0].topics[0] == "cuba" and set(found[0].topics) <= {"cuba", "usa"}
    assert found[1].topics == ("cuba",)


def test_answers_without_anyone_introduced_are_nobodys(extractor: Extractor) -> None:
    """An "A:" with no person named before the questions is nobody's statement, not given
    to whoever the text names later."""
    text = (
        "Questions and answers on the embargo\n\n"
        "Q: What does the embargo mean for Cuba?\n\n"
        "A: It is a policy designed to make people suffer.\n\n"
        "Senator Rick Scott said the embargo would stay.\n"
    )
    found = statements(extractor, text)
    assert [s.speaker for s in found] == ["Rick Scott"]
    assert "suffer" not in found[0].text


def test_a_wire_banner_glued_to_the_headline_is_no_part_of_its_speaker(
    extractor: Extractor,
) -> None:
    text = (
        "INTERVIEW-U.N. aid official says Gaza truce has not opened the crossings wide "
        "enough\n\nAMMAN, Nov 4 - Aid deliveries remain far below what was agreed.\n"
    )
    [headline] = statements(extractor, text)
    assert headline.speaker is not None and "INTERVIEW" not in headline.speaker


def test_an_interviewer_named_by_name_asks_and_says_nothing_on_the_record(
    extractor: Extractor,
) -> None:
    """A label whose lines mostly ask ("MONTALBÁN: Including a bombing campaign?") is the
    interviewer's, even when it prompts without a question mark; the other label answers."""
    text = (
        "Interview: exiled Venezuelan opposition leader Leopoldina Arráiz\n\n"
        "MADRID, Jan. 14 - Leopoldina Arráiz, a former mayor of Maracaibo, spoke to our "
        "correspondent Javier Montalbán.\n\n"
        "MONTALBÁN: Washington has sent warships off your coast. Do you support military "
        "action?\n\n"
        "ARRÁIZ: I support every form of pressure that brings a negotiated exit closer.\n\n"
        "MONTALBÁN: The government says sanctions emptied the shelves.\n\n"
        "ARRÁIZ: That is a lie they have told for a decade.\n\n"
        "MONTALBÁN: Would you sit down with Maduro's envoys again?\n\n"
        "ARRÁIZ: Only to discuss the date he leaves.\n"
    )
    assert [s.speaker for s in statements(extractor, text)] == ["Leopoldina Arráiz"] * 3


def test_an_unlabelled_question_before_a_labelled_answer_is_the_interviewers(
    extractor: Extractor,
) -> None:
    """ "Washington is pushing for a settlement this spring. Are you worried?" above
    "Vaitkienė: …", who answers more than once, is the interviewer's prompt, not a
    statement of Washington's; the answer takes the question's topic."""
    text = (
        "INTERVIEW: Lithuania's foreign minister on talks and sanctions\n\n"
        "VILNIUS, 14 April - Lithuania's foreign minister, Rasa Vaitkienė, spoke to us in "
        "her office. The interview has been edited for length.\n\n"
        "Washington is pushing for a settlement in Ukraine this spring. Are you worried?\n\n"
        "Vaitkienė: Talks are not the problem. A deal that rewards aggression is.\n\n"
        "Should the frozen assets be seized?\n\n"
        "Vaitkienė: Yes, and without delay.\n"
    )
    answer, _ = statements(extractor, text)
    assert answer.speaker == "Rasa Vaitkienė"
    assert answer.text == "Talks are not the problem. A deal that rewards aggression is"
    assert "ukraine" in answer.topics


def test_questions_and_answers_marked_with_a_full_stop(extractor: Extractor) -> None:
    """ "Q." / "A." lines are an interview as "Q:" / "A:" are; "Q&A:" is a banner, and the
    interviewee is found even when the model tags her name as nothing."""
    text = (
        "Q&A: NATO's deputy chief on air defence for Ukraine\n\n"
        "BRUSSELS, March 3 - Radmila Shekerinska, NATO's deputy secretary general, sat down "
        "with reporters on Monday.\n\n"
        "Q. Kyiv says it needs at least ten more Patriot systems. Will allies deliver?\n\n"
        "A. Every ally that has a system it can spare should send it now.\n\n"
        "Q. Should Ukraine join the alliance after the war?\n\n"
        "A. The door remains open.\n"
    )
    found = statements(extractor, text)
    assert [(s.speaker, s.text) for s in found] == [
        ("Radmila Shekerinska", "Every ally that has a system it can spare should send it now"),
        ("Radmila Shekerinska", "The door remains open"),
    ]
    # a person with her role, so /who finds her
    assert {(s.speaker_kind, s.speaker_role) for s in found} == {
        ("person", "NATO's deputy secretary general")
    }


def test_a_transcript_label_with_a_title_is_the_person_named_before(
    extractor: Extractor,
) -> None:
    """ "MS BRUCE:" after "spokesperson Tammy Bruce." is Tammy Bruce, not "MS BRUCE" nor
    "Tammy Bruce." with the model's full stop (extraction/entity_edges.py)."""
    text = (
        "Transcript: State Department briefing on Venezuela\n\n"
        "WASHINGTON, Feb 11 - The following is an excerpt of Tuesday's press briefing with "
        "spokesperson Tammy Bruce.\n\n"
        "MS BRUCE: The pressure on the Maduro regime will continue.\n\n"
        "QUESTION: Some Democrats say the boat strikes are illegal. Your response?\n\n"
        "MS BRUCE: The President has every authority to protect Americans.\n"
    )
    assert [s.speaker for s in statements(extractor, text)] == ["Tammy Bruce"] * 2


def test_a_moderator_hands_the_floor_on_and_says_nothing_on_record(
    extractor: Extractor,
) -> None:
    text = (
        "Transcript: joint news conference in Washington\n\n"
        "WASHINGTON, April 8 - Secretary of State Marco Rubio answered questions on Tuesday.\n\n"
        "MODERATOR: We have time for a few questions. First, from Reuters.\n\n"
        "QUESTION: Will the United States send more Patriot systems to Ukraine?\n\n"
        "RUBIO: We are working with our European partners, who are buying American systems.\n"
    )
    assert [s.speaker for s in statements(extractor, text)] == ["Marco Rubio"]


def test_an_interviewee_the_model_tags_as_a_body_is_still_the_person_who_answers(
    extractor: Extractor,
) -> None:
    """ "Henrik Vestergaard, NATO's assistant secretary general, …" (tagged as an
    organisation by the model): the name and the comma of its appositive say who answers,
    not "Spain's government", the first subject of the lead."""
    text = (
        "Interview: NATO's defence planning chief on money and Ukraine\n\n"
        "BRUSSELS - Henrik Vestergaard, NATO's assistant secretary general for defence policy "
        "and planning, spoke to us at the alliance's headquarters on Thursday, a day after "
        "Spain's government said it would not meet the new target.\n\n"
        "Q: Allies have promised to spend 5 percent of GDP on defence. Is that realistic?\n\n"
        "A: Look, I would be lying if I said every capital finds it easy.\n"
    )
    answers = [s for s in statements(extractor, text) if s.text.startswith("Look")]
    assert [s.speaker for s in answers] == ["Henrik Vestergaard"]


def test_an_unnamed_interviewee_is_the_description_the_lead_says_spoke(
    extractor: Extractor,
) -> None:
    text = (
        "Iran open to talks but not to dictation, official says\n\n"
        "DUBAI, June 2 - A senior Iranian official close to the Supreme National Security "
        "Council spoke to Reuters on condition of anonymity.\n\n"
        "Q: Is Iran ready to resume nuclear talks with the United States?\n\n"
        "A: We are ready for talks that respect our rights. We are not ready for dictation.\n"
    )
    answers = [s for s in statements(extractor, text) if s.text.startswith("We are ready")]
    assert len(answers) == 1
    assert answers[0].speaker is not None and "Iranian official" in answers[0].speaker


def test_an_interviewee_whose_name_the_model_joins_to_the_dateline_answers(
    extractor: Extractor,
) -> None:
    """ "July 2 - Miriam Katzir" is one date to the model; she is the subject of the lead,
    and the answers on the line after each question are hers."""
    text = (
        "Interview: Former Israeli security official on Iran and the limits of force\n\n"
        "TEL AVIV, July 2 - Miriam Katzir served as Israel's deputy national security adviser "
        "until last year. She spoke to us about Iran.\n\n"
        "Q: You have argued publicly against a new round of strikes on Iran. Why?\n"
        "A: Because I have seen what the last round achieved.\n\n"
        "Q: But can Tehran be trusted?\n"
        "A: Nobody is asking anyone to trust Tehran.\n"
    )
    assert [s.speaker for s in statements(extractor, text)] == ["Miriam Katzir"] * 2


ROUND_UP = (
    "World reacts to Israeli strike near Tabriz\n\n"
    "JERUSALEM, December 3 - Governments reacted on Thursday to an overnight Israeli air "
    "strike on a missile production site outside Tabriz.\n\n"
    'IRAN: Foreign ministry spokesman Esmail Baghaei called the raid "a flagrant act of '
    'aggression."\n\n'
    'RUSSIA: Kremlin spokesman Dmitry Peskov said Moscow was "deeply concerned" by the '
    "strike.\n\n"
    "UNITED STATES: A White House official said Washington had not taken part.\n"
)

TRANSCRIPT_REPORTING = (
    "Pence on the debate\n\n"
    "Indiana Governor Mike Pence spoke to Fox News on Sunday.\n\n"
    "WALLACE: Will Gennifer Flowers be at the debate?\n\n"
    "PENCE: Well, look, Hillary Clinton apparently thinks this is an episode of a game show. "
    "But this is serious business.\n"
)


def test_a_round_ups_capitals_rubrics_are_no_speakers(extractor: Extractor) -> None:
    """ "IRAN: Foreign ministry spokesman Esmail Baghaei called …": the line names its own
    speaker, so the rubric is no one; a line in the same layout that reports a description
    ("UNITED STATES: A White House official said …") is read the same way."""
    found = statements(extractor, ROUND_UP)
    speakers = [s.speaker for s in found]
    assert "Esmaeil Baghaei" in speakers and "Dmitry Peskov" in speakers
    assert not {"IRAN", "RUSSIA", "UNITED STATES"} & set(speakers)
    assert any(s.text == "Washington had not taken part" for s in found)


def test_a_rubrics_line_of_only_a_quotation_is_the_words_of_who_signs_it(
    extractor: Extractor,
) -> None:
    """ "ISRAELI OPPOSITION: “…?” opposition leader Yair Lapid asked on X": the cue after
    the quotation names its speaker, so the rubric is no one here either."""
    text = ROUND_UP + (
        '\nISRAELI OPPOSITION: "Hitting missile factories is the easy part. Where is the plan '
        'for the day after?" opposition leader Yair Lapid asked on X.\n'
    )
    lapid = [s for s in statements(extractor, text) if "missile factories" in s.text]
    assert [(s.speaker, "asked" in s.text) for s in lapid] == [("Yair Lapid", False)]


def test_a_transcript_answer_reporting_someone_is_still_the_answer(extractor: Extractor) -> None:
    """ "PENCE:" names the man the lead introduced: his answer is his, whoever it reports."""
    found = statements(extractor, TRANSCRIPT_REPORTING)
    answers = [s for s in found if s.speaker == "Mike Pence"]
    assert len(answers) == 1 and answers[0].text.startswith("Well, look, Hillary Clinton")
    assert "Hillary Clinton" not in [s.speaker for s in found]


def test_a_rubric_says_whose_the_line_is(extractor: Extractor) -> None:
    """ "RUSSIA: Deputy Foreign Minister Sergei Ryabkov said Moscow was alarmed by the
    escalation": the rubric makes Moscow the speaker's own side, holding the alarm, so the
    escalation, the story's, is what the statement is about."""
    text = ROUND_UP.replace(
        'RUSSIA: Kremlin spokesman Dmitry Peskov said Moscow was "deeply concerned" by the strike.',
        'RUSSIA: Deputy Foreign Minister Sergei Ryabkov said Moscow was "alarmed" by the '
        "escalation.",
    )
    ryabkov = next(s for s in statements(extractor, text) if s.speaker == "Sergei Ryabkov")
    assert "iran" in ryabkov.topics


BULLETED_BRIEFING = (
    "MORNING BRIEFING - What we are watching on Tuesday\n\n"
    "• VENEZUELA: Opposition leader María Corina Machado told supporters in a video message "
    'that "every tanker the U.S. Navy turns back is one less barrel paying for repression."\n\n'
    "• CHINA: Commerce ministry spokeswoman He Yadong said Beijing and Washington had agreed "
    "to hold a fresh round of trade consultations in Geneva next month.\n"
)


def test_a_bulleted_briefings_capitals_rubrics_are_no_speakers(extractor: Extractor) -> None:
    """ "• VENEZUELA: … Machado told supporters … that “…”": a list item's rubric, not a
    transcript's speaker, even where the line's only statement is a quotation."""
    speakers = [s.speaker for s in statements(extractor, BULLETED_BRIEFING)]
    assert speakers == ["María Corina Machado", "He Yadong"]


DEPARTMENT_BRIEFING = (
    "Department Press Briefing\n\n"
    "MR PIGOTT: Good afternoon, everybody. A couple of things at the top.\n\n"
    "The Secretary spoke this morning with Foreign Minister Sybiha. The United States will "
    "continue to provide Ukraine with the air defence it needs.\n\n"
    "QUESTION: On Venezuela, will the Navy stop ships carrying food?\n\n"
    "MR PIGOTT: Food and medicine are not the target.\n\n"
    "The Associated Press contributed reporting, the agency said.\n"
)


def test_a_briefers_answer_runs_on_to_the_next_labelled_line(extractor: Extractor) -> None:
    """The paragraphs after "MR PIGOTT:" up to "QUESTION:" are his answer, whatever they
    report; after the last labelled line the transcript may have ended."""
    found = statements(extractor, DEPARTMENT_BRIEFING)
    first = found[0]
    assert first.speaker == "Pigott"
    assert first.text.startswith("Good afternoon, everybody. A couple of things at the top. ")
    assert first.text.endswith("the air defence it needs.")
    assert len(first.spans) == 2
    last = next(s for s in found if s.text.startswith("Food and medicine"))
    assert "contributed" not in last.text
