"""Who stands where, as Telegram HTML: /TOPIC opens with its targets and the sides on record,
/who lists a speaker's sides per target over time.

The same rules as `handlers/format` (whose helpers these use): every piece of user or
article text is escaped, every line is balanced HTML on its own, `split_message` cuts.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from handlers.format import (
    SHOW_COMMAND,
    clip,
    count_of,
    esc,
    html_to_plain,
    line_change_text,
    short_date,
    split_message,
    statement_row_line,
)
from handlers.format_digest import SCREEN_CHARS, SCREEN_LINES, screen_lines, surname

if TYPE_CHECKING:
    from services.compare import Comparison
    from services.topics import SideOnRecord, SpeakerSides, SpeakerView, TargetOnRecord, TopicView
    from storage import StatementRow

CHANGES_SHOWN = 3
# A page of /TOPIC is one phone screen, like a digest: lines as a phone wraps them.
TOPIC_PAGE_LINES = SCREEN_LINES
TOPIC_PAGE_CHARS = SCREEN_CHARS
QUOTE_CHARS = (160, 120, 90, 60, 40, 25)  # tried in turn until a page fits one screen
SOURCE_CHARS = 24
NAMES_SHOWN = 3  # speakers named on each side of a target, at most
NAME_CHARS = 40  # a speaker's name on a page (some carry their whole title)
TIGHT_NAME_CHARS = 24
NO_SIDES = "No sides on record yet."
# a topic's statements may carry sides of speakers known only by a description ("a senior
# official"), who are not on record as speakers: the summary counts named speakers only
NO_NAMED_SIDES = "No named speaker's side on record yet."


def _statements(count: int) -> str:
    return count_of(count, "statement")


def _show(statement_id: int | None) -> str:
    return f" {SHOW_COMMAND}{statement_id}" if statement_id is not None else ""


def side_segment(
    side: SideOnRecord, names_shown: int | None = None, name_chars: int = NAME_CHARS
) -> str:
    """'against: Dmitry Peskov (2), Abbas Araghchi (3) +1 more /show_18', with at most
    `names_shown` names (the others counted in "+N more")."""
    speakers = side.speakers[:names_shown]
    names = ", ".join(f"{esc(clip(name, name_chars))} ({count})" for name, count in speakers)
    hidden = side.more + len(side.speakers) - len(speakers)
    more = f" +{hidden} more" if hidden else ""
    return f"{side.side}: {names}{more}{_show(side.strongest)}"


def target_line(
    target: TargetOnRecord, names_shown: int | None = None, name_chars: int = NAME_CHARS
) -> str:
    """'🎯 <b>Military strikes on Iran</b> — against: … · for: …', each side's strongest
    quote one tap away."""
    label = target.label[:1].upper() + target.label[1:]
    sides = " · ".join(side_segment(s, names_shown, name_chars) for s in target.sides)
    return f"🎯 <b>{esc(label)}</b> — {sides}"


def _fits(lines: Sequence[str]) -> bool:
    text = "\n".join(lines)
    return screen_lines(text) <= TOPIC_PAGE_LINES and len(html_to_plain(text)) <= TOPIC_PAGE_CHARS


def _topic_lines(
    view: TopicView,
    quote_chars: int,
    changes: int,
    source_chars: int = SOURCE_CHARS,
    targets: int | None = None,
    names: int | None = None,
    tight: bool = False,
    rows: int | None = None,
) -> list[str]:
    """The page's lines; `tight`: no blank lines, and names cut shorter; `rows`: the latest
    statements written out, the rest of the page one /show_ID each."""
    name_chars = TIGHT_NAME_CHARS if tight else NAME_CHARS
    topic = view.topic
    title = f"{esc(topic.emoji)} <b>{esc(topic.name)}</b>"
    if view.page > 0:  # who stands where is on page 1 only
        lines = [f"{title} — latest statements, page {view.page + 1} of {view.pages}"]
    else:
        lines = [f"{title} — {_statements(view.total)} on record", *([] if tight else [""])]
        shown = view.targets[:targets]
        lines.extend(target_line(t, names, name_chars) for t in shown)
        if len(view.targets) > len(shown):
            lines.append(f"🎯 +{len(view.targets) - len(shown)} more targets with sides on record")
        if not view.targets:
            lines.append(NO_NAMED_SIDES)
        for change in view.changes[:changes]:
            label = view.labels.get(change.target, change.target)
            text = line_change_text(change.speaker, label, change.previous, change.current)
            lines.append(f"{text} ({short_date(change.when)})")
        gap = "" if tight else "\n"
        lines.append(f"{gap}<b>Latest statements</b> (page 1 of {view.pages})")
    lines.extend(
        statement_row_line(
            _named(row, name_chars), view.labels, view.labels, quote_chars, source_chars
        )
        for row in view.statements[:rows]
    )
    if rows is not None and view.statements[rows:]:
        lines.append("• more: " + " ".join(f"{SHOW_COMMAND}{r.id}" for r in view.statements[rows:]))
    return lines


def _named(row: StatementRow, name_chars: int) -> StatementRow:
    """The row with its speaker's name cut to `name_chars` (its /show_ID has it whole)."""
    if row.speaker and len(row.speaker) > name_chars:
        return replace(row, speaker=clip(row.speaker, name_chars))
    return row


def render_topic_view(view: TopicView) -> list[str]:
    """One page of /TOPIC, one phone screen: the first opens with who stands where on the
    topic's targets and the latest changes of line; every page has its latest statements,
    cut as `_shortenings` says until it fits `TOPIC_PAGE_LINES` lines as a phone wraps them
    and `TOPIC_PAGE_CHARS`."""
    topic = view.topic
    if not view.total:
        return split_message(
            [
                f"{esc(topic.emoji)} <b>{esc(topic.name)}</b> — 0 statements on record",
                "Nothing on record yet. Forward an article that mentions it.",
            ]
        )
    lines: list[str] = []
    for choice in _shortenings(view):
        lines = _topic_lines(view, *choice)
        if _fits(lines):
            break
    return split_message(lines)


def _shortenings(view: TopicView) -> Iterator[tuple[int, int, int, int, int, bool, int]]:
    """(quote chars, changes, source chars, targets, names per side, tight, statement rows)
    to try, the least cut first: quotes shortened to `QUOTE_CHARS[3]`, then sources left
    out, quotes shortened further, changes of line left out, fewer statements written out
    (the others one /show_ID each), fewer names on each side, fewer targets, and last no
    blank lines and shorter names. Who stands where is what the page is for: the latest
    statements give way first."""
    firm = QUOTE_CHARS[:4]
    for tight in (False, True):
        for targets in range(len(view.targets), 0 if view.targets else -1, -1):
            for names in range(NAMES_SHOWN, 0, -1):
                for rows in range(len(view.statements), 0 if view.statements else -1, -1):
                    for changes in range(min(CHANGES_SHOWN, len(view.changes)), -1, -1):
                        for quote_chars in firm:
                            yield quote_chars, changes, SOURCE_CHARS, targets, names, tight, rows
                        for quote_chars in QUOTE_CHARS[3:]:
                            yield quote_chars, changes, 0, targets, names, tight, rows


def speaker_side_lines(sides: SpeakerSides) -> list[str]:
    """'• against military strikes on Iran — 3 statements, latest 3 Mar 2026 /show_18', then
    the other side if they took it too, and their changes of line on it."""
    record, side = sides.record, sides.side
    other = "for" if side == "against" else "against"
    first, latest = record.dates(side)
    since = f", since {short_date(first)}" if first and latest and first[:10] != latest[:10] else ""
    lines = [
        f"• {side} {esc(sides.label)} — {_statements(record.statements(side))}, "
        f"latest {short_date(latest)}{since}{_show(sides.strongest)}"
    ]
    if record.statements(other):
        other_latest = record.dates(other)[1] or ""
        when = "earlier" if other_latest <= (latest or "") else "also"
        lines.append(
            f"    {when} {other}: {_statements(record.statements(other))}, "
            f"latest {short_date(other_latest)}"
        )
    for change in sides.changes[:CHANGES_SHOWN]:
        lines.append(
            f"    🔄 changed line {short_date(change.when)}: {change.previous} → "
            f"<b>{change.current}</b>"
        )
    return lines


def render_speaker_views(views: Sequence[SpeakerView]) -> list[str]:
    lines: list[str] = []
    for view in views:
        if lines:
            lines.append("")  # a blank line between speakers
        speaker = view.speaker
        role = f" — {esc(speaker.role)}" if speaker.role else ""
        lines.append(f"🗣 <b>{esc(speaker.name)}</b>{role} · {_statements(speaker.statements)}")
        for sides in view.sides:
            lines.extend(speaker_side_lines(sides))
        if not view.sides:
            lines.append(NO_SIDES)
    return split_message(lines)


def _compared_side(name: str, sides: SpeakerSides | None) -> str:
    short = esc(surname(name) or name)  # "Dmitry Peskov" → "Peskov"
    if sides is None:
        return f"{short}: —"
    count = sides.record.statements(sides.side)
    return f"{short}: <b>{esc(sides.side)}</b> ({count}){_show(sides.strongest)}"


def render_comparison(comparison: Comparison, topic_name: str | None = None) -> list[str]:
    """'⚖️ Dmitry Peskov vs Abbas Araghchi', then one line per target: each one's latest
    side with their statements on it, 🤝 when they agree, ⚔️ when they differ."""
    first, second = comparison.first, comparison.second
    on = f" on {esc(topic_name)}" if topic_name else ""
    lines = [f"⚖️ <b>{esc(first.name)}</b> vs <b>{esc(second.name)}</b>{on}"]
    if not comparison.targets:
        lines.append(NO_SIDES)
        return split_message(lines)
    for target in comparison.targets:
        mark = ("🤝" if target.agree else "⚔️") if target.both else "🎯"
        label = target.label[:1].upper() + target.label[1:]
        lines.append(
            f"{mark} <b>{esc(label)}</b> — {_compared_side(first.name, target.first)} · "
            f"{_compared_side(second.name, target.second)}"
        )
    return split_message(lines)
