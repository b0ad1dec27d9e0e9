"""The daily digest: when a chat's digest is due, and planning the due ones.

A chat in digest mode keeps its next due time in the record (`digest_next_due`, UTC). The
sender loop of every process that runs one (the front's, `python -m bot sender`) calls
`plan_due_digests` at each step: it takes each due chat in one transaction that writes the
digest to the outbox and moves the due time on, so a digest is planned once per due time
whichever process takes it, and a restart repeats none. The digest goes out through the
outbox like any alert, covering the statements on the chat's topics since its previous
digest (its marks); a day with nothing new sends nothing.

Overdue by days (nobody ran a sender meanwhile): one digest, covering everything since the
marks, and the next due time is the chat's next local time after now — never one per
missed day.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from services.alerts import is_muted, local_at, zone
from services.context import Services
from storage.alert_models import ChatSettings, DigestPlan

DAY_SECONDS = 86400
# Due digests one sender step plans at most (the rest in its next step).
PLAN_BATCH = 100


def next_digest_at(settings: ChatSettings, now: datetime, period_seconds: int) -> datetime:
    """The next digest time after `now`: the local HH:MM on the chat's wall clock, so that
    08:00 stays 08:00 across a DST change. A period other than a day (tests shorten it)
    repeats from today's HH:MM every `period_seconds`."""
    assert settings.digest_at is not None
    tz = zone(settings.timezone)
    today = now.astimezone(tz).date()
    if period_seconds == DAY_SECONDS:
        return next(
            t
            for day in (today + timedelta(days=d) for d in (-1, 0, 1, 2))
            if (t := local_at(day, settings.digest_at, tz)) > now
        )
    anchor = local_at(today, settings.digest_at, tz)
    period = timedelta(seconds=period_seconds)
    if anchor > now:
        while anchor - period > now:
            anchor -= period
        return anchor
    steps = (now - anchor) // period + 1
    return anchor + steps * period


def missed_digest(settings: ChatSettings, now: datetime, period_seconds: int) -> bool:
    """A digest time passed since the digest last ran (for a chat scheduled before due
    times were kept in the record: its first planning writes one only then)."""
    if settings.digest_at is None:
        return False
    previous = next_digest_at(settings, now, period_seconds) - timedelta(seconds=period_seconds)
    return settings.digest_ran_at is None or settings.digest_ran_at < previous


def digest_plan(settings: ChatSettings, now: datetime, period_seconds: int) -> DigestPlan:
    """A due chat's digest: written now unless the chat is muted (its marks then stay, so
    the next digest covers today too); next due at its next local time after now."""
    due = settings.digest_next_due is not None or missed_digest(settings, now, period_seconds)
    return DigestPlan(
        write=due and not is_muted(settings, now),
        next_due=next_digest_at(settings, now, period_seconds),
    )


async def plan_due_digests(services: Services, now: datetime) -> int:
    """Plan every chat's digest due by `now` (up to PLAN_BATCH); how many were taken."""
    period = services.settings.alert_digest_period_seconds
    taken = 0
    while taken < PLAN_BATCH:
        planned = await services.db.chats.plan_due_digest(
            now, lambda settings: digest_plan(settings, now, period)
        )
        if planned is None:
            break
        taken += 1
    return taken
