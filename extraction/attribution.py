"""Finding attributions (source, cue, content) in a parsed document.

First honest version: quoted sentences and "X said (that) ..." clauses with the
nearest named speaker. The extraction engine replaces this with the full rule set.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span

from extraction.model import Kind

SAY_LEMMAS = frozenset({"say", "tell", "state", "note", "stress", "add", "warn", "emphasize"})
QUOTE_CHARS = "\"“”«»"


@dataclass(frozen=True)
class RawAttribution:
    """An attribution before speaker resolution: spans are char offsets into doc.text."""

    content: tuple[tuple[int, int], ...]
    kind: Kind
    cue: str | None
    cue_char: int | None
    source: tuple[int, int] | None


def _source_of(verb_sent: Span, cue_i: int) -> tuple[int, int] | None:
    for tok in verb_sent:
        if tok.head.i == cue_i and tok.dep_ in ("nsubj", "nsubjpass"):
            sub = tok.doc[tok.left_edge.i : tok.i + 1]
            return (sub.start_char, sub.end_char)
    return None


def find_attributions(doc: Doc, lexicons: dict) -> list[RawAttribution]:
    found: list[RawAttribution] = []
    for sent in doc.sents:
        cue = next((t for t in sent if t.lemma_ in SAY_LEMMAS and t.pos_ == "VERB"), None)
        if cue is None:
            continue
        comp = next((c for c in cue.children if c.dep_ in ("ccomp", "xcomp")), None)
        if comp is None:
            continue
        content = doc[comp.left_edge.i : comp.right_edge.i + 1]
        text = content.text
        kind: Kind = "direct" if text and text[0] in QUOTE_CHARS else "indirect"
        if kind == "indirect" and any(q in text for q in QUOTE_CHARS):
            kind = "mixed"
        found.append(
            RawAttribution(
                content=((content.start_char, content.end_char),),
                kind=kind,
                cue=cue.text,
                cue_char=cue.idx,
                source=_source_of(sent, cue.i),
            )
        )
    return found
