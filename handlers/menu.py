"""The command table as the bot runs it, and the command menu each kind of user sees.

`handlers/commands.py` binds the table (`services.commands`) to the callbacks and the
application keeps it in `bot_data[COMMANDS_KEY]`; /help and the menus read it from there, so
nothing here imports the handlers it lists.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Coroutine, Sequence
from dataclasses import dataclass
from typing import Any

from telegram import Bot, BotCommand, BotCommandScopeChat, BotCommandScopeDefault, Update
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from services import Services
from services.access import approved_chats, end_strangers_alerts, members
from services.commands import CommandSpec

log = logging.getLogger(__name__)
COMMANDS_KEY = "commands"
# What Telegram shows before a chat starts (≤ 512 characters) and on the bot's profile and
# in shared links (≤ 120): the opening of the README.
DESCRIPTION = (
    "OnRecord keeps the record of who said what in the news. Forward me an article (or paste "
    "its text) and I reply with its key statements — direct quotes and reported speech — "
    'each with its speaker, its topics and the side it takes on named targets ("against '
    'military strikes on Iran"). Everything is stored and searchable: /iran or /ukraine '
    "shows who stands where and what was said last, /who NAME a speaker's record, and "
    "subscribers get alerts on their topics."
)
SHORT_DESCRIPTION = (
    "Who said what in the news: forward an article, get its key statements and sides."
)

Callback = Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, Any]]


@dataclass(frozen=True)
class Command:
    """A command of the table with the handler that answers it."""

    spec: CommandSpec
    callback: Callback

    @property
    def name(self) -> str:
        return self.spec.name

    @property
    def description(self) -> str:
        return self.spec.description

    @property
    def usage(self) -> str:
        return self.spec.usage

    @property
    def admin(self) -> bool:
        return self.spec.admin


def commands_of(context: ContextTypes.DEFAULT_TYPE) -> Sequence[Command]:
    return context.bot_data.get(COMMANDS_KEY, [])


def commands_for(table: Sequence[Command], role: str) -> list[BotCommand]:
    """Strangers see /start only; members the user commands; admins everything."""
    if role == "stranger":
        chosen = [c for c in table if c.name == "start"]
    else:
        chosen = [c for c in table if role == "admin" or not c.admin]
    return [BotCommand(c.name, c.description[:256]) for c in chosen]


async def set_chat_commands(bot: Bot, table: Sequence[Command], chat_id: int, role: str) -> None:
    """The command list one chat sees; a stranger's falls back to the default scope."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if role == "stranger":
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands(commands_for(table, role), scope=scope)
    except TelegramError as exc:
        # A user who never opened a chat with the bot: Telegram knows no such chat yet.
        log.info("no command list for chat %s: %s", chat_id, exc)


async def publish_chat_commands(
    context: ContextTypes.DEFAULT_TYPE, chat_id: int, role: str
) -> None:
    await set_chat_commands(context.bot, commands_of(context), chat_id, role)


async def publish_description(bot: Bot) -> None:
    """The bot's description and short description, as Telegram shows them to someone who
    has not started a chat yet; a refusal is logged, never stops the start."""
    try:
        await bot.set_my_description(DESCRIPTION)
        await bot.set_my_short_description(SHORT_DESCRIPTION)
    except TelegramError as exc:
        log.warning("could not set the bot's description: %s", exc)


async def publish_commands(bot: Bot, table: Sequence[Command], services: Services) -> None:
    """At start-up: the bot's description, the default scope (strangers), then each
    member, group and admin.

    Also ends the subscriptions of people who are no longer allowed in (ACCESS switched
    from open to private, an id removed from ADMIN_USER_IDS): the menu and the alerts
    agree on who is in.
    """
    dropped = await end_strangers_alerts(services)
    if dropped:
        log.info("ended %d subscriptions of users who are no longer allowed in", dropped)
    default_role = "member" if services.settings.access == "open" else "stranger"
    await publish_description(bot)
    await bot.set_my_commands(commands_for(table, default_role), scope=BotCommandScopeDefault())
    for member in await members(services):
        await set_chat_commands(bot, table, member.user_id, "member")
    for chat in await approved_chats(services):
        await set_chat_commands(bot, table, chat.chat_id, "member")
    for admin_id in sorted(services.settings.admin_user_ids):
        await set_chat_commands(bot, table, admin_id, "admin")
