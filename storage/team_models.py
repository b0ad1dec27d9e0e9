"""Who uses the bot and what they may remove: members, approved chats, watched channels,
an article's sender, and what forgetting a user removed. Plain frozen dataclasses."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Member:
    user_id: int
    added_by: int
    via: str  # allow | invite
    name: str | None
    added_at: str


@dataclass(frozen=True)
class ApprovedChat:
    chat_id: int
    kind: str
    title: str | None
    added_by: int
    added_at: str


@dataclass(frozen=True)
class WatchedChannel:
    chat_id: int
    title: str
    username: str | None
    added_by: int
    added_at: str
    status: str  # active | paused | removed
    changed_at: str
    posts: int


@dataclass(frozen=True)
class ArticleRef:
    """An article as /delete, /keep and an edited channel post need it."""

    id: int
    sender_id: int | None
    chat_id: int | None
    statements: int
    kept: bool


@dataclass(frozen=True)
class Forgotten:
    articles: int
    kept: int
    subscriptions: int
