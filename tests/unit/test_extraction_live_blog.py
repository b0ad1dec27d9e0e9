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
