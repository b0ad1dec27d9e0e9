"""/mute, /unmute, /quiet, /timezone, /digest.

Settings live in the database, and so does each chat's next digest time: the senders plan
due digests from the record (`services.digest`), so no timer here has to survive a restart.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from telegram import Update
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import services_of
from handlers.format import HELP_POINTER, count_of, esc, topic_commands
from handlers.format_alerts import render_digest_alert
from services.alert_content import topic_digest
from services.alert_settings import (
    chat_settings,
    mute,
    quiet_hours_off,
    set_daily_digest,
    set_quiet_hours,
    set_timezone,
    unmute,
)
from services.alerts import (
    FOREVER,
    BadArgument,
    clock,
    parse_clock,
    parse_duration,
    parse_quiet,
    parse_timezone,
    zone,
)
from services.subscriptions import subscriptions
from services.suggest import nearest_timezone, nearest_topic
from storage.alert_models import ChatSettings

# What /mute means for the alerts due while it lasts (services.alerts.route holds them).
MEANWHILE = (
    "Alerts due meanwhile are held; when the mute ends you get one summary of them, not a flood."
)
USAGE = {
    "mute": "Usage: /mute (until /unmute) or /mute 2h — also 30m, 1d, 1h30m",
    "quiet": "Usage: /quiet 23-7 (alerts held 23:00–07:00 your time, then one summary), "
    "/quiet 22:30-6:45, or /quiet off",
    "timezone": "Usage: /timezone Europe/Berlin — a tz database name (UTC, America/New_York, …)",
    "digest": "Usage: /digest daily 08:00 (a daily digest instead of instant alerts), "
    "/digest off (instant alerts again), or /digest TOPIC (what's new on it now)",
}


def _now() -> datetime:
    return datetime.now(UTC)


def _local(settings: ChatSettings, moment: datetime) -> str:
    local = moment.astimezone(zone(settings.timezone))
    return f"{local:%H:%M} {esc(settings.timezone)}" + (
        f" on {local:%d %b}" if moment - _now() > timedelta(hours=20) else ""
    )


async def _reply(update: Update, text: str) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(text)


async def on_mute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services, chat_id = services_of(context), update.effective_chat.id  # type: ignore[union-attr]
    args = context.args or []
    try:
        until = _now() + parse_duration("".join(args)) if args else FOREVER
    except BadArgument:
        await _reply(update, USAGE["mute"])
        return
    settings = await mute(services, chat_id, until)
    if until == FOREVER:
        await _reply(update, f"🔕 Alerts muted until you send /unmute. {MEANWHILE}")
    else:
        await _reply(
            update,
            f"🔕 Alerts muted until {_local(settings, until)}; /unmute ends it sooner. "
            + MEANWHILE,
        )


async def on_unmute(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services, chat_id = services_of(context), update.effective_chat.id  # type: ignore[union-attr]
    was_muted, released = await unmute(services, chat_id, _now())
    topics = await subscriptions(services, chat_id)
    following = (
        f"New statements on {topic_commands(topics)} come as they arrive."
        if topics
        else "You follow no topic yet: /subscribe iran, for one."
    )
    first = "🔔 Alerts are on again." if was_muted else "🔔 Alerts were not muted."
    if released > 1:
        first += f" The {count_of(released, 'alert')} held meanwhile come now, as one summary."
    elif released == 1:
        first += " The alert held meanwhile comes now."
    await _reply(update, f"{first} {following}")


async def on_quiet(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services, chat_id = services_of(context), update.effective_chat.id  # type: ignore[union-attr]
    args = context.args or []
    settings = await chat_settings(services, chat_id)
    if not args:
        current = (
            f"Quiet hours: {clock(settings.quiet_start)}–{clock(settings.quiet_end)} "
            f"({esc(settings.timezone)})."
            if settings.quiet_start is not None and settings.quiet_end is not None
            else "No quiet hours set."
        )
        await _reply(update, f"{current}\n{USAGE['quiet']}")
        return
    if len(args) == 1 and args[0].lower() in ("off", "none"):
        released = await quiet_hours_off(services, chat_id, _now())
        extra = f" {released} held alert(s) are on their way." if released else ""
        await _reply(update, f"Quiet hours off.{extra}")
        return
    try:
        start, end = parse_quiet("".join(args))
    except BadArgument:
        await _reply(update, USAGE["quiet"])
        return
    await set_quiet_hours(services, chat_id, start, end)
    await _reply(
        update,
        f"🌙 Quiet hours {clock(start)}–{clock(end)} ({esc(settings.timezone)}): alerts due "
        "then are held and come as one summary when they end. /timezone sets your zone.",
    )


async def on_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services, chat_id = services_of(context), update.effective_chat.id  # type: ignore[union-attr]
    typed = " ".join(context.args or [])
    if not typed:
        settings = await chat_settings(services, chat_id)
        await _reply(update, f"Your time zone: {esc(settings.timezone)}.\n{USAGE['timezone']}")
        return
    try:
        name = parse_timezone(typed.replace(" ", "_"))
    except BadArgument:
        guess = nearest_timezone(typed)
        hint = (
            f"Did you mean /timezone {esc(guess)}? {HELP_POINTER}" if guess else USAGE["timezone"]
        )
        await _reply(update, f"Unknown time zone “{echo(typed)}”. {hint}")
        return
    await set_timezone(services, chat_id, name, _now())
    local = _now().astimezone(zone(name))
    await _reply(update, f"Time zone set to {esc(name)} (it is {local:%H:%M} there now).")


async def on_digest(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services, chat_id = services_of(context), update.effective_chat.id  # type: ignore[union-attr]
    args = [a.lower() for a in context.args or []]
    if len(args) == 2 and args[0] == "daily":
        try:
            minutes = parse_clock(args[1])
        except BadArgument:
            await _reply(update, USAGE["digest"])
            return
        settings = await set_daily_digest(services, chat_id, minutes, _now())
        await _reply(
            update,
            f"🗞 A daily digest at {clock(minutes)} ({esc(settings.timezone)}) instead of "
            "instant alerts; nothing is sent on a day with nothing new. /digest off undoes it.",
        )
        return
    if args == ["off"]:
        await set_daily_digest(services, chat_id, None, _now())
        await _reply(update, "🔔 Instant alerts again; the daily digest is off.")
        return
    if len(args) == 1 and services.resources.topic(args[0].lstrip("/")) is not None:
        slug = args[0].lstrip("/")
        digest = await topic_digest(services, chat_id, slug, _now())
        if digest is None:
            await _reply(update, f"Nothing new on /{esc(slug)} since your last digest.")
            return
        topics = {t.slug: t for t in services.resources.topics}
        await _reply(update, render_digest_alert(digest, topics))
        return
    guess = nearest_topic(args[0], services.resources.topics) if len(args) == 1 else None
    if guess is not None:
        await _reply(
            update,
            f"No topic called “{echo(args[0])}”. Did you mean /digest {guess}? {HELP_POINTER}",
        )
        return
    await _reply(update, USAGE["digest"])
