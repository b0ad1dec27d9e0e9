"""A parser process: `python -m bot worker`, or spawned by `python -m bot run`
(`PARSE_WORKERS`). It loads the model once and parses queued articles (`services/worker.py`)."""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing

from bot.config import Settings
from bot.logging_setup import configure_logging
from services.worker import Slot, serve


def parser_process(settings: object, slot: Slot) -> None:
    """The target of a spawned parser: it stops when the bot that started it is gone."""
    assert isinstance(settings, Settings)
    configure_logging(settings.log_level, settings.token)
    parent = multiprocessing.parent_process()
    asyncio.run(serve(settings, slot, lambda: parent is not None and not parent.is_alive()))


def run_worker(settings: Settings) -> int:
    """`python -m bot worker`: parse until interrupted, beside a bot on the same database."""
    configure_logging(settings.log_level, settings.token)
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(serve(settings))
    return 0
