"""Rows the storage layer accepts and returns: plain frozen dataclasses, no SQL types."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NewSpeaker:
    name: str
    name_key: str
    role: str | None
    kind: str
    # alias_key -> alias as written: registered so later mentions ("Peskov") find this row.
    alias_keys: dict[str, str] = field(default_factory=dict)
    # Keys that identify an existing row for this speaker (name_key is always one of them).
    match_keys: tuple[str, ...] = ()


@dataclass(frozen=True)
class NewStatement:
    speaker: NewSpeaker | None
    speaker_text: str | None
    kind: str
    text: str
    span: tuple[int, int]
    cue: str | None
    stance: str | None
    score: float
    topic_stances: dict[str, str | None]
    # An earlier statement with the same words by the same speaker: this article is one
    # more source for it, not a new statement.
    duplicate_of: int | None = None
    # topic -> (previous position, new stance) where this statement breaks the speaker's line
    position_changes: dict[str, tuple[str, str]] = field(default_factory=dict)


@dataclass(frozen=True)
class NewArticle:
    sha256: str
    text: str
    gist: str
    source: str | None
    source_url: str | None
    sender_id: int | None
    chat_id: int | None
    received_at: str
    published_at: str | None = None


@dataclass(frozen=True)
class StoredArticle:
    id: int
    created: bool  # False: the same text was already stored (dedupe)
    received_at: str
    source: str | None
    statement_ids: tuple[int, ...]
    reported_before: tuple[int, ...] = ()  # statements this article repeats (see duplicate_of)


@dataclass(frozen=True)
class StatementRow:
    id: int
    article_id: int
    speaker: str | None
    speaker_role: str | None
    kind: str
    text: str
    cue: str | None
    stance: str | None
    score: float
    created_at: str
    source: str | None
    source_url: str | None
    topics: tuple[str, ...] = ()
    topic_stance: str | None = None  # stance toward the topic being queried, where one is
    sources: int = 1  # articles that reported this statement
    first_reported: str | None = None

    @classmethod
    def from_columns(
        cls,
        row: Sequence[Any],
        topics: tuple[str, ...] = (),
        topic_stance: str | None = None,
        sources: int = 1,
    ) -> StatementRow:
        """From the twelve columns every statement query selects first: id, article_id,
        speaker, role, kind, text, cue, stance, score, created_at, source, source_url."""
        return cls(
            id=row[0],
            article_id=row[1],
            speaker=row[2],
            speaker_role=row[3],
            kind=row[4],
            text=row[5],
            cue=row[6],
            stance=row[7],
            score=row[8],
            created_at=row[9],
            source=row[10],
            source_url=row[11],
            topics=topics,
            topic_stance=topic_stance,
            sources=sources,
        )


@dataclass(frozen=True)
class SpeakerRow:
    id: int
    name: str
    role: str | None
    kind: str
    statements: int


@dataclass(frozen=True)
class PositionRow:
    """A speaker's statements on one topic, counted by stance."""

    speaker_id: int
    speaker: str
    role: str | None
    topic: str
    statements: int
    first: str
    latest: str
    positive: int
    negative: int

    @property
    def stance(self) -> str:
        """The dominant stance; a tie or no stance-bearing statement is neutral."""
        if self.positive == self.negative:
            return "neutral"
        return "positive" if self.positive > self.negative else "negative"
