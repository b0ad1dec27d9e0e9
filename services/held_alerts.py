"""Alerts held for quiet hours or a mute, let go once those end: one goes out as it is,
several as one summary, so a chat back from a quiet night gets one message, not a flood.
The sender calls this before each batch of due rows (`bot/sender.py`)."""

from __future__ import annotations

from datetime import datetime

from services.alerts import MUTED, QUIET, route
from storage.alert_models import OutboxRow
from storage.ports import Store


async def release_holds(db: Store, now: datetime) -> bool:
    """Release the held alerts whose quiet hours or mute ended; True if there were any."""
    by_chat: dict[int, list[OutboxRow]] = {}
    for row in await db.alerts.due_holds(now):
        by_chat.setdefault(row.chat_id, []).append(row)
    for chat_id, rows in by_chat.items():
        ids = [r.id for r in rows]
        decision = route("summary", rows[0].settings, now)
        if decision.action == "hold":  # the chat changed its quiet hours or muted meanwhile
            assert decision.until is not None
            await db.delivery.hold_alerts(ids, decision.until, decision.reason)
        elif decision.action == "skip":
            await db.delivery.mark_skipped(ids, decision.reason)
        elif len(ids) == 1:
            await db.delivery.unhold(ids, now)
        else:
            reason = MUTED if any(r.error == MUTED for r in rows) else QUIET
            await db.delivery.summarise_held(chat_id, ids, now, reason)
    return bool(by_chat)
