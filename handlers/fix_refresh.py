"""After a fix, the screens that showed the old value show the corrected one.

When ✏️ opens the fix menu (a reply under that screen), the screen is remembered in
`chat_data` by the menu's message id (and by the "Who said…?" prompt's, for a typed name):
its message id, how to draw it again (the VIEW of `handlers/fix_buttons.py`), and, for a
digest, its HTML and buttons. Once the fix is made that screen, and every other screen of
the chat that shows the statement (`handlers/shown.py`: the digest above a /show_ID, a
topic's page, …), is drawn again from the record — a digest by redrawing the fixed
statement's numbered line — and edited in place. After a restart the memory is gone and
only the ✅ reply says what changed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from telegram import InlineKeyboardMarkup, Message
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from handlers.arguments import parse_id
from handlers.common import services_of
from handlers.digest_pages import article_page_screen
from handlers.fix_buttons import FIX_CALLBACK
from handlers.format import esc, sides_text, target_labels
from handlers.format_digest import numbered_line, screen_lines
from handlers.search import search_screen
from handlers.shown import redrawn, screens_showing
from handlers.topics import show_screen, topic_screen
from services.screens import statement_now

log = logging.getLogger(__name__)

ORIGINS_KEY = "fix_origins"
REMEMBERED = 20


@dataclass(frozen=True)
class Origin:
    message_id: int
    view: str  # "" for a digest
    html: str
    markup: InlineKeyboardMarkup | None


def _origins(context: ContextTypes.DEFAULT_TYPE) -> dict[int, Origin]:
    chat_data = context.chat_data if context.chat_data is not None else {}
    return chat_data.setdefault(ORIGINS_KEY, {})


def remember_origin(
    context: ContextTypes.DEFAULT_TYPE, screen: Message, key: int, view: str
) -> None:
    """`screen` is the message the ✏️ was pressed under; `key` the menu's message id."""
    origins = _origins(context)
    origins[key] = Origin(screen.message_id, view, screen.text_html or "", screen.reply_markup)
    for old in sorted(origins)[:-REMEMBERED]:
        del origins[old]


def alias_origin(context: ContextTypes.DEFAULT_TYPE, key: int, new_key: int) -> None:
    """The prompt for a typed name (`new_key`) leads back to the same screen as `key`."""
    origins = _origins(context)
    if key in origins:
        origins[new_key] = origins[key]


def digest_number(markup: InlineKeyboardMarkup | None, statement_id: int) -> str | None:
    """The number the digest shows the statement under, read off its "✏️ N" button."""
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            data = str(button.callback_data or "").split(":")
            if data[:2] == [FIX_CALLBACK, str(statement_id)] and button.text.startswith("✏️ "):
                return button.text.removeprefix("✏️ ").strip()
    return None


async def _redrawn_digest(
    context: ContextTypes.DEFAULT_TYPE, origin: Origin, statement_id: int
) -> str | None:
    number = digest_number(origin.markup, statement_id)
    lines = origin.html.split("\n")
    at = next((i for i, line in enumerate(lines) if i and line.startswith(f"{number}. ")), None)
    if number is None or at is None or parse_id(number) is None:
        return None
    services = services_of(context)
    row = await statement_now(services, statement_id)
    if row is None:
        lines[at] = f"{number}. <i>removed from the record: not a statement</i>"
    else:
        # As the digest drew it: no name under a one-speaker digest's "🗣 Name" line, in the
        # screen lines the old one took, so the digest still fits one screen.
        one_speaker = f"🗣 <b>{esc(row.speaker)}</b>" if row.speaker else None
        named = not any(line.startswith(one_speaker or "\0") for line in lines[:at])
        who = f"<b>{esc(row.speaker)}</b>" if row.speaker else "<i>unattributed</i>"
        sides = sides_text(row.positions, target_labels(services.resources.topics))
        room = screen_lines(lines[at])
        lines[at] = numbered_line(
            int(number), who if named else "", sides, row.text, room, row.display
        )
    return "\n".join(lines)


async def _redrawn(
    context: ContextTypes.DEFAULT_TYPE, origin: Origin, statement_id: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    kind, _, rest = origin.view.partition(".")
    first, _, second = rest.rpartition(".") if kind == "t" else rest.partition(".")
    number, page = parse_id(first), parse_id(second, minimum=0)
    services = services_of(context)
    if kind == "t" and page is not None:
        return await topic_screen(services, first, page)
    if kind == "p" and number is not None and page is not None:
        return await article_page_screen(services, number, page)
    if kind == "q" and number is not None and page is not None:
        return await search_screen(context, number, page)
    if kind == "s":
        return await show_screen(services, statement_id)
    text = await _redrawn_digest(context, origin, statement_id) if not kind else None
    return (text, origin.markup) if text is not None else None


async def _redraw(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, origin: Origin, statement_id: int
) -> None:
    """Edit one screen to show the fix (and remember what it shows now)."""
    screen = await _redrawn(context, origin, statement_id)
    if screen is None:
        return
    text, markup = screen
    try:
        await context.bot.edit_message_text(
            text, chat_id=chat_id, message_id=origin.message_id, reply_markup=markup
        )
    except BadRequest as exc:  # too old to edit, or nothing changed on it
        log.info("screen %s not redrawn after a fix: %s", origin.message_id, exc)
        return
    redrawn(context, origin.message_id, text, markup)


async def refresh_origin(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, key: int, statement_id: int
) -> None:
    """Draw the screen behind the menu (or prompt) `key` again, with the fix made, then
    every other screen of the chat that shows the statement."""
    origin = _origins(context).get(key)
    if origin is not None:
        await _redraw(context, chat_id, origin, statement_id)
    for shown, view in screens_showing(context, statement_id):
        if origin is not None and shown.message_id == origin.message_id:
            continue
        screen = Origin(shown.message_id, view, shown.html, shown.markup)
        await _redraw(context, chat_id, screen, statement_id)
