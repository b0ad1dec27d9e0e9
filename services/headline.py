"""An article's headline for a digest: its title, or its first sentence, without a
dateline ("VIENNA, March 3 (Wire) -") or a channel banner ("🔴⚡️ BREAKING | VENEZUELA 🇻🇪").

Pure text work on the article as stored; the stored gist (its first line, which story
grouping compares) is left as it is.
"""

from __future__ import annotations

import re

HEADLINE_CHARS = 90
TITLE_CHARS = 120  # a first line this short, without a closing full stop, is a title
# "MOSCOW —", "VIENNA/TEHRAN, March 3 (Wire) -", "KYIV, Ukraine (AP) —", "WASHINGTON:",
# "WASHINGTON, Dec. 2, 2026 /PRNewswire/ --"
_DATELINE = re.compile(
    r"^[A-Z][A-Z.'\-/ ]{2,40}"  # the place (or places: "GAZA/UNITED NATIONS"), in capitals
    r"(?:,\s*[A-Za-z][\w.]*(?:\s+\d{1,2})?(?:,\s*\d{4})?)?"  # ", March 3" / ", Ukraine"
    r"(?:\s*\([^()]{1,40}\))?"  # "(Reuters)"
    r"(?:\s*/[^/\s][^/]{0,38}/)?"  # "/PRNewswire/"
    r"\s*[-—–:]+\s+"
)
_BANNER_WORDS = re.compile(
    r"\b(BREAKING|URGENT|JUST IN|UPDATE|EXCLUSIVE|ALERT|LIVE|FLASH|DEVELOPING)\b"
)
# A leading run of emoji, capitals, flags and separators ending at "|" or ":".
_BANNER_PREFIX = re.compile(r"^[^a-z]{0,80}?[|:]\s*(?=[A-Z“\"'])")
_SENTENCE_END = re.compile(r"(?<=[a-z0-9)”\"’][.!?])\s+(?=[A-Z“\"‘'])")
# "By Jane Doe", "By Jane Doe and John Roe, Reuters": the byline, no title.
_BYLINE = re.compile(r"^By\s+[A-Z][\w.'\-]*(?:[\s,]+(?:and\s+)?[A-Z][\w.'\-]*){0,6}$")
# "Forwarded from 🔴 Middle East Now": what Telegram puts above a forwarded post copied as text.
_FORWARDED = re.compile(r"^Forwarded (?:from|message)\b", re.IGNORECASE)
_ABBREVIATIONS = {"mr", "mrs", "ms", "dr", "st", "gen", "sen", "rep", "gov", "lt", "col", "no"}


def is_banner(line: str) -> bool:
    """What is left of a line is a channel's banner, not a sentence: mostly capitals, or
    fewer than three lower-case words ("VENEZUELA 🇻🇪", "LIVE UPDATES")."""
    letters = [c for c in line if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) > 0.7:
        return True
    return sum(1 for word in line.split() if any(c.islower() for c in word)) < 3


def strip_banner_and_dateline(line: str) -> str:
    line = line.strip()
    prefix = _BANNER_PREFIX.match(line)
    if prefix and (_BANNER_WORDS.search(prefix.group()) or "|" in prefix.group()):
        line = line[prefix.end() :]
    dateline = _DATELINE.match(line)
    if dateline and any(c.isalpha() for c in line[dateline.end() :]):
        line = line[dateline.end() :]
    return line.strip()


def first_sentence(text: str) -> str:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        words = text[start : match.start()].split()
        last = words[-1].rstrip(".").lower() if words else ""
        if last in _ABBREVIATIONS or len(last) == 1:
            continue
        return text[: match.start()].strip()
    return text.strip()


def clip_words(text: str, limit: int) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return (cut or text[: limit - 1]).rstrip(",;:—-– ") + "…"


def headline(text: str, limit: int = HEADLINE_CHARS) -> str:
    """The article's title (a short first line), else its first sentence; '' if it has none."""
    for raw in text.splitlines():
        line = strip_banner_and_dateline(raw)
        if is_banner(line) or _BYLINE.match(line) or _FORWARDED.match(raw.strip()):
            continue
        if len(line) <= TITLE_CHARS and not line.endswith("."):
            return clip_words(line, limit)
        return clip_words(first_sentence(line), limit)
    return ""
