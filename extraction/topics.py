"""Topic tagging: which taxonomy topics a statement is about.

Matching (the taxonomy's words on tokens and lemmas, once per document) is in
`extraction/topic_index.py`.

Where a statement's topics come from, first that gives any:

1. its own words (the content spans);
2. the rest of its sentence(s): the reporting frame ("Regarding U.S. engagement, Peskov noted");
3. its paragraph: the nearest sentence before it that names a topic, else the nearest after;
4. the speaker's own side named in its own words (see below);
5. the article's running context: a definite noun of the statement ("the strike", "the talks")
   that an earlier sentence naming a topic also used, else the nearest earlier sentence that
   names a topic.

So a statement about Iran is tagged iran from its own words and never inherits Ukraine from
the lead paragraph; only a statement that names nothing ("This would destabilize the region")
borrows, and it borrows from the closest text first. `context_terms` ("the alliance", "the
island nation") add their topic only when the article names that topic somewhere.

The speaker's own side. The speaker's home topics are those named by their role ("Kremlin
spokesman" → russia), their name ("Putin") and the noun phrase that introduces them ("The
Kremlin official"); themes (energy, sanctions) never are: an energy minister on oil is energy.
A home topic named in the statement counts in steps 1-3 only when it is the *object* of what
is said: a direct object, a passive subject, under a preposition of aim ("a strike on
Russia", "sanctions against Moscow"), or the place where the event happened ("condemned the
strikes … in Isfahan"). As the actor ("Russia values its relations with Cuba", "cooperation
with Russia remains a priority for Venezuela", "Russian negotiators") it is the speaker talking
about their own side, and the statement is filed under what it is about (cuba, venezuela).
Only when nothing else around the statement names a topic does the own side count (step 4):
an Iranian minister saying "Tehran remained committed to diplomacy" is an iran statement.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from extraction.model import Speaker
from extraction.resources import Topic
from extraction.topic_index import Spans, TopicIndex, TopicMatcher, TopicMention

# Prepositions whose object is what an action aims at: a home country there is the object.
TARGET_PREPS = frozenset(
    {"on", "upon", "against", "at", "toward", "towards", "about", "over", "into", "onto"}
)
# Prepositions that only place or qualify: look through them to the noun they modify ("a
# strike on facilities in Isfahan"); on a verb they give the event's place, an object too.
# Any other ("reports from Russian negotiators", "cooperation with Russia", "important to
# Russia") makes a home country a source, partner or beneficiary: its own side.
PASS_PREPS = frozenset({"in", "of", "near", "inside", "within", "across", "around", "throughout"})
# Relations that make a noun phrase the object of its clause.
OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "attr", "dative", "oprd"})
SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl", "agent", "csubjpass"})
# Relations inside a noun phrase: climb through them to find the phrase's role in the clause.
NP_DEPS = frozenset(
    {"amod", "compound", "poss", "nmod", "appos", "conj", "case", "det", "nummod", "npadvmod",
     "prep", "cc", "punct", "quantmod", "predet"}
)  # fmt: skip
DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those", "such"})
# Nouns too general to carry a topic across sentences ("the situation", "the president").
GENERIC_NOUNS = frozenset(
    {"situation", "issue", "question", "side", "position", "time", "moment", "president",
     "region", "world", "people", "country", "way", "thing", "agenda", "schedule", "stage",
     "fact", "case", "point", "day", "week", "year", "statement", "spokesman", "official",
     "minister", "government", "party", "parties", "interest", "level", "part"}
)  # fmt: skip


def _is_object(token: Token) -> bool:
    """Is the noun phrase around `token` the object or aim of its clause (see module doc)?"""
    for _ in range(16):
        dep = token.dep_
        if dep == "pobj":
            if token.head.lower_ in TARGET_PREPS:
                return True
            if token.head.lower_ not in PASS_PREPS:
                return False
            if token.head.head.pos_ in ("VERB", "AUX"):
                return True  # where the event happened: "condemned the strikes … in Isfahan"
            token = token.head.head
            continue
        if dep in OBJECT_DEPS:
            return True
        if dep in SUBJECT_DEPS or dep not in NP_DEPS or token.head.i == token.i:
            return False
        token = token.head
    return False


class TopicTagger:
    """Tags statements with taxonomy slugs; built once per pipeline (the matchers are cached)."""

    def __init__(self, nlp: Language, topics: tuple[Topic, ...]) -> None:
        self._matcher = TopicMatcher(nlp, topics)
        self._themes = frozenset(t.slug for t in topics if t.theme)
        self._last: tuple[Doc, TopicIndex] | None = None

    # -- the per-document index ------------------------------------------------------------

    def index(self, doc: Doc) -> TopicIndex:
        """The document's mentions; computed once per document and reused for its statements."""
        last = self._last
        if last is not None and last[0] is doc:
            return last[1]
        index = TopicIndex(doc, self._matcher.find(doc))
        self._last = (doc, index)
        return index

    def home_topics(
        self, index: TopicIndex, speaker: Speaker | None, source: tuple[int, int] | None
    ) -> tuple[frozenset[str], frozenset[int]]:
        """The speaker's own-side slugs and the token ids of their source phrases.

        From the role, the name, the source mention as written and every earlier phrase that
        introduces the same name ("Kremlin spokesman Dmitry Peskov"). The tokens are skipped
        when the statement's sentence is searched for context (the speaker is not the topic).
        """
        name = speaker.name if speaker else None
        key = (name, speaker.role if speaker else None, source)
        cached = index._homes.get(key)
        if cached is not None:
            return cached
        doc = index.doc
        slugs: set[str] = set()
        if speaker is not None:
            slugs |= self._matcher.slugs_in_text(
                " ".join(filter(None, (speaker.role, speaker.name)))
            )
        phrases: list[Span] = []
        if source is not None:
            span = doc.char_span(*source, alignment_mode="expand")
            if span is not None:
                phrases.append(span)
        if name:
            last = name.split()[-1].lower()
            phrases += [e for e in index.named_entities if last in e.text.lower().split()]
        tokens: set[int] = set()
        for phrase in phrases:
            tokens |= _phrase_tokens(phrase)
        for mention in index.mentions:
            if mention.start in tokens and not mention.context_only:
                slugs.add(mention.slug)
        result = (frozenset(slugs - self._themes), frozenset(tokens))
        index._homes[key] = result
        return result

    def home_mentions(
        self, doc: Doc, spans: Spans, speaker: Speaker | None, source: tuple[int, int] | None
    ) -> frozenset[int]:
        """Token ids in the statement naming the speaker's own side ("Tehran", said by Iran)."""
        index = self.index(doc)
        home, _ = self.home_topics(index, speaker, source)
        return frozenset(
            i for m in index.in_spans(spans) if m.slug in home for i in range(m.start, m.end)
        )

    # -- tagging ---------------------------------------------------------------------------

    def tag(
        self,
        doc: Doc,
        spans: Spans,
        *,
        speaker: Speaker | None = None,
        source: tuple[int, int] | None = None,
    ) -> tuple[str, ...]:
        """The statement's topic slugs, in order of first mention (see the module doc)."""
        return tuple(self.anchors(doc, spans, speaker=speaker, source=source))

    def anchors(
        self,
        doc: Doc,
        spans: Spans,
        *,
        speaker: Speaker | None = None,
        source: tuple[int, int] | None = None,
    ) -> dict[str, tuple[int, ...]]:
        """Topic slug → token ids naming it inside the statement (empty: from context)."""
        if not spans:
            return {}
        index = self.index(doc)
        key = (spans, speaker, source)
        cached = index.anchors.get(key)
        if cached is None:
            cached = index.anchors[key] = self._anchors(index, spans, speaker, source)
        return dict(cached)

    def _anchors(
        self,
        index: TopicIndex,
        spans: Spans,
        speaker: Speaker | None,
        source: tuple[int, int] | None,
    ) -> dict[str, tuple[int, ...]]:
        doc = index.doc
        home, speaker_tokens = self.home_topics(index, speaker, source)

        def counts(m: TopicMention) -> bool:
            if m.context_only or m.start in speaker_tokens:
                return False
            return m.slug not in home or _is_object(doc[m.end - 1])

        own = index.in_spans(spans)
        found = _group(m for m in own if counts(m))
        for m in own:  # context terms confirm a topic the article names elsewhere
            if m.context_only and m.slug in index.named and m.slug not in home:
                found.setdefault(m.slug, []).append(m.start)
        if found:
            return {slug: tuple(ids) for slug, ids in found.items()}
        start, end = spans[0][0], spans[-1][1]
        inside = {m.start for m in own}
        for context in (
            self._frame(index, start, end, inside),
            self._paragraph(index, start, end),
        ):
            slugs = [m.slug for m in context if counts(m)]
            if slugs:
                return dict.fromkeys(slugs, ())
        home_named = _group(m for m in own if m.slug in home and not m.context_only)
        if home_named:
            return {slug: tuple(ids) for slug, ids in home_named.items()}
        slugs = self._running(index, spans, start, counts)
        return dict.fromkeys(slugs, ())

    def _frame(
        self, index: TopicIndex, start: int, end: int, inside: set[int]
    ) -> list[TopicMention]:
        first, last = index.unit_of(start), index.unit_of(max(end - 1, start))
        lo, hi = index.units[first][0], max(index.units[last][1], end)
        return [m for m in index.between(lo, hi) if m.start not in inside]

    def _paragraph(self, index: TopicIndex, start: int, end: int) -> list[TopicMention]:
        p_start, p_end = index.paragraph_of(start)
        first, last = index.unit_of(start), index.unit_of(max(end - 1, start))
        units = index.units
        before = [i for i in range(first - 1, -1, -1) if units[i][1] > p_start]
        after = [i for i in range(last + 1, len(units)) if units[i][0] < p_end]
        for i in before + after:
            found = index.between(*units[i])
            if any(not m.context_only for m in found):
                return found
        return []

    def _running(
        self, index: TopicIndex, spans: Spans, start: int, counts: Callable[[TopicMention], bool]
    ) -> list[str]:
        doc = index.doc
        first = index.unit_of(start)

        def unit_slugs(i: int) -> list[str]:
            return [m.slug for m in index.between(*index.units[i]) if counts(m)]

        nouns: set[str] = set()
        for s, e in spans:
            span = doc.char_span(s, e, alignment_mode="expand")
            if span is None:
                continue
            for token in span:
                if (
                    token.pos_ == "NOUN"
                    and token.lemma_.lower() not in GENERIC_NOUNS
                    and any(c.lower_ in DEFINITE_DETS for c in token.children)
                ):
                    nouns.add(token.lemma_.lower())
        if nouns:
            for i in range(first - 1, -1, -1):
                unit = doc.char_span(*index.units[i], alignment_mode="expand")
                if unit is not None and any(t.lemma_.lower() in nouns for t in unit):
                    slugs = unit_slugs(i)
                    if slugs:
                        return slugs
        for i in range(first - 1, -1, -1):
            slugs = unit_slugs(i)
            if slugs:
                return slugs
        return []


def _group(mentions: Iterable[TopicMention]) -> dict[str, list[int]]:
    grouped: dict[str, list[int]] = {}
    for m in mentions:
        grouped.setdefault(m.slug, []).append(m.start)
    return grouped


def _phrase_tokens(span: Span) -> set[int]:
    """The noun phrase around a source mention, without its relative clauses."""
    root = span.root
    while root.dep_ in ("compound", "appos", "amod") and root.head.i != root.i:
        root = root.head
    tokens = {t.i for t in span}
    stack = [root]
    while stack:
        token = stack.pop()
        tokens.add(token.i)
        stack += [c for c in token.children if c.dep_ not in ("relcl", "acl", "advcl")]
    return tokens
