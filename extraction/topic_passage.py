"""The passage a statement continues: its sentence, the sentences before it, the measures it
speaks of without naming them, the speaker's statement before it.

Topic tagging (`extraction/topics.py`) borrows topics from here when a statement names
none of its own: the reporting frame of its sentence ("On Venezuela, Peskov said …"), the
nearest earlier sentence of its paragraph, and — for "the measures", "the restrictions" —
the paragraph before too. A statement that still has no country and points back ("it",
"they", "the ruling") continues its speaker's previous statement when that one stands in
its paragraph or the one before: a speaker's next paragraph usually goes on with what they
were saying, without naming it again. Sentences are the index's units, cut at paragraph
breaks; blank lines are no paragraphs.
"""

from __future__ import annotations

from collections.abc import Iterator

from extraction.topic_index import Spans, TopicIndex, TopicMention

# Nouns that stand for measures a passage named ("the restrictions" after "sanctions"):
# they look back to the paragraph before their own (measured on the labels).
MEASURE_WORDS = frozenset({"measure", "restriction", "curb", "penalty"})
# Words pointing back to what was said before: pronouns, and a common noun under a definite
# or demonstrative determiner ("the ruling", "that plan").
REFERRING_PRONOUNS = frozenset(
    {"it", "its", "they", "them", "their", "this", "that", "these", "those"}
    | {"he", "his", "she", "her", "we", "our", "us"}
)
DEFINITE = frozenset({"the", "this", "that", "these", "those"})


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
    earliest = passage_start(index, start, paragraph_before=paragraph_before)
    units = index.units
    for i in range(index.unit_of(start) - 1, -1, -1):
        if units[i][1] <= earliest:
            return
        yield index.between(*units[i])


def passage_start(index: TopicIndex, start: int, *, paragraph_before: bool = True) -> int:
    """Where the passage before `start` begins: its paragraph, or the paragraph with text
    before that."""
    own = index.paragraph_of(start)
    if paragraph_before:
        filled = [p for p in index.filled if p[1] < own[0]]
        if filled:
            return filled[-1][0]
    return own[0]


def refers_back(index: TopicIndex, spans: Spans) -> bool:
    """The statement points back to something named before it ("it", "the ruling")."""
    doc = index.doc
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        for t in span if span is not None else ():
            if t.pos_ == "PRON" and t.lower_ in REFERRING_PRONOUNS:
                return True
            if t.dep_ == "det" and t.lower_ in DEFINITE and t.head.pos_ == "NOUN":
                return True
    return False


def speaker_before(index: TopicIndex, speaker: str, start: int) -> tuple[str, ...]:
    """The topics of the speaker's last statement before `start`, if it stands in the
    statement's paragraph or the one before (`remember` records them)."""
    for said_at, topics in reversed(index.said.get(speaker, [])):
        if said_at < start:
            return topics if said_at >= passage_start(index, start) else ()
    return ()


def remember(index: TopicIndex, speaker: str, start: int, topics: tuple[str, ...]) -> None:
    """Record a statement's topics for the speaker's next one (tagged in document order)."""
    index.said.setdefault(speaker, []).append((start, topics))


def continued(
    index: TopicIndex,
    spans: Spans,
    speaker: str,
    countries: tuple[str, ...],
    needs_company: frozenset[str],
) -> tuple[str, ...]:
    """The countries of a statement of `speaker` naming `countries`: its own, else — when it
    points back — those of the speaker's statement before it (`speaker_before`), except a
    topic that needs company (/usa): it never carries over alone or along."""
    start = spans[0][0]
    if not countries and refers_back(index, spans):
        before = speaker_before(index, speaker, start)
        countries = tuple(slug for slug in before if slug not in needs_company)
    remember(index, speaker, start, countries)
    return countries


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
