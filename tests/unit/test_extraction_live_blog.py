"""Live-blog and fresh wire shapes, through the real model and lexicons: time stamps,
questions put in a time-stamped entry, headlines, nested quote marks, refusals to say,
and a description before the name."""

from __future__ import annotations

import pytest

from extraction import Extractor

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
