"""The ✏️ buttons under every screen that shows statements, and what their data says.

`fix:ID` is the ✏️ under a digest; `fix:ID:m:VIEW` is the ✏️ under another screen, VIEW
saying how to draw that screen again once the fix is made (`handlers/fix_refresh.py`):
`p.ARTICLE.PAGE` (a page of an article's statements), `q.SEARCH.PAGE` (a page of a search),
`s` (/show_ID). Telegram carries at most 64 bytes; a VIEW that would not fit is left out.
"""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton

FIX_CALLBACK = "fix"
MENU = "m"
CALLBACK_LIMIT = 64  # bytes of callback data Telegram accepts
MAX_BUTTONS = 8  # under any one screen


def fits(data: str) -> bool:
    return len(data.encode("utf-8")) <= CALLBACK_LIMIT


def fix_data(statement_id: int, view: str | None = None) -> str:
    data = f"{FIX_CALLBACK}:{statement_id}:{MENU}:{view}" if view else ""
    return data if data and fits(data) else f"{FIX_CALLBACK}:{statement_id}"


def fix_row(
    numbered: Sequence[tuple[int, int]], view: str | None = None
) -> list[InlineKeyboardButton]:
    """One "✏️ N" button per (number shown, statement id)."""
    return [
        InlineKeyboardButton(f"✏️ {number}", callback_data=fix_data(statement_id, view))
        for number, statement_id in numbered
    ]
