"""A pipeline component that keeps punctuation off the edges of named entities and mends
names cut in two.

The small model sometimes closes a name on the sentence's full stop ("… with spokesperson
Tammy Bruce." tags `Tammy Bruce.` as the person), and every use of the name inherits it:
the speaker is "Tammy Bruce.", and "Bruce:" later in the transcript is not her surname.
A punctuation token at either edge of an entity is no part of the name; an entity that is
nothing but punctuation is none.  Tokens that carry their own full stop ("U.S.", "Jr.")
are one token and keep it. And two person entities side by side, the first a compound of
the second, are one name the model cut in two.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

NAME = "onrecord_entity_edges"


def _trimmed(ent: Span) -> Span | None:
    start, end = ent.start, ent.end
    doc = ent.doc
    while start < end and doc[start].is_punct:
        start += 1
    while end > start and doc[end - 1].is_punct:
        end -= 1
    if start == end:
        return None
    if (start, end) == (ent.start, ent.end):
        return ent
    return Span(doc, start, end, label=ent.label_)


def _joined(ents: list[Span]) -> list[Span]:
    """Two person entities side by side, the first hung on the second as a compound, are one
    name the model cut in two ("Sheikh Mohammed bin Abdulrahman" + "Al Thani")."""
    out: list[Span] = []
    for ent in ents:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "PERSON"
            and prev.end == ent.start
            and "\n" not in prev[-1].whitespace_
            and prev.root.dep_ == "compound"
            and prev.root.head.i in range(ent.start, ent.end)
        ):
            out[-1] = Span(ent.doc, prev.start, ent.end, label="PERSON")
            continue
        out.append(ent)
    return out


@Language.component(NAME)
def trim_entity_edges(doc: Doc) -> Doc:
    ents = [_trimmed(e) for e in doc.ents]
    doc.ents = _joined([e for e in ents if e is not None])
    return doc


def ensure_entity_edges(nlp: Language) -> None:
    """Add the component right after the entity recogniser (no-op if present or absent)."""
    if NAME in nlp.pipe_names or "ner" not in nlp.pipe_names:
        return
    nlp.add_pipe(NAME, after="ner")
