"""What /iran and /who answer: who stands where, then the latest statements."""

from __future__ import annotations

from dataclasses import dataclass

from extraction import Topic
from services.context import Services
from services.positions import find_speaker
from storage import StatementRow
from storage.models import PositionChange, PositionRow, SpeakerRow

PAGE_SIZE = 5
POSITIONS_SHOWN = 8


@dataclass(frozen=True)
class Position:
    """One speaker's line on one topic: dominant stance, evidence, how long it has held."""

    speaker: str
    role: str | None
    topic: str
    stance: str  # positive | negative | neutral
    statements: int
    first: str
    latest: str
    strongest_quote: str | None = None


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    total: int
    positions: tuple[Position, ...]
    statements: tuple[StatementRow, ...]
    page: int
    pages: int
    changes: tuple[PositionChange, ...] = ()


@dataclass(frozen=True)
class SpeakerView:
    speaker: SpeakerRow
    positions: tuple[Position, ...]


async def _position(services: Services, row: PositionRow) -> Position:
    best = await services.db.positions.strongest_statement(row.speaker_id, row.topic, row.stance)
    return Position(
        speaker=row.speaker,
        role=row.role,
        topic=row.topic,
        stance=row.stance,
        statements=row.statements,
        first=row.first,
        latest=row.latest,
        strongest_quote=best[0] if best else None,
    )


async def topic_view(services: Services, slug: str, page: int = 0) -> TopicView | None:
    topic = services.resources.topic(slug)
    if topic is None:
        return None
    db = services.db
    total = await db.statements.count_for_topic(slug)
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 0), pages - 1)
    statements = await db.statements.statements_for_topic(
        slug, limit=PAGE_SIZE, offset=page * PAGE_SIZE
    )
    rows = await db.positions.positions_for_topic(slug, POSITIONS_SHOWN)
    changes = await db.positions.position_changes_for_topic(slug)
    return TopicView(
        topic=topic,
        total=total,
        positions=tuple([await _position(services, r) for r in rows]),
        statements=tuple(statements),
        page=page,
        pages=pages,
        changes=tuple(changes),
    )


async def speaker_views(services: Services, query: str) -> list[SpeakerView]:
    """/who NAME: every speaker the name could mean (usually one), with their positions."""
    views = []
    for speaker_id in await find_speaker(services.db, query):
        matches = await services.db.speakers.speakers_by_id([speaker_id])
        if not matches:
            continue
        rows = await services.db.positions.positions_for_speaker(speaker_id)
        positions = tuple([await _position(services, r) for r in rows])
        views.append(SpeakerView(matches[0], positions))
    return views


async def merge_speakers(services: Services, keep: str, merge: str) -> tuple[str, str]:
    """Merge the speaker named `merge` into `keep`; names must each match one speaker."""
    keep_ids = await find_speaker(services.db, keep)
    merge_ids = await find_speaker(services.db, merge)
    if len(keep_ids) != 1 or len(merge_ids) != 1:
        missing = keep if len(keep_ids) != 1 else merge
        missing = missing if len(missing) <= 100 else missing[:99] + "…"
        raise LookupError(f"“{missing}” does not name exactly one speaker on record")
    if keep_ids == merge_ids:
        raise LookupError("those names are already the same speaker")
    kept, merged = await services.db.speakers.speakers_by_id([keep_ids[0], merge_ids[0]])
    await services.db.speakers.merge_speakers(kept.id, merged.id)
    return kept.name, merged.name


@dataclass(frozen=True)
class StatementInContext:
    """A statement shown inside its paragraph: the text before, the statement, after."""

    statement: StatementRow
    before: str
    quoted: str
    after: str


def paragraph_around(text: str, start: int, end: int) -> tuple[str, str, str]:
    """The lines containing [start, end): (before, the span, after), cut at line breaks."""
    start, end = max(0, min(start, len(text))), max(0, min(end, len(text)))
    first = text.rfind("\n", 0, start) + 1
    last = text.find("\n", end)
    last = len(text) if last < 0 else last
    return text[first:start], text[start:end], text[end:last]


async def statement_in_context(services: Services, statement_id: int) -> StatementInContext | None:
    found = await services.db.statements.statement_in_article(statement_id)
    if found is None:
        return None
    row, text, (start, end) = found
    before, quoted, after = paragraph_around(text, start, end)
    return StatementInContext(row, before, quoted, after)
