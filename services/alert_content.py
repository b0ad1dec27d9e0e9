"""What an alert says: read at send time from the outbox row and the record.

Rows store references (statement ids, statement-id ranges), not rendered text, so an alert
shows the record as it is when sent: a corrected statement reads corrected, a deleted one is
left out, and an alert edited for a later report lists every source known by then.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from services.context import Services
from services.headline import headline
from services.positions import targets_of
from storage import StatementRow
from storage.alert_models import OutboxRow

STATEMENTS_PER_ALERT = 5
STATEMENTS_PER_DIGEST_TOPIC = 5
ANOTHER_SOURCE = "another source"
MAX_SIDES_PER_SPEAKER = 2


@dataclass(frozen=True)
class ArticleAlert:
    kind: ClassVar[str] = "article"

    gist: str
    source: str | None
    source_url: str | None
    topics: tuple[str, ...]
    statements: tuple[StatementRow, ...]  # the chat's own first (`for_the_chat`), at most 5
    total: int  # statements on the chat's topics and by the speakers it follows
    also_reported_by: tuple[str, ...] = ()
    covers: tuple[int, ...] = ()  # the later reports (outbox rows) also_reported_by lists
    followed: tuple[str, ...] = ()  # the speakers the chat follows that it quotes


@dataclass(frozen=True)
class PositionChangeAlert:
    """Payload of a 'position_change' row (`services.article_alerts`): a speaker's change
    of line on a target, from `previous` to `current` side."""

    kind: ClassVar[str] = "position_change"

    speaker: str
    topic: str
    target: str
    previous: str
    current: str
    statement: str | None = None
    source: str | None = None
    display: str | None = None  # the reporter's words for a noun-phrase statement

    @classmethod
    def from_payload(cls, payload: dict[str, Any], topics: tuple[str, ...]) -> PositionChangeAlert:
        target = str(payload.get("target") or "")
        return cls(
            speaker=str(payload.get("speaker") or "Someone"),
            topic=topics[0] if topics else target.split(".", 1)[0],
            target=target,
            previous=str(payload.get("previous") or ""),
            current=str(payload.get("current") or ""),
            statement=payload.get("statement"),
            source=payload.get("source"),
            display=payload.get("display"),
        )


@dataclass(frozen=True)
class SpeakerLine:
    """A speaker among the statements a digest covers, with the sides they took there:
    (side, target) pairs, most taken first."""

    speaker: str
    role: str | None
    statements: int
    sides: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class DigestSection:
    topic: str
    total: int
    statements: tuple[StatementRow, ...]
    positions: tuple[SpeakerLine, ...]


@dataclass(frozen=True)
class DigestAlert:
    kind: ClassVar[str] = "digest"

    sections: tuple[DigestSection, ...]
    daily: bool = True  # False: asked for with /digest TOPIC
    first_time: bool = False  # no earlier digest: the best of everything on record


@dataclass(frozen=True)
class SummaryAlert:
    """Alerts held during quiet hours or a mute, delivered together."""

    kind: ClassVar[str] = "summary"

    items: tuple[ArticleAlert | PositionChangeAlert, ...]
    reason: str = "quiet hours"  # or "muted": the mute's summary is counts and the best few


AlertContent = ArticleAlert | PositionChangeAlert | DigestAlert | SummaryAlert


def speaker_lines(
    rows: list[StatementRow], targets: frozenset[str] | None = None
) -> tuple[SpeakerLine, ...]:
    """Per speaker: their statements and the sides they took in them (on `targets`, when
    given), most statements first."""
    grouped: dict[str, list[StatementRow]] = {}
    for row in rows:
        if row.speaker:
            grouped.setdefault(row.speaker, []).append(row)
    lines = []
    for speaker, group in grouped.items():
        taken = Counter(
            (p.side, p.target)
            for r in group
            for p in r.positions
            if targets is None or p.target in targets
        )
        sides = tuple(pair for pair, _ in sorted(taken.items(), key=lambda kv: -kv[1]))
        role = next((r.speaker_role for r in group if r.speaker_role), None)
        lines.append(SpeakerLine(speaker, role, len(group), sides[:MAX_SIDES_PER_SPEAKER]))
    lines.sort(key=lambda line: (-line.statements, line.speaker))
    return tuple(lines)


def distinct_sources(first: str | None, later: list[str | None]) -> tuple[str, ...]:
    """Later reports' sources, each once, without the first report's own."""
    seen = {first} if first else set()
    out: list[str] = []
    for source in later:
        name = source or ANOTHER_SOURCE
        if name in seen and name != ANOTHER_SOURCE:
            continue
        if name == ANOTHER_SOURCE and name in out:
            continue
        seen.add(name)
        out.append(name)
    return tuple(out)


def _slugs(services: Services, topic: str) -> frozenset[str]:
    return frozenset(t.slug for t in targets_of(services.resources, topic))


def for_the_chat(
    statements: Sequence[StatementRow], topics: Sequence[str], followed: Sequence[str] = ()
) -> list[StatementRow]:
    """An alert's statements in the order the chat reads them: the best statement of each
    of its topics in turn, then the rest on its topics, then those by the speakers it
    follows, each group best first — so what the chat asked for is never the part cut off."""
    ranked = sorted(statements, key=lambda s: (-s.score, s.id))
    lead: dict[int, StatementRow] = {}
    for topic in topics:
        best = next((s for s in ranked if topic in s.topics and s.id not in lead), None)
        if best is not None:
            lead[best.id] = best
    wanted = set(topics)

    def group(row: StatementRow) -> int:
        if row.id in lead:
            return 0
        if wanted.intersection(row.topics):
            return 1
        return 2 if row.speaker in followed else 3

    rest = sorted((s for s in ranked if s.id not in lead), key=group)  # stable: best first
    return [*lead.values(), *rest]


async def article_alert(services: Services, row: OutboxRow) -> ArticleAlert | None:
    if row.article_id is None:
        return None
    header = await services.db.articles.article_header(row.article_id)
    statements = await services.db.statements.statements_by_ids(row.payload.get("statements", []))
    if header is None or not statements:
        return None
    opening, source, url = header
    first_line = next((line.strip() for line in opening.splitlines() if line.strip()), "")
    followed = tuple(str(name) for name in row.payload.get("followed", []))
    ranked = for_the_chat(statements, row.topics, followed)
    later = await services.db.alerts.story_sources(row.id)
    return ArticleAlert(
        gist=headline(opening) or first_line,  # the story, not a dateline or a banner
        source=source,
        source_url=url,
        topics=row.topics,
        statements=tuple(ranked[:STATEMENTS_PER_ALERT]),
        total=len(statements),
        also_reported_by=distinct_sources(source, [name for _, name in later]),
        covers=tuple(edit_id for edit_id, _ in later),
        followed=followed,
    )


def covered_reports(content: AlertContent | None) -> tuple[int, ...]:
    """The later reports of a story (outbox rows) that a message with `content` shows."""
    if isinstance(content, ArticleAlert):
        return content.covers
    if isinstance(content, SummaryAlert):
        return tuple(i for item in content.items for i in covered_reports(item))
    return ()


async def digest_sections(
    services: Services, ranges: dict[str, tuple[int, int | None]], chat_id: int | None = None
) -> tuple[DigestSection, ...]:
    """Per topic, the statements of its range; for a chat's daily digest, without those an
    alert already brought the chat."""
    sections = []
    for topic, (after, upto) in sorted(ranges.items()):
        rows = await services.db.statements.statements_in_range(topic, after, upto)
        if chat_id is not None and rows:
            alerted = await services.db.alerts.alerted_statements(chat_id, [r.id for r in rows])
            rows = [r for r in rows if r.id not in alerted]
        if rows:
            sections.append(
                DigestSection(
                    topic=topic,
                    total=len(rows),
                    statements=tuple(rows[:STATEMENTS_PER_DIGEST_TOPIC]),
                    positions=speaker_lines(rows, _slugs(services, topic)),
                )
            )
    return tuple(sections)


async def alert_content(services: Services, row: OutboxRow) -> AlertContent | None:
    """What the row's message says; None when nothing is left to say (e.g. deleted)."""
    if row.kind == "article":
        return await article_alert(services, row)
    if row.kind == "position_change":
        return PositionChangeAlert.from_payload(row.payload, row.topics)
    if row.kind == "digest":
        ranges: dict[str, tuple[int, int | None]] = {
            t: (int(a), int(b)) for t, (a, b) in row.payload.get("ranges", {}).items()
        }
        sections = await digest_sections(services, ranges, row.chat_id)
        return DigestAlert(sections) if sections else None
    if row.kind == "summary":
        items: list[ArticleAlert | PositionChangeAlert] = []
        for held in await services.db.alerts.alerts(merged_into=row.id):
            content = await alert_content(services, held)
            if isinstance(content, ArticleAlert | PositionChangeAlert):
                items.append(content)
        reason = str(row.payload.get("reason") or "quiet hours")
        return SummaryAlert(tuple(items), reason) if items else None
    return None


async def topic_digest(
    services: Services, chat_id: int, topic: str, now: datetime
) -> DigestAlert | None:
    """/digest TOPIC: what is new on `topic` since this chat's last digest of it (or, the
    first time, the best of everything on record); moves the chat's mark past it."""
    marks = await services.db.chats.digest_marks(chat_id)
    after = marks.get(topic, 0)
    rows = await services.db.statements.statements_in_range(topic, after)
    if not rows:
        return None
    shown = tuple(rows[:STATEMENTS_PER_DIGEST_TOPIC])
    sections = (
        DigestSection(topic, len(rows), shown, speaker_lines(rows, _slugs(services, topic))),
    )
    await services.db.chats.advance_digest_mark(chat_id, topic, max(r.id for r in rows), now)
    return DigestAlert(sections, daily=False, first_time=after == 0)
