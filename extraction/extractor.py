"""The extraction pipeline: parse → attributions → speakers → topics → stance → score."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc

from extraction.attribution import AttributionFinder
from extraction.model import Analysis, Speaker, Statement
from extraction.paragraphs import ensure_paragraph_boundaries
from extraction.resources import Resources
from extraction.scoring import key_statement_score
from extraction.speakers import SpeakerResolver
from extraction.stance import StanceAssessor
from extraction.tokenizer_input import tokenizer_view
from extraction.topics import TopicTagger


def gist_of(text: str) -> str:
    """The article's first non-empty line (a headline or lead), trimmed to one phone line."""
    first = next((line.strip() for line in text.splitlines() if line.strip()), "")
    return first if len(first) <= 200 else first[:199].rstrip() + "…"


class Extractor:
    """Built once per process around one spaCy pipeline; `analyze` is pure and deterministic."""

    def __init__(self, nlp: Language, resources: Resources) -> None:
        ensure_paragraph_boundaries(nlp)
        self.nlp = nlp
        self.resources = resources
        self._finder = AttributionFinder(resources.lexicons)
        self._speakers = SpeakerResolver(resources.actors, resources.lexicons.get("speakers"))
        self._topics = TopicTagger(nlp, resources.topics)
        self._stance = StanceAssessor(resources.lexicons.get("stance", {}))

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
        statements: list[Statement] = []
        speakers: dict[str, Speaker] = {}
        for raw, source in zip(raws, sources, strict=True):
            start, end = raw.content[0][0], raw.content[-1][1]
            topics = self._topics.tag(
                doc, raw.content, speaker=source.speaker, source=source.mention
            )
            stance, stances = self._stance.assess(
                doc,
                raw.content,
                raw.cue,
                topics,
                cue_char=raw.cue_char,
                anchors=self._topics.anchors(
                    doc, raw.content, speaker=source.speaker, source=source.mention
                ),
            )
            speaker = source.speaker
            if speaker is not None:
                speakers.setdefault(speaker.name, speaker)
            statements.append(
                Statement(
                    speaker=speaker.name if speaker else None,
                    speaker_role=speaker.role if speaker else None,
                    speaker_span=source.mention,
                    cue=raw.cue,
                    kind=raw.kind,
                    text=" ".join(text[s:e] for s, e in raw.content),
                    span=(start, end),
                    spans=raw.content,
                    topics=topics,
                    stance=stance,
                    stances=stances,
                    score=key_statement_score(
                        kind=raw.kind,
                        topics=topics,
                        stance=stance,
                        position=start / max(len(text), 1),
                        length=end - start,
                    ),
                    paragraph=text.count("\n", 0, start),
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
