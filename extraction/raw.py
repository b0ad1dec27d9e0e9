"""The attribution record shared by the finding stages, and small text helpers.

Kept apart so that the cue stage (`attribution.py`), the quote stage (`quote_links.py`)
and the layout stage (`layout.py`) agree on one type without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from extraction.model import Kind

Spans = tuple[tuple[int, int], ...]
EDGE_PUNCT = ",.;:—–-()[]…!? \n\r\t"
QUOTE_RE = re.compile(r"``|''|[\"“”«»„]")


@dataclass(frozen=True)
class RawAttribution:
    """An attribution before speaker resolution: spans are char offsets into doc.text."""

    content: Spans
    kind: Kind
    cue: str | None
    cue_char: int | None
    source: tuple[int, int] | None
    precision: float = 1.0
    relation: str = ""
    # False: an attribution in the corpus' sense that puts nothing on record — a refusal
    # to speak ("declined to comment"), a headline's report of events ("Kyiv presses for
    # air defence"); found and scored, left off the record (`Analysis.on_record`)
    said: bool = True


def words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in EDGE_PUNCT:
        end -= 1
    return start, end


def overlaps(s: int, e: int, spans: Spans) -> bool:
    return any(s < b and a < e for a, b in spans)


def start_of(r: RawAttribution) -> int:
    return r.content[0][0]


def cue_text(tok: Token) -> str:
    parts = [t for t in tok.children if t.dep_ in ("aux", "neg", "prt") and abs(t.i - tok.i) <= 2]
    toks = sorted([tok, *[t for t in parts if t.dep_ == "prt"]], key=lambda t: t.i)
    return " ".join(t.text for t in toks)


def token_pieces(doc: Doc, text: str, left: int, right: int, holes: list[tuple[int, int]]) -> Spans:
    """Char spans of tokens left..right (inclusive) minus token ranges in `holes`."""
    out: list[tuple[int, int]] = []
    i = left
    for h_left, h_right in sorted(holes):
        if h_left > i:
            out.append((i, h_left - 1))
        i = max(i, h_right + 1)
    if i <= right:
        out.append((i, right))
    spans = []
    for a, b in out:
        s, e = trim(text, doc[a].idx, doc[b].idx + len(doc[b].text))
        if e > s:
            spans.append((s, e))
    return tuple(spans)


def spans_without(text: str, content: Spans, start: int, end: int) -> Spans:
    """`content` with chars start..end removed, pieces trimmed, empty pieces dropped."""
    out = []
    for s, e in content:
        for a, b in ((s, min(e, start)), (max(s, end), e)):
            if b > a:
                a, b = trim(text, a, b)
                if b > a and words(text[a:b]):
                    out.append((a, b))
    return tuple(out)


def bare_thing(src: Span) -> bool:
    """A headline's subject that is one singular common noun, no determiner, and no name
    the article gives elsewhere ("Ceasefire talks resume", not "Trump urges …")."""
    tok = src.root
    if len(src) != 1 or tok.tag_ != "NN" or tok.pos_ != "NOUN" or tok.ent_type_:
        return False
    sent = tok.sent
    last = sent[-1]
    while last.is_space and last.i > sent.start:
        last = last.nbor(-1)
    if last.text in (".", "?", "!", '"', "”", "'"):
        return False  # a sentence of the body, not a headline
    return not any(t.ent_type_ and t.lower_ == tok.lower_ for t in tok.doc)
