"""Live-blog time stamps and update labels: where an entry's own text begins.

A live blog opens each entry with when it was posted — "13:30 GMT —", "0930 ET:",
"9.45am:", "Update 2:" — and wire copy re-sent during the day does the same.  The stamp
is the writer's, never a speaker; the small parser, given "GMT — Asked whether …, the
minister said …" as one sentence, takes "GMT" for the subject of the whole entry.  The
paragraph component (`paragraphs.py`) starts a sentence where the stamp ends, so the
entry parses on its own.
"""

from __future__ import annotations

import re

_ZONES = (
    r"GMT|UTC|BST|CET|CEST|EET|EEST|MSK|EST|EDT|CST|CDT|MST|MDT|PST|PDT|ET|CT|PT|IST|JST|"
    r"AEST|AEDT|HKT|SGT|local(?:[^\S\n]+time)?"
)
_AMPM = r"[^\S\n]*[ap]\.?m\.?"
_ZONE = rf"[^\S\n]*(?:{_ZONES})\b"
_TIME = (
    r"(?:(?:[01]?\d|2[0-3])[:.][0-5]\d(?:" + _AMPM + r")?(?:" + _ZONE + r")?"
    r"|(?:[01]?\d|2[0-3])[0-5]\d(?:" + _AMPM + r"|" + _ZONE + r")"  # "0930 ET"
    r"|(?:[01]?\d)" + _AMPM + r"(?:" + _ZONE + r")?"  # "9am"
    r"|(?i:update[d]?)[^\S\n]+\d{1,3}"  # "Update 2"
    r"|" + _ZONE.replace(r"[^\S\n]*", "", 1) + r")"  # a zone alone: what a parse leaves of one
)
_STAMP = re.compile(r"[^\S\n]*" + _TIME + r"[^\S\n]*(?:—|–|--|-|:|\|)[^\S\n]+")
_STAMP_ONLY = re.compile(r"[^\S\n]*(?:" + _TIME + r")[^\S\n]*")


def stamp_end(text: str, start: int) -> int | None:
    """The offset where the entry begins after a time stamp opening the line at `start`."""
    m = _STAMP.match(text, start)
    return m.end() if m is not None else None


def is_stamp(text: str) -> bool:
    """Whether `text` (a source mention as written) is a time stamp or a time zone."""
    return _STAMP_ONLY.fullmatch(text) is not None
