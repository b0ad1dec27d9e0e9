"""What /iran and /who answer: who is on which side of each target, then the latest
statements; a speaker's sides per target over time."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from extraction import Topic
from services.context import Services
from services.positions import find_speaker, target_label, targets_of
from storage import StatementRow
from storage.models import PositionChange, SpeakerOnTarget, SpeakerRow

# Each page of /TOPIC is one phone screen: the first also says who stands where, so it
# holds fewer statements. Three are what a phone shows with room for their quotes.
FIRST_PAGE_SIZE = 2
PAGE_SIZE = 3
NAMES_PER_SIDE = 3
CHANGES_READ = 50  # a speaker's latest changes of line, for /who


@dataclass(frozen=True)
class SideOnRecord:
    """One side of a target: its speakers (most statements first), how many more there
    are, and the id of the side's strongest statement (tap /show_ID to read it)."""

    side: str  # for | against
    speakers: tuple[tuple[str, int], ...]
    more: int
    strongest: int | None


@dataclass(frozen=True)
class TargetOnRecord:
    slug: str
    label: str  # "military strikes on Iran"
    sides: tuple[SideOnRecord, ...]  # the side more speakers take first


@dataclass(frozen=True)
class TopicView:
    topic: Topic
    total: int
    targets: tuple[TargetOnRecord, ...]  # only targets with sides on record
    statements: tuple[StatementRow, ...]
    page: int
    pages: int
    changes: tuple[PositionChange, ...] = ()
    # The topic's targets, slug -> label: the statements' sides shown are those on these.
    labels: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class SpeakerSides:
    """A speaker's statements on one target by side, their latest side first."""

    slug: str
    label: str
    record: SpeakerOnTarget
    strongest: int | None  # their strongest statement on their latest side
    changes: tuple[PositionChange, ...] = ()

    @property
    def side(self) -> str:
        return latest_side(self.record)


def latest_side(record: SpeakerOnTarget) -> str:
    """The side of the speaker's latest statement on the target (else the side they took
    more often)."""
    if record.last_side is not None:
        return record.last_side
    return "for" if record.for_statements > record.against_statements else "against"


@dataclass(frozen=True)
class SpeakerView:
    speaker: SpeakerRow
    sides: tuple[SpeakerSides, ...]


async def targets_on_record(services: Services, slug: str) -> tuple[TargetOnRecord, ...]:
    """The topic's targets that have speakers on a side, each side with its strongest quote."""
    targets = targets_of(services.resources, slug)
    db = services.db
    found: dict[str, list[SideOnRecord]] = {}
    rows = await db.positions.sides_on_targets([t.slug for t in targets], NAMES_PER_SIDE)
    # Side by side, as `sides_on_targets` reads: one round trip to the database, not one a side.
    strongest = await asyncio.gather(
        *(db.positions.strongest_statement(row.target, row.side) for row in rows)
    )
    for row, statement in zip(rows, strongest, strict=True):
        side = SideOnRecord(row.side, row.speakers, row.more, statement)
        found.setdefault(row.target, []).append(side)
    return tuple(
        TargetOnRecord(
            t.slug,
            t.label,
            tuple(sorted(found[t.slug], key=lambda s: (-(len(s.speakers) + s.more), s.side))),
        )
        for t in targets
        if t.slug in found
    )


def topic_pages(total: int) -> int:
    """How many pages /TOPIC takes for `total` statements."""
    return 1 + max(0, -(-(total - FIRST_PAGE_SIZE) // PAGE_SIZE))


def page_window(page: int) -> tuple[int, int]:
    """(offset, limit) of page `page`'s statements, newest first."""
    if page == 0:
        return 0, FIRST_PAGE_SIZE
    return FIRST_PAGE_SIZE + (page - 1) * PAGE_SIZE, PAGE_SIZE


async def topic_view(services: Services, slug: str, page: int = 0) -> TopicView | None:
    topic = services.resources.topic(slug)
    if topic is None:
        return None
    db = services.db
    targets = targets_of(services.resources, slug)
    labels = {t.slug: t.label for t in targets}
    if page > 0:  # a later page: its statements only
        total = await db.statements.count_for_topic(slug)
        pages = topic_pages(total)
        page = min(page, pages - 1)
        offset, limit = page_window(page)
        statements = await db.statements.statements_for_topic(slug, limit=limit, offset=offset)
        if page > 0:
            return TopicView(topic, total, (), tuple(statements), page, pages, (), labels)
    # The first page (who stands where, changes of line, the latest statements): its reads
    # do not depend on one another and go to the database together, one wait on a busy
    # event loop instead of one each (bench/notes.md, figure 2).
    offset, limit = page_window(0)
    total, statements, changes, on_record = await asyncio.gather(
        db.statements.count_for_topic(slug),
        db.statements.statements_for_topic(slug, limit=limit, offset=offset),
        db.positions.changes_of_line(targets=[t.slug for t in targets]),
        targets_on_record(services, slug),
    )
    return TopicView(
        topic, total, on_record, tuple(statements), 0, topic_pages(total), tuple(changes), labels
    )


async def speaker_sides(
    services: Services, speaker_id: int, topic: str | None = None
) -> tuple[SpeakerSides, ...]:
    """The speaker's sides per target (only `topic`'s targets, when given), each with its
    strongest quote and changes of line."""
    db = services.db
    changes = await db.positions.changes_of_line(speaker_id=speaker_id, limit=CHANGES_READ)
    wanted = {t.slug for t in targets_of(services.resources, topic)} if topic else None
    sides = []
    for record in await db.positions.positions_of_speaker(speaker_id):
        if wanted is not None and record.target not in wanted:
            continue
        side = latest_side(record)
        sides.append(
            SpeakerSides(
                record.target,
                target_label(services.resources, record.target),
                record,
                await db.positions.strongest_statement(record.target, side, speaker_id),
                tuple(c for c in changes if c.target == record.target),
            )
        )
    return tuple(sides)


async def speaker_views(
    services: Services, query: str, topic: str | None = None
) -> list[SpeakerView]:
    """/who NAME [TOPIC]: every speaker the name could mean (usually one), with their sides
    (on the topic's targets only, when one is given)."""
    views = []
    for speaker_id in await find_speaker(services.db, query):
        matches = await services.db.speakers.speakers_by_id([speaker_id])
        if matches:
            sides = await speaker_sides(services, speaker_id, topic)
            views.append(SpeakerView(matches[0], sides))
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
