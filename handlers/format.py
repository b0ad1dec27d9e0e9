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
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Protocol

from services.text_safety import strip_invisible

if TYPE_CHECKING:
    from services.domain import Topic
    from services.topics import StatementInContext
    from storage import StatementRow

TELEGRAM_LIMIT = 4096
HELP_POINTER = "/help lists every command."  # ends every "did you mean" answer
SHOW_COMMAND = "/show_"  # + a statement id: that statement inside its paragraph
SIDES_SHOWN = 2  # a statement's sides on a line; more are on /show_ID
KIND_LABEL = {"direct": "quote", "indirect": "reported", "mixed": "reported, with quote"}
_TAG = re.compile(r"<[^>]+>")


def esc(text: str | None) -> str:
    """User or article text as Telegram HTML, without characters that would make it display
    other than it reads (bidirectional controls, zero-width characters)."""
    return html.escape(strip_invisible(text or ""), quote=False)


def count_of(n: int, noun: str, plural: str | None = None) -> str:
    """ "1 statement", "3 statements": every count a screen shows goes through here, so
    no screen says "1 statements".  `plural` for nouns that do not just take an s."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def reported_by(sources: int) -> str:
    """ "reported by 3 sources": how a statement several outlets carried says so."""
    return f"reported by {count_of(sources, 'source')}"


def clip(text: str, limit: int) -> str:
    """Shorten plain text to `limit` characters at a word boundary, before escaping."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]).rstrip(",;:") + "…"


# '…worrying," "We need…': one quote closing and the next opening, nothing between.
_QUOTES_JOINED = re.compile(r'[,;]?["”]\s+["“]')


def quote(text: str, limit: int = 220, escape: Callable[[str], str] = esc) -> str:
    """A statement as the reader sees it: in quotes, without the reporting "that"; two
    quoted passages of one statement ('"A," he said. "B."') stay two quotes with "…"
    between ('“A” … “B”'): the reporter's words between them are left out, not run
    together into one sentence the speaker never said. The comma that closed the quote
    before "he said" is the reporter's punctuation and goes. `escape` turns each passage into
    HTML (a search snippet's marks become bold)."""
    text = _QUOTES_JOINED.sub("\0", text.strip('"“”«» ').rstrip(",;: "))
    if text[:5].lower() == "that ":
        text = text[5:]
    passages = [escape(p) for p in clip(text, limit).split("\0") if p.strip()]
    return "“" + "” … “".join(passages) + "”"


def spoken(who: str, text: str, display: str | None, limit: int = 220) -> str:
    """A statement as every screen shows it after its number or date: who (the name and
    sides of `said_by`, HTML, possibly empty) and their words.

    Curly quotes mean the speaker's words, so a statement whose content is a noun phrase or
    reported speech shows the reporter's words instead (`display`), unquoted: '<b>Maria
    Zakharova</b> condemned the German decision' ('… — against …: condemned …' after sides);
    anything else is '<b>Name</b>: “…”'. A government takes its article before the
    reporter's words ("The Chinese government said …"). `text` and `display` are plain
    text."""
    words = esc(clip(display, limit)) if display else quote(text, limit)
    if not who:
        return words
    plain = html_to_plain(who)
    if display and " — " not in plain:
        # a sentence: "The Chinese government said …", as "Moscow said" is written out
        article = "The " if plain.endswith(" government") else ""
        return f"{article}{who} {words}"
    return f"{who}: {words}"


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


class SideTaken(Protocol):
    """A position as extraction gives it or the record keeps it."""

    @property
    def target(self) -> str: ...
    @property
    def side(self) -> str: ...


class Evidenced(Protocol):
    """A position with how sure it is and the words that carry it."""

    @property
    def confidence(self) -> float: ...
    @property
    def evidence(self) -> str: ...


# A sentence ends at ".", "!" or "?" (a closing mark may follow) before a capital or a quote.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’']?\s+(?=[\"“‘A-Z])")


def key_passage(text: str, positions: Iterable[Evidenced]) -> str:
    """A long answer shown from the sentence that carries its side: "Good afternoon. The
    Secretary spoke this morning … The pressure on the Maduro regime will continue …" is
    shown as "…The pressure on the Maduro regime will continue …", so the reader sees why
    the line says "against".  A statement whose side is in its first sentence, or that takes
    none, is shown from its start."""
    sentences = [m.end() for m in _SENTENCE_END.finditer(text)]
    for evidence in (p.evidence for p in sorted(positions, key=lambda p: -p.confidence)):
        at = text.find(evidence) if evidence else -1
        if at >= 0:
            start = max((end for end in sentences if end <= at), default=0)
            return text if start == 0 else "…" + text[start:]
    return text


def target_labels(topics: Iterable[Topic]) -> dict[str, str]:
    """Each target's label ("military strikes on Iran") by its slug."""
    return {g.slug: g.label for t in topics for g in t.targets}


def side_on(side: str, target: str, labels: Mapping[str, str]) -> str:
    """'against military strikes on Iran'."""
    return f"{esc(side)} {esc(labels.get(target, target))}"


def sides_text(
    positions: Iterable[SideTaken], labels: Mapping[str, str], only: Iterable[str] | None = None
) -> str:
    """A statement's sides ('against military strikes on Iran'), on `only` these targets
    when given; '' when it takes none."""
    wanted = set(only) if only is not None else None
    shown = [p for p in positions if wanted is None or p.target in wanted]
    return ", ".join(side_on(p.side, p.target, labels) for p in shown[:SIDES_SHOWN])


def said_by(
    speaker: str | None,
    positions: Iterable[SideTaken],
    labels: Mapping[str, str],
    only: Iterable[str] | None = None,
) -> str:
    """'<b>Dmitry Peskov</b> — against military strikes on Iran', or the name alone when the
    statement takes no side: what every statement line starts with."""
    name = f"<b>{esc(speaker)}</b>" if speaker else "<i>unattributed</i>"
    sides = sides_text(positions, labels, only)
    return f"{name} — {sides}" if sides else name


def line_change_text(speaker: str, label: str, previous: str, current: str) -> str:
    """'🔄 <b>Anna Berg</b> changed line on military strikes on Iran: for → <b>against</b>'."""
    return (
        f"🔄 <b>{esc(speaker)}</b> changed line on {esc(label)}: "
        f"{esc(previous)} → <b>{esc(current)}</b>"
    )


def statement_row_line(
    row: StatementRow,
    labels: Mapping[str, str],
    only: Iterable[str] | None = None,
    quote_chars: int = 220,
    source_chars: int = 60,
) -> str:
    """A statement on record on one line: date, speaker and sides (on `only` these targets,
    when given), the quote, its source, and /show_ID to read it in its paragraph."""
    who = said_by(row.speaker, row.positions, labels, only)
    if not source_chars:  # no room on the screen: /show_ID says where it is from
        source = ""
    elif row.source_url and row.source_url.startswith(("http://", "https://")):
        name = esc(clip(row.source or "source", source_chars))
        source = f' — <a href="{html.escape(row.source_url)}">{name}</a>'
    elif row.source:
        source = f" — {esc(clip(row.source, source_chars))}"
    else:
        source = ""
    if row.sources > 1:
        source += f" · {reported_by(row.sources)}"
    text = row.text if row.display else key_passage(row.text, row.positions)
    said = f"{short_date(row.said_at)} · {spoken(who, text, row.display, quote_chars)}"
    return f"• {said}{source} {SHOW_COMMAND}{row.id}"


def render_statement_in_context(
    found: StatementInContext, labels: Mapping[str, str] | None = None
) -> list[str]:
    """/show_ID: the statement in bold inside its paragraph, with speaker and source, and
    every side it takes (a member's fix marked as such)."""
    row = found.statement
    speaker = f"<b>{esc(row.speaker)}</b>" if row.speaker else "<i>unattributed</i>"
    role = f" ({esc(row.speaker_role)})" if row.speaker_role else ""
    source = f" · {esc(row.source)}" if row.source else ""
    if row.source and row.source_url and row.source_url.startswith(("http://", "https://")):
        source = f' · <a href="{html.escape(row.source_url)}">{esc(row.source)}</a>'
    before = found.before if len(found.before) <= 600 else "…" + found.before[-600:]
    after = found.after if len(found.after) <= 600 else found.after[:600] + "…"
    paragraph = f"{esc(before)}<b>{esc(clip(found.quoted, 2000))}</b>{esc(after)}"
    sides = [
        f"<i>{side_on(p.side, p.target, labels or {})}</i>"
        + (" ✏️ <i>corrected by a member</i>" if p.corrected else "")
        for p in row.positions
    ]
    return split_message(
        [f"{speaker}{role} · {short_date(row.said_at)}{source}", *sides, paragraph]
    )
