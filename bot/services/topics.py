"""What /iran answers: positions per speaker on a topic, then its latest statements."""

from __future__ import annotations

from dataclasses import dataclass

from bot.services.context import Services
from extraction import Topic
from storage import StatementRow

PAGE_SIZE = 5


@dataclass(frozen=True)
class Position:
    """One speaker's line on one topic, summarised from their statements."""

    speaker: str
    role: str | None
    stance: str  # the dominant stance: positive | negative | neutral
    statements: int
    latest: str


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    total: int
    positions: tuple[Position, ...]
    statements: tuple[StatementRow, ...]
    page: int
    pages: int


def dominant_stance(rows: list[StatementRow]) -> str:
    """Most frequent non-neutral stance; ties and all-neutral give neutral."""
    counts = {"positive": 0, "negative": 0}
    for row in rows:
        stance = row.topic_stance or row.stance
        if stance in counts:
            counts[stance] += 1
    if counts["positive"] == counts["negative"]:
        return "neutral"
    return max(counts, key=lambda k: counts[k])


def positions_from(rows: list[StatementRow]) -> tuple[Position, ...]:
    by_speaker: dict[str, list[StatementRow]] = {}
    for row in rows:
        if row.speaker:
            by_speaker.setdefault(row.speaker, []).append(row)
    positions = [
        Position(
            speaker=name,
            role=next((r.speaker_role for r in group if r.speaker_role), None),
            stance=dominant_stance(group),
            statements=len(group),
            latest=max(r.created_at for r in group),
        )
        for name, group in by_speaker.items()
    ]
    positions.sort(key=lambda p: (-p.statements, p.speaker))
    return tuple(positions)


async def topic_view(services: Services, slug: str, page: int = 0) -> TopicView | None:
    topic = services.resources.topic(slug)
    if topic is None:
        return None
    total = await services.db.count_for_topic(slug)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    # Positions summarise the latest 200 statements; the page is fetched on its own.
    recent = await services.db.statements_for_topic(slug, limit=200)
    statements = await services.db.statements_for_topic(
        slug, limit=PAGE_SIZE, offset=page * PAGE_SIZE
    )
    return TopicView(
        topic=topic,
        total=total,
        positions=positions_from(recent),
        statements=tuple(statements),
        page=page,
        pages=pages,
    )
