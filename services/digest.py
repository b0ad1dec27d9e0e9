"""The daily digest: the chats that have one, and writing a chat's digest when it is due.

The digest is written to the outbox like any alert (the sender delivers it), covering the
statements on the chat's topics since its previous digest; a day with nothing new sends
nothing. The schedule itself (a JobQueue job per chat) is the bot's, in `handlers/alerts.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from services.alerts import is_muted
from services.context import Services
from storage.alert_models import ChatSettings


@dataclass(frozen=True)
class DigestRun:
    scheduled: bool  # False: the chat no longer has a daily digest (drop its job)
    alert_id: int | None = None  # the digest written to the outbox, when anything was new


async def digest_chats(services: Services) -> list[ChatSettings]:
    """Chats in daily-digest mode, for rebuilding their schedules at start-up."""
    return await services.db.chats.digest_chats()


async def write_daily_digest(services: Services, chat_id: int, now: datetime) -> DigestRun:
    settings = await services.db.chats.chat_settings(chat_id)
    if settings.digest_at is None or settings.disabled_at is not None:
        return DigestRun(scheduled=False)
    if is_muted(settings, now):
        return DigestRun(scheduled=True)  # the marks stay: the next digest covers today too
    return DigestRun(
        scheduled=True, alert_id=await services.db.chats.plan_daily_digest(chat_id, now)
    )
