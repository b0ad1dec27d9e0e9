"""Webhook mode's update queue: the listener's 200 (Telegram's confirmation) waits until an
article's update is recorded; other updates pass at once; an article never recorded in time
fails the request, so Telegram posts it again."""

from __future__ import annotations

import asyncio

import pytest
from telegram import Update

from bot import receipts
from bot.receipts import ReceiptGate, ReceiptQueue


async def test_put_returns_once_the_article_is_recorded_and_at_once_for_the_rest() -> None:
    gate = ReceiptGate()
    gate.awaits_record = lambda update: update.update_id == 7
    queue = ReceiptQueue(gate)
    await asyncio.wait_for(queue.put(Update(6)), 1)  # not an article: no wait
    article = asyncio.create_task(queue.put(Update(7)))
    await asyncio.sleep(0.1)
    assert not article.done() and queue.qsize() == 2  # queued for the handlers, unconfirmed
    gate.recorded(7)
    await asyncio.wait_for(article, 1)


async def test_an_article_not_recorded_in_time_fails_the_request(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(receipts, "WEBHOOK_WAIT_SECONDS", 0.1)
    gate = ReceiptGate()
    gate.awaits_record = lambda update: True
    with pytest.raises(TimeoutError, match="update 9"):
        await ReceiptQueue(gate).put(Update(9))
