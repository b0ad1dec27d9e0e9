"""A command no handler took: the nearest real one ("did you mean /iran?") and /help.

Added after every command's own handler (`handlers/ways.py`), so it only sees commands the
table does not know. In private chats it always answers; in groups only a command addressed
to this bot (`/foo@OnRecordBot`), so a group's other bots and typos stay quiet.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import BaseHandler, ContextTypes, MessageHandler, filters

from handlers.arguments import echo
from handlers.common import services_of
from handlers.format import HELP_POINTER
from handlers.menu import commands_of
from handlers.topics import SHOW_USAGE
from services.suggest import nearest_command


def unknown_command_reply(typed: str, suggestion: str | None) -> str:
    """'Unknown command /irn. Did you mean /iran? /help lists every command.'"""
    guess = f" Did you mean /{suggestion}?" if suggestion else ""
    return f"Unknown command /{echo(typed, 40)}.{guess} {HELP_POINTER}"


async def on_unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or not message.text:
        return
    word = message.text.split()[0][1:]
    name, _, addressee = word.partition("@")
    if addressee and addressee.casefold() != (context.bot.username or "").casefold():
        return  # another bot's command
    if message.chat.type != ChatType.PRIVATE and not addressee:
        return  # in a group, only what is addressed to this bot
    if name.casefold().startswith("show_"):  # "/show_abc": a statement link typed wrong
        await message.reply_text(f"{SHOW_USAGE} {HELP_POINTER}")
        return
    services = services_of(context)
    user = update.effective_user
    admin = user is not None and user.id in services.settings.admin_user_ids
    names = [c.name for c in commands_of(context) if admin or not c.admin]
    suggestion = nearest_command(name, names, services.resources.topics)
    await message.reply_text(unknown_command_reply(name, suggestion))


def unknown_command_handlers() -> list[BaseHandler]:
    return [MessageHandler(filters.UpdateType.MESSAGE & filters.COMMAND, on_unknown_command)]
