"""Whose turn it is to send: the alert senders' pace, kept by the store.

The application's rate limiter (`bot.ratelimit`) lets bursts above 30 calls a second
through, and sees one process's calls only, so the senders take turns from the store
(`storage.ports.PaceStore`): one send every 1/ALERT_MAX_PER_SECOND seconds across all of
them. On SQLite the turns are the one process's own; on PostgreSQL every sender of the
record shares them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from datetime import timedelta

from storage.ports import PaceStore

log = logging.getLogger(__name__)

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
