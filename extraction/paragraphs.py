"""A pipeline component that makes every line break a sentence boundary.

News text arrives as headline, dateline and paragraphs separated by newlines; the small
parser happily runs a headline into the lead ("… package\n\nBRUSSELS — Merz said …")
and then attaches the headline as the content of "said".  Marking the first token after
a newline as a sentence start before the parser runs keeps every arc inside its
paragraph.  `Extractor` adds the component to the pipeline it is given (once), so docs
parsed with `nlp.pipe` elsewhere get the same boundaries.

The tokenizer keeps a lone capital and its full stop together as an initial ("George W.
Bush"), so "…, Díaz-Canel wrote on X. Chinese Foreign Minister Wang Yi said …" is one
sentence to the parser: the next name becomes the object of "on", its statement loses its
speaker and "X." joins its role. An initial after a preposition ("on X.", "via X.") with
a capitalised word next is the platform's name ending a sentence, never a middle initial.
A live-blog entry's time stamp ("13:30 GMT —", `timestamps.py`) ends where the entry's
own sentence starts.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from extraction.timestamps import stamp_end

NAME = "onrecord_paragraphs"
_PLATFORM_PREPOSITIONS = frozenset({"on", "via"})


def _ends_sentence(doc: Doc, i: int, text: str) -> bool:
    """ "on X." before a capitalised word: `text`, token i's, ends its sentence."""
    return (
        text[0].isupper()
        and 0 < i < len(doc) - 1
        and doc[i - 1].lower_ in _PLATFORM_PREPOSITIONS
        and doc[i + 1].text[:1].isupper()
    )


@Language.component(NAME)
def mark_paragraphs(doc: Doc) -> Doc:
    after_break = True
    entry = None  # where a live-blog entry begins after its time stamp
    for tok in doc:
        text = tok.text
        if tok.idx == entry and tok.i > 0:
            tok.is_sent_start = True
        if "\n" in text or "\n" in tok.whitespace_:
            after_break = True
            if not tok.is_space and "\n" in tok.whitespace_:
                continue
            if tok.is_space:
                continue
        if after_break:
            entry = stamp_end(doc.text, tok.idx)
            if tok.i > 0:
                tok.is_sent_start = True
        after_break = False
        if len(text) == 2 and text[1] == "." and _ends_sentence(doc, tok.i, text):
            doc[tok.i + 1].is_sent_start = True
    return doc


def ensure_paragraph_boundaries(nlp: Language) -> None:
    """Insert the component before the parser (no-op if present or there is no parser)."""
    if NAME in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return
    nlp.add_pipe(NAME, before="parser")
