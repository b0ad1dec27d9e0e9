"""Topic tagging: which taxonomy topics a statement is about (docs/positions.md §1.3).

Matching the taxonomy's words is `extraction/topic_index.py`; this module decides which
matches make a statement's topics.

1. **Its own words.** Every topic the statement names counts — the speaker's own country
   too: an Iranian minister saying Tehran will not halt enrichment is an iran statement.
   Three kinds of match are not enough on their own:
   - a theme word inside a name: the International Atomic *Energy* Agency is not energy;
   - a person's name in passing: "Trump" makes a statement usa only beside another
     country or organisation (Trump on a deal with Iran is US policy; Trump on a rival's
     health is campaigning);
   - an ambiguous word ("the alliance", "the island nation") in an article that never names
     the topic it stands for.
2. **The story it continues.** A statement that speaks of a target of one of the article's
   story topics (the topics the article is mostly about) is filed there too: "the talks were
   useful" in a story about Iran's nuclear talks is iran, whoever else it names.
3. **Its passage, when it names nothing.** A statement naming no country or organisation
   takes them from the rest of its own sentence (the reporting frame: "On Venezuela, Peskov
   said …"), else from its paragraph, preferring the story topics named there: "This would
   destabilize the region" after a sentence on Iran is iran. A remark in a paragraph that
   names nothing ("the weather had finally turned") gets no topic: measured on the labels,
   lending it the story's topics put more wrong statements under /TOPIC than it found.

Themes (energy, economy, sanctions) come only from the statement's own words, in their own
sense. Story topics: the countries and organisations named most, with the headline and
lead counting double — at least twice, and at least half as often as the most named one.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable

from spacy.language import Language
from spacy.tokens import Doc, Span

from extraction.model import Speaker
from extraction.resources import Topic
from extraction.topic_index import Spans, TopicIndex, TopicMatcher, TopicMention

NAME_LABELS = frozenset({"ORG", "FAC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"})
STORY_SHARE = 0.5
LEAD_PARAGRAPHS = 2


class TopicTagger:
    """Tags statements with taxonomy slugs; built once per pipeline (the matchers are cached)."""

    def __init__(self, nlp: Language, topics: tuple[Topic, ...]) -> None:
        self._matcher = TopicMatcher(nlp, topics)
        self._themes = frozenset(t.slug for t in topics if t.theme)
        self._needs_company = frozenset(t.slug for t in topics if t.needs_company)
        self._last: tuple[Doc, TopicIndex] | None = None

    # -- the per-document index ------------------------------------------------------------

    def index(self, doc: Doc) -> TopicIndex:
        """The document's mentions; computed once per document and reused for its statements."""
        last = self._last
        if last is not None and last[0] is doc:
            return last[1]
        index = TopicIndex(doc, self._matcher.find(doc))
        index.story = self._story(index)
        self._last = (doc, index)
        return index

    def _story(self, index: TopicIndex) -> frozenset[str]:
        lead_end = index.paragraph_starts[min(LEAD_PARAGRAPHS, len(index.paragraphs) - 1)]
        if len(index.paragraphs) <= LEAD_PARAGRAPHS:
            lead_end = len(index.doc.text) + 1
        weight: Counter[str] = Counter()
        for m in index.mentions:
            if not m.context_only and m.slug not in self._themes | self._needs_company:
                weight[m.slug] += 2 if m.char < lead_end else 1
        if not weight:
            return frozenset()
        top = max(weight.values())
        return frozenset(s for s, w in weight.items() if w >= 2 and w >= STORY_SHARE * top)

    def story_topics(self, doc: Doc) -> frozenset[str]:
        return self.index(doc).story

    # -- the speaker's own side (positions ask who is committing) --------------------------

    def home_topics(
        self, index: TopicIndex, speaker: Speaker | None, source: tuple[int, int] | None
    ) -> tuple[frozenset[str], frozenset[int]]:
        """The speaker's own-side slugs (from their role, name and the phrases introducing
        them) and the token ids of those phrases (never the statement's topic)."""
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
        signalled: Collection[str] = (),
    ) -> tuple[str, ...]:
        """The statement's topic slugs, in order of first mention (see the module doc)."""
        return tuple(self.anchors(doc, spans, speaker=speaker, source=source, signalled=signalled))

    def anchors(
        self,
        doc: Doc,
        spans: Spans,
        *,
        speaker: Speaker | None = None,
        source: tuple[int, int] | None = None,
        signalled: Collection[str] = (),
    ) -> dict[str, tuple[int, ...]]:
        """Topic slug → token ids naming it inside the statement (empty: from its story or
        passage). `signalled`: topics whose targets' signal words the statement uses."""
        if not spans:
            return {}
        index = self.index(doc)
        key = (spans, speaker, source, tuple(sorted(signalled)))
        cached = index.anchors.get(key)
        if cached is None:
            cached = index.anchors[key] = self._anchors(index, spans, speaker, source, signalled)
        return dict(cached)

    def _anchors(
        self,
        index: TopicIndex,
        spans: Spans,
        speaker: Speaker | None,
        source: tuple[int, int] | None,
        signalled: Collection[str],
    ) -> dict[str, tuple[int, ...]]:
        _, speaker_tokens = self.home_topics(index, speaker, source)
        story = {s: () for s in sorted(index.story) if s in signalled}
        found = self._own(index, index.in_spans(spans), speaker_tokens, story)
        if any(slug not in self._themes for slug in found):
            return found
        start, end = spans[0][0], spans[-1][1]
        inside = {m.start for m in index.in_spans(spans)}
        frame = [m for m in self._frame(index, start, end) if m.start not in inside]
        passage = self._countries(self._own(index, frame, speaker_tokens)) or self._paragraph(
            index, start, speaker_tokens
        )
        return {**found, **dict.fromkeys(passage, ())}

    def _own(
        self,
        index: TopicIndex,
        mentions: Iterable[TopicMention],
        speaker_tokens: Collection[int],
        story: dict[str, tuple[int, ...]] | None = None,
    ) -> dict[str, tuple[int, ...]]:
        """The mentions that count, grouped by topic (rule 1 of the module doc); `story`:
        story topics the statement speaks of (rule 2), which count as company too."""
        doc = index.doc
        kept: list[TopicMention] = []
        weak: list[TopicMention] = []
        for m in mentions:
            if m.start in speaker_tokens:
                continue
            if m.context_only and m.slug not in index.named:
                continue
            if m.slug in self._themes:
                if not _inside_a_name(doc, m):
                    kept.append(m)
            elif index.is_person(m):
                if _is_main_subject(doc, m):
                    weak.append(m)
            elif m.slug in self._needs_company:
                weak.append(m)
            else:
                kept.append(m)
        grouped: dict[str, list[int]] = {}
        for m in sorted(kept, key=lambda m: m.char):
            grouped.setdefault(m.slug, []).append(m.start)
        for slug in story or {}:
            grouped.setdefault(slug, [])
        company = {s for s in grouped if s not in self._themes}
        if company or len({m.slug for m in weak}) > 1:
            for m in weak:
                grouped.setdefault(m.slug, []).append(m.start)
        return {slug: tuple(ids) for slug, ids in grouped.items()}

    def _countries(self, found: dict[str, tuple[int, ...]]) -> list[str]:
        return [slug for slug in found if slug not in self._themes]

    def _frame(self, index: TopicIndex, start: int, end: int) -> list[TopicMention]:
        """Mentions in the statement's own sentence(s), the reporting frame included."""
        first, last = index.unit_of(start), index.unit_of(max(end - 1, start))
        lo, hi = index.units[first][0], max(index.units[last][1], end)
        return index.between(lo, hi)

    def _paragraph(
        self, index: TopicIndex, start: int, speaker_tokens: Collection[int]
    ) -> list[str]:
        """Countries and organisations of the nearest earlier sentence of the paragraph that
        names any (the story's ones if it names several), else of the nearest later one."""
        p_start, p_end = index.paragraph_of(start)
        first = index.unit_of(start)
        units = index.units
        before = [i for i in range(first - 1, -1, -1) if units[i][1] > p_start]
        after = [i for i in range(first + 1, len(units)) if units[i][0] < p_end]
        for i in before + after:
            slugs = self._countries(self._own(index, index.between(*units[i]), speaker_tokens))
            if slugs:
                story = [s for s in slugs if s in index.story]
                return story or slugs
        return []


def _is_main_subject(doc: Doc, mention: TopicMention) -> bool:
    """A person named as the one acting in the statement's main clause ("Trump still wants
    a deal"), not in passing ("a gift to Putin", "as long as Putin believed …")."""
    token = doc[mention.end - 1]
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "poss":
        token = token.head  # "Trump's administration", "Putin's envoy"
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    return head.dep_ in ("ROOT", "ccomp", "conj") or head.head.i == head.i


def _inside_a_name(doc: Doc, mention: TopicMention) -> bool:
    """A theme word that is part of an organisation's or a law's name."""
    token = doc[mention.start]
    if token.ent_type_ in NAME_LABELS:
        return True
    return token.pos_ == "PROPN" and token.head.pos_ == "PROPN" and token.head.i != token.i


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
