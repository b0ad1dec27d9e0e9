"""HTML rendering for reading the archive back: /search hits, /who timeline, /sources, /chart.

The same rules as `handlers/format` (whose helpers these use): every piece of user or
article text is escaped, every line is balanced HTML on its own, `split_message` cuts.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from handlers.arguments import ECHO_CHARS
from handlers.format import (
    SHOW_COMMAND,
    clip,
    count_of,
    esc,
    quote,
    reported_by,
    said_by,
    short_date,
    split_message,
    spoken,
)
from storage.models import MARK_END, MARK_START

if TYPE_CHECKING:
    from services.charts import ChartData
    from services.domain import Topic
    from services.search import SearchResult
    from services.timeline import SpeakerTimeline
    from storage.models import SearchHit
    from storage.team_models import WatchedChannel

SEARCH_HELP = (
    "Usage: /search WORDS — e.g. <code>/search military strike speaker:peskov topic:iran "
    "since:7d</code> (or since:yesterday, since:2026-11-01), or ask: <code>/search what did "
    'Peskov say about Venezuela</code>. Words in "double quotes" are a phrase; '
    "<code>word*</code> matches word beginnings. <code>side:against "
    "target:iran.military_action</code> finds who took that side on that target."
)
# A reported statement begins with its "that" ("that a strike would…"); a hit never does.
_REPORTING_THAT = re.compile(f"^{MARK_START}?that{MARK_END}?\\s+", re.IGNORECASE)
CHANNEL_STATE = {"active": "watched", "paused": "⏸ paused", "removed": "removed"}


def highlighted(snippet: str) -> str:
    """An FTS5 snippet with its match marks (\\x02 … \\x03) as <b>, everything else escaped."""
    text = " ".join(snippet.split())
    opened = text.count(MARK_START)
    if opened != text.count(MARK_END):  # never from snippet(); be safe rather than unbalanced
        text = text.replace(MARK_START, "").replace(MARK_END, "")
    return esc(text).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


def source_link(url: str | None, name: str | None) -> str:
    label = esc(clip(name, 40)) if name else "source"
    if url and url.startswith(("https://", "http://")):
        return f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return label if name else ""


def search_hit_line(
    hit: SearchHit, number: int, labels: Mapping[str, str], target: str | None = None
) -> str:
    """A hit with its speaker and sides (only those on `target`, when the search names one)."""
    row = hit.statement
    who = said_by(row.speaker, row.positions, labels, [target] if target else None)
    snippet = _REPORTING_THAT.sub("", hit.snippet.strip('"“”«» '))
    text = quote(snippet, 220, highlighted if MARK_START in snippet else esc)
    source = source_link(row.source_url, row.source)
    if row.sources > 1:
        reported = reported_by(row.sources)
        source = f"{source} · {reported}" if source else reported
    source = f" — {source}" if source else ""
    # the reporter's words for a noun-phrase content, unquoted (`format.spoken`)
    said = spoken(who, row.text, row.display) if row.display else f"{who}: {text}"
    return f"{number}. {short_date(hit.said_on)} · {said}{source} {SHOW_COMMAND}{row.id}"


def describe_query(result: SearchResult) -> str:
    query = result.query
    words = " ".join(f"“{t}”" if " " in t else t for t in query.terms)
    parts = [esc(clip(words, ECHO_CHARS))]  # what was typed, cut as every echo is
    if query.speaker:
        parts.append(f"speaker: {esc(clip(query.speaker, ECHO_CHARS))}")
    if query.topic:
        parts.append(f"topic: {esc(query.topic)}")
    if query.side:
        parts.append(f"side: {esc(query.side)}")
    if query.target:
        parts.append(f"target: {esc(query.target)}")
    if query.since:
        parts.append(f"since {short_date(query.since)}")
    return " · ".join(p for p in parts if p)


def render_search(result: SearchResult, labels: Mapping[str, str]) -> list[str]:
    counted = count_of(result.total, "statement")
    lines = [f"🔎 <b>{describe_query(result)}</b> — {'more than ' if result.more else ''}{counted}"]
    if not result.total:
        lines.append(esc(result.note) if result.note else "Nothing on record matches.")
        return split_message(lines)
    if result.more:  # counting stopped: as many pages as were counted, and more
        lines[0] += f" (page {result.page + 1} of {result.pages - 1}+)"
    elif result.pages > 1:
        lines[0] += f" (page {result.page + 1} of {result.pages})"
    for offset, hit in enumerate(result.hits):
        lines.append(
            search_hit_line(hit, result.first_number + offset, labels, result.query.target)
        )
    return split_message(lines)


def month_label(month: str) -> str:
    return short_date(month + "-01").split(" ", 1)[-1]


def render_timeline(timeline: SpeakerTimeline, topics: dict[str, Topic]) -> list[str]:
    """Lines (not yet split) for /who: one per month, its topics with counts, newest first."""
    if not timeline.months:
        return []
    lines = ["\n<b>On record, month by month</b>"]
    for month in timeline.months:
        parts = []
        for slug, count in month.topics:
            topic = topics.get(slug)
            name = f"{topic.emoji} {esc(topic.name)}".strip() if topic else esc(slug or "other")
            parts.append(f"{name} {count}")
        lines.append(
            f"{month_label(month.month)}: {count_of(month.total, 'statement')} — "
            + " · ".join(parts)
        )
    if timeline.earlier:
        lines.append(f"<i>and {timeline.earlier} earlier</i>")
    return lines


def render_sources(channels: Sequence[WatchedChannel]) -> list[str]:
    if not channels:
        return [
            "No channels watched yet. To add one, make the bot an administrator of the channel "
            "(a team member must do it); its posts are then recorded automatically."
        ]
    lines = ["📡 <b>Watched channels</b>"]
    for channel in channels:
        name = f"@{esc(channel.username)}" if channel.username else ""
        lines.append(
            f"• <b>{esc(channel.title)}</b> {name} — {CHANNEL_STATE.get(channel.status, '')}, "
            f"{count_of(channel.posts, 'post')} recorded, since {short_date(channel.added_at)} · "
            f"id <code>{channel.chat_id}</code>"
        )
    lines.append("\nAdmins: /sources pause ID or /sources resume ID.")
    return split_message(lines)


def chart_caption(data: ChartData) -> str:
    if not data.days:
        return f"{esc(data.title)} — nothing on record yet."
    first, last = short_date(data.days[0]), short_date(data.days[-1])
    period = first if first == last else f"{first} – {last}"
    before = f" ({data.earlier} earlier)" if data.earlier else ""
    return f"📊 {esc(data.title)}\n{count_of(data.total, 'statement')}, {period}{before}"
