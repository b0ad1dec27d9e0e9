"""Flood control: a reply to a person waits out a 429; the alert sender's calls don't."""

from __future__ import annotations

import asyncio

import pytest
from telegram.error import RetryAfter

from bot.ratelimit import CommandsFirstLimiter, ReplyRetryingRateLimiter, sender_call_args
from handlers.common import follow_up_an_article, following_up_an_article
from tests.integration.conftest import ADMIN_ID, OfflineBot


async def test_a_reply_waits_out_a_flood_and_arrives(offline_bot: OfflineBot) -> None:
    offline_bot.request.fail(ADMIN_ID, 429, count=1, retry_after=1)
    await offline_bot.send(ADMIN_ID, "/subscriptions")
    attempts = [c for c in offline_bot.request.calls if c.method == "sendMessage"]
    assert [c.error for c in attempts] == [429, None]
    assert "No subscriptions" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_the_alert_senders_calls_hand_the_flood_back(offline_bot: OfflineBot) -> None:
    bot = offline_bot.app.bot
    offline_bot.request.fail(ADMIN_ID, 429, count=1, retry_after=7)
    with pytest.raises(RetryAfter) as flood:
        await bot.send_message(ADMIN_ID, "alert", **sender_call_args(bot))
    assert flood.value.retry_after == 7
    assert [c.error for c in offline_bot.request.calls if c.method == "sendMessage"] == [429]


async def test_at_the_limit_a_command_is_answered_before_an_articles_follow_ups() -> None:
    limiter = CommandsFirstLimiter(max_rate=4, time_period=0.2)  # one call every 50 ms
    sent: list[str] = []

    async def call(name: str, follow_up: bool) -> None:
        if follow_up:
            follow_up_an_article()  # in this task only, as in an article's handler
        async with limiter:
            sent.append(name)

    for _ in range(4):  # the bucket is full
        await limiter.acquire()
    waiting = [asyncio.create_task(call(f"digest {n}", True)) for n in range(3)]
    await asyncio.sleep(0.01)  # the follow-ups are in line first
    waiting.append(asyncio.create_task(call("/iran", False)))
    await asyncio.gather(*waiting)
    assert sent == ["/iran", "digest 0", "digest 1", "digest 2"]
    assert not following_up_an_article()  # the test's own task never was one


def test_the_bots_limiter_puts_commands_first() -> None:
    limiter = ReplyRetryingRateLimiter()
    assert isinstance(limiter._base_limiter, CommandsFirstLimiter)
    assert limiter._base_limiter.max_rate == 30
