"""The attribution record shared by the finding stages, and small text helpers.

Kept apart so that the cue stage (`attribution.py`), the quote stage (`quote_links.py`)
and the layout stage (`layout.py`) agree on one type without importing each other.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Token

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
