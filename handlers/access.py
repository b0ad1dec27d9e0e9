"""The one gate every update passes: members get through, strangers get one refusal.

Registered as a `TypeHandler` in group -1, before every other handler, so no feature
handler can forget the check: a stranger's update stops here (`ApplicationHandlerStop`).
In order, the gate

1. drops an update it has already seen (Telegram may deliver one twice after a retry);
2. keeps the bot out of groups and channels no member added it to (`my_chat_member`:
   added by a member → the chat is approved; by anyone else → the bot leaves);
3. lets admins through; lets members through except to admin commands;
4. lets a stranger do exactly one thing, `/start <invite token>` in a private chat, and
   answers everything else with one refusal showing their id (no data).
"""

from __future__ import annotations

import asyncio
import logging
import weakref
from collections import OrderedDict
from collections.abc import Coroutine

from telegram import ChatMember, ChatMemberUpdated, Message, Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from handlers.common import services_of
from handlers.format import refusal
from handlers.menu import publish_chat_commands
from services import Services
from services.access import (
    approve_chat,
    chat_allowed,
    follow_migration,
    forget_chat,
    role_of,
)

log = logging.getLogger(__name__)

SEEN_KEY = "seen_update_ids"
SEEN_LIMIT = 10_000
LOCKS_KEY = "chat_locks"
ADMIN_COMMANDS_KEY = "admin_commands"
ADMIN_ONLY = "That command is for admins."
_IN = (ChatMember.MEMBER, ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.RESTRICTED)


def seen_before(bot_data: dict[str, object], update_id: int) -> bool:
    """Remember the last `SEEN_LIMIT` update ids; True if `update_id` is one of them."""
    seen = bot_data.setdefault(SEEN_KEY, OrderedDict())
    assert isinstance(seen, OrderedDict)
    if update_id in seen:
        return True
    seen[update_id] = None
    while len(seen) > SEEN_LIMIT:
        seen.popitem(last=False)
    return False


def chat_lock(bot_data: dict[str, object], chat_id: int) -> asyncio.Lock:
    locks = bot_data.setdefault(LOCKS_KEY, weakref.WeakValueDictionary())
    assert isinstance(locks, weakref.WeakValueDictionary)
    lock = locks.get(chat_id)
    if lock is None:
        lock = locks[chat_id] = asyncio.Lock()
    return lock


def command_of(message: Message | None) -> str | None:
    """'/allow@OnRecordBot 42' → 'allow'; None for a message that is not a command."""
    text = (message.text or "") if message is not None else ""
    if not text.startswith("/"):
        return None
    return text.split()[0][1:].split("@")[0].lower()


def is_invite_start(update: Update) -> bool:
    """`/start <payload>` in a private chat: how a stranger redeems an invite link."""
    message = update.message
    if message is None or message.chat.type != ChatType.PRIVATE:
        return False
    return command_of(message) == "start" and len((message.text or "").split()) == 2


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Fail closed: whatever goes wrong while deciding or while sending the refusal, an
    update that was not let through reaches no other handler.

    PTB carries on to the next handler group after an ordinary exception (it only runs the
    error handler), so a refusal that raised — 400, 403, 429, 502 — would otherwise let the
    stranger's update through. Only `ApplicationHandlerStop` stops it, so it is raised on
    every path that does not end in `return` below."""
    try:
        refusal = await check(update, context)
    except ApplicationHandlerStop:
        raise
    except Exception:
        log.exception("access check failed on update %s: refused", update.update_id)
        raise ApplicationHandlerStop from None
    if refusal is None:
        return
    try:
        await refusal
    except Exception:
        log.warning("the refusal of update %s could not be sent", update.update_id, exc_info=True)
    raise ApplicationHandlerStop


async def check(
    update: Update, context: ContextTypes.DEFAULT_TYPE
) -> Coroutine[object, object, object] | None:
    """None to let the update through; else the refusal to send (not yet awaited). Raises
    `ApplicationHandlerStop` for updates that are dropped without a word."""
    services = services_of(context)
    if seen_before(context.bot_data, update.update_id):
        log.info("update %s was delivered twice; handled once", update.update_id)
        raise ApplicationHandlerStop
    chat = update.effective_chat
    user = update.effective_user
    if chat is not None and chat.type != ChatType.PRIVATE:
        # Updates run concurrently: "added to the group" and the first command sent there
        # arrive together. A per-chat lock, taken before the first await, keeps their order.
        async with chat_lock(context.bot_data, chat.id):
            change = update.my_chat_member
            if change is not None:
                await on_my_chat_member(change, context, services)
                return None
            await follow_supergroup_upgrade(update, services)
            if not await chat_allowed(services, chat.id):
                log.info(
                    "update %s from chat %s no member added me to: leaving",
                    update.update_id,
                    chat.id,
                )
                await leave(context, chat.id)
                raise ApplicationHandlerStop
        if chat.type == ChatType.CHANNEL:
            return None  # a post in a channel a member added the bot to
    user_id = user.id if user else None
    role = await role_of(services, user_id)
    if role == "stranger":
        if is_invite_start(update):
            return None
        return refuse(update, user_id)
    if role != "admin":
        admin_commands = context.bot_data.get(ADMIN_COMMANDS_KEY, frozenset())
        if command_of(update.effective_message) in admin_commands:
            log.info("update %s: admin command from member %s refused", update.update_id, user_id)
            return refuse_admin_only(update)
    return None


async def refuse_admin_only(update: Update) -> None:
    if update.effective_message is not None:
        await update.effective_message.reply_text(ADMIN_ONLY)


async def follow_supergroup_upgrade(update: Update, services: Services) -> None:
    """A group upgraded to a supergroup continues under a new chat id; Telegram says so with
    a service message in each. The approval moves with it, so the bot doesn't leave."""
    message = update.effective_message
    if message is None:
        return
    if message.migrate_to_chat_id:
        pair = (message.chat_id, message.migrate_to_chat_id)
    elif message.migrate_from_chat_id:
        pair = (message.migrate_from_chat_id, message.chat_id)
    else:
        return
    if await follow_migration(services, *pair):
        log.info("group %s became supergroup %s: approval moved", *pair)


async def refuse(update: Update, user_id: int | None) -> None:
    """One refusal with the user's id, where it can't be noise: private chats, or a command
    addressed to the bot in an approved group. Callback buttons just say no."""
    log.info("refused update %s from user %s", update.update_id, user_id)
    chat = update.effective_chat
    message = update.effective_message
    if update.callback_query is not None:
        await update.callback_query.answer("Not allowed.", show_alert=False)
    elif (
        message is not None
        and chat is not None
        and update.message is not None
        and (chat.type == ChatType.PRIVATE or command_of(message) is not None)
    ):
        await message.reply_text(refusal(user_id))


async def on_my_chat_member(
    change: ChatMemberUpdated, context: ContextTypes.DEFAULT_TYPE, services: Services
) -> None:
    """The bot was added to or removed from a group or channel: approve it, or leave it.

    (In a private chat, `my_chat_member` means a user blocked or unblocked the bot; that
    update goes through the ordinary member check.)"""
    chat = change.chat
    if change.new_chat_member.status not in _IN:
        if await forget_chat(services, chat.id):
            log.info("removed from chat %s; it is no longer approved", chat.id)
        return  # other features (channel sources) clean up after themselves too
    if change.old_chat_member.status in _IN:
        return  # a change of rights inside a chat it already is in
    adder = change.from_user
    if await role_of(services, adder.id if adder else None) == "stranger":
        log.info("added to chat %s by non-member %s: leaving", chat.id, adder.id if adder else None)
        await leave(context, chat.id)
        raise ApplicationHandlerStop
    await approve_chat(services, chat.id, chat.type, chat.title, adder.id)
    log.info("added to %s %s by member %s: approved", chat.type, chat.id, adder.id)
    await publish_chat_commands(context, chat.id, "member")


async def leave(context: ContextTypes.DEFAULT_TYPE, chat_id: int) -> None:
    try:
        await context.bot.leave_chat(chat_id)
    except TelegramError:
        log.warning("could not leave chat %s", chat_id, exc_info=True)
