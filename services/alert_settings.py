"""A chat's alert settings: mute, quiet hours, time zone and the daily digest mode.

Each change is stored at once; the sender reads the settings with every due alert, so a
change applies to the next alert (see `services.alerts.route`). Choosing a digest time or
a time zone also moves the chat's next digest in the record (`services.digest`).
"""

from __future__ import annotations

from datetime import datetime

from services.alerts import is_muted
from services.context import Services
from services.digest import next_digest_at
from storage.alert_models import ChatSettings


async def chat_settings(services: Services, chat_id: int) -> ChatSettings:
    return await services.db.chats.chat_settings(chat_id)


async def mute(services: Services, chat_id: int, until: datetime) -> ChatSettings:
    await services.db.chats.set_muted_until(chat_id, until)
    return await services.db.chats.chat_settings(chat_id)


async def unmute(services: Services, chat_id: int, now: datetime) -> tuple[bool, int]:
    """Alerts on again: (whether the chat was muted, how many held alerts are released).
    The alerts held while muted come due now and go out as one summary."""
    was_muted = is_muted(await services.db.chats.chat_settings(chat_id), now)
    await services.db.chats.set_muted_until(chat_id, None)
    return was_muted, await services.db.delivery.release_held_now(chat_id, now)


async def set_quiet_hours(services: Services, chat_id: int, start: int, end: int) -> None:
    await services.db.chats.set_quiet_hours(chat_id, start, end)


async def quiet_hours_off(services: Services, chat_id: int, now: datetime) -> int:
    """No more quiet hours: the alerts held so far become due now; returns how many."""
    await services.db.chats.set_quiet_hours(chat_id, None, None)
    return await services.db.delivery.release_held_now(chat_id, now)


async def set_timezone(
    services: Services, chat_id: int, timezone: str, now: datetime
) -> ChatSettings:
    """The chat's time zone; its digest, if it has one, is due at its time in that zone."""
    await services.db.chats.set_timezone(chat_id, timezone)
    settings = await services.db.chats.chat_settings(chat_id)
    if settings.digest_at is None:
        return settings
    period = services.settings.alert_digest_period_seconds
    await services.db.chats.set_digest_due(chat_id, next_digest_at(settings, now, period))
    return await services.db.chats.chat_settings(chat_id)


async def set_daily_digest(
    services: Services, chat_id: int, minutes: int | None, now: datetime
) -> ChatSettings:
    """A daily digest at `minutes` after local midnight instead of instant alerts (None:
    instant alerts again, no digest due); the first digest covers what comes after `now`
    and is due at the chat's next such local time."""
    next_due = None
    if minutes is not None:
        zone_name = (await services.db.chats.chat_settings(chat_id)).timezone
        chosen = ChatSettings(chat_id, timezone=zone_name, digest_at=minutes)
        next_due = next_digest_at(chosen, now, services.settings.alert_digest_period_seconds)
    await services.db.chats.set_digest(chat_id, minutes, now, next_due)
    return await services.db.chats.chat_settings(chat_id)
