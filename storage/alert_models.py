"""What the alert outbox stores and returns: plain frozen dataclasses, no SQL.

Timestamps in the outbox are ISO 8601 UTC with millisecond precision (`stamp`), so string
order is time order and `due_at <= now` works in SQL.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
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
    """A chat subscribed to some of a new article's topics."""

    chat_id: int
    topics: tuple[str, ...]  # its subscribed topics that the article's statements touch
    story_alert_id: int | None  # its first alert on an earlier report of the same story
    disabled: bool = False


@dataclass(frozen=True)
class ArticleAlertContext:
    """What `AlertPlan.plan` decides from, read inside the article's transaction."""

    article_id: int
    sender_chat_id: int | None
    story_id: int  # the first article of the story (the article itself when it is new)
    statement_topics: Mapping[int, tuple[str, ...]]  # statement id -> its topics
    recipients: Sequence[AlertRecipient]


@dataclass(frozen=True)
class AlertPlan:
    """Handed to `Database.store_article`: the article's alerts are written in its transaction.

    `story_of` is an earlier article of the same story (a near-duplicate found before the
    transaction); `plan` is a pure function from the context to the rows to write.
    """

    now: datetime
    plan: Callable[[ArticleAlertContext], list[NewAlert]]
    story_of: int | None = None


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
class StoryCandidate:
    """A recent article a new one may be another report of."""

    article_id: int
    story_id: int
    source: str | None
    gist: str
    statements: str  # its statements' text, joined


SETTINGS_COLUMNS = (
    "c.timezone, c.muted_until, c.quiet_start, c.quiet_end, c.digest_at, c.digest_ran_at,"
    " c.paused_until, c.disabled_at, c.disabled_reason"
)
OUTBOX_SELECT = (
    "SELECT o.id, o.chat_id, o.kind, o.article_id, o.topics, o.payload, o.edit_of, o.status,"
    " o.due_at, o.attempts, o.created_at, o.message_id, o.merged_into, o.error, o.sent_at, "
    f"{SETTINGS_COLUMNS} FROM outbox o LEFT JOIN chat_settings c ON c.chat_id = o.chat_id"
)


def settings_from(chat_id: int, row: Sequence[Any]) -> ChatSettings:
    """`row` holds SETTINGS_COLUMNS (all NULL when the chat has no settings row)."""
    return ChatSettings(
        chat_id=chat_id,
        timezone=row[0] or "UTC",
        muted_until=parse_stamp(row[1]),
        quiet_start=row[2],
        quiet_end=row[3],
        digest_at=row[4],
        digest_ran_at=parse_stamp(row[5]),
        paused_until=parse_stamp(row[6]),
        disabled_at=parse_stamp(row[7]),
        disabled_reason=row[8],
    )


def outbox_row(row: Sequence[Any]) -> OutboxRow:
    return OutboxRow(
        id=row[0],
        chat_id=row[1],
        kind=row[2],
        article_id=row[3],
        topics=tuple(row[4].split()),
        payload=json.loads(row[5]),
        edit_of=row[6],
        status=row[7],
        due_at=datetime.fromisoformat(row[8]),
        attempts=row[9],
        created_at=datetime.fromisoformat(row[10]),
        message_id=row[11],
        merged_into=row[12],
        error=row[13],
        sent_at=parse_stamp(row[14]),
        settings=settings_from(row[1], row[15:]),
    )
