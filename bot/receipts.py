"""Telegram is told an article arrived only once it is in the database.

Long polling confirms updates by asking for the next ones: `getUpdates(offset=N)` tells
Telegram every update below N was received, and Telegram never sends them again. PTB asks
for the next batch as soon as it has queued the last one, long before any handler ran, so
a crash in between lost the articles of that batch. Here the bot's `get_updates` first waits
until every fetched update that an article's handler will take (pasted or forwarded text,
a link, a file, /record, a channel's post) has been written to the parse-job queue
(`handlers.common.confirm_receipt`) or has finished being handled (the gate refused it, the
handler failed): the offset never moves past an unrecorded article.

On shutdown PTB confirms the last batch with one more call; if an article is still not
recorded after a few seconds, that call is skipped and Telegram sends the batch again at
the next start (the queue records each message once, so an article is not parsed twice).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Iterable
from typing import Any

from telegram import Update
from telegram.ext import Application, ExtBot

from services.waiting import wait_until_set

log = logging.getLogger(__name__)
SHUTDOWN_WAIT_SECONDS = 5.0
# Webhook mode: how long Telegram's request waits for an article to be recorded before the
# listener gives up with an error (Telegram then posts the update again).
WEBHOOK_WAIT_SECONDS = 30.0
WARN_EVERY_SECONDS = 30.0


class ReceiptGate:
    """The fetched updates whose article is not recorded yet."""

    def __init__(self) -> None:
        self.awaits_record: Callable[[Update], bool] = lambda update: False
        self._open: set[int] = set()
        self._changed = asyncio.Event()

    def fetched(self, updates: Iterable[Update]) -> None:
        self._open.update(u.update_id for u in updates if self.awaits_record(u))

    def recorded(self, update_id: int) -> None:
        if update_id in self._open:
            self._open.discard(update_id)
            self._changed.set()

    def unrecorded_below(self, offset: int) -> int:
        return sum(1 for update_id in self._open if update_id < offset)

    async def settled(self, offset: int, timeout: float | None = None) -> bool:
        """Wait until every update below `offset` is recorded; False if `timeout` passed."""
        loop = asyncio.get_running_loop()
        deadline = None if timeout is None else loop.time() + timeout
        while count := self.unrecorded_below(offset):
            wait = WARN_EVERY_SECONDS if deadline is None else deadline - loop.time()
            if wait <= 0:
                return False
            self._changed.clear()
            if not await wait_until_set(self._changed, wait) and deadline is None:
                log.warning("%d received article(s) not recorded yet; waiting", count)
        return True


def handled_by(
    application: Application, *callbacks: Callable[..., Any]
) -> Callable[[Update], bool]:
    """Whether one of `callbacks` is the handler of group 0 that will take an update (PTB
    runs the first handler of a group whose check passes)."""

    def check(update: Update) -> bool:
        for handler in application.handlers.get(0, ()):
            if handler.check_update(update):
                return any(handler.callback is callback for callback in callbacks)
        return False

    return check


class ReceiptQueue(asyncio.Queue[object]):
    """Webhook mode's update queue. Telegram counts an update delivered once the listener
    answers 200, which PTB's listener does as soon as `put` returns; here `put` returns only
    once an article's update is recorded, so an update is confirmed no earlier than in long
    polling. Not recorded in time: the listener answers 500 and Telegram posts it again."""

    def __init__(self, receipts: ReceiptGate) -> None:
        super().__init__()
        self._receipts = receipts

    async def put(self, item: object) -> None:
        await super().put(item)
        if isinstance(item, Update):
            self._receipts.fetched([item])
            if not await self._receipts.settled(item.update_id + 1, WEBHOOK_WAIT_SECONDS):
                raise TimeoutError(f"update {item.update_id}: its article is not recorded yet")


class RecordingBot(ExtBot[None]):
    """The bot whose `get_updates` confirms nothing the parse-job queue has not recorded."""

    def __init__(self, *args: Any, receipts: ReceiptGate, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._receipts = receipts

    async def get_updates(self, *args: Any, **kwargs: Any) -> tuple[Update, ...]:
        offset = kwargs.get("offset", args[0] if args else None)
        if offset:
            shutting_down = kwargs.get("timeout") == 0
            waited = SHUTDOWN_WAIT_SECONDS if shutting_down else None
            if not await self._receipts.settled(offset, waited):
                log.warning("not confirming updates below %s: an article is not recorded", offset)
                return ()
        updates = await super().get_updates(*args, **kwargs)
        self._receipts.fetched(updates)
        return updates
