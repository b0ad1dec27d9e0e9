"""/start and /help, both generated from the command table."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import reply_lines, services_of
from handlers.format import esc
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
    services = services_of(context)
    user = update.effective_user
    admin = user is not None and user.id in services.settings.admin_user_ids
    lines = ["<b>Commands</b>"]
    for command in commands_of(context):
        if command.admin and not admin:
            continue  # members see the commands they can use, as in their menu
        lines.append(f"/{command.name}{esc(command.usage)} — {esc(command.description)}")
    lines.append("\nOr just forward an article.")
    await reply_lines(update, lines)
