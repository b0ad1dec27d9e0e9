"""A change of line per (speaker, target): replaying a speaker's sides in order."""

from __future__ import annotations

import pytest

from services.positions import Line


def replay(sides: str) -> list[int]:
    """The positions (0-based) in a sequence like "FFA-" (for, for, against, no side) at
    which a change of line is recorded."""
    line = Line({})
    changes = []
    for index, mark in enumerate(sides):
        if mark == "-":
            continue  # a statement without a side is not looked at
        side = "for" if mark == "F" else "against"
        if line.change_to(side) is not None:
            changes.append(index)
        line.add(side)
    return changes


@pytest.mark.parametrize(
    ("sides", "changes"),
    [
        ("FFA", [2]),  # two for, then against: a change
        ("FA", []),  # one statement is no line yet
        ("F-A", []),  # statements without a side count for nothing
        ("FF--A", [4]),
        ("FFAA", [2]),  # the second statement of the new line is not a second change
        ("FFAAA", [2]),
        ("FFAF", [2]),  # back to for: against has one statement, no line
        ("FFAFA", [2, 4]),  # for is the line again (3 to 1), then broken again
        ("FAFA", [3]),  # two for to one against, then against
        ("FFAAF", [2]),  # 2 to 2 after the change: no line to break
        ("AAAF", [3]),
    ],
)
def test_a_change_needs_two_on_one_side_more_than_the_other_and_the_last_on_it(
    sides: str, changes: list[int]
) -> None:
    assert replay(sides) == changes


def test_a_change_says_from_which_side_to_which() -> None:
    line = Line({"against": 3, "for": 1}, last="against")
    assert line.change_to("for") == ("against", "for")
    assert line.change_to("against") is None
