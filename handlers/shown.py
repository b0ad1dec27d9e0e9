"""The screens of statements a chat has been shown, so that a fix redraws every one of them.

A member who fixes a statement under /show_ID should not find the old side still in the
digest above it. Each screen that shows statements (a digest, a "More" page, /show_ID, a
search page, a topic's page) is remembered in `chat_data` by its message id, with the HTML
and buttons it shows. Which statements a screen shows, and how to draw it again, is read off
its ✏️ buttons (`handlers/fix_buttons.py`); a topic's page, which has none, is remembered
with its view (`t.SLUG.PAGE`) and the statements it lists. After a restart the memory is
gone and the screens stay as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from telegram import InlineKeyboardMarkup, Message
from telegram.ext import ContextTypes

from handlers.fix_buttons import FIX_CALLBACK, MENU

SHOWN_KEY = "shown_screens"
REMEMBERED = 30  # screens per chat; older ones are left as they are


@dataclass(frozen=True)
class Shown:
    message_id: int
    html: str
    markup: InlineKeyboardMarkup | None
    view: str = ""  # how to draw it again, for a screen without ✏️
    ids: frozenset[int] = frozenset()  # the statements it shows, for a screen without ✏️


def _screens(context: ContextTypes.DEFAULT_TYPE) -> dict[int, Shown]:
    chat_data = context.chat_data if context.chat_data is not None else {}
    return chat_data.setdefault(SHOWN_KEY, {})


def remember_shown(
    context: ContextTypes.DEFAULT_TYPE,
    message: Message | bool | None,
    html: str,
    markup: InlineKeyboardMarkup | None,
    view: str = "",
    ids: Iterable[int] = (),
) -> None:
    """`message` (as Telegram returned it after a send or an edit) now shows `html`."""
    if not isinstance(message, Message):
        return
    screens = _screens(context)
    screens[message.message_id] = Shown(message.message_id, html, markup, view, frozenset(ids))
    for old in sorted(screens)[:-REMEMBERED]:
        del screens[old]


def redrawn(
    context: ContextTypes.DEFAULT_TYPE,
    message_id: int,
    html: str,
    markup: InlineKeyboardMarkup | None,
) -> None:
    """A remembered screen was edited to show `html` with `markup`."""
    screens = _screens(context)
    if message_id in screens:
        screens[message_id] = replace(screens[message_id], html=html, markup=markup)


def fix_view(markup: InlineKeyboardMarkup | None, statement_id: int) -> str | None:
    """The VIEW of the statement's ✏️ under a screen ("" for a digest's); None without one."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            data = str(button.callback_data or "").split(":")
            if data[:2] == [FIX_CALLBACK, str(statement_id)]:
                return data[3] if len(data) > 3 and data[2] == MENU else ""
    return None


def screens_showing(
    context: ContextTypes.DEFAULT_TYPE, statement_id: int
) -> Iterator[tuple[Shown, str]]:
    """Every remembered screen that shows the statement, with how to draw it again."""
    for shown in list(_screens(context).values()):
        view = fix_view(shown.markup, statement_id)
        if view is not None:
            yield shown, view
        elif statement_id in shown.ids:
            yield shown, shown.view
