"""A speaker's record over time: statements per month per topic, for /who's timeline.

`/who` resolves the speaker (aliases, merges) and calls `speaker_timeline` with the row it
found; the months come newest first, as a reader scans them.
"""

from __future__ import annotations

from dataclasses import dataclass

from services.context import Services

MAX_MONTHS = 12
NO_TOPIC = ""  # statements the tagger gave no topic


@dataclass(frozen=True)
class MonthOnRecord:
    month: str  # YYYY-MM
    topics: tuple[tuple[str, int], ...]  # (slug or NO_TOPIC, statements), most first
    total: int


@dataclass(frozen=True)
class SpeakerTimeline:
    speaker_id: int
    speaker: str
    months: tuple[MonthOnRecord, ...]  # newest first, at most MAX_MONTHS
    earlier: int  # statements in months before those shown


async def speaker_timeline(
    services: Services,
    speaker_id: int,
    speaker: str,
    max_months: int = MAX_MONTHS,
    topic: str | None = None,
) -> SpeakerTimeline:
    """The speaker's months, newest first; only their statements on `topic`, when given."""
    rows = await services.db.speakers.speaker_topics_by_month(speaker_id)
    by_month: dict[str, dict[str, int]] = {}
    totals: dict[str, int] = {}
    for month, slug, count in rows:
        if topic is None or slug == topic:
            by_month.setdefault(month, {})[slug] = count
    # A statement with two topics counts once in the month's total.
    if topic is None:
        for month, count in await services.db.speakers.speaker_statements_by_month(speaker_id):
            totals[month] = count
    months = sorted(by_month, reverse=True)
    shown = [
        MonthOnRecord(
            month=month,
            topics=tuple(
                sorted(by_month[month].items(), key=lambda kv: (kv[0] == NO_TOPIC, -kv[1], kv[0]))
            ),
            total=totals.get(month, sum(by_month[month].values())),
        )
        for month in months[:max_months]
    ]
    earlier = sum(totals.get(m, 0) for m in months[max_months:])
    return SpeakerTimeline(speaker_id, speaker, tuple(shown), earlier)
