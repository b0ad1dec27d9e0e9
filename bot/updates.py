"""Two lanes for updates, so a burst of forwarded articles never makes /iran wait.

PTB bounds concurrent updates with one semaphore. An article holds its slot while it waits
its turn at the single nlp worker (seconds each), so 16 forwarded articles filled all 16 slots
and every command queued behind the whole burst: /iran took as long as parsing the burst
(measured in bench/burst.py: > 30 s with 50 articles). Here updates that may carry an
article (messages and posts that are not commands) and everything else (commands, button
presses, membership changes) each get their own bound; PTB's outer bound is only a backstop.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

# Updates already sit in memory in PTB's queue; the outer bound only caps the number of
# tasks parked on a lane, which cost a few kilobytes each.
OUTER_BOUND = 4096


def may_carry_article(update: object) -> bool:
    if not isinstance(update, Update):
        return False
    message = update.effective_message
    if message is None or update.callback_query is not None:
        return False
    text = message.text or message.caption or ""
    return not text.startswith("/")


class TwoLaneUpdateProcessor(BaseUpdateProcessor):
    """`handled(update_id)` is called once an update's handlers have run, however they
    ended (`bot/receipts.py`: it no longer holds back the confirmation of updates)."""

    def __init__(self, per_lane: int, handled: Callable[[int], None] | None = None) -> None:
        super().__init__(OUTER_BOUND)
        self._articles = asyncio.BoundedSemaphore(per_lane)
        self._others = asyncio.BoundedSemaphore(per_lane)
        self._handled = handled

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        lane = self._articles if may_carry_article(update) else self._others
        try:
            async with lane:
                await coroutine
        finally:
            if self._handled is not None and isinstance(update, Update):
                self._handled(update.update_id)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


# The nlp worker thread runs our extraction in pure Python and keeps the GIL for Python's
# default switch interval (5 ms) at a time; every hop of an /iran between the event loop and
# aiosqlite's thread can wait that long, a dozen hops an answer. 1 ms cut /iran's p99 during
# a 50-article burst from ~240 ms to ~140 ms (bench/burst.py) at no measurable parse cost.
SWITCH_INTERVAL_SECONDS = 0.001


def favour_the_event_loop() -> None:
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)
