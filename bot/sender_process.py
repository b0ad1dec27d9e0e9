"""`python -m bot sender`: an alert sender beside the bot, on any host that reaches the
PostgreSQL record.

It runs the bot's own sender (`bot.sender`) without the rest of the bot: it claims due
outbox rows (`FOR UPDATE SKIP LOCKED`, so each row goes to one sender) and delivers them.
Every sender, this one and the one inside `python -m bot run`, takes its turns at Telegram
from the record (`storage/postgres/pacing.py`), so together they keep to the bot's
ALERT_MAX_PER_SECOND and to a group's 20 a minute. A sender killed mid-send leaves one
claimed row, which comes due again after ALERT_LEASE_SECONDS: nothing is lost, and that one
message may arrive twice. On SQLite the bot's own sender is the only one (one process holds
the file), so this command refuses to start there.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from telegram.constants import ParseMode
from telegram.ext import Defaults, ExtBot
from telegram.request import HTTPXRequest

from bot.config import ConfigError, Settings
from bot.logging_setup import configure_logging
from bot.ratelimit import ReplyRetryingRateLimiter
from bot.sender import AlertSender
from services import open_services

log = logging.getLogger(__name__)


def sender_bot(settings: Settings) -> ExtBot[int]:
    """A bot that only sends: the front's base URL, HTML by default and rate limiter."""
    return ExtBot(
        settings.require_token(),
        base_url=settings.base_url or "https://api.telegram.org/bot",
        request=HTTPXRequest(connection_pool_size=8),
        defaults=Defaults(parse_mode=ParseMode.HTML),
        rate_limiter=ReplyRetryingRateLimiter(),
    )


async def serve_alerts(settings: Settings, stop: asyncio.Event) -> int:
    """Deliver alerts until `stop` is set; the number delivered."""
    bot = sender_bot(settings)
    services = await open_services(settings)
    try:
        async with bot:
            sender = AlertSender(bot, services, sole_sender=False)
            sender.start()
            log.info("alert sender ready")
            await stop.wait()
            await sender.stop()
            log.info("alert sender stopped after %d deliveries", sender.delivered)
            return sender.delivered
    finally:
        await services.close()


async def _until_signalled(settings: Settings) -> int:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return await serve_alerts(settings, stop)


def run_sender(settings: Settings) -> int:
    """`python -m bot sender`: deliver alerts until SIGTERM or Ctrl-C."""
    if settings.database_url is None:
        raise ConfigError(
            "python -m bot sender needs DATABASE_URL (PostgreSQL): on SQLite the bot's own "
            "sender is the only one"
        )
    settings.require_token()
    configure_logging(settings.log_level, settings.token)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_until_signalled(settings))
    return 0
