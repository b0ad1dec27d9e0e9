"""All HTML rendering for Telegram: escaping, clipping, splitting at 4096 characters.

Every piece of article or user text passes through `esc` (or `quote`), so a forwarded
`<b>` or `&` arrives as text, never as markup, and a bidirectional or zero-width character
never reaches the screen (`services.text_safety`, a pure function, is its one import). Each
rendered line is balanced HTML on its own, which lets `split_message` cut between lines
without ever cutting inside a tag.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from services.text_safety import strip_invisible

if TYPE_CHECKING:
    from services.domain import Analysis, Statement, Topic
    from services.ingest import IngestResult
    from services.topics import Position, SpeakerView, StatementInContext, TopicView
    from storage import StatementRow

TELEGRAM_LIMIT = 4096
SHOW_COMMAND = "/show_"  # + a statement id: that statement inside its paragraph
STANCE_LABEL = {"positive": "supports", "negative": "opposes", "neutral": "neutral"}
STANCE_MARK = {"positive": "👍", "negative": "👎", "neutral": "•"}
KIND_LABEL = {"direct": "quote", "indirect": "reported", "mixed": "reported, with quote"}
_TAG = re.compile(r"<[^>]+>")


def esc(text: str | None) -> str:
    """User or article text as Telegram HTML, without characters that would make it display
    other than it reads (bidirectional controls, zero-width characters)."""
    return html.escape(strip_invisible(text or ""), quote=False)


def clip(text: str, limit: int) -> str:
    """Shorten plain text to `limit` characters at a word boundary, before escaping."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]).rstrip(",;:") + "…"


def quote(text: str, limit: int = 220) -> str:
    """A statement as the reader sees it: in quotes, without the reporting "that"."""
    text = text.strip('"“”«» ')
    if text[:5].lower() == "that ":
        text = text[5:]
    return "“" + esc(clip(text, limit)) + "”"


def short_date(iso: str | None) -> str:
    if not iso:
        return ""
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return esc(iso[:10])
    return f"{moment.day} {moment:%b %Y}"


def split_message(lines: Iterable[str], limit: int = TELEGRAM_LIMIT) -> list[str]:
    """Join balanced HTML lines into messages of at most `limit` characters.

    A single line longer than the limit is clipped as plain text (its tags dropped), so the
    result is always sendable.
    """
    messages: list[str] = []
    current = ""
    for line in lines:
        if len(line) > limit:
            line = esc(clip(html.unescape(_TAG.sub("", line)), limit // 2))
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            messages.append(current)
            current = line
        else:
            current = candidate
    if current or not messages:
        messages.append(current)
    return [m for m in messages if m.strip()] or [""]


def html_to_plain(text: str) -> str:
    """The text a user would read, for the CLI."""
    return html.unescape(_TAG.sub("", text))


def topic_commands(slugs: Sequence[str]) -> str:
    return " ".join(f"/{slug}" for slug in slugs)


def refusal(user_id: int | None) -> str:
    return (
        "Sorry, this is a private bot. Ask an admin to add you; your Telegram user id is "
        f"<code>{esc(str(user_id))}</code>."
    )


def statement_line(
    statement: Statement, topics: dict[str, Topic], number: int | None = None
) -> str:
    emojis = "".join(topics[t].emoji for t in statement.topics if t in topics)
    stance = statement.stance or "neutral"
    prefix = f"{number}. " if number is not None else "• "
    speaker = f"<b>{esc(statement.speaker)}</b>" if statement.speaker else "<i>unattributed</i>"
    label = f" <i>({STANCE_LABEL[stance]})</i>" if stance != "neutral" else ""
    return f"{prefix}{emojis + ' ' if emojis else ''}{speaker}{label}: {quote(statement.text, 160)}"


# A digest covers the article, not its loudest topic: each statement already shown on a topic
# costs a candidate on that topic this much of its score.
REPEATED_TOPIC_PENALTY = 0.12


def digest_statements(analysis: Analysis, limit: int = 5) -> list[Statement]:
    """The numbered statements a digest shows (its fix buttons follow the same numbers):
    best first, spread over the article's topics, the same words never twice."""
    candidates = analysis.key_statements(len(analysis.statements))
    shown: list[Statement] = []
    seen: set[str] = set()
    while candidates and len(shown) < limit:

        def adjusted(statement: Statement) -> float:
            overlap = sum(bool(set(statement.topics) & set(s.topics)) for s in shown)
            return statement.score - REPEATED_TOPIC_PENALTY * overlap

        best = max(candidates, key=adjusted)  # max keeps the first of equals: article order
        candidates.remove(best)
        fingerprint = " ".join(best.text.lower().split())[:80]
        if fingerprint not in seen:
            seen.add(fingerprint)
            shown.append(best)
    return shown


def render_digest(result: IngestResult, topics: dict[str, Topic], limit: int = 5) -> list[str]:
    """The reply to a forwarded article: gist, speakers, key statements, topic commands."""
    analysis = result.analysis
    lines = [f"📰 <b>{esc(clip(analysis.gist, 160))}</b>"]
    if result.duplicate:
        lines.append(
            f"<i>Already on record since {short_date(result.stored.received_at)}"
            " — not stored twice.</i>"
        )
    if not analysis.statements:
        lines.append("No attributed statements found in this text (it is stored).")
        return split_message(lines)
    speakers = []
    for speaker in analysis.speakers[:6]:
        role = f" ({esc(speaker.role)})" if speaker.role else ""
        speakers.append(f"{esc(speaker.name)}{role}")
    if speakers:
        lines.append("🗣 " + "; ".join(speakers))
    count = len(analysis.statements)
    lines.append(f"\n<b>Key statements</b> ({min(limit, count)} of {count}):")
    for number, statement in enumerate(digest_statements(analysis, limit), 1):
        lines.append(statement_line(statement, topics, number))
    if analysis.topics:
        lines.append("\nTopics: " + topic_commands([t for t in analysis.topics if t in topics]))
    return split_message(lines)


def position_line(position: Position, topic: Topic | None = None) -> str:
    """'👎 Dmitry Peskov (Kremlin spokesman): opposes — 2 statements, latest 25 Nov 2026'."""
    role = f" ({esc(position.role)})" if position.role else ""
    plural = "s" if position.statements != 1 else ""
    subject = (
        f"{esc(topic.emoji)} {esc(topic.name)}"
        if topic
        else f"<b>{esc(position.speaker)}</b>{role}"
    )
    since = (
        f", since {short_date(position.first)}"
        if position.first[:10] != position.latest[:10]
        else ""
    )
    line = (
        f"{STANCE_MARK[position.stance]} {subject}: {STANCE_LABEL[position.stance]} — "
        f"{position.statements} statement{plural}, latest {short_date(position.latest)}{since}"
    )
    if position.strongest_quote:
        line += f"\n    {quote(position.strongest_quote, 160)}"
    return line


def statement_row_line(row: StatementRow) -> str:
    speaker = f"<b>{esc(row.speaker)}</b>" if row.speaker else "<i>unattributed</i>"
    stance = row.topic_stance or row.stance or "neutral"
    label = f" <i>({STANCE_LABEL[stance]})</i>" if stance != "neutral" else ""
    if row.source_url and row.source_url.startswith(("http://", "https://")):
        name = esc(clip(row.source or "source", 60))
        source = f' — <a href="{html.escape(row.source_url)}">{name}</a>'
    elif row.source:
        source = f" — {esc(clip(row.source, 60))}"
    else:
        source = ""
    if row.sources > 1:
        source += f" · reported by {row.sources} sources"
    return (
        f"• {short_date(row.created_at)} · {speaker}{label}: {quote(row.text)}{source}"
        f" {SHOW_COMMAND}{row.id}"
    )


def render_statement_in_context(found: StatementInContext) -> list[str]:
    """/show_ID: the statement in bold inside its paragraph, with speaker and source."""
    row = found.statement
    speaker = f"<b>{esc(row.speaker)}</b>" if row.speaker else "<i>unattributed</i>"
    role = f" ({esc(row.speaker_role)})" if row.speaker_role else ""
    source = f" · {esc(row.source)}" if row.source else ""
    if row.source and row.source_url and row.source_url.startswith(("http://", "https://")):
        source = f' · <a href="{html.escape(row.source_url)}">{esc(row.source)}</a>'
    before = found.before if len(found.before) <= 600 else "…" + found.before[-600:]
    after = found.after if len(found.after) <= 600 else found.after[:600] + "…"
    paragraph = f"{esc(before)}<b>{esc(clip(found.quoted, 2000))}</b>{esc(after)}"
    return split_message(
        [
            f"{speaker}{role} · {short_date(row.created_at)}{source}",
            paragraph,
        ]
    )


def render_topic_view(view: TopicView) -> list[str]:
    topic = view.topic
    lines = [f"{esc(topic.emoji)} <b>{esc(topic.name)}</b> — {view.total} statements on record"]
    if not view.total:
        lines.append("Nothing on record yet. Forward an article that mentions it.")
        return split_message(lines)
    lines.append("\n<b>Who stands where</b>")
    lines.extend(position_line(p) for p in view.positions)
    for change in view.changes[:3]:
        lines.append(
            f"🔄 <b>{esc(change.speaker)}</b> changed line: {STANCE_LABEL[change.previous]} → "
            f"{STANCE_LABEL[change.current]} ({short_date(change.when)})"
        )
    lines.append(f"\n<b>Latest statements</b> (page {view.page + 1} of {view.pages})")
    lines.extend(statement_row_line(row) for row in view.statements)
    return split_message(lines)


def render_speaker_views(views: Sequence[SpeakerView], topics: dict[str, Topic]) -> list[str]:
    lines: list[str] = []
    for view in views:
        if lines:
            lines.append("")  # a blank line between speakers
        speaker = view.speaker
        role = f" — {esc(speaker.role)}" if speaker.role else ""
        plural = "s" if speaker.statements != 1 else ""
        lines.append(f"🗣 <b>{esc(speaker.name)}</b>{role} · {speaker.statements} statement{plural}")
        for position in view.positions:
            lines.append(position_line(position, topics.get(position.topic)))
        if not view.positions:
            lines.append("No statements tagged with a topic yet.")
    return split_message(lines)
