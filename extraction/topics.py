"""Topic tagging: which taxonomy topics a statement is about.

Matching. The taxonomy's `terms` go into spaCy `PhraseMatcher`s (on `LOWER`; terms written in
capitals only, "US", "EU", on `ORTH`, so the pronoun "us" is not the USA), its `lemmas` into
one on `LEMMA`. Matching is on whole tokens, never substrings: "Iranian" is a term, so
it matches; "Irania" is not, so it matches nothing. Hyphenated compounds the tokenizer keeps
whole ("U.S.-Russia", "U.S.-brokered") are matched piece by piece. A match inside an `exclude`
phrase ("Latin American", "Persian Gulf") does not count, nor does a dateline ("MOSCOW —").
The matchers run once per document: `TopicTagger` keeps an index of the last document it saw,
so tagging each statement is a few bisections.

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
A home topic named in the statement counts in step 1-3 only when it is
the *object* of what is said: a direct object, a passive subject, or under a preposition of
aim ("a strike on Russia", "sanctions against Moscow"). As the actor ("Russia values its
relations with Cuba", "cooperation with Russia remains a priority for Venezuela", "Russian
negotiators") it is the speaker talking about their own side, and the statement is filed
under what it is about (cuba, venezuela). Only when nothing else around the statement names a
topic does the own side count (step 4): an Iranian minister saying "Tehran remained committed
to diplomacy" is an iran statement.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token

from extraction.model import Speaker
from extraction.resources import Topic

Spans = tuple[tuple[int, int], ...]

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
_DASHES = frozenset({"—", "–", "--", "-"})


@dataclass(frozen=True)
class TopicMention:
    """One match of a topic's signal words: token range, char offset, kind."""

    slug: str
    start: int
    end: int
    char: int
    context_only: bool = False


class TopicIndex:
    """All topic mentions of one document, with its sentences and paragraphs, for lookups."""

    def __init__(self, doc: Doc, mentions: list[TopicMention]) -> None:
        self.doc = doc
        self.mentions = sorted(mentions, key=lambda m: (m.char, m.slug))
        self.chars = [m.char for m in self.mentions]
        self.paragraphs = _paragraph_bounds(doc.text)
        # sentences cut at paragraph breaks: a headline without a full stop runs into the
        # lead's first sentence in the parse, but it is not part of that sentence
        self.units = _units(doc, self.paragraphs)
        self.unit_starts = [u[0] for u in self.units]
        self.paragraph_starts = [b[0] for b in self.paragraphs]
        self.named = frozenset(m.slug for m in self.mentions if not m.context_only)
        self.named_entities = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP")]
        self._homes: dict[tuple[str | None, str | None, tuple[int, int] | None], tuple] = {}
        # statement → its anchors: `tag` and `anchors` on the same statement compute once
        self.anchors: dict[tuple, dict[str, tuple[int, ...]]] = {}

    def between(self, start: int, end: int) -> list[TopicMention]:
        lo = bisect.bisect_left(self.chars, start)
        hi = bisect.bisect_left(self.chars, end)
        return self.mentions[lo:hi]

    def in_spans(self, spans: Spans) -> list[TopicMention]:
        return [m for s, e in spans for m in self.between(s, e)]

    def unit_of(self, char: int) -> int:
        """The index of the sentence (cut at paragraph breaks) holding `char`."""
        return max(bisect.bisect_right(self.unit_starts, char) - 1, 0)

    def paragraph_of(self, char: int) -> tuple[int, int]:
        return self.paragraphs[max(bisect.bisect_right(self.paragraph_starts, char) - 1, 0)]


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


def _datelines(doc: Doc) -> list[tuple[int, int]]:
    """Char ranges of datelines ("MOSCOW —", "THE HAGUE —") that open a paragraph."""
    starts = [int(i) for i in doc.to_array(IDX)]
    found = []
    for para_start, _ in _paragraph_bounds(doc.text):
        first = bisect.bisect_left(starts, para_start)
        for i in range(first + 1, min(first + 6, len(doc))):
            token = doc[i]
            if token.text in _DASHES:
                words = [t for t in doc[first:i] if t.is_alpha]
                if words and all(t.is_upper for t in words):
                    found.append((para_start, token.idx + len(token.text)))
                break
    return found


class TopicTagger:
    """Tags statements with taxonomy slugs; built once per pipeline (the matchers are cached)."""

    def __init__(self, nlp: Language, topics: tuple[Topic, ...]) -> None:
        self._nlp = nlp
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._pieces: dict[str, set[str]] = {}  # one-word terms, for hyphenated compounds
        self._themes = frozenset(t.slug for t in topics if t.theme)
        for topic in topics:
            for kind, phrases in (
                ("term", topic.terms),
                ("context", topic.context_terms),
                ("exclude", topic.exclude),
            ):
                key = f"{kind}:{topic.slug}"
                for phrase in phrases:
                    cased = phrase.isupper()
                    pattern = nlp.make_doc(phrase)
                    (self._orth if cased else self._lower).add(key, [pattern])
                    if kind == "term" and len(pattern) == 1:
                        self._pieces.setdefault(phrase if cased else phrase.lower(), set()).add(
                            topic.slug
                        )
            for lemma in topic.lemmas:
                words = lemma.lower().split()
                variants = {tuple(words), (words[0].capitalize(), *words[1:])}
                self._lemma.add(
                    f"term:{topic.slug}",
                    [Doc(nlp.vocab, words=list(v), lemmas=list(v)) for v in variants],
                )
        self._last: tuple[Doc, TopicIndex] | None = None

    # -- the per-document index ------------------------------------------------------------

    def index(self, doc: Doc) -> TopicIndex:
        """The document's mentions; computed once per document and reused for its statements."""
        last = self._last
        if last is not None and last[0] is doc:
            return last[1]
        index = TopicIndex(doc, self._find_mentions(doc))
        self._last = (doc, index)
        return index

    def _find_mentions(self, doc: Doc) -> list[TopicMention]:
        strings = doc.vocab.strings
        raw: list[tuple[str, str, int, int]] = []
        for matcher in (self._lower, self._orth, self._lemma):
            for match_id, start, end in matcher(doc):
                kind, slug = strings[match_id].split(":", 1)
                raw.append((kind, slug, start, end))
        if "-" in doc.text:
            for token in doc:
                if "-" in token.text and len(token.text) > 2:
                    for piece in token.text.split("-"):
                        for slug in self._pieces.get(piece, set()) | self._pieces.get(
                            piece.lower(), set()
                        ):
                            raw.append(("term", slug, token.i, token.i + 1))
        excluded = [(slug, s, e) for kind, slug, s, e in raw if kind == "exclude"]
        cut = _datelines(doc)
        mentions: dict[tuple[str, int, int], TopicMention] = {}
        for kind, slug, start, end in raw:
            if kind == "exclude":
                continue
            if any(x == slug and xs <= start and end <= xe for x, xs, xe in excluded):
                continue
            char = doc[start].idx
            if any(a <= char < b for a, b in cut):
                continue
            mentions[(slug, start, end)] = TopicMention(
                slug, start, end, char, context_only=kind == "context"
            )
        return list(mentions.values())

    # -- home topics of a speaker ----------------------------------------------------------

    def _slugs_in_text(self, text: str) -> set[str]:
        doc = self._nlp.make_doc(text)
        found = set()
        for matcher in (self._lower, self._orth):
            for match_id, _s, _e in matcher(doc):
                kind, slug = doc.vocab.strings[match_id].split(":", 1)
                if kind == "term":
                    found.add(slug)
        return found

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
            slugs |= self._slugs_in_text(" ".join(filter(None, (speaker.role, speaker.name))))
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


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    bounds, pos = [], 0
    for line in text.split("\n"):
        bounds.append((pos, pos + len(line)))
        pos += len(line) + 1
    return bounds


def _units(doc: Doc, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Char ranges of the document's sentences, cut where a paragraph ends."""
    text = doc.text
    starts = [p[0] for p in paragraphs]
    units = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        p = max(bisect.bisect_right(starts, start) - 1, 0)
        while p < len(paragraphs) and paragraphs[p][0] < end:
            lo, hi = max(start, paragraphs[p][0]), min(end, paragraphs[p][1])
            if text[lo:hi].strip():
                units.append((lo, hi))
            p += 1
    return units


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
