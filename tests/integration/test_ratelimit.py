"""Flood control: a reply to a person waits out a 429; the alert sender's calls don't."""

from __future__ import annotations

import pytest
from telegram.error import RetryAfter

from bot.ratelimit import sender_call_args
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
