"""Links and files sent in private chat: fetch or read them, then the usual digest.

A message that is only a URL (or a forwarded post that is a headline and a link) is the
article at that address, not text to analyse; a .txt/.md/.html/.pdf file is the article inside.
These handlers sit before the pasted-text handler, whose filter would otherwise take them.
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Message, MessageEntity, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes, MessageHandler, filters

from handlers.articles import analyse_and_reply, source_of
from handlers.common import services_of
from handlers.digest import send_digest
from handlers.format import esc
from services.fetch import Fetcher, FetchError
from services.ingest import ArticleRejected, IngestResult
from services.pages import (
    DOCUMENT_EXTENSIONS,
    TELEGRAM_LINK,
    NoArticleOnPage,
    document_text,
    ingest_link,
    is_telegram_link,
    link_in,
    max_document_bytes,
    too_large,
)

log = logging.getLogger(__name__)
# Tests put a Fetcher here whose policy allows their loopback page server.
FETCHER_KEY = "link_fetcher"
PASTE_INSTEAD = (
    "If you can open the article, copy its text and paste it here, "
    "or send the page as a file (.txt, .html or .pdf)."
)


def fetcher_of(context: ContextTypes.DEFAULT_TYPE) -> Fetcher:
    fetcher = context.bot_data.get(FETCHER_KEY)
    if fetcher is None:
        fetcher = context.bot_data[FETCHER_KEY] = Fetcher()
    return fetcher


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
    message = update.effective_message
    url = link_of(message) if message else None
    if message is None or url is None:
        return
    if is_telegram_link(url):
        await message.reply_text(f"{TELEGRAM_LINK}\nNothing was stored.")
        return
    services = services_of(context)
    progress = await message.reply_text("Fetching the page… ⏳")
    try:
        result = await ingest_link(services, fetcher_of(context), url, source_of(message))
    except (FetchError, ArticleRejected) as exc:
        log.info("link not ingested (%s): %s", type(exc).__name__, exc)
        hint = f"\n{PASTE_INSTEAD}" if isinstance(exc, FetchError | NoArticleOnPage) else ""
        await progress.edit_text(f"{esc(str(exc))}\nNothing was stored.{hint}")
        return
    await _show_digest(message, progress, result, context)


async def on_document(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None or message.document is None:
        return
    document = message.document
    name = document.file_name or "file.txt"
    if document.file_size and document.file_size > max_document_bytes(name):
        await message.reply_text(f"{too_large(name)} Nothing was stored.")
        return
    await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
    progress = await message.reply_text("Reading the file… ⏳")
    try:
        data = bytes(await (await document.get_file()).download_as_bytearray())
        # An HTML file is parsed by lxml, a PDF by pypdf: CPU work, kept off the event loop.
        text = await asyncio.to_thread(document_text, name, data)
    except ArticleRejected as exc:
        await progress.edit_text(f"{esc(str(exc))}\nNothing was stored.")
        return
    # The same checks and digest as a pasted article (length, language, looks like one).
    await analyse_and_reply(message, text, context, progress=progress)


async def _show_digest(
    message: Message, progress: Message, result: IngestResult, context: ContextTypes.DEFAULT_TYPE
) -> None:
    log.info(
        "article %s from a link or file: %d statements",
        result.stored.id,
        len(result.analysis.statements),
    )
    await send_digest(message, progress, result, context)  # fix buttons, /delete link
