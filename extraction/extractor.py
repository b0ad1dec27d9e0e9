"""The extraction pipeline: parse → attributions → speakers → topics → positions → score."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import NamedTuple

from spacy.language import Language
from spacy.tokens import Doc

from extraction.attribution import AttributionFinder
from extraction.entity_edges import ensure_entity_edges
from extraction.model import NOT_SPEAKERS, Analysis, Position, Speaker, Statement
from extraction.paragraphs import ensure_paragraph_boundaries
from extraction.paraphrase import reported_words
from extraction.position_agency import Countries
from extraction.position_model import PositionModel
from extraction.positions import PositionFinder
from extraction.positions_lexicon import PositionLexicon
from extraction.raw import RawAttribution
from extraction.resources import Resources
from extraction.scoring import key_statement_score
from extraction.speakers import ResolvedSource, SpeakerResolver
from extraction.statement_vectors import statement_vector
from extraction.story_acts import story_twins, with_twins
from extraction.story_topic import story_topic, with_story_topic
from extraction.target_antecedents import Toucher, taken_up
from extraction.targets import TargetMatcher, Touched
from extraction.tokenizer_input import tokenizer_view
from extraction.topic_model import TopicModel, story_shares
from extraction.topic_roles import someone_elses_body
from extraction.topics import TopicTagger


def gist_of(text: str) -> str:
    """The article's first non-empty line (a headline or lead), trimmed to one phone line."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


class Extractor:
    """Built once per process around one spaCy pipeline; `analyze` is pure and deterministic."""

    def __init__(
        self, nlp: Language, resources: Resources, position_threshold: float | None = None
    ) -> None:
        """`position_threshold`: the least confidence a position needs to be emitted; by
        default the one chosen with the position model (the evaluation lowers it to see
        what lies below)."""
        ensure_paragraph_boundaries(nlp)
        ensure_entity_edges(nlp)
        self.nlp = nlp
        self.resources = resources
        self._finder = AttributionFinder(resources.lexicons)
        self._speakers = SpeakerResolver(resources.actors, resources.lexicons.get("speakers"))
        self._countries = Countries.from_table(
            resources.lexicons.get("speakers", {}).get("governments", {})
        )
        self._topics = TopicTagger(nlp, resources.topics, self._countries.places)
        self._targets = TargetMatcher(nlp, resources.topics)
        self.positions = PositionFinder(
            PositionLexicon.from_table(resources.lexicons.get("positions", {})),
            PositionModel.from_table(resources.lexicons.get("position_model", {})),
            position_threshold,
        )
        self.topic_model = TopicModel.from_table(resources.lexicons.get("topic_model", {}))

    def analyze(self, text: str) -> Analysis:
        return self.analyze_doc(self.nlp(tokenizer_view(text)), text)

    def analyze_many(self, texts: Iterable[str], batch_size: int = 16) -> Iterator[Analysis]:
        pairs = ((tokenizer_view(text), text) for text in texts)
        for doc, text in self.nlp.pipe(pairs, batch_size=batch_size, as_tuples=True):
            yield self.analyze_doc(doc, text)

    def analyze_doc(self, doc: Doc, text: str | None = None) -> Analysis:
        """`text` is the input when the doc was parsed from its `tokenizer_view`."""
        text = doc.text if text is None else text
        raws = self._finder.find(doc)
        sources = self._speakers.resolve(doc, raws)
        drafts: list[_Draft] = []
        named = self._topics.named_tokens(doc)
        twins = (
            story_twins(self._topics.index(doc), self._toucher(doc, named), named) if raws else {}
        )
        for raw, source in zip(raws, sources, strict=True):
            if source.dropped or (source.speaker is None and source.mention is None):
                # a source that is no speaker ("she" with nobody before), or a cue with no
                # source at all: nobody to put on record, and rarely an attribution
                continue
            content = _token_ids(doc, raw.content)
            anchors = self._topics.anchors(
                doc,
                raw.content,
                speaker=source.speaker,
                source=source.mention,
                signals=self._targets.signal_topics(doc, sorted(content), named),
            )
            touched = self._targets.touched(doc, sorted(content), anchors, named)
            touched, acts = self._taken_up(doc, content, touched, named)
            joined = with_twins(doc, touched.mentions, twins, named)
            touched = replace(touched, mentions=joined)
            also = (t for m in touched.mentions for t in m.target.also)
            twin_topics = (m.target.topic for m in joined)
            topics = tuple(dict.fromkeys((*anchors, *acts, *twin_topics, *also)))
            drafts.append(_Draft(raw, source, content, touched, topics))
        by_rules = [d.topics for d in drafts]
        shares = story_shares(by_rules)
        revised = by_rules
        if self.topic_model is not None and drafts:
            vectors = [
                statement_vector(text[d.raw.content[0][0] : d.raw.content[-1][1]]) for d in drafts
            ]
            revised = self.topic_model.revise(by_rules, vectors, shares)
        story = story_topic(shares, self._topics.never_frames)
        revised = with_story_topic(revised, story)
        drafts = [d._replace(topics=t) for d, t in zip(drafts, revised, strict=True)]
        statements: list[Statement] = []
        speakers: dict[str, Speaker] = {}
        for raw, source, content, touched, topics in drafts:
            start, end = raw.content[0][0], raw.content[-1][1]
            speaker = described(source.speaker)
            kind = speaker.kind if speaker is not None else None
            if speaker is not None and speaker.kind in NOT_SPEAKERS:
                speaker = None  # "polls show", "I" outside quotes: a source, no speaker
            # a position is a speaker's on record: a poll's finding, a writer's aside or a
            # reporter's question takes no side
            positions = (
                self._positions_of(doc, raw, content, source, topics, touched, shares)
                if speaker and raw.said
                else ()
            )
            if speaker is not None:
                speakers.setdefault(speaker.name, speaker)
            statements.append(
                Statement(
                    speaker=speaker.name if speaker else None,
                    speaker_role=speaker.role if speaker else None,
                    speaker_span=source.mention,
                    speaker_kind=kind,
                    cue=raw.cue,
                    kind=raw.kind,
                    text=" ".join(text[s:e] for s, e in raw.content),
                    span=(start, end),
                    spans=raw.content,
                    topics=topics,
                    positions=positions,
                    score=key_statement_score(
                        kind=raw.kind,
                        topics=topics,
                        has_side=bool(positions),
                        position=start / max(len(text), 1),
                        length=end - start,
                    ),
                    paragraph=text.count("\n", 0, start),
                    said=raw.said,
                    display=reported_words(doc, text, raw),
                )
            )
        all_topics = tuple(dict.fromkeys(t for s in statements for t in s.topics))
        return Analysis(
            text=text,
            gist=gist_of(text),
            statements=tuple(statements),
            speakers=tuple(speakers.values()),
            topics=all_topics,
        )

    def _toucher(self, doc: Doc, named: Mapping[int, str]) -> Toucher:
        """The target matcher on some of the document's tokens, as the lead and antecedent
        readings call it."""
        return lambda tokens, anchors: self._targets.touched(doc, tokens, anchors, named).mentions

    def _taken_up(
        self, doc: Doc, content: frozenset[int], touched: Touched, named: Mapping[int, str]
    ) -> tuple[Touched, tuple[str, ...]]:
        """The statement's mentions with the act its "the move" takes up, and that act's
        topics (`extraction/target_antecedents.py`)."""
        lent = taken_up(
            self._topics.index(doc),
            sorted(content),
            touched.mentions,
            self._toucher(doc, named),
            self.positions.lexicon.side_words,
        )
        if not lent:
            return touched, ()
        slugs = {m.target.slug for m in lent}
        mentions = sorted([*touched.mentions, *lent], key=lambda m: m.start)
        topics = tuple(dict.fromkeys(m.target.topic for m in lent))
        return Touched(mentions, touched.elsewhere - slugs), topics

    def _positions_of(
        self,
        doc: Doc,
        raw: RawAttribution,
        content: frozenset[int],
        source: ResolvedSource,
        topics: tuple[str, ...],
        touched: Touched,
        shares: Mapping[str, float],
    ) -> tuple[Position, ...]:
        candidates = self._targets.targets_of(topics, touched)
        if not candidates:
            return ()
        cue = None
        if raw.cue_char is not None:
            span = doc.char_span(raw.cue_char, raw.cue_char + 1, alignment_mode="expand")
            cue = span[0] if span is not None and len(span) else None
        speaker = source.speaker
        described = f"{speaker.role or ''} {speaker.name}" if speaker else ""
        index = self._topics.index(doc)
        home_topics, _ = self._topics.home_topics(index, speaker, source.mention)
        # the words naming the speaker's own side ("Tehran", said by Iran), not someone
        # else's body of their topic (`someone_elses_body`)
        home = {
            i
            for m in index.in_spans(raw.content)
            if m.slug in home_topics and not someone_elses_body(doc[m.start], described)
            for i in range(m.start, m.end)
        }
        country = self._countries.of_speaker(described) if speaker else None
        home |= self._countries.home_tokens(doc, content, country)
        return self.positions.find(
            doc,
            content,
            candidates,
            touched.mentions,
            cue,
            home,
            home_topics,
            reported=raw.kind != "direct",
            topic_shares=shares,
        )


class _Draft(NamedTuple):
    """A statement between its topics and its positions: the topic model revises the topics
    of all the story's statements at once, and positions are read on the revised ones."""

    raw: RawAttribution
    source: ResolvedSource
    content: frozenset[int]
    touched: Touched
    topics: tuple[str, ...]


def described(speaker: Speaker | None) -> Speaker | None:
    """A body or group named only by common nouns ("ministry", "the airline", "two
    officials") is one within its article, and is resolved as one there, but it is no one
    the record can hold across articles: every article's "ministry" would be one speaker.
    It goes on record as written, like "a senior official"."""
    if speaker is None or speaker.kind not in ("organization", "group"):
        return speaker
    if speaker.name != speaker.name.lower():
        return speaker
    return replace(speaker, kind="unresolved")


def _token_ids(doc: Doc, spans: tuple[tuple[int, int], ...]) -> frozenset[int]:
    ids: set[int] = set()
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            ids.update(range(span.start, span.end))
    return frozenset(ids)
