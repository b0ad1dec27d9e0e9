"""The reply to an article, sized for one phone screen: a headline, its date and source,
then the key statements spread over the speakers, those that take a side first.

The digest is fitted to `SCREEN_LINES` lines of `SCREEN_WIDTH` characters and `SCREEN_CHARS`
characters in all: quotes are shortened first, then fewer statements are shown (never fewer
than `MIN_SHOWN`). `digest_fit` says which statements are shown, so the fix buttons under it
(`handlers/digest.py`) carry the same numbers.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from handlers.format import (
    clip,
    count_of,
    esc,
    html_to_plain,
    key_passage,
    short_date,
    sides_text,
    split_message,
    spoken,
    target_labels,
    topic_commands,
)
from services.headline import headline

if TYPE_CHECKING:
    from services.domain import Analysis, Statement, Topic
    from services.ingest import IngestResult

SCREEN_WIDTH = 38  # characters on a phone's line
SCREEN_LINES = 15
SCREEN_CHARS = 700
HEADLINE_CHARS = 72  # two lines with its 📰
MIN_SHOWN = 3
MIN_QUOTE_CHARS = 30
LINES_PER_STATEMENT = (3, 2)  # tried in turn, for each number of statements
# A digest covers the article, not its loudest topic: each statement already shown on a topic
# costs a candidate on that topic this much of its score.
REPEATED_TOPIC_PENALTY = 0.12
SIDE_BONUS = 0.1  # a statement that takes a side on a target is worth showing first
PER_SPEAKER = 2  # when others spoke too, no speaker has more of the digest than this
REPEATED_SIDE_PENALTY = 0.25  # the same side on the same target again says little new
OWN_WORDS = ("direct", "mixed")  # the statement quotes the speaker's own words
# Words before a surname that belong to it: "von der Leyen", "de Gaulle".
# Arabic family names keep their article and patronymic particles ("Al Thani", "Abu Shanab",
# "bin Salman"); compared in lower case, as copy writes them both ways ("Al", "al").
SURNAME_PARTICLES = frozenset(
    {"von", "van", "der", "den", "de", "del", "della", "da", "di", "du", "dos", "le", "la",
     "al", "el", "bin", "ibn", "abu", "ben"}
)  # fmt: skip
# A family name spelt like an English pronoun ("He Yongqian") is no name alone.
PRONOUNS = frozenset({"he", "she", "it", "we", "you", "they", "i"})
# Chinese names in English copy keep the family name first ("Mao Ning", "Wang Yi", "Xi
# Jinping"): a two-word name opening with one of the commonest family names in pinyin is
# named again by that word. Names a Western given name could take ("Lee", "Long") are left out.
# fmt: off
FAMILY_NAME_FIRST = frozenset([
    "Wang", "Li", "Zhang", "Liu", "Chen", "Yang", "Huang", "Zhao", "Wu", "Zhou", "Xu", "Sun",
    "Ma", "Zhu", "Hu", "Guo", "He", "Lin", "Gao", "Luo", "Zheng", "Liang", "Xie", "Tang", "Han",
    "Feng", "Deng", "Cao", "Peng", "Zeng", "Xiao", "Tian", "Dong", "Pan", "Yuan", "Cai",
    "Jiang", "Du", "Cheng", "Wei", "Su", "Ding", "Ren", "Yao", "Shen", "Zhong", "Cui", "Tan",
    "Lu", "Fan", "Liao", "Shi", "Jin", "Jia", "Xia", "Fu", "Fang", "Zou", "Xiong", "Qin", "Qiu",
    "Hou", "Yin", "Xue", "Yan", "Duan", "Lei", "Tao", "Mao", "Hao", "Gu", "Gong", "Shao",
    "Qian", "Kong", "Xi",
])
# fmt: on


def digest_statements(analysis: Analysis, limit: int = 5) -> list[Statement]:
    """The statements a digest shows, in the order it numbers them: best first, spread over
    the article's speakers and topics, the same words never twice, a speaker with two lines
    quoted in their own words in one of them when they gave any; those that take a side on
    a target before those that take none."""
    candidates = analysis.key_statements(len(analysis.statements))
    several_speakers = len({s.speaker for s in candidates}) > 1
    shown: list[Statement] = []
    seen: set[str] = set()
    per_speaker: Counter[str | None] = Counter()
    while candidates and len(shown) < limit:

        def adjusted(statement: Statement) -> float:
            overlap = sum(bool(set(statement.topics) & set(s.topics)) for s in shown)
            sides = {(p.target, p.side) for p in statement.positions}
            repeats = sum(bool(sides & {(p.target, p.side) for p in s.positions}) for s in shown)
            bonus = SIDE_BONUS if statement.positions else 0.0
            return (
                statement.score
                + bonus
                - REPEATED_TOPIC_PENALTY * overlap
                - REPEATED_SIDE_PENALTY * repeats
            )

        best = max(candidates, key=adjusted)  # max keeps the first of equals: article order
        candidates.remove(best)
        if several_speakers and per_speaker[best.speaker] >= PER_SPEAKER:
            continue
        if several_speakers and not _own_words_kept(best, shown, candidates):
            continue
        fingerprint = " ".join(best.text.lower().split())[:80]
        if fingerprint not in seen:
            seen.add(fingerprint)
            per_speaker[best.speaker] += 1
            shown.append(best)
    return sorted(shown, key=lambda s: not s.positions)  # stable: best first within each


def _own_words(statement: Statement) -> bool:
    return statement.kind in OWN_WORDS


def _own_words_kept(candidate: Statement, shown: list[Statement], left: list[Statement]) -> bool:
    """False when `candidate` would be a speaker's second paraphrase while a quote of their
    own words is still to be had: of two lines, one is what they said in their words
    ("Famine is not looming. It is here", not only "famine had taken hold")."""
    if _own_words(candidate) or not any(s.speaker == candidate.speaker for s in shown):
        return True
    if any(s.speaker == candidate.speaker and _own_words(s) for s in shown):
        return True
    return not any(s.speaker == candidate.speaker and _own_words(s) for s in left)


def surname(name: str | None) -> str | None:
    """'Dmitry Peskov' → 'Peskov'; 'Ursula von der Leyen' → 'von der Leyen' (the particles
    before a surname are part of it, 'Mohammed bin Abdulrahman Al Thani' → 'Al Thani'); 'Mao
    Ning' → 'Mao' (FAMILY_NAME_FIRST)."""
    words = name.split() if name else []
    if len(words) < 2:
        return name
    if len(words) == 2 and words[0] in FAMILY_NAME_FIRST:
        # "He Yongqian" named again as "He" reads as the pronoun: the whole name then
        return name if words[0].lower() in PRONOUNS else words[0]
    start = len(words) - 1
    while start > 1 and words[start - 1].lower() in SURNAME_PARTICLES:
        start -= 1
    return " ".join(words[start:])


def screen_lines(text: str, width: int = SCREEN_WIDTH) -> int:
    """How many lines `text` (HTML) takes on a screen `width` characters wide."""
    return sum(max(1, -(-len(line) // width)) for line in html_to_plain(text).split("\n"))


def numbered_line(
    number: int, who: str, sides: str, text: str, lines_each: int, display: str | None = None
) -> str:
    """'2. <b>Grossi</b> — against …: “…”' within `lines_each` screen lines (`who` and
    `sides` HTML, either may be empty; `display` the reporter's words, `format.spoken`).
    Under a one-speaker digest's "🗣 Name" the line opens with the sides alone, and a colon
    follows them whatever the words are: the reporter's words run on after a name, never
    after a side."""
    head = " — ".join(p for p in (who, sides) if p)
    if head.startswith("<b>") and head[3:4].islower():  # "the head of the U.N. …" opens a line
        head = f"<b>{head[3].upper()}{head[4:]}"
    # the number, ': ' and the quote marks
    room = lines_each * SCREEN_WIDTH - len(html_to_plain(head)) - len(str(number)) - 6
    if who:
        return f"{number}. " + spoken(head, text, display, max(room, MIN_QUOTE_CHARS))
    words = spoken("", text, display, max(room, MIN_QUOTE_CHARS))
    return f"{number}. " + (f"{sides}: {words}" if sides else words)


@dataclass(frozen=True)
class DigestFit:
    lines: list[str]  # HTML lines, not yet split
    statements: list[Statement]  # numbered 1, 2, … in this order


def _footer(slugs: list[str], width: int = SCREEN_WIDTH) -> str:
    """The article's topic commands, as many as fit one line, those of the shown ones first."""
    kept: list[str] = []
    for slug in slugs:
        if len(topic_commands([*kept, slug])) > width:
            break
        kept.append(slug)
    return topic_commands(kept)


def _render(
    result: IngestResult, topics: dict[str, Topic], shown: list[Statement], lines_each: int
) -> list[str]:
    analysis, stored = result.analysis, result.stored
    title = result.headline or headline(analysis.text) or analysis.gist
    lines = [f"📰 <b>{esc(clip(title, HEADLINE_CHARS))}</b>"]
    count = len(analysis.statements)
    # The article's own date; when it gives none, the day it came, said as such (a preview
    # that was never stored, as `make run`'s demo, has neither).
    when = short_date(result.published_at) or (
        f"received {short_date(stored.received_at)}" if stored.received_at else ""
    )
    source = esc(clip(stored.source, 24)) if stored.source else ""
    statements = count_of(count, "statement") if count else ""
    lines.append(" · ".join(p for p in (when, source, statements) if p))
    if result.duplicate:
        since = short_date(stored.received_at)
        lines.append(f"<i>Already on record since {since} — not stored twice.</i>")
    if not analysis.statements:  # not stored either (services.ingest.is_news)
        return [line for line in lines if line]
    speakers = {s.speaker for s in shown}
    one_speaker = len(speakers) == 1 and None not in speakers
    if one_speaker:
        role = next((s.role for s in analysis.speakers if s.name in speakers and s.role), None)
        lines.append(f"🗣 <b>{esc(shown[0].speaker)}</b>" + (f", {esc(role)}" if role else ""))
    labels = target_labels(topics.values())
    named: set[str | None] = set()
    for number, statement in enumerate(shown, 1):
        # A person's full name the first time, the surname after, as a news story does;
        # a government or an organisation keeps its whole name ("Chinese government").
        again = statement.speaker in named and statement.speaker_kind == "person"
        name = surname(statement.speaker) if again else statement.speaker
        named.add(statement.speaker)
        who = "" if one_speaker else (f"<b>{esc(name)}</b>" if name else "<i>unattributed</i>")
        sides = sides_text(statement.positions, labels)
        text = statement.text
        if not statement.display:  # a quote: from where it takes its side
            text = key_passage(text, statement.positions)
        lines.append(numbered_line(number, who, sides, text, lines_each, statement.display))
    shown_topics = [t for s in shown for t in s.topics]
    slugs = [t for t in dict.fromkeys([*shown_topics, *analysis.topics]) if t in topics]
    lines.append(_footer(slugs))
    return [line for line in lines if line]


def digest_fit(result: IngestResult, topics: dict[str, Topic], limit: int = 5) -> DigestFit:
    """The digest and the statements it numbers, as much as fits one phone screen."""
    chosen = digest_statements(result.analysis, limit)
    fallback: DigestFit | None = None
    for count in range(len(chosen), min(MIN_SHOWN, len(chosen)) - 1, -1):
        shown = chosen[:count]
        for lines_each in LINES_PER_STATEMENT:
            lines = _render(result, topics, shown, lines_each)
            text = "\n".join(lines)
            fallback = DigestFit(lines, shown)
            if screen_lines(text) <= SCREEN_LINES and len(html_to_plain(text)) <= SCREEN_CHARS:
                return fallback
    return fallback or DigestFit(_render(result, topics, [], 2), [])


def render_digest(result: IngestResult, topics: dict[str, Topic], limit: int = 5) -> list[str]:
    """The reply to a forwarded article, as messages ready to send."""
    return split_message(digest_fit(result, topics, limit).lines)
