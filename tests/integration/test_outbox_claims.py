"""An outbox row is sent by the one sender that claimed it: two store connections (two
senders) on one database (a SQLite file, a PostgreSQL server) never both take the same row,
and a claim a dead sender left comes due again at the next start."""

from __future__ import annotations

import asyncio
import dataclasses
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from telegram.ext import ExtBot

from bot.sender import LEASE, AlertSender
from services import Services
from services.backend import open_store
from storage.alert_models import NewAlert
from storage.ports import Store
from tests.integration.offline import RecordingRequest

READER = 2002
CHANGE = {"speaker": "Dmitry Peskov", "target": "iran.sanctions", "previous": "for"}


def change(n: int) -> NewAlert:
    return NewAlert(READER, "position_change", None, ("iran",), {**CHANGE, "current": f"{n}"})


@pytest.fixture
async def two_stores(database: str | Path) -> AsyncIterator[tuple[Store, Store]]:
    first = await open_store(database)
    second = await open_store(database)
    yield first, second
    await second.close()
    await first.close()


async def test_of_two_stores_on_one_file_only_one_claims_a_row(
    two_stores: tuple[Store, Store],
) -> None:
    first, second = two_stores
    now = datetime.now(UTC)
    ids = await first.alerts.enqueue_alerts([change(n) for n in range(20)], now)
    for alert_id in ids:
        won = await asyncio.gather(
            first.delivery.claim(alert_id, now, LEASE), second.delivery.claim(alert_id, now, LEASE)
        )
        assert sorted(won) == [False, True]
    assert await second.alerts.due_alerts(now) == []  # claimed rows are nobody else's
    assert await first.alerts.due_alerts(now + LEASE + timedelta(seconds=1))  # lease over

    # A sender died mid-send: the next start makes its claims due at once.
    assert await second.delivery.release_claims(now) == len(ids)
    assert [r.id for r in await first.alerts.due_alerts(now, 100)] == ids
    assert (await first.alerts.alert(ids[0])).error == "interrupted in flight"  # type: ignore[union-attr]


async def test_a_row_merged_into_a_sent_message_cannot_be_claimed(
    two_stores: tuple[Store, Store],
) -> None:
    first, second = two_stores
    now = datetime.now(UTC)
    (alert_id,) = await first.alerts.enqueue_alerts([change(1)], now)
    await second.delivery.mark_merged(alert_id, None)
    assert not await first.delivery.claim(alert_id, now, LEASE)


async def test_two_senders_on_one_database_send_each_alert_once(
    services: Services, telegram: tuple[ExtBot[None], RecordingRequest]
) -> None:
    bot, request = telegram
    other = dataclasses.replace(services, db=await open_store(services.settings.database))
    try:
        now = datetime.now(UTC)
        await services.db.alerts.enqueue_alerts([change(n) for n in range(12)], now)
        senders = [AlertSender(bot, services), AlertSender(bot, other)]
        for _ in range(3):
            await asyncio.gather(*(s.step() for s in senders))
        assert len(request.sent()) == 12
        assert sum(s.delivered for s in senders) == 12  # whichever sender claimed each row
        assert await services.db.alerts.outbox_counts() == {"sent": 12}
    finally:
        await other.db.close()
