"""The one gate every update passes: members get through, strangers get one refusal.

Registered as a `TypeHandler` in group -1, before every other handler, so no feature
handler can forget the check: a stranger's update stops here (`ApplicationHandlerStop`).
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import services_of
from handlers.format import refusal

log = logging.getLogger(__name__)


def is_member(user_id: int | None, admins: frozenset[int]) -> bool:
    return user_id is not None and user_id in admins


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    user = update.effective_user
    if is_member(user.id if user else None, services.settings.admin_user_ids):
        return
    log.info("refused update %s from user %s", update.update_id, user.id if user else None)
    chat = update.effective_chat
    if update.callback_query is not None:
        await update.callback_query.answer("Not allowed.", show_alert=False)
    elif (
        update.effective_message is not None and chat is not None and chat.type == ChatType.PRIVATE
    ):
        await update.effective_message.reply_text(refusal(user.id if user else None))
    raise ApplicationHandlerStop
