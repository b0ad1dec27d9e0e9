"""The active front's watch on its lock: a check that does not answer counts as lost, and a
lost lock stops the front with one ERROR line (the end to end case is in
tests/e2e/test_postgres_e2e.py)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time

import pytest
from telegram.ext import ApplicationBuilder

from bot.front import FrontWatch, asked


async def test_a_check_that_hangs_counts_as_lost_after_the_timeout() -> None:
    hung = threading.Event()
    started = time.monotonic()
    assert await asked(lambda: hung.wait(30), 0.2) is False
    assert time.monotonic() - started < 1
    hung.set()
    assert await asked(lambda: True, 1) is True
    assert await asked(lambda: False, 1) is False


async def test_the_watch_stops_the_front_once_the_lock_is_gone(
    caplog: pytest.LogCaptureFixture,
) -> None:
    answers = iter([True, False])
    watch = FrontWatch(lambda: next(answers))
    application = ApplicationBuilder().token("123456:TEST-token").build()
    with caplog.at_level(logging.ERROR, logger="bot.front"):
        await asyncio.wait_for(watch.watch(application), 5)  # returns after the second check
    assert watch.lost
    assert [r.getMessage()[:22] for r in caplog.records] == ["lost the front lock (t"]
