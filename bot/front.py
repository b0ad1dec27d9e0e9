"""One front at a time on a PostgreSQL record: a standby waits for the lock, and the active
front watches that it still holds it.

A second `python -m bot run` on the record waits as a standby: it holds one idle connection
and asks for the front lock every second, and touches nothing else (no Telegram, no model,
no outbox) until the lock is free, which the server makes it the moment the active front's
connection ends, however that front ended. What a front keeps in memory is safe to lose in
a takeover: per-chat locks and the update de-duplication cache guard one process's
concurrency; Telegram sends the updates no front confirmed again, and a received article's
parts are already in the parse-job table.

The lock lives on its own connection, which the server may end under a running front (a
restart, `pg_terminate_backend`). The active front asks every few seconds; if the lock is
gone it stops serving at once and the process exits non-zero. Exiting, not falling back to
standby in the same process, because everything a front built while active (the sender's
claims, the parser processes, the caches) belongs to that one term; a
supervisor (`Restart=always`) starts a clean process, which waits as a standby if another
front took over meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable

from telegram.ext import Application

log = logging.getLogger(__name__)
STANDBY_RETRY_SECONDS = 1.0  # how soon a standby notices the lock is free
CHECK_EVERY_SECONDS = 1.0  # how soon the active front notices it lost the lock
# A check that has not answered by then counts as lost: a server out of reach may have
# ended the session (and freed the lock) without this front hearing of it.
CHECK_TIMEOUT_SECONDS = 5.0
LOST_EXIT_CODE = 3


class FrontWatch:
    """The active front's watch on its lock; `lost` once it stopped the front for it."""

    def __init__(self, still_held: Callable[[], bool]) -> None:
        self.still_held = still_held
        self.lost = False

    async def watch(self, application: Application) -> None:
        """Every few seconds, until cancelled or the lock is gone (then stop the front)."""
        while True:
            await asyncio.sleep(CHECK_EVERY_SECONDS)
            if await asked(self.still_held, CHECK_TIMEOUT_SECONDS):
                continue
            self.lost = True
            log.error(
                "lost the front lock (the server ended its connection): this front stops "
                "serving now so that two fronts never serve one record; it exits with %d "
                "for its supervisor to start it again as a standby",
                LOST_EXIT_CODE,
            )
            application.stop_running()
            return


async def asked(check: Callable[[], bool], timeout: float) -> bool:
    """`check()` in a daemon thread, False if it has not answered within `timeout`. (A
    daemon thread, not the loop's executor: a check hung on a dead server must not hold up
    the process's exit.)"""
    loop = asyncio.get_running_loop()
    answer: asyncio.Future[bool] = loop.create_future()

    def settle(value: bool) -> None:
        if not answer.done():
            answer.set_result(value)

    def ask() -> None:
        value = check()
        with contextlib.suppress(RuntimeError):  # the loop closed meanwhile
            loop.call_soon_threadsafe(settle, value)

    threading.Thread(target=ask, name="front-lock-check", daemon=True).start()
    try:
        async with asyncio.timeout(timeout):  # not wait_for: services/waiting.py
            return await answer
    except TimeoutError:
        return False


def take_front(url: str) -> FrontWatch:
    """The record's front lock, waiting as a standby while another front holds it."""
    from services.backend import take_postgres_front

    waited_since: list[float] = []

    def on_standby() -> None:
        waited_since.append(time.monotonic())
        log.warning(
            "standby: another front holds this record's front lock; this one waits and "
            "takes over when that front stops"
        )

    still_held = take_postgres_front(url, STANDBY_RETRY_SECONDS, on_standby)
    if waited_since:
        log.warning(
            "taking over: the front lock is free after %.1f s as standby; starting",
            time.monotonic() - waited_since[0],
        )
    return FrontWatch(still_held)
