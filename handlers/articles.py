"""Forwarded or pasted articles: join the parts, analyse, reply with a digest."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass, field

from telegram import Message, MessageOriginChannel, MessageOriginChat, MessageOriginUser, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from handlers.common import services_of
from handlers.digest import send_digest
from handlers.format import esc
from services.ingest import (
    ArticleRejected,
    ArticleSource,
    check_article,
    ingest_article,
    looks_like_article,
)

log = logging.getLogger(__name__)

# Telegram clients send a long text as several messages within a second or two.
JOIN_WINDOW_SECONDS = 2.0
BUFFERS_KEY = "article_buffers"
HINT = (
    "Forward me a news article (or paste its text) and I'll pull out who said what. "
    "Type /help for the commands."
)


@dataclass
class PendingArticle:
    """Parts of one article arriving as consecutive messages from one user."""

    parts: list[str] = field(default_factory=list)
    first: Message | None = None
    updated: float = 0.0


def source_of(message: Message) -> ArticleSource:
    origin = message.forward_origin
    name = url = None
    if isinstance(origin, MessageOriginChannel):
        name = origin.chat.title or origin.chat.username
        if origin.chat.username:
            url = f"https://t.me/{origin.chat.username}/{origin.message_id}"
    elif isinstance(origin, MessageOriginChat):
        name = origin.sender_chat.title
    elif isinstance(origin, MessageOriginUser):
        name = origin.sender_user.full_name
    elif origin is not None:
        name = getattr(origin, "sender_user_name", None) or "hidden sender"
    return ArticleSource(
        name=name,
        url=url,
        sender_id=message.from_user.id if message.from_user else None,
        chat_id=message.chat_id,
        published_at=origin.date.isoformat() if origin is not None else None,
    )


async def on_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    text = message.text or message.caption or ""
    key = (message.chat_id, message.from_user.id if message.from_user else 0)
    buffers: dict[tuple[int, int], PendingArticle] = context.bot_data.setdefault(BUFFERS_KEY, {})
    loop = asyncio.get_running_loop()
    pending = buffers.get(key)
    if pending is not None:
        pending.parts.append(text)
        pending.updated = loop.time()
        return
    pending = buffers[key] = PendingArticle(parts=[text], first=message, updated=loop.time())
    window = context.bot_data.get("join_window", JOIN_WINDOW_SECONDS)
    try:
        while (wait := pending.updated + window - loop.time()) > 0:
            await asyncio.sleep(wait)
    finally:
        buffers.pop(key, None)
    await analyse_and_reply(message, "\n".join(pending.parts), context)


async def analyse_and_reply(
    message: Message,
    text: str,
    context: ContextTypes.DEFAULT_TYPE,
    source: ArticleSource | None = None,
    progress: Message | None = None,
) -> None:
    """The checks every article passes, pasted or read from a file, then its digest.

    `progress` is a "Reading the file…" message already shown: the answer replaces it.
    """
    services = services_of(context)
    try:
        text = check_article(text, services.settings.max_article_chars)
        if not looks_like_article(text, services.resources):
            raise ArticleRejected(HINT)
    except ArticleRejected as exc:
        if progress is None:
            await message.reply_text(esc(str(exc)))
        else:
            await progress.edit_text(f"{esc(str(exc))}\nNothing was stored.")
        return
    await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
    if progress is None:
        progress = await message.reply_text("Analysing… ⏳")
    else:
        await progress.edit_text("Analysing… ⏳")
    try:
        result = await ingest_article(services, text, source or source_of(message))
    except ArticleRejected as exc:
        await progress.edit_text(esc(str(exc)))
        return
    log.info(
        "article %s: %d statements%s",
        result.stored.id,
        len(result.analysis.statements),
        " (duplicate)" if result.duplicate else "",
    )
    await send_digest(message, progress, result, context)
