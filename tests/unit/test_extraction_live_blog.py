"""Live-blog and fresh wire shapes, through the real model and lexicons: time stamps,
questions put in a time-stamped entry, headlines, nested quote marks, refusals to say,
and a description before the name."""

from __future__ import annotations

from dataclasses import replace

import pytest

from extraction import Extractor
from extraction.content import exact
from extraction.raw import RawAttribution

_MARK_PAIRS = (("“", "”"), ("«", "»"))


def balanced(text: str) -> bool:
    """Every curly mark closed and an even number of straight ones."""
    return text.count('"') % 2 == 0 and all(text.count(a) == text.count(b) for a, b in _MARK_PAIRS)


@pytest.mark.parametrize(
    ("text", "stored"),
    [
        (  # a straight quote nested in a curly one and left open: the stray mark goes
            'The mayor told reporters: “"every ferry sails on time this winter.”',
            "every ferry sails on time this winter.",
        ),
        (  # ... also in the middle of the quotation
            'The mayor said: “The city owes "every ferry crew a bonus this winter.”',
            "“The city owes every ferry crew a bonus this winter.”",
        ),
        (  # a nested quotation closed inside stays whole, inside its marks
            'The mayor said: “The motto "no ferry left behind" is ours now.”',
            '“The motto "no ferry left behind" is ours now.”',
        ),
        (  # curly inside straight
            '"They called it “a blockade” on Sunday, and that is wrong," the mayor said.',
            '"They called it “a blockade” on Sunday, and that is wrong,"',
        ),
    ],
)
def test_nested_quote_marks_are_balanced_in_the_stored_text(
    extractor: Extractor, text: str, stored: str
) -> None:
    statements = extractor.analyze(text).statements
    assert [s.text for s in statements] == [stored]
    assert all(balanced(s.text) for s in statements)
    assert {s.kind for s in statements} == {"direct"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "08:40 GMT — Asked whether the border would reopen this week, the interior "
            "minister said the checks would stay until Sunday.",
            [("the interior minister", "the checks would stay until Sunday")],
        ),
        (
            "1115 ET: Asked if he would meet the strikers, Governor Tom Hale said he had "
            "no plans to do so.",
            [("Tom Hale", "he had no plans to do so")],
        ),
        (
            "Update 4: The port authority said two more berths had been cleared overnight.",
            [("port authority", "two more berths had been cleared overnight")],
        ),
        (
            "7.05pm BST - Asked about the delays, the rail operator said engineers were "
            "working through the night.",
            [("rail operator", "engineers were working through the night")],
        ),
    ],
)
def test_a_time_stamp_is_no_speaker_and_the_question_is_the_reporters(
    extractor: Extractor, text: str, expected: list[tuple[str, str]]
) -> None:
    got = [(s.speaker, s.text) for s in extractor.analyze(text).statements]
    assert len(got) == len(expected)
    for (speaker, content), (want_speaker, want_content) in zip(got, expected, strict=True):
        assert speaker is not None and want_speaker in speaker
        assert content.strip(" .") == want_content


BODY = "\n\nOSLO, May 2 (Reuters) - The talks opened on Tuesday in a hotel by the harbour.\n"


@pytest.mark.parametrize(
    "headline",
    [
        "Fishing ministers gather as Reykjavik presses for larger quotas",  # prep:for fragment
        "Oslo talks stall over cod quotas",  # "talks" is no cue here
        "Agency warns on salmon farm safety",  # a verb of saying with a noun phrase
        "LIVE: Arctic fishing talks in Oslo",  # a banner is no label
        "BREAKING: Coast guard boards trawler off Svalbard",
        "The Latest: Trawler crews return to port in Bergen",
        'Fishing ministers: "cod quotas" first on the agenda',  # a label with no name
    ],
)
def test_a_headline_of_events_is_no_statement(extractor: Extractor, headline: str) -> None:
    analysis = extractor.analyze(headline + BODY)
    assert analysis.on_record().statements == ()
    assert all(not s.said for s in analysis.statements)  # found, as the corpus counts it


@pytest.mark.parametrize(
    ("headline", "speaker", "content"),
    [
        (
            "Stoere says Norway will cut cod quotas by a fifth",
            "Stoere",
            "Norway will cut cod quotas by a fifth",
        ),
        (
            'Stoere: "We will not sign a deal that empties the sea"',
            "Stoere",
            '"We will not sign a deal that empties the sea"',
        ),
        (  # a name's label in headline shorthand, as before
            "Stoere: no cod quota deal before the summer",
            "Stoere",
            "no cod quota deal before the summer",
        ),
    ],
)
def test_a_headline_says_form_and_quote_label_are_statements(
    extractor: Extractor, headline: str, speaker: str, content: str
) -> None:
    statements = extractor.analyze(headline + BODY).on_record().statements
    assert [(s.speaker, s.text) for s in statements] == [(speaker, content)]


@pytest.mark.parametrize(
    "sentence",
    [
        "The harbour master declined to comment on the collision.",
        "The harbour master declined to give a date for the reopening of the port.",
        "The harbour master refused to say whether the tanker had been inspected.",
        "The harbour master declined to confirm that the pilot had been suspended.",
    ],
)
def test_a_refusal_to_speak_is_no_statement(extractor: Extractor, sentence: str) -> None:
    analysis = extractor.analyze(sentence)
    assert analysis.on_record().statements == ()
    # the refusal is found (the corpus annotates it) but never what follows "say"
    assert [s.cue for s in analysis.statements] in ([], ["declined"], ["refused"])
    assert all(not s.said for s in analysis.statements)


def test_a_refusal_to_act_stays_a_statement(extractor: Extractor) -> None:
    text = "Governor Ana Ruiz refused to sign the budget passed by the state assembly last week."
    (statement,) = extractor.analyze(text).on_record().statements
    assert statement.speaker == "Ana Ruiz"
    assert statement.text == "to sign the budget passed by the state assembly last week"


def test_a_description_before_the_name_resolves_later_to_that_person(
    extractor: Extractor,
) -> None:
    # the lead ends in a full stop: no headline, so the later "the vote would close …"
    # does not take its place as the body's repeat of it
    text = (
        "The union's general secretary, Paul Nowak, said members would vote on the offer.\n\n"
        "Spain's labour minister Yolanda Diaz said Madrid was watching the dispute closely.\n\n"
        "Britain's business minister, Jonathan Reynolds, said the offer was fair.\n\n"
        "The general secretary said the vote would close on Friday.\n\n"
        "The labour minister said she hoped for a quick agreement."
    )
    got = [(s.speaker, s.speaker_role) for s in extractor.analyze(text).statements]
    assert got == [
        ("Paul Nowak", "union's general secretary"),
        ("Yolanda Diaz", "Spain's labour minister"),
        ("Jonathan Reynolds", "Britain's business minister"),
        ("Paul Nowak", "union's general secretary"),
        ("Yolanda Diaz", "Spain's labour minister"),
    ]


def test_a_description_naming_what_it_heads_is_not_whoever_spoke_last(
    extractor: Extractor,
) -> None:
    # "the federation's chief" names a body no earlier speaker's role holds: not the farm
    # minister who spoke last; a bare "the minister" still is
    text = (
        "PARIS, May 2 (Wire) - Farm minister Annie Genevard said the subsidies would be paid "
        "in June.\n\n"
        "Arnaud Rousseau, head of the FNSEA union, welcomed the decision.\n\n"
        "The federation's chief said farmers would keep protesting until then.\n\n"
        "The minister said the payments were already budgeted."
    )
    got = [s.speaker for s in extractor.analyze(text).on_record().statements]
    assert got[0] == "Annie Genevard" and got[-1] == "Annie Genevard"
    assert "the federation's chief" in {(s or "").lower() for s in got}
    assert got.count("Annie Genevard") == 2


def test_a_source_found_inside_the_dateline_is_the_name_after_it() -> None:
    # the parser sometimes makes the dateline's city the subject of the lead's verb
    # ("KYIV, …" nsubj of "urged"); the source is then the words between dateline and cue
    text = (
        "Ferry strike spreads\n\n"
        "LISBON, May 3 (Wire) - Portuguese Transport Minister Miguel Pinto Luz on Sunday "
        "urged the unions to return to talks before the holiday weekend."
    )
    cue = text.index("urged")
    content = (cue + len("urged "), len(text) - 1)
    inside = (text.index("LISBON"), text.index(" (Wire"))
    found = RawAttribution(
        content=(content,), kind="indirect", cue="urged", cue_char=cue, source=inside
    )
    (cleaned,) = exact(text, [found], [])
    assert cleaned.source is not None
    start, end = cleaned.source
    assert text[start:end] == "Portuguese Transport Minister Miguel Pinto Luz"
    far = replace(found, cue_char=cue + 200)  # no short name between: left as found
    (kept,) = exact(text + " " * 200, [far], [])
    assert kept.source == inside
