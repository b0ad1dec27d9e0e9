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


SIDES = ("for", "against")


@dataclass(frozen=True)
class StatementPosition:
    """The side a statement takes on one target ("iran.military_action"): `for` or
    `against`, how sure the extractor was, the words that carry it. `corrected`: a member
    set it (their side replaces the extractor's, which `corrections` keeps)."""

    target: str
    side: str  # for | against
    confidence: float
    evidence: str = ""
    corrected: bool = False


@dataclass(frozen=True)
class NewStatement:
    speaker: NewSpeaker | None
    speaker_text: str | None
    kind: str
    text: str
    span: tuple[int, int]
    cue: str | None
    score: float
    topics: tuple[str, ...] = ()
    positions: tuple[StatementPosition, ...] = ()
    display: str | None = None  # the reporter's words for a noun-phrase content
    # An earlier statement with the same words by the same speaker: this article is one
    # more source for it, not a new statement.
    duplicate_of: int | None = None
    # target -> (previous side, new side) where this statement breaks the speaker's line
    line_changes: dict[str, tuple[str, str]] = field(default_factory=dict)


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
    score: float
    created_at: str
    source: str | None
    source_url: str | None
    published_at: str | None = None
    received_at: str | None = None
    topics: tuple[str, ...] = ()  # every topic it is filed under, sorted
    positions: tuple[StatementPosition, ...] = ()  # surest first
    sources: int = 1  # articles that reported this statement
    display: str | None = None  # "condemned the German decision": shown instead of a quote

    @property
    def said_at(self) -> str:
        """When it was said as far as the record knows: the article's own date (its page,
        the forwarded post or its dateline), else when it was stored."""
        return self.published_at or self.created_at


@dataclass(frozen=True)
class StatementToFix:
    """What a correction needs to know (and keeps, as the original) about a statement."""

    id: int
    article_id: int
    speaker_id: int | None
    speaker_text: str | None
    text: str
    kind: str
    speaker: str | None
    topics: tuple[str, ...]
    positions: tuple[StatementPosition, ...]
    display: str | None = None  # the reporter's words for a noun-phrase content, as screens show it


@dataclass(frozen=True)
class SpeakerRow:
    id: int
    name: str
    role: str | None
    kind: str
    statements: int


@dataclass(frozen=True)
class SpeakersOnSide:
    """The speakers on one side of a target, most statements first (running totals)."""

    target: str
    side: str  # for | against
    speakers: tuple[tuple[str, int], ...]  # (name, statements on this side)
    more: int  # further speakers on this side, not listed


@dataclass(frozen=True)
class SpeakerOnTarget:
    """One speaker's statements on one target, counted by side, with their dates."""

    target: str
    for_statements: int
    against_statements: int
    for_first: str | None
    for_latest: str | None
    against_first: str | None
    against_latest: str | None
    last_side: str | None  # the side of their latest statement on it

    def statements(self, side: str) -> int:
        return self.for_statements if side == "for" else self.against_statements

    def dates(self, side: str) -> tuple[str | None, str | None]:
        if side == "for":
            return self.for_first, self.for_latest
        return self.against_first, self.against_latest


@dataclass(frozen=True)
class PositionChange:
    """A speaker breaking with their line on a target: `previous` → `current` side."""

    speaker: str
    target: str
    previous: str
    current: str
    when: str
    statement_id: int


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
    side: str | None = None  # for | against: statements taking that side (on `target`)
    target: str | None = None  # statements taking a side on this target


# /search counts its matches exactly up to this many (or as far as the page asked for
# reaches) and past it says "more than 1000": an exact count of every match of a common word
# under a filter reads one row per match (~100k for "sanctions topic:iran" in a million
# statements, 170 ms), while the first thousand are found in a few ms on either engine.
SEARCH_COUNT_CAP = 1000


def search_count_cap(limit: int, offset: int) -> int:
    """How far `search_archive` counts for this page: its total is exact up to here, and
    one more than this when there are more."""
    return max(SEARCH_COUNT_CAP, offset + limit)


@dataclass(frozen=True)
class SearchHit:
    statement: StatementRow
    snippet: str  # the matching part, matches between MARK_START and MARK_END
    said_on: str  # YYYY-MM-DD


NO_SIDE = "none"


@dataclass(frozen=True)
class SideCount:
    key: str  # a day, a speaker's name or a topic, depending on the query
    side: str  # for | against | none (NO_SIDE: the statement takes no side)
    count: int
