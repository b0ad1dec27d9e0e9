"""Forwarded or pasted articles: join the parts of a split paste, analyse, reply with a
digest."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass

from telegram import Message, MessageOriginChannel, MessageOriginChat, MessageOriginUser, Update
from telegram.constants import ChatAction
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.article_jobs import answer_job
from handlers.common import confirm_receipt, follow_up_an_article, services_of
from handlers.split_paste import Part, continues, part_of
from services.ingest import ArticleSource
from services.jobs import record_part

log = logging.getLogger(__name__)

# Telegram clients send a long text as several messages within a second or two.
JOIN_WINDOW_SECONDS = 2.0
BUFFERS_KEY = "article_buffers"


@dataclass
class PendingArticle:
    """The job collecting the parts of one paste Telegram split into consecutive messages.
    `job` is set once the first part is recorded (None: it was not): the parts of one batch
    of updates are handled side by side, and each later part waits for it. `last` is the
    latest part, which the next message must continue (`handlers/split_paste.py`)."""

    job: asyncio.Future[int | None]
    last: Part
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
        posted_at=origin.date.isoformat() if origin is not None else None,
    )


async def on_article(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Record the part in the parse-job queue before anything else (received means
    recorded), join the parts of the next couple of seconds, then answer the job."""
    message = update.effective_message
    if message is None:
        return
    follow_up_an_article()
    services = services_of(context)
    text = message.text or message.caption or ""
    ids = (message.chat_id, message.message_id, update.update_id)
    key = (message.chat_id, message.from_user.id if message.from_user else 0)
    buffers: dict[tuple[int, int], PendingArticle] = context.bot_data.setdefault(BUFFERS_KEY, {})
    loop = asyncio.get_running_loop()
    pending = buffers.get(key)
    part = part_of(message)
    if pending is not None and continues(pending.last, part):
        pending.updated = loop.time()
        pending.last = part
        joining = await pending.job
        job_id, started = await record_part(services, ids, text, source_of(message), joining)
        confirm_receipt(update, context)
        if job_id is None or not started:
            return  # a part of the pending article, or a message recorded before
        # The article was closed meanwhile: this message starts one of its own.
        pending = buffers[key] = PendingArticle(loop.create_future(), part, loop.time())
        pending.job.set_result(job_id)
    else:  # a message of its own: the next part of a split paste may join it
        pending = buffers[key] = PendingArticle(loop.create_future(), part, loop.time())
        job_id = None
        try:
            job_id, _ = await record_part(services, ids, text, source_of(message))
        finally:
            pending.job.set_result(job_id)
            if job_id is None and buffers.get(key) is pending:
                del buffers[key]
        confirm_receipt(update, context)
        if job_id is None:
            return  # delivered again after a restart: the job already has it
        await show_typing(message)
    window = context.bot_data.get("join_window", JOIN_WINDOW_SECONDS)
    try:
        while (wait := pending.updated + window - loop.time()) > 0:
            await asyncio.sleep(wait)
    finally:
        if buffers.get(key) is pending:
            del buffers[key]
    await answer_job(message, job_id, context)


async def show_typing(message: Message) -> None:
    """ "typing…" at once, while the parts of a long paste are still arriving: the first sign
    that the article was received. Best effort: a failed action costs the article nothing."""
    with contextlib.suppress(TelegramError):
        await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
