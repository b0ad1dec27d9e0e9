"""Topic tagging: which taxonomy topics a statement is about (docs/positions.md §1.3).

Matching the taxonomy's words is `extraction/topic_index.py`; this module decides which
matches make a statement's topics.

1. **Its own words.** Every topic the statement names counts — the speaker's own country
   too: an Iranian minister saying Tehran will not halt enrichment is an iran statement.
   Three kinds of match are not enough on their own:
   - a theme word inside a name: the International Atomic *Energy* Agency is not energy;
     nor one sizing something else ("4.8% of *GDP* on defence"), one inside a longer term of
     another theme ("*export* controls" are sanctions), or a word of flow beside another
     theme ("Iranian crude *exports*" are energy, "*trade* sanctions" sanctions);
   - a person's name in passing: "Trump" makes a statement usa only beside another
     country or organisation (Trump on a deal with Iran is US policy; Trump on a rival's
     health is campaigning); the United States itself acting in the main clause
     ("Washington's position had not changed") is usa on its own. A leader the taxonomy
     names ("Putin"; not the "Cuban" of Mark Cuban) counts beside another country, and in
     the sentences before a statement as the country;
   - an ambiguous word ("the alliance") in an article that never names its topic.
2. **The story it continues.** A statement that speaks of a target of one of the article's
   story topics (the topics the article is mostly about) is filed there too: "the talks were
   useful" in a story about Iran's nuclear talks is iran, whoever else it names (the
   speaker's side holding the attitude too: `holders`). A word several story topics could
   claim goes to the one the story names most ("the embargo", in a Cuba story).
3. **Its passage, when it names nothing.** A statement naming no country or organisation
   takes them from the rest of its own sentence (the reporting frame: "On Venezuela, Peskov
   said …"), else from its paragraph, preferring the story topics named there: "This would
   destabilize the region" after a sentence on Iran is iran. A remark in a paragraph that
   names nothing ("the weather had finally turned") gets no topic (lending it the story's
   filed more wrong statements than right ones), unless it points back ("it", "the ruling")
   to its speaker's statement before it, in its paragraph or the last: it goes on with that.
4. **The noun it takes up.** A definite noun ("the licence", "these talks") takes the topics
   of the nearest earlier phrase with its lemma and number naming one, in its paragraph or
   the three before (`extraction/topic_antecedents.py`); /usa never carries over.

Themes come from the statement's own words, in their own sense, or from the passage when it
speaks of "the measures". Story topics: the countries and organisations named most (headline
and lead counting double; at least twice, and half as often as the first), never people.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from extraction import topic_passage as passage
from extraction.model import Speaker
from extraction.resources import Topic
from extraction.topic_antecedents import antecedent_topics
from extraction.topic_index import Spans, TopicIndex, TopicMatcher, TopicMention
from extraction.topic_roles import (
    a_yardstick,
    covered,
    describes_a_person,
    holders,
    inside_a_name,
    is_acting,
    is_main_subject,
    names_a_government,
    phrase_tokens,
    rubric_of,
    serving,
    with_weak,
    without_flows,
)

STORY_SHARE = 0.5
LEAD_PARAGRAPHS = 2


class TopicTagger:
    """Tags statements with taxonomy slugs; built once per pipeline (the matchers are cached)."""

    def __init__(
        self, nlp: Language, topics: tuple[Topic, ...], places: frozenset[str] = frozenset()
    ) -> None:
        self._matcher = TopicMatcher(nlp, topics)
        self._places = places  # countries and capitals by name, lower case
        self.themes = frozenset(t.slug for t in topics if t.theme)
        self.needs_company = frozenset(t.slug for t in topics if t.needs_company)
        self.never_frames = self.themes | self.needs_company  # no story's frame: story_topic.py
        self._yields = {
            t.slug: frozenset(y.split(".")[0] for g in t.targets for y in g.yields_to)
            for t in topics
        }
        self._last: tuple[Doc, TopicIndex] | None = None

    # -- the per-document index ------------------------------------------------------------

    def index(self, doc: Doc) -> TopicIndex:
        """The document's mentions; computed once per document and reused for its statements."""
        last = self._last
        if last is not None and last[0] is doc:
            return last[1]
        index = TopicIndex(doc, self._matcher.find(doc))
        index.known_places = self._places
        index.story = self._story(index)
        self._last = (doc, index)
        return index

    def _story(self, index: TopicIndex) -> frozenset[str]:
        few = len(index.paragraphs) <= LEAD_PARAGRAPHS
        lead_end = len(index.text) + 1 if few else index.paragraph_starts[LEAD_PARAGRAPHS]
        weight: Counter[str] = Counter()
        for m in index.mentions:
            if not m.context_only and m.slug not in self.never_frames:
                if index.is_person(m) and not names_a_government(index.doc, m):
                    continue  # a story about Mark Cuban is not one about Cuba
                weight[m.slug] += 2 if m.char < lead_end else 1
        top = max(weight.values(), default=0)
        index.story_weight = dict(weight)
        return frozenset(s for s, w in weight.items() if w >= 2 and w >= STORY_SHARE * top)

    def named_tokens(self, doc: Doc) -> dict[int, str]:
        """Token id → topic slug, for every word of the document naming a topic."""
        index = self.index(doc)
        if index.token_slugs is None:
            index.token_slugs = {
                i: m.slug for m in index.mentions if not m.context_only
                for i in range(m.start, m.end)
            }  # fmt: skip
        return index.token_slugs

    # -- the speaker's own side (positions ask who is committing) --------------------------

    def home_topics(
        self, index: TopicIndex, speaker: Speaker | None, source: tuple[int, int] | None
    ) -> tuple[frozenset[str], frozenset[int]]:
        """The speaker's own-side slugs (from their role, name, the phrases introducing them,
        their line's rubric) and the ids of those phrases' tokens (never the topic)."""
        name = speaker.name if speaker else None
        key = (name, speaker.role if speaker else None, source)
        if (cached := index._homes.get(key)) is not None:
            return cached
        doc = index.doc
        slugs: set[str] = set()
        if speaker is not None:
            slugs |= self._matcher.slugs_in_text(
                serving(" ".join(filter(None, (speaker.role, speaker.name))))
            )
        phrases: list[Span] = []
        if source is not None:
            span = doc.char_span(*source, alignment_mode="expand")
            phrases += [span] if span is not None else []
            rubric = rubric_of(index.text, index.paragraph_of(source[0]))  # "RUSSIA: …"
            slugs |= self._matcher.slugs_in_text(rubric)  # a round-up's rubric: whose line
        if name:
            last = name.split()[-1].lower()
            phrases += [e for e in index.named_entities if last in e.text.lower().split()]
        tokens: set[int] = set()
        for phrase in phrases:
            tokens |= phrase_tokens(phrase)
        for mention in index.mentions:
            if mention.start in tokens and not mention.context_only:
                slugs.add(mention.slug)
        result = (frozenset(slugs - self.themes), frozenset(tokens))
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
        signals: Sequence[frozenset[str]] = (),
    ) -> tuple[str, ...]:
        """The statement's topic slugs, in order of first mention (see the module doc)."""
        return tuple(self.anchors(doc, spans, speaker=speaker, source=source, signals=signals))

    def anchors(
        self,
        doc: Doc,
        spans: Spans,
        *,
        speaker: Speaker | None = None,
        source: tuple[int, int] | None = None,
        signals: Sequence[frozenset[str]] = (),
    ) -> dict[str, tuple[int, ...]]:
        """Topic slug → token ids naming it inside the statement (empty: from its story or
        passage). `signals`: per target signal word of the statement, the topics it may
        speak of (`TargetMatcher.signal_topics`)."""
        if not spans:
            return {}
        index = self.index(doc)
        key = (spans, speaker, source, tuple(signals))
        cached = index.anchors.get(key)
        if cached is None:
            cached = index.anchors[key] = self._anchors(index, spans, speaker, source, signals)
        return dict(cached)

    def _anchors(
        self,
        index: TopicIndex,
        spans: Spans,
        speaker: Speaker | None,
        source: tuple[int, int] | None,
        signals: Sequence[frozenset[str]],
    ) -> dict[str, tuple[int, ...]]:
        homes, speaker_tokens = self.home_topics(index, speaker, source)
        start, end = spans[0][0], spans[-1][1]
        own = [m for m in index.in_spans(spans) if m.start not in speaker_tokens]
        inside = {m.start for m in own}
        found, weak = self._split(index, own, own_words=True)
        near = set(self._countries(found)) - self.needs_company
        near -= holders(index.doc, own, homes, frozenset().union(*signals))
        framing = [m for m in passage.frame(index, start, end) if m.start not in inside]
        local = self._countries(self._split(index, framing)[0])
        paragraph = local or self._paragraph(index, start)
        # A target word joins the statement to its paragraph's topic, or — when it names no
        # country of its own — to the story's ("the strikes", in a story about Iran).
        levels = (set(paragraph),) if near else (set(paragraph), index.story)
        for topics in signals:
            if topics & near:
                continue
            for level in levels:
                chosen = sorted(topics & level)
                if chosen and level is index.story:
                    chosen = index.main_story_topics(chosen, self._yields)
                if chosen:
                    found.update(dict.fromkeys(chosen, ()))
                    break
        if not set(self._countries(found)) - self.needs_company:
            found.update(dict.fromkeys(paragraph, ()))
        if not set(found) & self.themes and passage.names_a_measure(index, spans):
            found.update(dict.fromkeys(self._passage_themes(index, start), ()))
        found = with_weak(found, weak)
        # "the licence", after "the licence for Iran's programme"; never /usa (weak in `_split`)
        lent = antecedent_topics(
            index, spans, speaker_tokens, lambda ms: [*self._split(index, ms)[0]]
        )
        found.update(dict.fromkeys(lent, ()))
        if speaker is not None:  # rule 3: what the speaker was saying, continued
            named = tuple(self._countries(found))
            said = passage.continued(index, spans, speaker.name, named, self.needs_company)
            found.update(dict.fromkeys(said, ()))
        return found

    def _passage_themes(self, index: TopicIndex, start: int) -> list[str]:
        """Themes of the nearest earlier sentence naming one, in this paragraph or the last."""
        for mentions in passage.earlier_sentences(index, start, paragraph_before=True):
            themes = [slug for slug in self._split(index, mentions)[0] if slug in self.themes]
            if themes:
                return themes
        return []

    def _split(
        self, index: TopicIndex, mentions: Iterable[TopicMention], *, own_words: bool = False
    ) -> tuple[dict[str, tuple[int, ...]], list[TopicMention]]:
        """The mentions that count on their own, grouped by topic, and the weak ones: a
        person named as the main clause's actor or a leader named in the statement, a topic
        that needs company (/usa), the speaker's own side as the actor. Other people named in
        passing and theme words inside a name do not count at all (module doc, rule 1)."""
        doc = index.doc
        grouped: dict[str, tuple[int, ...]] = {}
        weak: list[TopicMention] = []
        mentions = sorted(mentions, key=lambda m: m.char)
        for m in mentions:
            if m.context_only and m.slug not in index.named:
                continue
            if m.slug in self.themes:
                if (
                    inside_a_name(doc, m)
                    or a_yardstick(doc, m)
                    or describes_a_person(doc, m)
                    or covered(m, mentions)
                ):
                    continue
            elif index.is_person(m) and not names_a_government(doc, m):
                # a leader (not /usa's) names the country in the passage a statement
                # continues; in its own words, only beside another country
                leader = m.slug not in self.needs_company and index.is_leader(m)
                if own_words or not leader:
                    if leader or is_main_subject(doc, m):
                        weak.append(m)
                    continue
            elif m.slug in self.needs_company and not (own_words and is_acting(doc, m)):
                weak.append(m)
                continue
            grouped[m.slug] = (*grouped.get(m.slug, ()), m.start)
        return without_flows(doc, grouped, self.themes), weak

    def _countries(self, found: dict[str, tuple[int, ...]]) -> list[str]:
        return [slug for slug in found if slug not in self.themes]

    def _paragraph(self, index: TopicIndex, start: int) -> list[str]:
        """Countries and organisations of the nearest earlier sentence of the paragraph that
        names any (the story's ones if it names several)."""
        for mentions in passage.earlier_sentences(index, start):
            slugs = self._countries(self._split(index, mentions)[0])
            if slugs:
                story = [s for s in slugs if s in index.story]
                return story or slugs
        return []
