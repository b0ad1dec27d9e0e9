"""The passage a statement continues: its sentence, the sentences before it, the measures it
speaks of without naming them.

Topic tagging (`extraction/topics.py`) borrows topics from here when a statement names
none of its own: the reporting frame of its sentence ("On Venezuela, Peskov said …"), the
nearest earlier sentence of its paragraph, and — for "the measures", "the restrictions" —
the paragraph before too. Sentences are the index's units, cut at paragraph breaks; blank
lines are no paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator

from extraction.topic_index import Spans, TopicIndex, TopicMention

# Nouns that stand for measures a passage named ("the restrictions" after "sanctions"):
# they look back to the paragraph before their own (measured on the labels).
MEASURE_WORDS = frozenset({"measure", "restriction", "curb", "penalty"})


def frame(index: TopicIndex, start: int, end: int) -> list[TopicMention]:
    """Mentions in the statement's own sentence(s), the reporting frame included."""
    first, last = index.unit_of(start), index.unit_of(max(end - 1, start))
    lo, hi = index.units[first][0], max(index.units[last][1], end)
    return index.between(lo, hi)


def earlier_sentences(
    index: TopicIndex, start: int, *, paragraph_before: bool = False
) -> Iterator[list[TopicMention]]:
    """The mentions of each sentence before `start`, nearest first, back to the start of its
    paragraph (or of the paragraph with text before it)."""
    own = index.paragraph_of(start)
    earliest = own[0]
    if paragraph_before:
        filled = [p for p in index.paragraphs if p[0] < p[1] < own[0]]
        earliest = filled[-1][0] if filled else earliest
    units = index.units
    for i in range(index.unit_of(start) - 1, -1, -1):
        if units[i][1] <= earliest:
            return
        yield index.between(*units[i])


def names_a_measure(index: TopicIndex, spans: Spans) -> bool:
    """The statement speaks of measures without naming them ("existing measures remain in
    force", "the restrictions are unacceptable")."""
    doc = index.doc
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and any(
            t.pos_ == "NOUN" and t.lemma_.lower() in MEASURE_WORDS for t in span
        ):
            return True
    return False
