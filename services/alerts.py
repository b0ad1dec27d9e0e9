"""Alert planning: who gets what, and when.

Pure functions decide; the sender and the ingest service act on their answers:

- `plan_article_alerts`: one alert per chat and article, listing its statements on the
  chat's topics and by the speakers it follows; not to the chat that sent the article; an
  edit of the chat's first alert when the article is another report of a story it was
  already alerted about.
- `route`: what to do with a due alert now — send, hold (quiet hours, mute), or skip
  (digest mode).
- quiet hours and mute in the chat's own time zone (a digest's time: `services.digest`).
- `find_story`: the earlier report a new article near-duplicates, within a time window:
  the same speaker saying the same thing (rapidfuzz token-set similarity of what each
  speaker said), or the same gist when a report has no statements to compare.
"""

from __future__ import annotations

import functools
import re
import zoneinfo
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from rapidfuzz import fuzz

from storage.alert_models import (
    ArticleAlertContext,
    ChatSettings,
    NewAlert,
    Said,
    StoryCandidate,
)

FOREVER = datetime(9999, 1, 1, tzinfo=UTC)
MUTED, QUIET = "muted", "quiet hours"  # why an alert is held (recorded on the row)
MIN_SIMILAR_CHARS = 40  # shorter texts match too easily to call two reports one story


class BadArgument(ValueError):
    """A command argument that doesn't parse; the handler answers with a usage line."""


# -- who gets what ----------------------------------------------------------------------


def plan_article_alerts(context: ArticleAlertContext) -> list[NewAlert]:
    """One row per chat: the article's statements on that chat's topics and by the speakers
    it follows, in one alert even when a statement is both."""
    alerts = []
    for recipient in context.recipients:
        if recipient.disabled or recipient.chat_id == context.sender_chat_id:
            continue
        wanted, followed = set(recipient.topics), set(recipient.speakers)
        statement_ids = [
            statement_id
            for statement_id in dict.fromkeys([*context.statement_topics, *context.speaker_ids])
            if wanted.intersection(context.statement_topics.get(statement_id, ()))
            or context.speaker_ids.get(statement_id) in followed
        ]
        if not statement_ids:
            continue
        payload: dict[str, object] = {"statements": sorted(statement_ids)}
        by_followed = [i for i in statement_ids if context.speaker_ids.get(i) in followed]
        if by_followed:  # whose statements the alert is for, named in its first line
            payload["followed"] = list(dict.fromkeys(context.speakers[i] for i in by_followed))
        alerts.append(
            NewAlert(
                chat_id=recipient.chat_id,
                kind="article",
                article_id=context.article_id,
                topics=recipient.topics,
                payload=payload,
                edit_of=recipient.story_alert_id,
            )
        )
    return alerts


def story_text(gist: str, statements: Sequence[str]) -> str:
    """What two reports are compared on: their statements, else their gist."""
    joined = " ".join(statements)
    return joined if len(joined) >= MIN_SIMILAR_CHARS else gist


def similarity(a: str, b: str) -> float:
    """0–100: token-set similarity, so a shorter report inside a longer one still matches."""
    if min(len(a), len(b)) < MIN_SIMILAR_CHARS:
        return 0.0
    return float(fuzz.token_set_ratio(a.casefold(), b.casefold()))


def speaker_of(said: Said) -> frozenset[str]:
    """The keys that name who said it; an unnamed source by its words as written."""
    if said.speaker_keys:
        return frozenset(said.speaker_keys)
    return frozenset({"\x00" + " ".join((said.speaker_text or "").casefold().split())})


def story_similarity(gist: str, said: Sequence[Said], candidate: StoryCandidate) -> float:
    """0–100: how surely `candidate` reports the same story. With statements on both sides,
    one story means the same speaker saying the same thing: the best similarity between
    what one speaker said here and what the same speaker (any key in common) said there.
    Near-identical words from two different speakers are two stories."""
    mine = story_text(gist, [s.text for s in said])
    theirs = story_text(candidate.gist, [s.text for s in candidate.statements])
    if mine == gist or theirs == candidate.gist:  # a report without statements: its gist
        return similarity(mine, theirs)
    best = 0.0
    for keys in dict.fromkeys(speaker_of(s) for s in said):
        own = " ".join(s.text for s in said if speaker_of(s) == keys)
        same = " ".join(s.text for s in candidate.statements if speaker_of(s) & keys)
        if same:
            best = max(best, similarity(own, same))
    return best


def find_story(
    gist: str, said: Sequence[Said], candidates: Sequence[StoryCandidate], threshold: float
) -> StoryCandidate | None:
    """The most similar earlier report at or above `threshold`, if any."""
    best: StoryCandidate | None = None
    best_score = threshold
    for candidate in candidates:
        score = story_similarity(gist, said, candidate)
        if score >= best_score:
            best, best_score = candidate, score
    return best


# -- when -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Decision:
    action: str  # send | hold | skip
    until: datetime | None = None  # hold: when quiet hours or the mute end
    reason: str = ""  # skip or hold: why (recorded on the row)


SEND = Decision("send")


def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return ZoneInfo("UTC")


def is_muted(settings: ChatSettings, now: datetime) -> bool:
    return settings.muted_until is not None and now < settings.muted_until


def in_quiet_hours(minute_of_day: int, start: int | None, end: int | None) -> bool:
    """Quiet hours [start, end) in minutes after midnight; they may run across midnight.
    start == end means none."""
    if start is None or end is None or start == end:
        return False
    if start < end:
        return start <= minute_of_day < end
    return minute_of_day >= start or minute_of_day < end


def local_at(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """`day` at `minutes` after local midnight in `tz`, as UTC (a time skipped by a DST
    change resolves the way zoneinfo maps it, i.e. shifted by the gap)."""
    local = datetime.combine(day, time(minutes // 60, minutes % 60), tzinfo=tz)
    return local.astimezone(UTC)


def quiet_end_after(settings: ChatSettings, now: datetime) -> datetime:
    """When the quiet hours `now` falls in end, in UTC."""
    assert settings.quiet_end is not None
    tz = zone(settings.timezone)
    today = now.astimezone(tz).date()
    for offset in range(3):
        end = local_at(today + timedelta(days=offset), settings.quiet_end, tz)
        if end > now:
            return end
    return now + timedelta(days=1)  # unreachable for valid settings


def route(kind: str, settings: ChatSettings, now: datetime, is_edit: bool = False) -> Decision:
    """What to do with a due alert of `kind` for this chat now."""
    if settings.disabled_at is not None:
        return Decision("skip", reason="chat disabled")
    if is_edit:
        return SEND  # an edit changes a message the chat already has; it makes no sound
    if kind == "digest":
        # The chat chose the digest's time itself; a mute skips it, and the next digest
        # covers the day (its marks did not move: services.digest).
        return Decision("skip", reason="muted") if is_muted(settings, now) else SEND
    if settings.digest_at is not None:
        return Decision("skip", reason="in the daily digest")
    if is_muted(settings, now):
        assert settings.muted_until is not None
        return Decision("hold", until=settings.muted_until, reason=MUTED)
    local = now.astimezone(zone(settings.timezone))
    if in_quiet_hours(local.hour * 60 + local.minute, settings.quiet_start, settings.quiet_end):
        return Decision("hold", until=quiet_end_after(settings, now), reason=QUIET)
    return SEND


# -- parsing command arguments ----------------------------------------------------------

_DURATION = re.compile(r"([0-9]{1,5})\s*(m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|weeks?)")
_UNIT_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 604800}
_CLOCK = re.compile(r"([0-9]{1,2})(?::([0-9]{2}))?")  # ASCII digits, as every number read


def parse_duration(text: str) -> timedelta:
    """'2h', '30m', '1d', '1h30m' → timedelta; anything else is a BadArgument."""
    text = text.strip().lower().replace(" ", "")
    total = 0
    position = 0
    for match in _DURATION.finditer(text):
        if match.start() != position:
            break
        total += int(match.group(1)) * _UNIT_SECONDS[match.group(2)[0]]
        position = match.end()
    if not text or position != len(text) or total <= 0 or total > 366 * 86400:
        raise BadArgument(text)
    return timedelta(seconds=total)


def parse_clock(text: str) -> int:
    """'7', '07:30', '23:05' → minutes after midnight."""
    match = _CLOCK.fullmatch(text.strip())
    if not match:
        raise BadArgument(text)
    hours, minutes = int(match.group(1)), int(match.group(2) or 0)
    if hours > 23 or minutes > 59:
        raise BadArgument(text)
    return hours * 60 + minutes


def parse_quiet(text: str) -> tuple[int, int]:
    """'23-7', '22:30-06:45' → (start, end) minutes after midnight."""
    parts = text.replace("–", "-").split("-")
    if len(parts) != 2:
        raise BadArgument(text)
    start, end = parse_clock(parts[0]), parse_clock(parts[1])
    if start == end:
        raise BadArgument(text)
    return start, end


@functools.cache
def _zone_names() -> dict[str, str]:
    """Every tz database name, by its case-folded form."""
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def parse_timezone(text: str) -> str:
    """A tz database name, as the database spells it ('europe/berlin' → 'Europe/Berlin').

    Only names of the database's list are looked up: `ZoneInfo("Europe")` opens a directory
    (IsADirectoryError), and a 256-character name is an OSError before it is a bad name.
    """
    name = _zone_names().get(text.strip().casefold()) if len(text) <= 64 else None
    if name is None:
        raise BadArgument(text)
    return name


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
