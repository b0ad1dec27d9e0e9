"""The reply to an article: its digest pages, and fix buttons under the last page.

Shared by pasted and forwarded articles, links, files and /record; each ✏️ button carries
the id of the stored statement it fixes (see `handlers/corrections.py`), and "More" opens
every statement of the article in the same message (`handlers/digest_pages.py`).
"""

from __future__ import annotations

import logging

from telegram import InlineKeyboardMarkup, Message, ReplyParameters
from telegram.error import BadRequest
from telegram.ext import ContextTypes

from handlers.common import services_of
from handlers.digest_pages import more_button
from handlers.fix_buttons import fix_row
from handlers.format import split_message
from handlers.format_digest import digest_fit
from handlers.shown import remember_shown
from services.corrections import as_on_record, remember_digest
from services.domain import Statement
from services.ingest import IngestResult

log = logging.getLogger(__name__)


def fix_keyboard(result: IngestResult, shown: list[Statement]) -> InlineKeyboardMarkup | None:
    """One "✏️ N" button per numbered statement in the digest, for the stored statement,
    and "More (K)" when the article has K more statements on record than the digest shows."""
    numbered = []
    for number, statement in enumerate(shown, 1):
        statement_id = result.stored_id(statement)
        if statement_id is not None:
            numbered.append((number, statement_id))
    rows = [fix_row(numbered)] if numbered else []
    more = sum(i is not None for i in result.statement_ids) - len(numbered)
    if more > 0:
        rows.append([more_button(result.stored.id, more)])
    return InlineKeyboardMarkup(rows) if rows else None


async def send_digest(
    message: Message,
    progress: Message,
    result: IngestResult,
    context: ContextTypes.DEFAULT_TYPE,
) -> None:
    """Show an article's digest: the first page replaces the progress message, the fix
    buttons go under the last page, and every page is linked to the article (so a reply
    /delete or /keep to any of them finds it)."""
    services = services_of(context)
    result = await as_on_record(services, result)  # a repeat shows members' fixes
    fit = digest_fit(result, {t.slug: t for t in services.resources.topics})
    pages = split_message(fit.lines)
    keyboard = fix_keyboard(result, fit.statements)
    markups = [None] * (len(pages) - 1) + [keyboard]
    # A flood wait delays the digest, never loses it: the application's rate limiter
    # retries replies after the wait Telegram asks for (bot.ratelimit).
    # "More" and ✏️ answer only under a message on record as this article's digest, so the
    # message the first page replaces is recorded before the edit shows its buttons, and
    # each further page as soon as it is sent.
    bot = context.bot
    answer = ReplyParameters(message.message_id, allow_sending_without_reply=True)
    article_id = result.stored.id
    await remember_digest(services, [(progress.chat_id, progress.message_id)], article_id)
    sent: list[Message | bool] = []
    try:
        sent.append(
            await bot.edit_message_text(
                pages[0],
                chat_id=progress.chat_id,
                message_id=progress.message_id,
                reply_markup=markups[0],
            )
        )
    except BadRequest:
        log.exception("could not edit the progress message; sending the digest instead")
        pages_left = list(zip(pages, markups, strict=True))
    else:
        pages_left = list(zip(pages[1:], markups[1:], strict=True))
    for page, markup in pages_left:
        page_message = await bot.send_message(
            message.chat_id, page, reply_parameters=answer, reply_markup=markup
        )
        await remember_digest(
            services, [(page_message.chat_id, page_message.message_id)], article_id
        )
        sent.append(page_message)
    if len(pages) == 1 and sent:  # the numbered lines and their ✏️ in one message
        remember_shown(context, sent[-1], pages[-1], keyboard)
