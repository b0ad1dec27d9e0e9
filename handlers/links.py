"""Links and files sent in private chat: fetch or read them, then the usual digest.

A message that is only a URL (or a forwarded post that is a headline and a link) is the
article at that address, not text to analyse; a .txt/.md/.html/.pdf file is the article inside.
These handlers sit before the pasted-text handler, whose filter would otherwise take them.
"""

from __future__ import annotations

import logging

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes, MessageHandler, filters

from handlers.article_jobs import answer_job
from handlers.articles import source_of
from handlers.common import confirm_receipt, services_of
from handlers.fetching import FETCHER_KEY, fetcher_of
from services import job_inputs as kinds
from services.job_inputs import NOTHING_STORED, file_input, link_input
from services.jobs import record_part
from services.pages import (
    DOCUMENT_EXTENSIONS,
    PASTE_INSTEAD,
    TELEGRAM_LINK,
    is_telegram_link,
    link_in,
    max_document_bytes,
    too_large,
)

log = logging.getLogger(__name__)
__all__ = ["FETCHER_KEY", "PASTE_INSTEAD", "fetcher_of", "link_handlers", "link_of"]


def link_of(message: Message) -> str | None:
    """The URL when the message is only (or mostly) a link."""
    text = message.text or message.caption or ""
    entities = message.parse_entities() if message.text else message.parse_caption_entities()
    urls = []
    for entity, value in entities.items():
        if entity.type == MessageEntity.TEXT_LINK and entity.url:
            urls.append(entity.url)
        elif entity.type == MessageEntity.URL:
            urls.append(value if "://" in value else f"https://{value}")
    return link_in(text, tuple(urls))


class _LinkFilter(filters.MessageFilter):
    def filter(self, message: Message) -> bool:
        return link_of(message) is not None


LINK = _LinkFilter(name="LINK")
DOCUMENT: filters.BaseFilter = filters.Document.FileExtension("txt")
for _extension in DOCUMENT_EXTENSIONS[1:]:
    DOCUMENT = DOCUMENT | filters.Document.FileExtension(_extension.lstrip("."))


def link_handlers() -> list[MessageHandler]:
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    return [
        MessageHandler(
            private & (filters.TEXT | filters.CAPTION) & ~filters.COMMAND & LINK, on_link
        ),
        MessageHandler(private & DOCUMENT, on_document),
    ]


async def on_link(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A link is recorded as a job before anything else; the page is fetched from the job."""
    message = update.effective_message
    url = link_of(message) if message else None
    if message is None or url is None:
        return
    if is_telegram_link(url):
        await message.reply_text(f"{TELEGRAM_LINK}\n{NOTHING_STORED}")
        return
    await _queue(update, context, (kinds.LINK, link_input(url)), "Fetching the page… ⏳")


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A file is recorded as a job (its Telegram id) before anything else; it is downloaded
    from the job, and read by the parser."""
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    name = document.file_name or "file.txt"
    if document.file_size and document.file_size > max_document_bytes(name):
        await message.reply_text(f"{too_large(name)} {NOTHING_STORED}")
        return
    await _queue(
        update, context, (kinds.FILE, file_input(document.file_id, name)), "Reading the file… ⏳"
    )


async def _queue(
    update: Update, context: ContextTypes.DEFAULT_TYPE, kind: tuple[str, str], waiting: str
) -> None:
    """Record the job (`kind`: the job's kind and input), confirm the update, say what the
    bot is doing (kept on the job, so a restart replaces it), then answer the job."""
    message = update.effective_message
    assert message is not None
    services = services_of(context)
    ids = (message.chat_id, message.message_id, update.update_id)
    job_id, _ = await record_part(
        services, ids, "", source_of(message), kind=kind[0], input=kind[1]
    )
    confirm_receipt(update, context)
    if job_id is None:
        return  # delivered again after a restart: the job already has it
    await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
    progress = await message.reply_text(waiting)
    await services.db.jobs.set_progress(job_id, progress.message_id)
    await answer_job(message, job_id, context, progress)
