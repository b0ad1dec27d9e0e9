"""Result types of an analysis: frozen, JSON-ready, independent of spaCy objects."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Literal

Kind = Literal["direct", "indirect", "mixed"]
Side = Literal["for", "against"]
Span = tuple[int, int]
SpeakerKind = Literal[
    "person", "organization", "group", "government", "unresolved", "document", "writer", "private"
]
# Sources that are no speaker: an authorless document or poll ("polls show"), the writer
# or the reader ("I", "you" outside quotes), a private relation ("my grandmother").  Their
# statements keep `speaker_span` and have no `speaker`.
NOT_SPEAKERS = frozenset({"document", "writer", "private"})


@dataclass(frozen=True)
class Position:
    """The side a statement takes on one target of the taxonomy ("iran.military_action"),
    with how sure the rules are and the words that carry the side."""

    target: str
    side: Side
    confidence: float
    evidence: str

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "side": self.side,
            "confidence": round(self.confidence, 2),
            "evidence": self.evidence,
        }


@dataclass(frozen=True)
class Speaker:
    """A source resolved within one article: the fullest name seen, its role, its mentions.

    `kind`: a person; an organisation; a group of people ("Democrats"); a government that
    a place speaks for ("Moscow said" → "Russian government"); an unresolved description
    kept as written ("a senior official"); or one of `NOT_SPEAKERS`.  `aliases` are the
    other forms of the name seen in the article and known for the actor.
    """

    name: str
    role: str | None = None
    kind: SpeakerKind = "person"
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Statement:
    """One attribution: who (speaker), how (cue, kind) and what (text and its spans)."""

    speaker: str | None
    speaker_role: str | None
    speaker_span: Span | None
    cue: str | None
    kind: Kind
    text: str
    span: Span
    spans: tuple[Span, ...] = ()
    topics: tuple[str, ...] = ()
    positions: tuple[Position, ...] = ()
    score: float = 0.0
    paragraph: int = 0
    speaker_kind: SpeakerKind | None = None
    # False: found, as the corpus annotates it, but no statement on record ("declined to
    # comment", a headline's "Kyiv presses for air defence"); `Analysis.on_record` drops it
    said: bool = True
    # the cue and its noun-phrase content as the reporter wrote them ("condemned the
    # German decision"), shown instead of a quote of `text` (extraction/paraphrase.py)
    display: str | None = None

    def to_json(self) -> dict[str, Any]:
        """The object documented in DESIGN.md ("Contracts")."""
        out: dict[str, Any] = {
            "speaker": self.speaker,
            "speaker_role": self.speaker_role,
            "speaker_span": list(self.speaker_span) if self.speaker_span else None,
            "speaker_kind": self.speaker_kind,
            "cue": self.cue,
            "kind": self.kind,
            "text": self.text,
            "span": list(self.span),
            "topics": list(self.topics),
            "positions": [p.to_json() for p in self.positions],
            "score": round(self.score, 4),
            "paragraph": self.paragraph,
        }
        if len(self.spans) > 1:
            out["spans"] = [list(s) for s in self.spans]
        if self.display is not None:
            out["display"] = self.display
        if not self.said:
            out["said"] = False  # found, but nothing on record (see `said`)
        return out


@dataclass(frozen=True)
class Analysis:
    """Everything extraction found in one article, statements ordered by position."""

    text: str
    gist: str
    statements: tuple[Statement, ...] = ()
    speakers: tuple[Speaker, ...] = ()
    topics: tuple[str, ...] = ()

    def key_statements(self, limit: int = 5) -> list[Statement]:
        """The highest-scoring statements, best first (ties keep article order)."""
        ranked = sorted(enumerate(self.statements), key=lambda p: (-p[1].score, p[0]))
        return [s for _, s in ranked[:limit]]

    def on_record(self) -> Analysis:
        """What goes on record: the statements someone made. A source that is no speaker
        (an authorless poll, the writer's "I"), a refusal to speak and a headline's report
        of events are found, and kept in `statements` for the evaluation and the CLI, but a
        record of who said what has no line for them."""
        kept = tuple(s for s in self.statements if s.speaker and s.said)
        if len(kept) == len(self.statements):
            return self
        topics = tuple(dict.fromkeys(t for s in kept for t in s.topics))
        return replace(self, statements=kept, topics=topics)

    def to_json(self) -> dict[str, Any]:
        return {"statements": [s.to_json() for s in self.statements]}
