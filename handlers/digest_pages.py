""" "More" under a digest: every statement of the article, a page at a time, edited into the
same message with ◀ ▶ and a ✏️ per statement on the page.

The buttons carry `dg:ARTICLE:PAGE`. Nothing else is kept: the message must be one of the
bot's digests of that very article (the digest messages are on record), so forged data
gets a short "out of date" and never shows another article's page in someone's digest.
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, ContextTypes

from handlers.arguments import parse_id
from handlers.common import pager, services_of
from handlers.fix_buttons import CALLBACK_LIMIT, fix_row
from handlers.format import target_labels
from handlers.format_pages import render_article_page
from handlers.shown import remember_shown
from services.context import Services
from services.corrections import article_of_digest
from services.screens import article_statements

log = logging.getLogger(__name__)

DIGEST_PAGE_CALLBACK = "dg"
OUT_OF_DATE = "That button is out of date."


def more_button(article_id: int, more: int) -> InlineKeyboardButton:
    return InlineKeyboardButton(
        f"More ({more})", callback_data=f"{DIGEST_PAGE_CALLBACK}:{article_id}:0"
    )


def page_view(article_id: int, page: int) -> str:
    """How a ✏️ under this page names it (`handlers/fix_buttons.py`)."""
    return f"p.{article_id}.{page}"


async def article_page_screen(
    services: Services, article_id: int, page: int
) -> tuple[str, InlineKeyboardMarkup | None]:
    """Page `page` of the article's statements, and its ✏️ and ◀ ▶ buttons."""
    rows = await article_statements(services, article_id)
    labels = target_labels(services.resources.topics)
    text, shown, pages = render_article_page(rows, page, labels)
    page = min(max(page, 0), pages - 1)
    numbered = [(index + 1, rows[index].id) for index in shown]
    keyboard = [fix_row(numbered, page_view(article_id, page))] if numbered else []
    nav = pager(f"{DIGEST_PAGE_CALLBACK}:{article_id}", page, pages, ("◀", "▶"))
    if nav is not None:
        keyboard.extend(list(row) for row in nav.inline_keyboard)
    return text, InlineKeyboardMarkup(keyboard) if keyboard else None


def parse_page_data(data: str) -> tuple[int, int] | None:
    """(article id, page) from `dg:ARTICLE:PAGE`; None for anything else."""
    if len(data.encode("utf-8")) > CALLBACK_LIMIT:
        return None
    parts = data.split(":")
    if len(parts) != 3 or parts[0] != DIGEST_PAGE_CALLBACK:
        return None
    article_id, page = parse_id(parts[1]), parse_id(parts[2], minimum=0)
    return (article_id, page) if article_id is not None and page is not None else None


async def on_digest_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None:
        return
    parsed = parse_page_data(query.data or "")
    message = query.message if isinstance(query.message, Message) else None
    if parsed is None or message is None:
        await query.answer(OUT_OF_DATE)
        return
    article_id, page = parsed
    services = services_of(context)
    article = await article_of_digest(services, message.chat_id, message.message_id)
    if article is None or article.id != article_id:
        await query.answer(OUT_OF_DATE)
        return
    text, markup = await article_page_screen(services, article_id, page)
    await query.answer()
    try:
        sent = await query.edit_message_text(text, reply_markup=markup)
        remember_shown(context, sent, text, markup)
    except BadRequest as exc:  # pressed twice: "message is not modified"
        log.info("digest page %s of article %s not edited: %s", page, article_id, exc)


def digest_page_handlers() -> list[CallbackQueryHandler]:
    return [CallbackQueryHandler(on_digest_page, pattern=rf"^{DIGEST_PAGE_CALLBACK}:")]
