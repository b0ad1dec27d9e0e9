"""Topic commands (/iran, /ukraine, … one per taxonomy entry) and their page buttons."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from handlers.arguments import parse_id
from handlers.common import pager, reply_lines, services_of
from handlers.fix_buttons import fix_data
from handlers.format import SHOW_COMMAND, render_statement_in_context, target_labels
from handlers.format_positions import render_topic_view
from handlers.shown import remember_shown
from services.context import Services
from services.topics import TopicView, statement_in_context, topic_view

PAGE_CALLBACK = "topic"
SHOW_USAGE = "Usage: /show_ID — tap one of the /show_… links under a statement."


def page_buttons(view: TopicView) -> InlineKeyboardMarkup | None:
    return pager(
        f"{PAGE_CALLBACK}:{view.topic.slug}", view.page, view.pages, ("◀ Newer", "Older ▶")
    )


def command_name(text: str) -> str:
    """'/iran@OnRecordBot extra' → 'iran'."""
    return text.split()[0].lstrip("/").split("@")[0].lower() if text.strip() else ""


async def on_topic_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    view = await topic_view(services_of(context), command_name(message.text))
    if view is None:
        return
    pages, buttons = render_topic_view(view), page_buttons(view)
    sent = await reply_lines(update, pages, reply_markup=buttons)
    if len(pages) == 1:
        remember_topic_screen(context, sent, view, pages[0], buttons)


async def on_topic_page(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    if query is None or not query.data:
        return
    parts = query.data.split(":")
    page = parse_id(parts[2], minimum=0) if len(parts) == 3 else None
    view = await topic_view(services_of(context), parts[1], page) if page is not None else None
    await query.answer()
    if view is None or query.message is None:
        return
    text, buttons = render_topic_view(view)[0], page_buttons(view)
    sent = await query.edit_message_text(text, reply_markup=buttons)
    remember_topic_screen(context, sent, view, text, buttons)


def remember_topic_screen(
    context: ContextTypes.DEFAULT_TYPE,
    sent: Message | bool | None,
    view: TopicView,
    text: str,
    buttons: InlineKeyboardMarkup | None,
) -> None:
    """A topic's page shows its statements and each side's strongest: a fix of any of them
    redraws it (`handlers/fix_refresh.py`)."""
    ids = {row.id for row in view.statements}
    ids.update(s.strongest for t in view.targets for s in t.sides if s.strongest is not None)
    remember_shown(context, sent, text, buttons, f"t.{view.topic.slug}.{view.page}", ids)


async def topic_screen(
    services: Services, slug: str, page: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """A topic's page drawn again (after a fix)."""
    view = await topic_view(services, slug, page)
    return (render_topic_view(view)[0], page_buttons(view)) if view is not None else None


async def on_show_statement(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/show_123` (tapped in a topic view): statement 123 inside its paragraph."""
    message = update.effective_message
    if message is None or not message.text:
        return
    number = parse_id(command_name(message.text).removeprefix(SHOW_COMMAND.lstrip("/")))
    if number is None:
        await message.reply_text(SHOW_USAGE)
        return
    services = services_of(context)
    found = await statement_in_context(services, number)
    if found is None:
        await message.reply_text("That statement is no longer on record.")
        return
    labels = target_labels(services.resources.topics)
    pages, buttons = render_statement_in_context(found, labels), show_buttons(number)
    sent = await reply_lines(update, pages, reply_markup=buttons)
    if len(pages) == 1:
        remember_shown(context, sent, pages[0], buttons)


def show_buttons(statement_id: int) -> InlineKeyboardMarkup:
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("✏️ Fix", callback_data=fix_data(statement_id, "s"))]]
    )


async def show_screen(
    services: Services, statement_id: int
) -> tuple[str, InlineKeyboardMarkup | None] | None:
    """/show_ID drawn again (after a fix): None when it takes more than one message."""
    found = await statement_in_context(services, statement_id)
    if found is None:
        return "<i>Removed from the record: not a statement.</i>", None
    pages = render_statement_in_context(found, target_labels(services.resources.topics))
    return (pages[0], show_buttons(statement_id)) if len(pages) == 1 else None
