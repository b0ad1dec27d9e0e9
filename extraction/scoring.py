"""Key-statement score: how much a statement deserves one of the five places in a digest.

A digest has room for five statements on one phone screen, so the score prefers what a reader
of /iran wants to see: someone taking a side on a named target, in their own words, early in
the article, with enough substance to stand alone. Five signals, each in [0, 1], weighted:

| signal    | weight | value                                                                   |
|-----------|--------|-------------------------------------------------------------------------|
| side      | 0.30   | 1 when it takes a side on a target (docs/positions.md), else 0.25: a    |
|           |        | position beats a fact                                                   |
| topic     | 0.20   | 1 if the statement has a topic (it can be filed under /slug), else 0    |
| quote     | 0.15   | direct 1, mixed 0.8, indirect 0.4: the speaker's own words are the record |
| position  | 0.15   | 1 at the article's start to 0 at its end (news puts the point first)    |
| substance | 0.20   | rises with length to 1 at 80–320 chars; fragments ("the operation") are |
|           |        | near 0; over 320 it eases back to 0.7 (a paragraph-long quote is less   |
|           |        | quotable than its best sentence)                                        |

The weights add up to 1, so the score is in [0, 1]. Position is weighted lightly: the seed
article's strongest statement (the Iran warning) is its last paragraph. Ties keep article
order (`Analysis.key_statements`).
"""

from __future__ import annotations

from extraction.model import Kind

WEIGHTS = {"side": 0.30, "topic": 0.20, "quote": 0.15, "position": 0.15, "substance": 0.20}
QUOTE_VALUE: dict[str, float] = {"direct": 1.0, "mixed": 0.8, "indirect": 0.4}
SIDE_VALUE = {True: 1.0, False: 0.25}
FRAGMENT_CHARS = 20  # below this a statement is a fragment ("the accusation")
FULL_CHARS = 80  # substance reaches 1 here …
LONG_CHARS = 320  # … stays there to here …
LONG_FLOOR = 0.7  # … and eases to this for very long contents (at 3 × LONG_CHARS)


def substance(length: int) -> float:
    """0 for fragments, rising to 1 at FULL_CHARS, flat, then easing to LONG_FLOOR."""
    if length <= FRAGMENT_CHARS:
        return 0.1 * length / FRAGMENT_CHARS
    if length < FULL_CHARS:
        return 0.1 + 0.9 * (length - FRAGMENT_CHARS) / (FULL_CHARS - FRAGMENT_CHARS)
    if length <= LONG_CHARS:
        return 1.0
    excess = min((length - LONG_CHARS) / (2 * LONG_CHARS), 1.0)
    return 1.0 - (1.0 - LONG_FLOOR) * excess


def key_statement_score(
    *, kind: Kind, topics: tuple[str, ...], has_side: bool, position: float, length: int
) -> float:
    """Weighted signals in [0, 1] (see the module doc); `has_side`: the statement takes a
    side on a target; `position` is 0 at the article start, 1 at its end; `length` is the
    content's length in characters."""
    signals = {
        "side": SIDE_VALUE[has_side],
        "topic": 1.0 if topics else 0.0,
        "quote": QUOTE_VALUE.get(kind, 0.4),
        "position": 1.0 - min(max(position, 0.0), 1.0),
        "substance": substance(length),
    }
    return round(sum(WEIGHTS[name] * value for name, value in signals.items()), 4)
