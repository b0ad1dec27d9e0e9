"""How fast the alert sender may go: its own pace, and the flood waits Telegram asks for.

The application's rate limiter (`bot.ratelimit`) lets bursts above 30 calls a second
through, and sees one process's calls only, so the senders take turns from the store: one
send every 1/ALERT_MAX_PER_SECOND seconds across all of them. A fan-out to thousands then
neither trips flood control nor crowds out the replies to people using the bot meanwhile.
A RetryAfter for one chat makes that chat wait; two chats refused afresh, one after the
other, mean the wait is the bot's, and then every chat waits.
"""

from __future__ import annotations

import asyncio
import logging
import time
import warnings
from collections.abc import Callable
from datetime import datetime, timedelta

from telegram.error import RetryAfter

from storage.ports import PaceStore

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


GROUP_INTERVAL = timedelta(seconds=3)  # Telegram's 20 messages a minute in a group
LATE_SECONDS = 0.02  # a shared turn missed by more than this is given up for the next one
RETAKES = 3  # turns given up in a row at most: a host always that late still sends


class Pacer:
    """At most `per_second()` sends a second, spread evenly, not in bursts; the turns are the
    store's (`storage.ports.PaceStore`), so every sender of a shared record keeps to one
    pace. Where senders are several, a group also gets one turn every three seconds: each
    process's rate limiter sees only its own sends to the group.

    Turns are spaced by the record, but a send leaves when its process wakes: a sender that
    wakes late (a busy host) would send beside the others' next turns, and a second could
    then see more than its share. So where turns are shared, a turn missed by more than
    LATE_SECONDS is given up and the next one taken (at most RETAKES times in a row)."""

    def __init__(self, pacing: PaceStore, per_second: Callable[[], int]) -> None:
        self._pacing = pacing
        self._per_second = per_second

    async def wait_turn(self, chat_id: int) -> None:
        if chat_id < 0 and self._pacing.shared:  # a few ms late is nothing in 3 s
            await asyncio.sleep(await self._pacing.next_turn(f"chat:{chat_id}", GROUP_INTERVAL))
        retakes = RETAKES if self._pacing.shared else 0
        await self._take("bot", timedelta(seconds=1.0 / self._per_second()), retakes)

    async def _take(self, key: str, interval: timedelta, retakes: int) -> None:
        for _ in range(retakes):
            wait = await self._pacing.next_turn(key, interval)
            turn = time.monotonic() + wait
            await asyncio.sleep(wait)
            if time.monotonic() - turn <= LATE_SECONDS:
                return
            log.debug(
                "woke %.0f ms after a turn on %s; taking the next",
                1000 * (time.monotonic() - turn),
                key,
            )
        await asyncio.sleep(await self._pacing.next_turn(key, interval))


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
