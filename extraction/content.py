"""A statement's text, exactly the statement: the last pass over the attributions found.

* no dateline: "DUBAI, March 3 (Agency) - Iran will not …" starts at "Iran"; the parser
  hangs a dateline on the lead's clause, and the source mention likewise; a dateline
  pasted inside a quotation goes with its marks;
* no reporter's words after the closing mark: `warned that "…," a charge the bank
  rejected` ends at the mark, and none after the clause either: `said the country would
  "never accept" inspections, a line he has repeated for months` ends at "inspections";
* no time of the saying: `said on Monday the island would resist` starts at "the";
* quote marks balanced: a quotation the content opens is closed inside it, a mark
  left at an edge with no partner is trimmed, and a nested mark left open inside a
  quotation is left out;
* a statement repeated within the article (a pasted paragraph twice) counts once;
* no span edge inside an emoji or flag.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extraction.quotes import Quote
from extraction.raw import QUOTE_RE, RawAttribution, Spans, trim, words

_DATELINE = re.compile(
    r"[^\S\n]*(?:[A-Z][A-Z.'’/\-]{2,}(?:[^\S\n]+[A-Z][A-Z.'’/\-]+){0,3}"
    r"(?:,[^\S\n]+[A-Z][\w.]*(?:[^\S\n]+[\w.]+){0,2})?(?:[^\S\n]*\([^()\n]{1,40}\))?"
    r"|[A-Z][\w.'’\-]+(?:[^\S\n]+[A-Z][\w.'’\-]+){0,2}[^\S\n]*\([^()\n]{1,40}\))"
    r"[^\S\n]*(?:--|[-—–:])[^\S\n]+"
)
# what may follow a closing mark and still be the reported clause
_CONTINUES = frozenset(
    {"and", "but", "or", "that", "because", "if", "as", "while", "when", "so", "nor", "than"}
)
# an appositive comment of the writer's after a quotation: "…," a charge X denied
_COMMENT_HEADS = frozenset(
    {"a", "an", "which", "prompting", "drawing", "sparking", "in", "referring", "according"}
)
# "…, a line he has repeated for months": the writer's word for what was said, closing it
_TRAILING_COMMENT = re.compile(
    r",[^\S\n]+(?:a|an)[^\S\n]+(?:\w+[^\S\n]+)?(?:line|claim|charge|refrain|position|stance|"
    r"view|assertion|accusation|allegation|argument|message|theme|remark|warning|promise|"
    r"pledge|threat)[^\S\n]+(?:that|which|he|she|they|it|the|echoing|repeated|made|first)"
    r"\b[^,;\n]*$"
)
# "said on Monday [the island would resist]": when it was said, not what
_SAID_WHEN = re.compile(
    r"(?:(?:late|early)[^\S\n]+)?on[^\S\n]+(?:Monday|Tuesday|Wednesday|Thursday|Friday|"
    r"Saturday|Sunday)(?:[^\S\n]+(?:night|morning|afternoon|evening))?,?[^\S\n]+(?=\S)"
)
_MIN_REPEAT_WORDS = 4
_MARKS = "\"“”«»„'`"
_NORM = re.compile(r"``|''|[\"“”«»„]|[^\w\s]")


def dateline_end(text: str, start: int) -> int | None:
    """The end of a dateline opening the paragraph at `start`, if there is one."""
    m = _DATELINE.match(text, start)
    return m.end() if m is not None else None


def _paragraph_start(text: str, char: int) -> int:
    return text.rfind("\n", 0, char) + 1


def _cut_dateline(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    p = _paragraph_start(text, s)
    if s - p > 80:
        return span
    end = dateline_end(text, p)
    if end is not None and s < end < e:
        return end, e
    return span


# "… Andrii Sybiha on Saturday [urged]": when, between the source and its cue
_WHEN_BEFORE_CUE = re.compile(
    r"[^\S\n]+(?:(?:late|early)[^\S\n]+)?on[^\S\n]+(?:Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|Sunday)(?:[^\S\n]+(?:night|morning|afternoon|evening))?[^\S\n]*$"
)
_MAX_SOURCE_WORDS = 8


def _source_past_dateline(
    text: str, source: tuple[int, int], cue_char: int | None
) -> tuple[int, int]:
    """A source the parser found inside the dateline ("KYIV, Dec 6 (Wire) - Ukrainian
    Foreign Minister Andrii Sybiha on Saturday urged …" read with "KYIV" as the subject) is
    the words between the dateline and the cue, without when it was said; the mention as
    found when those are not a short name."""
    p = _paragraph_start(text, source[0])
    end = dateline_end(text, p)
    if end is None or source[1] > end or cue_char is None or cue_char <= end:
        return source
    between = text[end:cue_char].rstrip()
    when = _WHEN_BEFORE_CUE.search(between)
    if when is not None:
        between = between[: when.start()]
    if not between or words(between) > _MAX_SOURCE_WORDS or not between[:1].isupper():
        return source
    return end, end + len(between)


def _quoted_dateline(text: str, span: tuple[int, int], quotes: list[Quote]) -> tuple[int, int]:
    """`Araghchi: "DUBAI, March 3 (Agency) - Iran will not …"`: a dateline pasted inside a
    quotation is cut with the marks, which would otherwise enclose the wire's words."""
    s, e = span
    q = next((q for q in quotes if q.start == s and q.end <= e), None)
    mark = QUOTE_RE.match(text, s)
    if q is None or mark is None:
        return span
    end = dateline_end(text, mark.end())
    if end is None or end >= q.end:
        return span
    close = q.end
    while close > end and text[close - 1] in _MARKS:
        close -= 1
    return (end, close) if q.end == e else (end, e)


def _comment_after(text: str, q: Quote, end: int) -> bool:
    """The words between a quotation's closing mark and the content's end are the
    writer's: `"…," a charge X denied`, `"…" — prompting …`."""
    rest = text[q.end : end].lstrip(" ,;—–-")
    first = rest.split(maxsplit=1)[0].lower() if rest.split() else ""
    inside = text[q.start : q.end].rstrip("\"”»'`")
    return (
        bool(first)
        and (text[q.end : end].lstrip()[:1] in (",", "—", "–", "-", ";") or inside.endswith(","))
        and first not in _CONTINUES
        and (first in _COMMENT_HEADS or first.endswith("ing"))
    )


def _balanced(text: str, span: tuple[int, int], quotes: list[Quote]) -> tuple[int, int]:
    s, e = span
    for q in quotes:
        if q.end <= s or q.start >= e:
            continue
        if q.start >= s and q.end > e and "\n" not in text[e : q.end]:
            e = q.end  # the content opens a quotation: it closes inside it
        elif q.start < s < q.end <= e and "\n" not in text[q.start : s]:
            s = q.start
    while s < e and QUOTE_RE.match(text, s) and not any(q.start == s for q in quotes):
        s = QUOTE_RE.match(text, s).end()  # type: ignore[union-attr]
    while s < e and text[e - 1] in "\"“”«»„'`" and not any(q.end == e for q in quotes):
        e -= 1
    return trim(text, s, e) if (s, e) != span else span


def _without_strays(text: str, span: tuple[int, int], quotes: list[Quote]) -> list[tuple[int, int]]:
    """The span less a nested mark left open inside a quotation (`“"every weapon …”`): two
    pieces either side of it, and with its quotation's own marks too when it follows the
    opening one, so the text never carries an unpaired mark."""
    pieces = [span]
    for q in quotes:
        for x in q.strays:
            out = []
            for s, e in pieces:
                if not s <= x < e:
                    out.append((s, e))
                    continue
                if s == q.start and x == s + 1 and e == q.end:
                    s, e = s + 1, e - 1  # “"every … saved.”: the quotation's marks go too
                out += [(s, len(text[:x].rstrip())), (x + 1, e)]
            pieces = [(s, e) for s, e in out if text[s:e].strip()]
    return [(s + len(text[s:e]) - len(text[s:e].lstrip()), e) for s, e in pieces]


def _snap(text: str, span: tuple[int, int]) -> tuple[int, int]:
    s, e = span
    while s < e and _inside_cluster(text, s):
        s += 1
    while e < len(text) and _inside_cluster(text, e):
        e += 1
    return s, e


def _inside_cluster(text: str, i: int) -> bool:
    """Whether position i falls inside a grapheme cluster (a flag, a ZWJ emoji, an emoji
    with its variation selector or skin tone, a letter with a combining mark)."""
    if i <= 0 or i >= len(text):
        return False
    c, prev = ord(text[i]), ord(text[i - 1])
    if c in (0x200D, 0xFE0E, 0xFE0F) or prev == 0x200D or 0x1F3FB <= c <= 0x1F3FF:
        return True
    if 0x0300 <= c <= 0x036F or 0xE0020 <= c <= 0xE007F:
        return True
    if 0x1F1E6 <= c <= 0x1F1FF and 0x1F1E6 <= prev <= 0x1F1FF:
        run = 0
        k = i - 1
        while k >= 0 and 0x1F1E6 <= ord(text[k]) <= 0x1F1FF:
            run += 1
            k -= 1
        return run % 2 == 1
    return False


def _key(text: str, content: Spans) -> str:
    return " ".join(_NORM.sub(" ", " ".join(text[s:e] for s, e in content)).lower().split())


def exact(text: str, found: list[RawAttribution], quotes: list[Quote]) -> list[RawAttribution]:
    """The attributions with their contents made exact (see the module docstring)."""
    out: list[RawAttribution] = []
    seen: set[str] = set()
    for r in found:
        spans = [_quoted_dateline(text, _cut_dateline(text, sp), quotes) for sp in r.content]
        last = spans[-1]
        for q in quotes:
            if last[0] <= q.start and q.end < last[1] and _comment_after(text, q, last[1]):
                spans[-1] = (last[0], q.end)
                break
        else:
            comment = _TRAILING_COMMENT.search(text, last[0], last[1])
            if comment is not None and comment.end() == last[1] and r.kind != "direct":
                spans[-1] = (last[0], comment.start())
        when = _SAID_WHEN.match(text, spans[0][0], spans[0][1])
        if when is not None and r.kind != "direct" and words(text[when.end() : spans[0][1]]) >= 3:
            spans[0] = (when.end(), spans[0][1])
        spans = [
            piece
            for sp in spans
            for piece in _without_strays(text, _snap(text, _balanced(text, sp, quotes)), quotes)
        ]
        content = tuple(sp for sp in spans if sp[1] > sp[0])
        if not content:
            continue
        source = r.source
        if source is not None:
            source = _source_past_dateline(text, _cut_dateline(text, source), r.cue_char)
        key = _key(text, content)
        if words(key) >= _MIN_REPEAT_WORDS and key in seen:
            continue  # the same statement again: a repeated paragraph
        seen.add(key)
        if content != r.content or source != r.source:
            r = replace(r, content=content, source=source)
        out.append(r)
    return out
