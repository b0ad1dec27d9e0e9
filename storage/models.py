"""Rows the storage layer accepts and returns: plain frozen dataclasses, no SQL types."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    """A statement as the record has it now (corrections applied), with its article's
    source and dates: what topic pages, alerts, digests, search and export all read."""

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
    published_at: str | None = None
    received_at: str | None = None
    topics: tuple[str, ...] = ()  # every topic it is filed under, sorted
    topic_stance: str | None = None  # stance toward the topic being queried, where one is
    sources: int = 1  # articles that reported this statement


@dataclass(frozen=True)
class StatementToFix:
    """What a correction needs to know (and keeps, as the original) about a statement."""

    id: int
    article_id: int
    speaker_id: int | None
    speaker_text: str | None
    stance: str | None
    text: str
    kind: str
    speaker: str | None
    topic_stances: dict[str, str | None]


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


@dataclass(frozen=True)
class PositionChange:
    """A speaker breaking with an established position on a topic."""

    speaker: str
    previous: str
    current: str
    when: str


# Search snippets mark matches with these; they can't occur in stored text (control
# characters are removed on ingest), so a renderer can escape the text, then mark them.
MARK_START, MARK_END = "\x02", "\x03"


@dataclass(frozen=True)
class SearchFilters:
    # Words and phrases as typed (a phrase keeps its spaces; a trailing * is a prefix);
    # a statement matches when it has all of them. The backend builds its own query.
    words: tuple[str, ...] = ()
    speaker_ids: tuple[int, ...] | None = None  # None: any speaker
    topic: str | None = None
    since: str | None = None  # YYYY-MM-DD


@dataclass(frozen=True)
class SearchHit:
    statement: StatementRow
    snippet: str  # the matching part, matches between MARK_START and MARK_END
    said_on: str  # YYYY-MM-DD


@dataclass(frozen=True)
class StanceCount:
    key: str  # a day, a month, a speaker's name or a topic, depending on the query
    stance: str  # positive | negative | neutral ("neutral" also when no stance was found)
    count: int
