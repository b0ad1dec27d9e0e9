"""What users type after a command, or forge into button data, read with bounds.

Python's `int()` and `str.isdigit()` accept far more than an id: `"²".isdigit()` is true and
`int("²")` raises, `int("١٢٣")` is 123 (Arabic-Indic digits), and a 25-digit number is a fine
Python int that SQLite refuses with OverflowError. `parse_id` takes ASCII digits only, within
SQLite's signed 64-bit INTEGER range, and every handler that reads a number uses it. `echo`
is the one way a reply repeats what the user typed: cleaned and cut to `ECHO_CHARS`, so a
4,000-character argument can't make a reply Telegram refuses as too long.
"""

from __future__ import annotations

import re

from handlers.format import clip, esc

SQLITE_MAX_INTEGER = 2**63 - 1
ECHO_CHARS = 100
_ASCII_NUMBER = re.compile(r"[0-9]{1,19}")


def parse_id(text: str | None, minimum: int = 1) -> int | None:
    """An id or page number typed or carried in callback data; None unless it is plain
    ASCII digits with a value from `minimum` to SQLite's largest INTEGER."""
    if text is None or not _ASCII_NUMBER.fullmatch(text):
        return None
    value = int(text)
    return value if minimum <= value <= SQLITE_MAX_INTEGER else None


def echo(text: str | None, limit: int = ECHO_CHARS) -> str:
    """User input repeated in a reply: invisible characters gone, at most `limit`
    characters, HTML-escaped."""
    return esc(clip(text or "", limit))
