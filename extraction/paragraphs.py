"""A pipeline component that makes every line break a sentence boundary.

News text arrives as headline, dateline and paragraphs separated by newlines; the small
parser happily runs a headline into the lead ("… package\n\nBRUSSELS — Merz said …")
and then attaches the headline as the content of "said".  Marking the first token after
a newline as a sentence start before the parser runs keeps every arc inside its
paragraph.  `Extractor` adds the component to the pipeline it is given (once), so docs
parsed with `nlp.pipe` elsewhere get the same boundaries.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "onrecord_paragraphs"


@Language.component(NAME)
def mark_paragraphs(doc: Doc) -> Doc:
    after_break = False
    for tok in doc:
        if "\n" in tok.text or "\n" in tok.whitespace_:
            after_break = True
            if not tok.is_space and "\n" in tok.whitespace_:
                continue
            if tok.is_space:
                continue
        if after_break and tok.i > 0:
            tok.is_sent_start = True
        after_break = False
    return doc


def ensure_paragraph_boundaries(nlp: Language) -> None:
    """Insert the component before the parser (no-op if present or there is no parser)."""
    if NAME in nlp.pipe_names or "parser" not in nlp.pipe_names:
        return
    nlp.add_pipe(NAME, before="parser")
