"""The parse-job queue: what the bot received and has not answered yet, as data, and the
protocol a store implements for it (re-exported by `storage.ports`). Standard library only."""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import Protocol

# A job's states, in the order it passes them; 'part' marks a later part of a job's text.
RECEIVING, PENDING, RUNNING, DONE, FAILED = "receiving", "pending", "running", "done", "failed"
# What was received: text as written, or a link or a file the bot fetches while 'receiving'.
TEXT, LINK, FILE = "text", "link", "file"


@dataclass(frozen=True)
class NewPart:
    """One received message of an article: its text and whom to answer."""

    chat_id: int
    message_id: int
    user_id: int | None
    text: str
    source: str  # JSON: what `services.ingest.ArticleSource` knows
    created_at: str
    update_id: int = 0  # Telegram's, the same each time it delivers the message
    kind: str = TEXT
    input: str = "{}"  # JSON: what the bot fetches for a link or a file, and how to answer


@dataclass(frozen=True)
class ParseJob:
    """A job as the queue has it: `text` is every part joined (None once done or failed)."""

    id: int
    state: str
    chat_id: int
    message_id: int
    user_id: int | None
    source: str
    created_at: str
    text: str | None = None
    progress_message_id: int | None = None
    attempts: int = 0
    lease_until: float | None = None
    article_id: int | None = None
    result: bytes | None = None
    error: str | None = None
    replied: bool = False
    kind: str = TEXT
    input: str = "{}"
    payload: bytes | None = None  # a link's page or a file, fetched by the bot


class JobStore(Protocol):
    """Jobs are written when an article arrives and parsed from the queue, so a restart
    or a parser's crash delays an article, never loses it. Times are seconds since the
    epoch (`now`), leases a number of seconds."""

    @property
    def jobs_changed(self) -> asyncio.Event:
        """Set when a job may have become claimable (once `wake_on_new_jobs` said so)."""
        ...

    async def wake_on_new_jobs(self) -> bool:
        """From now on, set `jobs_changed` when any process makes a job ready; True if
        that is so (a parser may then poll slowly), False where nothing tells it (poll)."""
        ...

    async def open_job(self, part: NewPart) -> int | None: ...
    async def add_part(self, job_id: int, part: NewPart) -> bool: ...
    async def mark_ready(self, job_id: int) -> bool: ...
    async def attach(self, job_id: int, payload: bytes, input: str) -> bool:
        """Keep what the bot fetched for a job still receiving, and make it pending."""
        ...

    async def set_progress(self, job_id: int, message_id: int) -> None: ...
    async def claim(
        self, now: float, lease_seconds: float, job_id: int | None = None, max_attempts: int = 3
    ) -> ParseJob | None: ...
    async def renew(self, job_id: int, lease_until: float) -> bool:
        """A live parser's heartbeat: its job stays its own until `lease_until`."""
        ...

    async def release(self, job_id: int, max_attempts: int = 3) -> int: ...
    async def finish(self, job_id: int, article_id: int, result: bytes | None) -> bool: ...
    async def fail(self, job_id: int, error: str) -> bool: ...
    async def mark_replied(self, job_id: int) -> None: ...
    async def job(self, job_id: int) -> ParseJob | None: ...
    async def unfinished(self, job_ids: list[int]) -> set[int]:
        """Those of `job_ids` that still exist and are neither done nor failed."""
        ...

    async def unreplied(self) -> list[ParseJob]: ...
    async def prune(self, received_before: str) -> int:
        """Delete answered jobs received before that time (ISO 8601); how many."""
        ...


# A part that ends like this ended a sentence (or a paragraph) where Telegram cut the text.
_SENTENCE_END = re.compile(r"""[.!?…:;"”’)\]]\s*$""")


def join_parts(parts: list[str]) -> str:
    """The text as the sender wrote it. Telegram cuts a long paste at its length limit, at a
    space, wherever a sentence happens to be; a sentence cut there is joined again with a
    space, and parts that end a sentence start on a new line."""
    text = parts[0] if parts else ""
    for part in parts[1:]:
        text += ("\n" if _SENTENCE_END.search(text) else " ") + part.lstrip()
    return text
