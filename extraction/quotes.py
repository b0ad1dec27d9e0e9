"""Locating quotations in raw text, before and independently of the parse.

Quote marks are matched on characters, not tokens, because the tokenizer splits and
merges them inconsistently (`''`, `` `` ``, « », curly and straight quotes).  Rules that
follow newswire conventions:

* a paragraph (one or more newlines end it) that opens a quote without closing it
  continues the quote into the next paragraph when that paragraph opens with a quote
  mark again; the pieces form one multi-paragraph quotation;
* an unclosed quote that is not continued ends at its paragraph's end (typo tolerance);
* straight `"` and typewriter `''` toggle; “ « `` „ open; ” » close; an opening mark
  typed twice (`""Our …`) opens one quotation;
* straight quotes inside curly ones (`“The slogan "every shell counts" is ours.”`) and
  curly ones inside straight ones are nested: they stay inside the quotation, and one
  left open when the outer quotation closes (`“"every weapon …”`) is a stray mark the
  statement's text leaves out (`content.py`).

Also what a statement's spans hold of them: whether a character is quoted, and whether
its content is all quotation (direct), partly (mixed) or none (indirect).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from extraction.model import Kind
from extraction.raw import Spans, words

OPENERS = ("``", "“", "«", "„")
CLOSERS = ("”", "»")
TOGGLES = ('"', "''")
_MARK = re.compile(r"``|''|[\"“”«»„]")
_PARAGRAPH = re.compile(r"[^\n]+")


@dataclass(frozen=True)
class Quote:
    """A quotation: `start`/`end` include the marks; `pieces` are per-paragraph parts."""

    start: int
    end: int
    pieces: tuple[tuple[int, int], ...]
    strays: tuple[int, ...] = ()  # nested marks left open when the quotation closed

    @property
    def closed_in_paragraph(self) -> bool:
        return len(self.pieces) == 1


def _kind(mark: str) -> str:
    if mark in OPENERS:
        return "open"
    if mark in CLOSERS:
        return "close"
    return "toggle"


def _straight(mark: str) -> bool:
    return mark in TOGGLES


def _nests(outer: str, mark: str, inner: bool, rest: str, opening: bool) -> bool:
    """Whether `mark` opens or closes a quotation nested in one `outer` opened: straight
    quotes inside curly ones (`“He called it "a disgrace."”`) and curly ones inside straight
    ones, while the outer quotation's own closing mark is still to come in `rest` of the
    paragraph (`“no evidence" yet`, mixed marks typed as a pair, close at the straight
    one); the typewriter `''` always closes the outer quotation it may end."""
    if _straight(outer) == _straight(mark) or mark == "''":
        return False
    closers = '"' if _straight(outer) else ("''" if outer == "``" else "”»")
    if not any(c in rest for c in closers):
        return False
    if mark == '"':
        # a straight mark opens a nested quotation only where a quotation opens, before a
        # word and after a space or the outer mark; after a word it closes the outer one
        return inner or opening
    return (mark in OPENERS and not inner) or (mark in CLOSERS and inner)


def _paragraph_quotes(
    text: str, start: int, end: int, strays: list[int]
) -> tuple[list[tuple[int, int]], int | None]:
    """Closed quotes of one paragraph and the offset of a quote left open at its end;
    a nested mark still open when its quotation closes is added to `strays`."""
    found: list[tuple[int, int]] = []
    inner_at = 0
    open_at: int | None = None
    outer = ""  # the mark that opened the quotation now open
    inner = False  # a quotation nested inside it is open
    for m in _MARK.finditer(text, start, end):
        kind = _kind(m.group())
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        opening = (not before or before.isspace() or before in OPENERS) and after.isalnum()
        if open_at is not None and _nests(outer, m.group(), inner, text[m.end() : end], opening):
            inner, inner_at = not inner, m.start()  # `“… "every" …”`: a quote inside
            continue
        if kind == "toggle" and m.group() == '"' and open_at is None:
            # a straight quote glued to a word on its left closes nothing and opens nothing
            # unless followed by a word: inch marks (5'11") and stray marks are skipped.
            nxt = text[m.end() : m.end() + 1]
            if not nxt or nxt.isspace():
                continue
        if kind == "close" and open_at is None and text[m.end() : m.end() + 1].isalnum():
            kind = "open"  # ”Word … ” : a closing mark typed where an opening one belongs
        doubled = _MARK.match(text, m.end())
        if (
            open_at is None
            and kind != "close"
            and doubled is not None
            and _straight(doubled.group()) == _straight(m.group())
            and text[doubled.end() : doubled.end() + 1].isalnum()
        ):
            continue  # `""Our negotiators …"`: a mark typed twice opens one quotation
        if open_at is None and kind in ("open", "toggle"):
            open_at, outer, inner = m.start(), m.group(), False
        elif open_at is not None and kind in ("close", "toggle"):
            found.append((open_at, m.end()))
            if inner:
                strays.append(inner_at)
            open_at = None
    return found, open_at


def find_quotes(text: str) -> list[Quote]:
    """All quotations in `text`, in order, multi-paragraph ones joined."""
    quotes: list[Quote] = []
    strays: list[int] = []
    pending: list[tuple[int, int]] = []  # pieces of a quote that is still open
    paragraphs = [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]
    for p_start, p_end in paragraphs:
        stripped = len(text[p_start:p_end]) - len(text[p_start:p_end].lstrip())
        first = p_start + stripped
        opens_with_mark = (
            bool(_MARK.match(text, first))
            and _kind(
                _MARK.match(text, first).group()  # type: ignore[union-attr]
            )
            != "close"
        )
        if pending and not opens_with_mark:
            quotes.append(Quote(pending[0][0], pending[-1][1], tuple(pending)))
            pending = []
        closed, open_at = _paragraph_quotes(text, first, p_end, strays)
        if pending and closed and closed[0][0] == first:
            # the continuing paragraph's first quote closes the multi-paragraph quotation
            pending.append(closed.pop(0))
            quotes.append(Quote(pending[0][0], pending[-1][1], tuple(pending)))
            pending = []
        elif pending and not closed and open_at == first:
            pending.append((first, p_end))
            continue
        elif pending:
            quotes.append(Quote(pending[0][0], pending[-1][1], tuple(pending)))
            pending = []
        quotes.extend(Quote(s, e, ((s, e),)) for s, e in closed)
        if open_at is not None:
            pending = [(open_at, p_end)]
    if pending:
        quotes.append(Quote(pending[0][0], pending[-1][1], tuple(pending)))
    if strays:
        quotes = [
            replace(q, strays=tuple(x for x in strays if q.start < x < q.end)) for q in quotes
        ]
    return quotes


def quoted_chars(quotes: list[Quote]) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotes]


def in_intervals(intervals: list[tuple[int, int]], char: int) -> bool:
    k = bisect.bisect_right(intervals, (char, 1 << 62)) - 1
    return k >= 0 and intervals[k][0] < char < intervals[k][1]


def kind_of(text: str, content: Spans, quotes: list[Quote]) -> Kind:
    inside = outside = 0
    for s, e in content:
        i = s
        for q in quotes:
            if q.end <= s or q.start >= e:
                continue
            outside += words(text[i : max(i, q.start)])
            inside += words(text[max(q.start, s) : min(q.end, e)])
            i = max(i, q.end)
        outside += words(text[i:e]) if i < e else 0
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"
