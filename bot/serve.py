"""How the front meets Telegram: long polling, or a webhook Telegram posts updates to."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import Application

from bot.app import build_application
from bot.config import Settings

Watch = Callable[[Application], Coroutine[Any, Any, None]]


def run(settings: Settings, watch: Watch | None = None) -> None:
    """Long polling (or the webhook listener) until SIGTERM, with `watch(application)`
    running beside it (bot/front.py's lock watch), cancelled at the end.

    The application is initialised here, before `run_polling`: its first call (getMe) raises
    `InvalidToken` straight to the caller when Telegram rejects the token. Inside
    `run_polling`, PTB's start-up loop would first log that error with a traceback whose last
    line names the token; `python -m bot run` prints one line without it instead.
    """
    application = build_application(settings)
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    try:
        loop.run_until_complete(application.initialize())
    except BaseException:
        loop.run_until_complete(application.bot.request.shutdown())
        loop.close()
        raise
    watcher = loop.create_task(watch(application)) if watch is not None else None
    try:
        serve(application, settings)
    finally:
        if watcher is not None:
            watcher.cancel()
            loop.run_until_complete(asyncio.gather(watcher, return_exceptions=True))
        loop.close()


def serve(application: Application, settings: Settings) -> None:
    webhook = settings.webhook
    if webhook is None:
        application.run_polling(
            allowed_updates=Update.ALL_TYPES, drop_pending_updates=False, close_loop=False
        )
        return
    # PTB's listener answers 403 to a request without the secret in
    # X-Telegram-Bot-Api-Secret-Token; setWebhook tells Telegram the URL and the secret.
    application.run_webhook(
        listen=webhook.listen,
        port=webhook.port,
        url_path=webhook.path,
        webhook_url=webhook.url,
        secret_token=webhook.secret,
        allowed_updates=Update.ALL_TYPES,
        drop_pending_updates=False,
        close_loop=False,
    )
