"""The sender's bookkeeping on outbox rows: claimed, sent, failed, skipped, merged, retried,
held, and the chats Telegram asked to wait or refused.

A row is sent by the sender that claimed it: one conditional UPDATE (`status = 'pending'
AND due_at <= now`) in a write transaction, so of two senders on one database only one
changes the row. The claim moves the row's due time past a lease and notes it in flight;
the sender renews the lease while the message is in flight (`renew_claim`). If its sender
dies mid-send, the row comes due again when the lease ends, or at once when the next bot
starts (`release_claims`; one bot per database, bot/instance_lock.py).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from storage.alert_models import NewAlert, stamp
from storage.database import Database, marks
from storage.sqlite.alert_rows import Outbox

IN_FLIGHT = "in flight"  # the `error` of a claimed row until its outcome is recorded


class SqliteDelivery:
    """`storage.ports.DeliveryStore` on SQLite."""

    def __init__(self, db: Database, outbox: Outbox) -> None:
        self._db = db
        self._outbox = outbox

    async def claim(self, alert_id: int, now: datetime, lease: timedelta) -> bool:
        """Take a due pending row for sending; False if another sender has it (or it is no
        longer pending: merged into a message already sent, say)."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE outbox SET due_at = ?, error = ?"
                " WHERE id = ? AND status = 'pending' AND due_at <= ?",
                (stamp(now + lease), IN_FLIGHT, alert_id, stamp(now)),
            )
            return changed == 1

    async def renew_claim(self, alert_id: int, held_until: datetime, until: datetime) -> bool:
        """Extend a claim while its message is in flight: only if the row is still claimed
        with the lease end this sender wrote (`held_until`). Another sender that took the
        row after a lapse wrote a later end, and a recorded outcome a new status or error,
        so a sender never extends a claim that is no longer its own."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE outbox SET due_at = ?"
                " WHERE id = ? AND status = 'pending' AND error = ? AND due_at = ?",
                (stamp(until), alert_id, IN_FLIGHT, stamp(held_until)),
            )
            return changed == 1

    async def release_claims(self, now: datetime) -> int:
        """At a start: rows a dead sender had claimed are due now (at most one duplicate)."""
        async with self._db.transaction() as tx:
            return await tx.execute(
                "UPDATE outbox SET due_at = ?, error = 'interrupted in flight'"
                " WHERE status = 'pending' AND error = ?",
                (stamp(now), IN_FLIGHT),
            )

    async def mark_sent(
        self, alert_id: int, message_id: int | None, now: datetime, covers: Sequence[int] = ()
    ) -> None:
        """Telegram accepted the message. `covers`: the later reports (edit rows) whose
        sources its text already listed; they are merged with it, in the same transaction,
        into the alert they edit. A report stored after the text was built is not among them
        and still edits the message when its turn comes."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'sent', message_id = ?, sent_at = ?,"
                " attempts = attempts + 1, error = NULL WHERE id = ?",
                (message_id, stamp(now), alert_id),
            )
            await tx.execute(
                "UPDATE outbox SET status = 'merged', merged_into = edit_of, error = NULL"
                f" WHERE id IN ({marks(covers)}) AND status IN ('pending', 'held')"
                " AND edit_of IS NOT NULL",
                tuple(covers),
            )

    async def mark_failed(self, alert_id: int, error: str, now: datetime) -> None:
        """Telegram refused this message for good (BadRequest): recorded, never retried."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'failed', error = ?, sent_at = ?,"
                " attempts = attempts + 1 WHERE id = ?",
                (error[:500], stamp(now), alert_id),
            )

    async def mark_skipped(self, alert_ids: Sequence[int], reason: str) -> None:
        async with self._db.transaction() as tx:
            await tx.executemany(
                "UPDATE outbox SET status = 'skipped', error = ? WHERE id = ?",
                [(reason, i) for i in alert_ids],
            )

    async def mark_merged(self, alert_id: int, into: int | None = None) -> None:
        """Delivered as part of another message (the original alert, or a summary)."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET status = 'merged', merged_into = ?,"
                " error = nullif(error, ?) WHERE id = ?",
                (into, IN_FLIGHT, alert_id),
            )

    async def retry_later(self, alert_id: int, due: datetime, error: str) -> None:
        async with self._db.transaction() as tx:
            await tx.execute(
                "UPDATE outbox SET due_at = ?, error = ?, attempts = attempts + 1 WHERE id = ?",
                (stamp(due), error[:500], alert_id),
            )

    async def hold_alerts(
        self, alert_ids: Sequence[int], until: datetime, reason: str = ""
    ) -> None:
        """Quiet hours or a mute: keep these until `until` (recording why), then deliver
        them as one summary."""
        async with self._db.transaction() as tx:
            await tx.executemany(
                "UPDATE outbox SET status = 'held', due_at = ?, error = nullif(?, '') WHERE id = ?",
                [(stamp(until), reason, i) for i in alert_ids],
            )

    async def unhold(self, alert_ids: Sequence[int], now: datetime) -> None:
        async with self._db.transaction() as tx:
            await tx.executemany(
                "UPDATE outbox SET status = 'pending', due_at = ? WHERE id = ? AND status = 'held'",
                [(stamp(now), i) for i in alert_ids],
            )

    async def summarise_held(
        self, chat_id: int, alert_ids: Sequence[int], now: datetime, reason: str = ""
    ) -> int:
        """One summary row replacing held alerts, in one transaction; returns its id.
        `reason`: why they were held (quiet hours, a mute), which its first line says."""
        payload: dict[str, object] = {"alerts": list(alert_ids)}
        if reason:
            payload["reason"] = reason
        async with self._db.transaction() as tx:
            (summary_id,) = await self._outbox.insert(
                tx, [NewAlert(chat_id, "summary", payload=payload)], now
            )
            await tx.executemany(
                "UPDATE outbox SET status = 'merged', merged_into = ? WHERE id = ?"
                " AND status = 'held'",
                [(summary_id, i) for i in alert_ids],
            )
            return int(summary_id)

    async def release_held_now(self, chat_id: int, now: datetime) -> int:
        """Quiet hours switched off, or /unmute: held alerts become due at once (the sender
        summarises them; any still inside quiet hours are held again until they end)."""
        async with self._db.transaction() as tx:
            changed = await tx.execute(
                "UPDATE outbox SET due_at = ? WHERE chat_id = ? AND status = 'held'",
                (stamp(now), chat_id),
            )
        if changed:
            self._outbox.changed.set()
        return int(changed)

    async def pause_chat(self, chat_id: int, until: datetime) -> None:
        """Telegram asked us to wait (RetryAfter) before writing to this chat again."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO chat_settings (chat_id, paused_until) VALUES (?, ?)"
                " ON CONFLICT (chat_id) DO UPDATE SET paused_until = excluded.paused_until",
                (chat_id, stamp(until)),
            )

    async def disable_chat(self, chat_id: int, reason: str, now: datetime) -> int:
        """Forbidden (blocked, removed from the group): no more alerts to this chat until it
        subscribes again; its undelivered rows are failed. Returns how many."""
        async with self._db.transaction() as tx:
            await tx.execute(
                "INSERT INTO chat_settings (chat_id, disabled_at, disabled_reason)"
                " VALUES (?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET"
                " disabled_at = excluded.disabled_at, disabled_reason = excluded.disabled_reason",
                (chat_id, stamp(now), reason[:200]),
            )
            return await tx.execute(
                "UPDATE outbox SET status = 'failed', error = ?"
                " WHERE chat_id = ? AND status IN ('pending', 'held')",
                (f"chat disabled: {reason}"[:500], chat_id),
            )
