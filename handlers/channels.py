"""Channels the bot watches: being made a channel's admin, its posts, and /sources.

The access gate (group -1) has already refused channels no member added the bot to; these
handlers keep the record of watched channels and queue their posts as parse jobs. They
never reply in the channel: a post that isn't an article, or a paused channel, is only logged.
"""

from __future__ import annotations

import logging

from telegram import ChatMember, Message, Update
from telegram.constants import ChatType
from telegram.ext import ChatMemberHandler, ContextTypes, MessageHandler, filters

from handlers.arguments import echo
from handlers.article_jobs import answer_job
from handlers.common import confirm_receipt, reply_lines, services_of
from handlers.format import esc
from handlers.format_archive import render_sources
from handlers.links import link_of
from services.channels import (
    ChannelPost,
    channel_source,
    find_channel,
    listed_channels,
    set_paused,
    unwatch_channel,
    watch_channel,
)
from services.job_inputs import LINK, TEXT, channel_input, link_input
from services.jobs import record_part

log = logging.getLogger(__name__)
_IN = (ChatMember.ADMINISTRATOR, ChatMember.OWNER, ChatMember.MEMBER)
SOURCES_USAGE = "Usage: /sources, or /sources pause ID, /sources resume ID (admins)."


def channel_handlers() -> list[ChatMemberHandler | MessageHandler]:
    posts = filters.UpdateType.CHANNEL_POSTS & (filters.TEXT | filters.CAPTION)
    return [
        ChatMemberHandler(on_bot_membership, ChatMemberHandler.MY_CHAT_MEMBER),
        MessageHandler(posts, on_channel_post),
    ]


async def on_bot_membership(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    change = update.my_chat_member
    if change is None or change.chat.type != ChatType.CHANNEL:
        return
    services = services_of(context)
    chat = change.chat
    if change.new_chat_member.status not in _IN:
        if await unwatch_channel(services, chat.id):
            log.info("removed from channel %s: no longer watched", chat.id)
        return
    adder = change.from_user.id if change.from_user else None
    watched = await watch_channel(services, chat.id, chat.title, chat.username, adder)
    if watched is None:
        log.info("channel %s: added by non-member %s, not watched", chat.id, adder)
        return
    log.info("watching channel %s (%s), added by %s", chat.id, watched.status, adder)


def post_of(message: Message) -> ChannelPost:
    return ChannelPost(
        chat_id=message.chat_id,
        message_id=message.message_id,
        title=message.chat.title,
        username=message.chat.username,
        text=message.text or message.caption or "",
        link=link_of(message),
        date=message.date.isoformat() if message.date else None,
    )


async def on_channel_post(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A watched channel's post is recorded as a job before the update is confirmed, then
    parsed like any article; nothing is said in the channel."""
    message = update.channel_post or update.edited_channel_post
    if message is None:
        return
    services = services_of(context)
    post = post_of(message)
    source = await channel_source(services, post)
    if source is None:
        return
    kind, values = (LINK, link_input(post.link, True)) if post.link else (TEXT, channel_input())
    text = "" if post.link else post.text
    ids = (message.chat_id, message.message_id, update.update_id)
    job_id, _ = await record_part(services, ids, text, source, kind=kind, input=values)
    confirm_receipt(update, context)
    if job_id is not None:
        await answer_job(message, job_id, context)


async def on_sources(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sources lists watched channels; `/sources pause|resume ID` is for admins."""
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    args = (message.text or "").split()[1:]
    if not args:
        await reply_lines(update, render_sources(await listed_channels(services)))
        return
    if len(args) != 2 or args[0].lower() not in ("pause", "resume"):
        await message.reply_text(SOURCES_USAGE)
        return
    user = update.effective_user
    if user is None or user.id not in services.settings.admin_user_ids:
        await message.reply_text("Only an admin can pause or resume a channel.")
        return
    channel = await find_channel(services, args[1])
    if channel is None:
        await message.reply_text(
            f"No watched channel {echo(args[1])}. /sources lists them with their ids."
        )
        return
    changed = await set_paused(services, channel.chat_id, args[0].lower() == "pause")
    state = (
        "paused: its posts are not recorded"
        if changed and changed.status == "paused"
        else ("watched again: new posts are recorded")
    )
    await message.reply_text(f"<b>{esc(channel.title)}</b> is {state}.")
