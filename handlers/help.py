"""/start and /help, both generated from the command table."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import reply_lines, services_of
from handlers.format_help import render_help
from handlers.menu import commands_of


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await reply_lines(
        update,
        [
            "<b>OnRecord</b> keeps the record of who said what in the news.",
            "Forward me an article (or paste its text): I'll reply with its key statements, "
            "who made them, on which topics and which side they take on what.",
            "Type /help for all commands.",
        ],
    )


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The commands this user may run, grouped; admins also see the admin section."""
    services = services_of(context)
    user = update.effective_user
    admin = user is not None and user.id in services.settings.admin_user_ids
    await reply_lines(update, render_help(commands_of(context), admin))
