"""Split a text into messages the way a Telegram client sends a long paste.

Telegram counts a message's length in UTF-16 code units (an emoji outside the Basic
Multilingual Plane counts twice) and takes at most 4,096. A client cuts a longer text at the
last line break, or failing that the last space, within `slack` code units of the limit (a
hard cut at the limit when there is none), never inside a surrogate pair, and drops the
whitespace at the cut.
"""

from __future__ import annotations

LIMIT = 4096


def _units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _fitting(text: str, limit: int) -> int:
    """How many characters of `text` fit in `limit` UTF-16 code units."""
    used = 0
    for index, char in enumerate(text):
        used += 2 if ord(char) > 0xFFFF else 1
        if used > limit:
            return index
    return len(text)


def split_like_telegram(text: str, limit: int = LIMIT, slack: int = 256) -> list[str]:
    parts: list[str] = []
    rest = text
    while _units(rest) > limit:
        end = _fitting(rest, limit)
        floor = _fitting(rest, limit - slack)
        cut = rest.rfind("\n", floor, end)
        if cut < 0:
            cut = rest.rfind(" ", floor, end)
        if cut < 0:
            parts.append(rest[:end])
            rest = rest[end:]
        else:
            parts.append(rest[:cut])
            rest = rest[cut + 1 :]
    parts.append(rest)
    return parts


def long_paste(paragraphs: list[str], units: int) -> str:
    """Paragraphs repeated (each copy numbered) until the text is at least `units` long."""
    lines: list[str] = []
    copy = 0
    while _units("\n".join(lines)) < units:
        copy += 1
        lines += [*paragraphs, f"That was part {copy} of the briefing."]
    return "\n".join(lines)
