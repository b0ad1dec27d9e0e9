"""The waits Telegram asks the alert sender for (its own pace is `services.pacing`).

A RetryAfter for one chat makes that chat wait; two chats refused afresh, one after the
other, mean the wait is the bot's, and then every chat waits.
"""

from __future__ import annotations

import logging
import warnings
from datetime import datetime, timedelta

from telegram.error import RetryAfter

log = logging.getLogger(__name__)
MAX_BACKOFF_SECONDS = 300.0


def retry_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22 deprecates the int form; either is fine here
        warnings.simplefilter("ignore")
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def backoff(attempts: int) -> timedelta:
    """How long a row waits after a network error, by how often it was tried."""
    return timedelta(seconds=min(2.0 ** min(attempts, 10), MAX_BACKOFF_SECONDS))


class FloodWatch:
    """The chats Telegram asked to wait, and whether the wait has become the whole bot's."""

    def __init__(self) -> None:
        self.paused_until: datetime | None = None  # a global flood wait
        self._flooded: dict[int, datetime] = {}  # chat -> until when Telegram asked to wait
        self._fresh_refusals: set[int] = set()  # chats newly flooded since the last success

    def paused(self, now: datetime) -> bool:
        """True while a global flood wait lasts (and forgets it once it is over)."""
        if self.paused_until is not None and now >= self.paused_until:
            self.paused_until = None
        return self.paused_until is not None

    def refused(self, chat_id: int, now: datetime, until: datetime) -> None:
        """A chat refused again is its own flood wait; two chats refused afresh, one after
        the other, mean the flood wait is the bot's: then every chat waits."""
        recent = now - timedelta(minutes=1)
        self._flooded = {c: t for c, t in self._flooded.items() if t > recent}
        fresh = chat_id not in self._flooded
        self._flooded[chat_id] = until
        if not fresh:
            return
        if self._fresh_refusals - {chat_id}:
            log.warning("flood wait on several chats: pausing all alerts until %s", until)
            self.paused_until = until
        self._fresh_refusals.add(chat_id)

    def delivered(self) -> None:
        self._fresh_refusals.clear()
