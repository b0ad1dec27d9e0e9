"""Builds the python-telegram-bot Application: all wiring in one place."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ParseMode
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    Defaults,
    MessageHandler,
    TypeHandler,
    filters,
)
from telegram.request import BaseRequest, HTTPXRequest

from bot.config import Settings
from bot.ratelimit import ReplyRetryingRateLimiter
from bot.receipts import ReceiptGate, ReceiptQueue, RecordingBot, handled_by
from bot.sender import AlertSender
from bot.updates import TwoLaneUpdateProcessor, favour_the_event_loop
from extraction import Extractor
from handlers.access import ADMIN_COMMANDS_KEY, gate
from handlers.article_jobs import ANALYZER_KEY, resume_jobs
from handlers.articles import on_article
from handlers.channels import on_channel_post
from handlers.commands import command_table
from handlers.common import RECEIPTS_KEY, SERVICES_KEY
from handlers.corrections import FIX_CALLBACK, SPEAKER_PROMPT_REPLY, on_fix, on_typed_speaker
from handlers.format import SHOW_COMMAND
from handlers.links import on_document, on_link
from handlers.menu import COMMANDS_KEY, Command, publish_commands
from handlers.records import on_edited, on_no_text, on_record
from handlers.topics import PAGE_CALLBACK, on_show_statement, on_topic_page
from handlers.ways import ways_in_and_out
from services import Services, open_services
from services.analyzer import Analyzer, InProcessAnalyzer, WorkerAnalyzer
from services.resources import load_resources

log = logging.getLogger(__name__)
# Updates are handled concurrently (an /iran while an article is analysed), within a bound.
CONCURRENT_UPDATES = 16


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log with the update id, tell the user in one line, keep running."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_message is not None:
        try:
            await update.effective_message.reply_text(
                "Something went wrong on my side; the error is logged. Please try again."
            )
        except Exception:
            log.exception("could not tell the user about the error")


SENDER_KEY = "alert_sender"


async def start_alerts(application: Application, services: Services) -> AlertSender:
    """In post_init: the sender task (it plans the due digests too: services.digest)."""
    # On PostgreSQL `python -m bot sender` processes may share the outbox with this one.
    sender = AlertSender(application.bot, services, sole_sender=not services.db.pacing.shared)
    application.bot_data[SENDER_KEY] = sender
    sender.start()
    return sender


async def stop_alerts(application: Application) -> None:
    """In post_stop / post_shutdown (idempotent): before the bot and database close."""
    sender: AlertSender | None = application.bot_data.pop(SENDER_KEY, None)
    if sender is not None:
        await sender.stop()
        log.info("alert sender stopped after %d deliveries", sender.delivered)


async def start_analyzer(application: Application, settings: Settings, services: Services) -> None:
    """In post_init: the parsers, then an answer to every article a previous run left."""
    analyzer: Analyzer
    if settings.parse_workers:
        from bot.worker import parser_process

        analyzer = WorkerAnalyzer(services, settings.parse_workers, parser_process)
    else:
        analyzer = InProcessAnalyzer(services)
    application.bot_data[ANALYZER_KEY] = analyzer
    await analyzer.start()
    await resume_jobs(application)


async def stop_analyzer(application: Application) -> None:
    analyzer: Analyzer | None = application.bot_data.pop(ANALYZER_KEY, None)
    if analyzer is not None:
        await analyzer.close()


def recording_bot(
    settings: Settings, receipts: ReceiptGate, request: BaseRequest | None
) -> RecordingBot:
    """The bot as `ApplicationBuilder` would build it, confirming only recorded articles."""
    base_url = settings.base_url or "https://api.telegram.org/bot"
    # Files come from a sibling path, as on api.telegram.org: …/bot → …/file/bot.
    root = base_url.rstrip("/").removesuffix("/bot")
    return RecordingBot(
        settings.require_token(),
        base_url=base_url,
        base_file_url=f"{root}/file/bot",
        request=request or HTTPXRequest(connection_pool_size=256),
        get_updates_request=request or HTTPXRequest(connection_pool_size=1),
        defaults=Defaults(parse_mode=ParseMode.HTML),
        rate_limiter=ReplyRetryingRateLimiter(),
        receipts=receipts,
    )


def build_application(
    settings: Settings,
    extractor: Extractor | None = None,
    request: BaseRequest | None = None,
) -> Application:
    """The bot. Tests pass `extractor` (the model loads once per process) and `request`
    (an offline `BaseRequest` that records what the bot sends)."""

    favour_the_event_loop()
    resources = extractor.resources if extractor else load_resources()
    commands = command_table(resources.topics)

    async def post_init(application: Application) -> None:
        services = await open_services(settings, extractor, resources)
        application.bot_data[SERVICES_KEY] = services
        await publish_commands(application.bot, commands, services)
        await start_alerts(application, services)
        await start_analyzer(application, settings, services)
        log.info("ready: %s", await services.db.counts())

    async def post_shutdown(application: Application) -> None:
        await stop_alerts(application)
        await stop_analyzer(application)
        services: Services | None = application.bot_data.pop(SERVICES_KEY, None)
        if services is not None:
            await services.close()

    receipts = ReceiptGate()
    builder = ApplicationBuilder()
    if settings.webhook is not None:  # Telegram posts: a 200 is the confirmation
        builder = builder.update_queue(ReceiptQueue(receipts))
    application = (
        builder.bot(recording_bot(settings, receipts, request))
        .concurrent_updates(TwoLaneUpdateProcessor(CONCURRENT_UPDATES, receipts.recorded))
        .post_init(post_init)
        .post_stop(stop_alerts)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.add_error_handler(on_error)
    add_handlers(application, commands, settings.admin_user_ids)
    receipts.awaits_record = handled_by(
        application, on_article, on_link, on_document, on_record, on_channel_post
    )
    application.bot_data[RECEIPTS_KEY] = receipts
    return application


def add_handlers(application: Application, commands: list[Command], admins: frozenset[int]) -> None:
    application.add_handler(TypeHandler(Update, gate), group=-1)
    application.bot_data[COMMANDS_KEY] = commands
    application.bot_data[ADMIN_COMMANDS_KEY] = frozenset(c.name for c in commands if c.admin)
    admin_filter = filters.User(user_id=admins, allow_empty=False)
    for command in commands:
        application.add_handler(
            CommandHandler(
                command.name, command.callback, filters=admin_filter if command.admin else None
            )
        )
    application.add_handler(CallbackQueryHandler(on_topic_page, pattern=rf"^{PAGE_CALLBACK}:"))
    application.add_handler(
        MessageHandler(filters.Regex(rf"^{SHOW_COMMAND}\d+(@\w+)?(\s|$)"), on_show_statement)
    )
    for handler in ways_in_and_out():  # links, files, channels: before the text handler
        application.add_handler(handler)
    application.add_handler(CallbackQueryHandler(on_fix, pattern=rf"^{FIX_CALLBACK}:"))
    application.add_handler(
        MessageHandler(SPEAKER_PROMPT_REPLY & filters.TEXT & ~filters.COMMAND, on_typed_speaker)
    )
    article = (filters.TEXT & ~filters.COMMAND) | filters.CAPTION
    private_message = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(article & private_message, on_article))
    application.add_handler(MessageHandler(private_message & ~filters.COMMAND, on_no_text))
    application.add_handler(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edited))
