"""The alert sender: one task that drains the outbox, one message at a time.

Why one task and one message in flight: the Bot API has no idempotency key, so a message
whose reply we never saw (the process died, the connection dropped) must be sent again, and
may then arrive twice. Sending one at a time bounds that to one duplicate per crash. On
PostgreSQL several senders (this one in `python -m bot run`, and `python -m bot sender`
processes) share the outbox: each claims its row under a lease, renewed while the message is
in flight (`services.alert_claim`), and takes its turn from the record (`services.pacing`), so
each still has one message in flight. A row is marked sent, with Telegram's message id,
only after Telegram accepted it. Each step first plans the daily digests now due into the
outbox (`services.digest`): the senders are the digests' only clock, so none waits for a front.

Telegram's answers:
- RetryAfter: the row waits `retry_after` seconds and so does its chat. If two chats that
  were not being refused already are refused one after the other, the flood wait is global
  and the whole sender waits. Nothing is dropped.
- Forbidden (blocked, removed from the group): the chat is disabled — its subscriptions stay,
  but nothing more is sent until it subscribes again.
- BadRequest: this one message is recorded as failed; the queue goes on.
- Network errors and timeouts: retried with backoff (a timeout may have been delivered:
  like a crash, it can duplicate that one message).
The application's rate limiter (`bot.ratelimit`) throttles every call to Telegram's limits;
the sender's calls pass `rate_limit_args=SENDER_OWNS_RETRIES`, which leaves the retrying to
the outbox. Its pace is `services.pacing`; the flood waits it keeps are `bot.pacing`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from telegram import Bot, LinkPreviewOptions, Message
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
    TelegramError,
)

from bot.pacing import FloodWatch, backoff, retry_seconds
from bot.ratelimit import sender_call_args
from handlers.format_alerts import render_alert
from services import Services
from services.alert_claim import AlertClaim
from services.alert_content import AlertContent, alert_content, article_alert, covered_reports
from services.alerts import route
from services.digest import plan_due_digests
from services.held_alerts import release_holds
from services.pacing import Pacer
from services.waiting import wait_until_set
from storage.alert_models import OutboxRow

log = logging.getLogger(__name__)

BATCH = 50
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)
LEASE = timedelta(minutes=5)  # ALERT_LEASE_SECONDS's default: a dead sender's claim comes due
EDIT_WAIT = timedelta(seconds=2)  # a report waits for the alert it edits to go out first


def utcnow() -> datetime:
    return datetime.now(UTC)


class AlertSender:
    """Start with `start()` after the database is open; `await stop()` before closing it."""

    def __init__(
        self,
        bot: Bot,
        services: Services,
        clock: Callable[[], datetime] = utcnow,
        *,
        sole_sender: bool = True,
    ) -> None:
        """`sole_sender`: no other sender runs on this record (the bot on SQLite holds its
        instance lock), so a claim left at the start is a dead run's and is freed at once.
        Beside other senders (PostgreSQL), a claim comes due again when its lease ends."""
        self._bot = bot
        self._own_retries = sender_call_args(bot)
        self._services = services
        self._clock = clock
        self._task: asyncio.Task[None] | None = None
        self._stopping = False
        self.floods = FloodWatch()
        self._pacer = Pacer(services.db.pacing, lambda: services.settings.alert_max_per_second)
        self._sole_sender = sole_sender
        self.delivered = 0
        self.first_delivery: float | None = None  # monotonic, for the throughput log
        self.last_delivery: float | None = None

    @property
    def topics(self) -> dict:
        return {t.slug: t for t in self._services.resources.topics}

    def start(self) -> None:
        self._stopping = False
        self._task = asyncio.create_task(self._run(), name="alert-sender")

    async def stop(self, timeout: float = 10.0) -> None:
        """Let the message in flight finish (so it is marked sent), then end the task."""
        self._stopping = True
        self._services.db.alerts.outbox_changed.set()
        task, self._task = self._task, None
        if task is None:
            return
        try:
            async with asyncio.timeout(timeout):  # not wait_for: services/waiting.py
                await asyncio.shield(task)
        except TimeoutError:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _run(self) -> None:
        db = self._services.db
        if self._sole_sender:  # one bot per SQLite file: a claim left now is a dead run's
            await db.delivery.release_claims(self._clock())
        await db.alerts.wake_on_new_alerts()  # alerts written on other hosts wake us too
        while not self._stopping:
            try:
                busy = await self.step()
            except Exception:
                log.exception("alert sender step failed; retrying after a pause")
                busy = False
            if busy or self._stopping:
                continue
            timeout = self._services.settings.alert_poll_seconds
            if self.floods.paused_until is not None:
                wait = (self.floods.paused_until - self._clock()).total_seconds()
                timeout = max(0.01, min(timeout, wait))
            await wait_until_set(db.alerts.outbox_changed, timeout)
            db.alerts.outbox_changed.clear()

    async def step(self) -> bool:
        """Plan due digests, release ended quiet hours, then deliver due rows; True if there
        was work."""
        now = self._clock()
        planned = await plan_due_digests(self._services, now)  # even while Telegram waits
        if self.floods.paused(now):
            return bool(planned)
        db = self._services.db
        lease = timedelta(seconds=self._services.settings.alert_lease_seconds)
        released = await release_holds(self._services.db, now)
        rows = await db.alerts.due_alerts(now, BATCH)
        paused: set[int] = set()
        for row in rows:
            if self._stopping or self.floods.paused_until is not None:
                break
            if row.chat_id in paused:
                continue  # refused earlier in this batch: its rows wait with it
            # The lease runs from the claim, not from the batch's start (a batch takes seconds).
            claim = AlertClaim(db.delivery, row.id, self._clock, lease)
            if not await claim.take():
                continue  # another sender has it, or it went out with another message
            if not await claim.hold(self.deliver(row)):  # the lease renewed while it sends
                paused.add(row.chat_id)
        return bool(rows) or released or bool(planned)

    # -- one row ------------------------------------------------------------------------

    async def deliver(self, row: OutboxRow) -> bool:
        """Handle one due row; False if Telegram asked to wait for its chat."""
        db = self._services.db
        now = self._clock()
        decision = route(row.kind, row.settings, now, is_edit=row.edit_of is not None)
        if decision.action == "skip":
            await db.delivery.mark_skipped([row.id], decision.reason)
            return True
        if decision.action == "hold":
            assert decision.until is not None
            await db.delivery.hold_alerts([row.id], decision.until, decision.reason)
            return True
        if row.edit_of is not None:
            return await self._deliver_edit(row)
        return await self._send_new(row)

    async def _send_new(self, row: OutboxRow) -> bool:
        return await self._send_content(row, await alert_content(self._services, row))

    async def _send_content(self, row: OutboxRow, content: AlertContent | None) -> bool:
        """Send `content` as a new message for `row`; with nothing left to say, skip the row."""
        if content is None:
            await self._services.db.delivery.mark_skipped([row.id], "nothing left to say")
            return True
        text = render_alert(content, self.topics)
        return await self._attempt(
            row,
            lambda: self._bot.send_message(
                row.chat_id, text, link_preview_options=NO_PREVIEW, **self._own_retries
            ),
            covers=covered_reports(content),
        )

    async def _deliver_edit(self, row: OutboxRow) -> bool:
        """Another report of a story: edit the message that carries the chat's first alert
        (or the summary that delivered it) to list this source too."""
        db = self._services.db
        assert row.edit_of is not None
        target = await db.alerts.alert(row.edit_of)
        carrier = target
        if target is not None and target.merged_into is not None:
            carrier = await db.alerts.alert(target.merged_into)
        if carrier is None or carrier.status not in ("sent", "pending", "held"):
            # Nothing of the story reached the chat: this report is an alert of its own.
            return await self._send_content(row, await article_alert(self._services, row))
        if carrier.status != "sent":
            # Not out yet: the text it goes out with will list this report (and mark_sent
            # then merges it), or it fails and this report goes out on its own.
            due = max(carrier.due_at, self._clock()) + EDIT_WAIT
            await db.delivery.retry_later(row.id, due, f"waiting for alert {carrier.id}")
            return True
        if carrier.message_id is None:
            await db.delivery.mark_merged(row.id, carrier.id)  # nothing to edit
            return True
        content = await alert_content(self._services, carrier)
        if content is None:
            await db.delivery.mark_skipped([row.id], "nothing left to say")
            return True
        text = render_alert(content, self.topics)
        message_id = carrier.message_id
        return await self._attempt(
            row,
            lambda: self._bot.edit_message_text(
                text,
                chat_id=row.chat_id,
                message_id=message_id,
                link_preview_options=NO_PREVIEW,
                **self._own_retries,
            ),
            edited_message_id=message_id,
            covers=covered_reports(content),
        )

    async def _attempt(
        self,
        row: OutboxRow,
        call: Callable[[], Awaitable[Message | bool]],
        edited_message_id: int | None = None,
        covers: Sequence[int] = (),
    ) -> bool:
        """Send; record the outcome. Sent: with the later reports its text showed (`covers`)."""
        db = self._services.db
        await self._pacer.wait_turn(row.chat_id)
        try:
            result = await call()
        except RetryAfter as exc:
            now = self._clock()
            until = now + timedelta(seconds=retry_seconds(exc))
            await db.delivery.retry_later(row.id, until, f"RetryAfter {retry_seconds(exc):g}s")
            await db.delivery.pause_chat(row.chat_id, until)
            self.floods.refused(row.chat_id, now, until)
            return False
        except Forbidden as exc:
            failed = await db.delivery.disable_chat(row.chat_id, exc.message, self._clock())
            why = f"{exc.message}: disabled, {failed} dropped from its queue"
            log.info("chat %s refused alerts (%s)", row.chat_id, why)
            return True
        except BadRequest as exc:
            if edited_message_id is not None and "not modified" in exc.message.lower():
                await db.delivery.mark_sent(row.id, edited_message_id, self._clock(), covers)
                return True
            log.warning("alert %s to chat %s refused: %s", row.id, row.chat_id, exc.message)
            await db.delivery.mark_failed(row.id, f"BadRequest: {exc.message}", self._clock())
            return True
        except ChatMigrated as exc:
            await db.delivery.mark_failed(
                row.id, f"chat migrated to {exc.new_chat_id}", self._clock()
            )
            return True
        except (NetworkError, TelegramError) as exc:
            # Maybe delivered, maybe not: retrying may duplicate this one message.
            await self._retry(row, f"{type(exc).__name__}: {exc.message}")
            return True
        except Exception as exc:
            log.exception("alert %s to chat %s could not be rendered or sent", row.id, row.chat_id)
            await self._retry(row, f"{type(exc).__name__}: {exc}")
            return True
        message_id = result.message_id if isinstance(result, Message) else edited_message_id
        await db.delivery.mark_sent(row.id, message_id, self._clock(), covers)
        self.floods.delivered()
        self._count_delivery()
        return True

    async def _retry(self, row: OutboxRow, error: str) -> None:
        due = self._clock() + backoff(row.attempts)
        await self._services.db.delivery.retry_later(row.id, due, error)

    def _count_delivery(self) -> None:
        moment = time.monotonic()
        if self.first_delivery is None:
            self.first_delivery = moment
        self.last_delivery = moment
        self.delivered += 1
