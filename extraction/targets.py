"""Which targets a statement touches: a target's signal words inside it, tied to its topic.

A target (`seeds/topics.toml`, `[[topic.target]]`) is touched when one of its `signals` occurs
in the statement's own words and the statement is filed under the target's topic. Signals are
matched on tokens, a word matching either as written or by its lemma ("strikes" finds
"strike"). When one word could signal targets of several topics ("sanctions" in a statement
about Iran and Russia), it goes to the topic named nearest to it in the parse, so "sanctions
on Iran, talks with Moscow" gives iran.sanctions and russia.engagement, not all four.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Token

from extraction.resources import Target, Topic
from extraction.signal_senses import speaks_of_its_target
from extraction.target_parties import aimed_elsewhere, country_is_party

# "sanctions on Damascus", "aid to Sudan": the preposition names what the signal is about.
# Topics named within this many parse edges of a signal word all count as its own: "the
# Israeli strikes" (1) "in Isfahan" (3, on the verb) touch Israel's campaign and Iran.
NEAR = 3
AIM_PREPOSITIONS = frozenset({"on", "against", "to", "for", "over", "into", "at"})
Pattern = tuple[tuple[str, str], ...]  # per word: (lower case form, lower case lemma)


@dataclass(frozen=True)
class TargetMention:
    """A target touched by a statement, and the signal words that touch it."""

    target: Target
    start: int  # token index of the signal's first word
    end: int  # token index after its last word
    opposite: bool = False  # the signal is one of the target's `opposites` ("the blockade")

    def head(self, doc: Doc) -> Token:
        return doc[self.start : self.end].root


@dataclass(frozen=True)
class Touched:
    """What a statement's words touch: the targets' mentions, and the targets whose signal
    words speak of a matter their country is no party to ("urged all sides to return to
    dialogue", said by Beijing) or of that country's own measure. The statement's topic
    offers the latter as candidates; their words say the statement is about something else,
    so no side is read on them."""

    mentions: list[TargetMention]
    elsewhere: frozenset[str] = frozenset()


def _word_matches(token: Token, word: tuple[str, str]) -> bool:
    lower, lemma = word
    return token.lower_ == lower or token.lemma_.lower() == lemma


def _matches_at(doc: Doc, i: int, pattern: Pattern) -> bool:
    end = i + len(pattern)
    return end <= len(doc) and all(_word_matches(doc[i + k], w) for k, w in enumerate(pattern))


def dependency_distance(a: Token, b: Token) -> int:
    """Edges between two tokens of one sentence through their lowest common head; a large
    number for tokens in different sentences."""
    up_a = [a, *a.ancestors]
    depth = {t.i: d for d, t in enumerate(up_a)}
    for d_b, t in enumerate([b, *b.ancestors]):
        if t.i in depth:
            return depth[t.i] + d_b
    return 100


class TargetMatcher:
    """Built once per pipeline from the taxonomy; `touched` is called per statement."""

    def __init__(self, nlp: Language, topics: Iterable[Topic]) -> None:
        # first word → (pattern, target, whether the signal is one of the target's opposites)
        self._by_first: dict[str, list[tuple[Pattern, Target, bool]]] = {}
        self._by_topic: dict[str, tuple[Target, ...]] = {t.slug: t.targets for t in topics}
        patterns = [(t, s) for topic in topics for t in topic.targets for s in t.signals]
        docs = nlp.pipe(s for _, s in patterns)
        for (target, signal), doc in zip(patterns, docs, strict=True):
            pattern = tuple((t.lower_, t.lemma_.lower()) for t in doc)
            entry = (pattern, target, signal in target.opposites)
            for key in set(pattern[0]):
                self._by_first.setdefault(key, []).append(entry)

    def _signals(self, doc: Doc, tokens: Iterable[int]) -> list[tuple[int, int, Target, bool]]:
        """(start, end, target, is one of its opposites) for every signal among `tokens`."""
        found: list[tuple[int, int, Target, bool]] = []
        for i in tokens:
            token = doc[i]
            candidates = self._by_first.get(token.lower_, []) + self._by_first.get(
                token.lemma_.lower(), []
            )
            for pattern, target, opposite in candidates:
                if _matches_at(doc, i, pattern):
                    found.append((i, i + len(pattern), target, opposite))
        return found

    def targets_of(self, topics: Iterable[str], touched: Touched) -> list[Target]:
        """The targets a statement may take a side on: those of its topics its words do not
        place elsewhere (`Touched.elsewhere`), and any its words touch."""
        found = {
            t.slug: t
            for topic in topics
            for t in self._by_topic.get(topic, ())
            if t.slug not in touched.elsewhere
        }
        found.update({m.target.slug: m.target for m in touched.mentions})
        return list(found.values())

    def signal_topics(
        self, doc: Doc, tokens: Iterable[int], named: Mapping[int, str]
    ) -> list[frozenset[str]]:
        """Per signal word among `tokens`, the topics whose targets it may speak of ("talks":
        iran, ukraine, russia, china). A signal whose own phrase names a topic of none of
        them ("sanctions on Damascus") belongs to that one and is left out. `named`: token
        id → topic slug of every topic mention in the document."""
        by_start: dict[int, set[str]] = {}
        for start, _end, target, _ in self._signals(doc, tokens):
            by_start.setdefault(start, set()).add(target.topic)
        out = []
        for start, topics in sorted(by_start.items()):
            word = doc[start]
            phrase = [t for c in word.children if c.lower_ in AIM_PREPOSITIONS
                      for t in c.subtree]  # fmt: skip
            if any(named.get(t.i) not in (None, *topics) for t in phrase):
                continue
            out.append(frozenset(topics))
        return out

    def touched(
        self,
        doc: Doc,
        tokens: list[int],
        anchors: Mapping[str, tuple[int, ...]],
        named: Mapping[int, str] | None = None,
    ) -> Touched:
        """The targets the statement's tokens touch, one mention per signal of each (the
        longest where two overlap), so that the rules can see two signals of one target
        read opposite sides ("backed the tariffs but warned against a trade war").
        `anchors`: the statement's topics → tokens naming them; `named`: token id → topic
        slug of every topic mention in the document, for targets whose country must be a
        party to what the signal names."""
        if not anchors:
            return Touched([])
        found: list[TargetMention] = []
        elsewhere: set[str] = set()
        by_start: dict[int, list[tuple[int, Target]]] = {}
        opposite_at: set[tuple[int, int, str]] = set()
        for start, end, target, opposite in self._signals(doc, tokens):
            if target.topic in anchors and speaks_of_its_target(doc[start:end]):
                by_start.setdefault(start, []).append((end, target))
                if opposite:
                    opposite_at.add((start, end, target.slug))
        for start, options in sorted(by_start.items()):
            options = self._nearest_topic(doc, start, options, anchors)
            claimed = {t.slug for _, t in options}
            options = [(e, t) for e, t in options if not claimed & set(t.yields_to)]
            offered = {t.slug for _, t in options}
            options = [
                (e, t)
                for e, t in options
                if not t.party or country_is_party(doc[start], _naming(t.topic, anchors, named))
            ]
            options = [  # "China's export restrictions" are no restrictions on China
                (e, t)
                for e, t in options
                if not t.aimed or not aimed_elsewhere(doc[start], _naming(t.topic, anchors, named))
            ]
            elsewhere |= offered - {t.slug for _, t in options}
            for end, target in options:
                opposite = (start, end, target.slug) in opposite_at
                found.append(TargetMention(target, start, end, opposite))
        # longest first: a signal inside a longer one of its target is that one ("trade war")
        kept: list[TargetMention] = []
        for m in sorted(found, key=lambda m: m.start - m.end):
            if not any(k.target == m.target and k.start <= m.start < k.end for k in kept):
                kept.append(m)
        mentions = sorted(kept, key=lambda m: m.start)
        return Touched(mentions, frozenset(elsewhere - {m.target.slug for m in mentions}))

    @staticmethod
    def _nearest_topic(
        doc: Doc,
        start: int,
        options: list[tuple[int, Target]],
        anchors: Mapping[str, tuple[int, ...]],
    ) -> list[tuple[int, Target]]:
        """Among signals at one word for targets of several topics, those of the topic named
        nearest in the parse (a topic only borrowed from context counts as far); every topic
        named inside the signal's own phrase or within `NEAR` edges of it counts as nearest
        ("the Israeli strikes on nuclear facilities in Isfahan" touch Israel's campaign and
        strikes on Iran)."""
        topics = {target.topic for _, target in options}
        if len(topics) < 2:
            return options
        word = doc[start]
        phrase = {t.i for t in word.subtree}

        def distance(topic: str) -> int:
            ids = anchors.get(topic, ())
            if any(i in phrase for i in ids):
                return 0  # named in the signal's own phrase: "Israeli strikes on Isfahan"
            return min((dependency_distance(word, doc[i]) for i in ids), default=50)

        nearest = max(min(distance(t) for t in topics), NEAR)
        return [(end, t) for end, t in options if distance(t.topic) <= nearest]


def _naming(
    topic: str, anchors: Mapping[str, tuple[int, ...]], named: Mapping[int, str] | None
) -> set[int]:
    """Token ids naming `topic`: in the statement, and anywhere in the document (the
    speaker's own capital, "Beijing was ready", is not among the statement's anchors)."""
    ids = set(anchors.get(topic, ()))
    ids.update(i for i, slug in (named or {}).items() if slug == topic)
    return ids
