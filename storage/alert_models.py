"""What the alert outbox stores and returns: plain frozen dataclasses, no SQL.

Timestamps in the outbox are ISO 8601 UTC with millisecond precision (`stamp`), so string
order is time order and `due_at <= now` works in SQL.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

ALERT_KINDS = ("article", "position_change", "digest", "summary")


def stamp(moment: datetime) -> str:
    """The one timestamp format of the outbox: sortable as text."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def parse_stamp(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


@dataclass(frozen=True)
class ChatSettings:
    """A chat's alert settings; a chat that never changed one has the defaults."""

    chat_id: int
    timezone: str = "UTC"
    muted_until: datetime | None = None
    quiet_start: int | None = None  # minutes after local midnight
    quiet_end: int | None = None
    digest_at: int | None = None  # minutes after local midnight: daily digest mode
    digest_ran_at: datetime | None = None
    paused_until: datetime | None = None
    disabled_at: datetime | None = None
    disabled_reason: str | None = None
    digest_next_due: datetime | None = None  # when its daily digest is next planned (UTC)


@dataclass(frozen=True)
class DigestPlan:
    """What planning a due digest does, decided by the services from the chat's settings:
    whether to write the digest now, and when the next one is due."""

    write: bool
    next_due: datetime


@dataclass(frozen=True)
class PlannedDigest:
    """A due digest taken by one planner: its chat, the row written (None: nothing new, or
    not written) and the chat's next due time."""

    chat_id: int
    alert_id: int | None
    next_due: datetime


@dataclass(frozen=True)
class NewAlert:
    chat_id: int
    kind: str  # one of ALERT_KINDS
    article_id: int | None = None
    topics: tuple[str, ...] = ()
    payload: Mapping[str, Any] = field(default_factory=dict)  # JSON-serialisable
    edit_of: int | None = None  # the alert whose message this one edits


@dataclass(frozen=True)
class AlertRecipient:
    """A chat subscribed to some of a new article's topics, or following its speakers."""

    chat_id: int
    topics: tuple[str, ...]  # its subscribed topics that the article's statements touch
    story_alert_id: int | None  # its first alert on an earlier report of the same story
    disabled: bool = False
    speakers: tuple[int, ...] = ()  # the speakers it follows that the article quotes


@dataclass(frozen=True)
class ArticleAlertContext:
    """What a new article's alerts are planned from, read inside its transaction."""

    article_id: int
    sender_chat_id: int | None
    story_id: int  # the first article of the story (the article itself when it is new)
    statement_topics: Mapping[int, tuple[str, ...]]  # statement id -> its topics
    recipients: Sequence[AlertRecipient]
    speakers: Mapping[int, str] = field(default_factory=dict)  # statement id -> speaker
    speaker_ids: Mapping[int, int] = field(default_factory=dict)  # statement id -> speaker id


@dataclass(frozen=True)
class OutboxRow:
    id: int
    chat_id: int
    kind: str
    article_id: int | None
    topics: tuple[str, ...]
    payload: dict[str, Any]
    edit_of: int | None
    status: str
    due_at: datetime
    attempts: int
    created_at: datetime
    message_id: int | None
    merged_into: int | None
    error: str | None
    settings: ChatSettings
    sent_at: datetime | None = None


@dataclass(frozen=True)
class Said:
    """One statement of a report, as stories compare them: who said it and what."""

    text: str
    # Every key that finds the speaker's row (folded name, aliases), as `upsert_speaker`
    # matches them; empty for a source with no name (then `speaker_text` is as written).
    speaker_keys: tuple[str, ...] = ()
    speaker_text: str | None = None


@dataclass(frozen=True)
class StoryCandidate:
    """A recent article a new one may be another report of."""

    article_id: int
    story_id: int
    source: str | None
    gist: str
    statements: tuple[Said, ...] = ()
