"""/search WORDS [speaker:… topic:… since:…] and its page buttons.

A query can be longer than the 64 bytes Telegram allows in callback data, so the buttons
carry a small per-chat number and the query itself stays in `chat_data` (the last
`REMEMBERED` searches); a button from before a restart says the search has expired.
"""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler, ContextTypes

from handlers.arguments import parse_id
from handlers.common import pager, reply_lines, services_of
from handlers.fix_buttons import fix_row
from handlers.format import HELP_POINTER, esc, target_labels
from handlers.format_archive import SEARCH_HELP, render_search
from handlers.shown import remember_shown
from services.search import SearchError, SearchResult, parse_query, search

SEARCH_CALLBACK = "search"
SEARCHES_KEY = "searches"
REMEMBERED = 20


def remember(chat_data: dict, text: str) -> int:
    searches: dict[int, str] = chat_data.setdefault(SEARCHES_KEY, {})
    number = max(searches, default=0) + 1
    searches[number] = text
    for old in sorted(searches)[:-REMEMBERED]:
        del searches[old]
    return number


def page_buttons(number: int, result: SearchResult) -> InlineKeyboardMarkup | None:
    """A "✏️ N" per numbered hit, then ◀ ▶ when there are more pages."""
    labels = ("◀ Better matches", "More ▶")
    numbered = [(result.first_number + i, hit.statement.id) for i, hit in enumerate(result.hits)]
    rows = [fix_row(numbered, f"q.{number}.{result.page}")] if numbered else []
    nav = pager(f"{SEARCH_CALLBACK}:{number}", result.page, result.pages, labels)
    rows.extend(list(row) for row in (nav.inline_keyboard if nav else ()))
    return InlineKeyboardMarkup(rows) if rows else None


async def search_screen(
    context: ContextTypes.DEFAULT_TYPE, number: int, page: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """Page `page` of the chat's remembered search `number`, drawn again; None when it has
    expired."""
    text = (context.chat_data or {}).get(SEARCHES_KEY, {}).get(number)
    if text is None:
        return None
    topics = services_of(context).resources.topics
    try:
        result = await search(services_of(context), parse_query(text, topics), page)
    except SearchError:
        return None
    return render_search(result, target_labels(topics))[0], page_buttons(number, result)


async def on_search(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    text = (message.text or "").partition(" ")[2].strip()
    try:
        query = parse_query(text, services_of(context).resources.topics)
        if query.empty:
            await message.reply_text(SEARCH_HELP)
            return
        result = await search(services_of(context), query)
    except SearchError as exc:  # a mistyped filter: what was wrong, the nearest, and /help
        await message.reply_text(f"{esc(str(exc))} {HELP_POINTER}")
        return
    number = remember(context.chat_data if context.chat_data is not None else {}, text)
    labels = target_labels(services_of(context).resources.topics)
    pages, buttons = render_search(result, labels), page_buttons(number, result)
    sent = await reply_lines(update, pages, reply_markup=buttons)
    if len(pages) == 1:
        remember_shown(context, sent, pages[0], buttons)


async def on_search_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    callback = update.callback_query
    if callback is None or not callback.data:
        return
    parts = callback.data.split(":")
    number = parse_id(parts[1]) if len(parts) == 3 else None
    page = parse_id(parts[2], minimum=0) if len(parts) == 3 else None
    text = (context.chat_data or {}).get(SEARCHES_KEY, {}).get(number)
    if text is None or number is None or page is None:
        await callback.answer("This search has expired; send /search again.")
        return
    try:
        topics = services_of(context).resources.topics
        result = await search(services_of(context), parse_query(text, topics), page)
    except SearchError as exc:
        await callback.answer(str(exc)[:200])
        return
    await callback.answer()
    labels = target_labels(services_of(context).resources.topics)
    shown, buttons = render_search(result, labels)[0], page_buttons(number, result)
    sent = await callback.edit_message_text(shown, reply_markup=buttons)
    remember_shown(context, sent, shown, buttons)


def search_handlers() -> list[CallbackQueryHandler]:
    return [CallbackQueryHandler(on_search_page, pattern=rf"^{SEARCH_CALLBACK}:")]
