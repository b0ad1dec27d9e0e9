"""Alerts as Telegram messages: a new article on a chat's topics, a change of line, the
quiet hours' summary and the digest. The sender (`bot/sender.py`) renders outbox rows with
these; each alert is ONE message, so a crash can duplicate at most one and an edit has one
message to change.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING, cast

from handlers.format import (
    SHOW_COMMAND,
    TELEGRAM_LIMIT,
    clip,
    count_of,
    esc,
    key_passage,
    line_change_text,
    said_by,
    side_on,
    split_message,
    spoken,
    target_labels,
    topic_commands,
)

if TYPE_CHECKING:
    from services.alert_content import (
        AlertContent,
        ArticleAlert,
        DigestAlert,
        PositionChangeAlert,
        SpeakerLine,
        SummaryAlert,
    )
    from services.domain import Topic
    from storage import StatementRow


ALERT_QUOTE_CHARS = 140  # about four phone lines with its speaker and side


def one_message(lines: list[str], more: str = "…") -> str:
    """Alerts are single messages (a crash can then duplicate at most one, and an edit has
    one message to change): what doesn't fit is cut, with `more` as the last line."""
    pages = split_message(lines, TELEGRAM_LIMIT - len(more) - 1)
    return pages[0] if len(pages) == 1 else f"{pages[0]}\n{more}"


def _topic_label(slug: str, topics: dict[str, Topic]) -> str:
    topic = topics.get(slug)
    return f"{esc(topic.emoji)} {esc(topic.name)}" if topic else esc(slug)


def _source_label(name: str | None, url: str | None) -> str:
    if not name:
        return ""
    if url and url.startswith(("http://", "https://")):
        return f'<a href="{html.escape(url)}">{esc(clip(name, 60))}</a>'
    return esc(clip(name, 60))


def _alert_statement_line(row: StatementRow, topics: dict[str, Topic]) -> str:
    """'• <b>Dmitry Peskov</b> — against military strikes on Iran: “…”', its quote cut to
    a few phone lines; its /show_ID shows it whole, in its paragraph."""
    who = said_by(row.speaker, row.positions, target_labels(topics.values()))
    text = row.text if row.display else key_passage(row.text, row.positions)
    said = spoken(who, text, row.display, ALERT_QUOTE_CHARS)
    return f"• {said} {SHOW_COMMAND}{row.id}"


def _article_alert_lines(alert: ArticleAlert, topics: dict[str, Topic]) -> list[str]:
    lines = [f"📰 <b>{esc(clip(alert.gist, 160))}</b>"]
    source = _source_label(alert.source, alert.source_url)
    if source:
        lines.append(f"<i>via</i> {source}")
    lines.extend(_alert_statement_line(s, topics) for s in alert.statements)
    if alert.total > len(alert.statements):
        lines.append(f"<i>…and {alert.total - len(alert.statements)} more</i>")
    if alert.also_reported_by:
        names = ", ".join(esc(clip(n, 60)) for n in alert.also_reported_by)
        lines.append(f"🔁 <i>Also reported by</i> {names}")
    return lines


def render_article_alert(alert: ArticleAlert, topics: dict[str, Topic]) -> str:
    """New statements on a chat's topics, or by speakers it follows, from one article; later
    reports of the same story edit this message to add 'Also reported by …'."""
    lines = [_article_header(alert, topics), *_article_alert_lines(alert, topics)]
    if alert.topics:
        lines.append(topic_commands(alert.topics))
    return one_message(lines)


def _article_header(alert: ArticleAlert, topics: dict[str, Topic]) -> str:
    """'🔔 New on 🇮🇷 Iran', '🔔 New from Dmitry Peskov', or both joined by ' · '."""
    parts = []
    if alert.topics:
        parts.append("on " + ", ".join(_topic_label(t, topics) for t in alert.topics))
    if alert.followed:
        names = ", ".join(f"<b>{esc(clip(n, 60))}</b>" for n in alert.followed)
        parts.append(f"from {names}")
    return "🔔 New " + " · ".join(parts)


def _position_change_line(change: PositionChangeAlert, topics: dict[str, Topic]) -> str:
    """'🔄 <b>Anna Berg</b> changed line on military strikes on Iran: for → <b>against</b>'."""
    label = target_labels(topics.values()).get(change.target, change.target)
    return line_change_text(change.speaker, label, change.previous, change.current)


def render_position_change(change: PositionChangeAlert, topics: dict[str, Topic]) -> str:
    lines = [_position_change_line(change, topics)]
    if change.statement:
        lines.append(spoken("", change.statement, change.display, 300))
    if change.source:
        lines.append(f"<i>via</i> {esc(clip(change.source, 60))}")
    lines.append(topic_commands([change.topic]))
    return one_message(lines)


HELD_STATEMENTS = 5  # a mute's summary: the best few statements, not every alert
HELD_CHANGES = 3


def render_muted_summary(summary: SummaryAlert, topics: dict[str, Topic]) -> str:
    """Alerts held while muted, as one short message when the mute ends: how many per topic
    and followed speaker, the best few statements (each alert's lead first) and the changes
    of line — never the whole backlog."""
    articles = [cast("ArticleAlert", i) for i in summary.items if i.kind == "article"]
    changes = [cast("PositionChangeAlert", i) for i in summary.items if i.kind != "article"]
    count = len(summary.items)
    per_topic = Counter(t for a in articles for t in a.topics)
    per_topic.update(c.topic for c in changes)
    per_speaker = Counter(name for a in articles for name in a.followed)
    tally = [f"{_topic_label(t, topics)}: {n}" for t, n in per_topic.most_common()]
    tally += [f"<b>{esc(clip(name, 60))}</b>: {n}" for name, n in per_speaker.most_common()]
    lines = [f"🔕 <b>While alerts were muted</b> — {count} alert{'s' * (count != 1)}"]
    if tally:
        lines.append(" · ".join(tally))
    leads = sorted((a.statements[0] for a in articles if a.statements), key=lambda r: -r.score)
    others = sorted((r for a in articles for r in a.statements[1:]), key=lambda r: -r.score)
    shown = list({r.id: r for r in [*leads, *others]}.values())[:HELD_STATEMENTS]
    lines.extend(_alert_statement_line(r, topics) for r in shown)
    more = sum(a.total for a in articles) - len(shown)
    if more > 0:
        lines.append(f"<i>…and {more} more statement{'s' * (more != 1)}</i>")
    lines.extend(_position_change_line(c, topics) for c in changes[:HELD_CHANGES])
    if len(changes) > HELD_CHANGES:
        lines.append(f"<i>…and {len(changes) - HELD_CHANGES} more changes of line</i>")
    if per_topic:
        lines.append(topic_commands(sorted(per_topic)))
    return one_message(lines)


def render_summary(summary: SummaryAlert, topics: dict[str, Topic]) -> str:
    """Alerts held during quiet hours, as one message when they end (a mute's: shorter)."""
    if summary.reason == "muted":
        return render_muted_summary(summary, topics)
    count = len(summary.items)
    lines = [f"🌙 <b>While you were in quiet hours</b> — {count} alert{'s' * (count != 1)}"]
    for item in summary.items:
        lines.append("")
        if item.kind == "article":
            lines.extend(_article_alert_lines(cast("ArticleAlert", item), topics))
        else:
            lines.append(_position_change_line(cast("PositionChangeAlert", item), topics))
    return one_message(lines)


def _speaker_line(line: SpeakerLine, topics: dict[str, Topic]) -> str:
    """'🗣 <b>Dmitry Peskov</b> (Kremlin spokesman): 2 statements — against military strikes
    on Iran'; without the sides when they took none."""
    role = f" ({esc(line.role)})" if line.role else ""
    labels = target_labels(topics.values())
    sides = ", ".join(side_on(side, target, labels) for side, target in line.sides)
    return f"🗣 <b>{esc(line.speaker)}</b>{role}: {count_of(line.statements, 'statement')}" + (
        f" — {sides}" if sides else ""
    )


def render_digest_alert(digest: DigestAlert, topics: dict[str, Topic]) -> str:
    """The daily digest, or /digest TOPIC: per topic, who stands where and key statements."""
    if digest.daily:
        title = "🗞 <b>Your daily digest</b>"
    elif digest.first_time:
        title = "🗞 <b>Digest</b> — the key statements on record"
    else:
        title = "🗞 <b>Digest</b> — new since your last digest"
    lines = [title]
    for section in digest.sections:
        lines.append(
            f"\n{_topic_label(section.topic, topics)} — {count_of(section.total, 'statement')}"
        )
        lines.extend(_speaker_line(p, topics) for p in section.positions[:6])
        lines.extend(_alert_statement_line(s, topics) for s in section.statements)
    lines.append("\n" + topic_commands([s.topic for s in digest.sections]))
    return one_message(lines)


def render_alert(content: AlertContent, topics: dict[str, Topic]) -> str:
    """One outbox row's message, by the kind of its content."""
    if content.kind == "article":
        return render_article_alert(cast("ArticleAlert", content), topics)
    if content.kind == "position_change":
        return render_position_change(cast("PositionChangeAlert", content), topics)
    if content.kind == "summary":
        return render_summary(cast("SummaryAlert", content), topics)
    return render_digest_alert(cast("DigestAlert", content), topics)
