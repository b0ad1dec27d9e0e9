"""An outbox row is sent by the one sender that claimed it: two store connections (two
senders) on one database (a SQLite file, a PostgreSQL server) never both take the same row,
a claim a dead sender left comes due again at the next start or when its lease ends, and a
live sender's claim is renewed while Telegram is slow to answer, never by a sender that lost
it."""

from __future__ import annotations

import asyncio
import dataclasses
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from telegram.ext import ExtBot

from bot.sender import LEASE, AlertSender
from extraction import Extractor
from services import Services, open_services
from services.backend import open_store
from storage.alert_models import NewAlert
from storage.ports import Store
from tests.integration.conftest import make_settings
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


async def test_a_sender_never_extends_a_claim_another_took(two_stores: tuple[Store, Store]) -> None:
    first, second = two_stores
    now = datetime.now(UTC).replace(microsecond=0)  # the outbox keeps milliseconds
    lease = timedelta(seconds=1)
    (alert_id,) = await first.alerts.enqueue_alerts([change(1)], now)
    assert await first.delivery.claim(alert_id, now, lease)
    assert await first.delivery.renew_claim(alert_id, now + lease, now + 2 * lease)
    assert not await second.delivery.claim(alert_id, now + lease, lease)  # renewed: still out
    # The first sender stalled past its renewed lease; the second took the row meanwhile.
    later = now + 3 * lease
    assert await second.delivery.claim(alert_id, later, lease)
    assert not await first.delivery.renew_claim(alert_id, now + 2 * lease, later + 5 * lease)
    assert (await second.alerts.alert(alert_id)).due_at == later + lease  # type: ignore[union-attr]
    assert await second.delivery.renew_claim(alert_id, later + lease, later + 2 * lease)
    await second.delivery.mark_sent(alert_id, 7, later)
    assert not await second.delivery.renew_claim(alert_id, later + 2 * lease, later + 3 * lease)


class SlowTelegram(RecordingRequest):
    """Telegram taking `delay` seconds to answer each message sent."""

    def __init__(self, delay: float) -> None:
        super().__init__()
        self.delay = delay

    async def do_request(self, url: str, method: str, *args: Any, **kwargs: Any) -> Any:
        if url.endswith("/sendMessage"):
            await asyncio.sleep(self.delay)
        return await super().do_request(url, method, *args, **kwargs)


async def test_a_claim_is_renewed_while_telegram_is_slow_to_answer(
    database: str | Path, extractor: Extractor
) -> None:
    """A 1 s lease and a send that takes 3 s: the row stays claimed until it is marked sent,
    so a second sender stepping all the while finds nothing to send (on SQLite, where the
    front's sender is the only one, it stands for any reader of the due rows)."""
    slow = SlowTelegram(3.0)
    bot: ExtBot[None] = ExtBot(
        "123456:TEST-secret-token-abcdef", request=slow, get_updates_request=slow
    )
    await bot.initialize()
    settings = make_settings(database, alert_lease_seconds=1.0)
    first = await open_services(settings, extractor)
    second = await open_services(settings, extractor)
    try:
        (alert_id,) = await first.db.alerts.enqueue_alerts([change(1)], datetime.now(UTC))
        sender, other = AlertSender(bot, first), AlertSender(bot, second, sole_sender=False)
        began = time.monotonic()
        sending = asyncio.create_task(sender.step())
        while (await second.db.alerts.alert(alert_id)).error != "in flight":  # type: ignore[union-attr]
            await asyncio.sleep(0.01)  # the first sender has claimed it
        steps = 0
        while not sending.done():
            await other.step()
            steps += 1
            await asyncio.sleep(0.1)
        await sending
        assert time.monotonic() - began >= 3.0  # three leases long
        assert steps >= 5  # it looked for due rows all along
        assert len(slow.sent()) == 1 and other.delivered == 0
        assert sender.delivered == 1
        assert await first.db.alerts.outbox_counts() == {"sent": 1}
    finally:
        await second.close()
        await first.close()
        await bot.shutdown()


async def test_a_dead_senders_claim_comes_due_when_its_lease_ends(
    database: str | Path, extractor: Extractor, telegram: tuple[ExtBot[None], RecordingRequest]
) -> None:
    bot, request = telegram
    settings = make_settings(database, alert_lease_seconds=1.0)
    dead = await open_services(settings, extractor)
    live = await open_services(settings, extractor)
    try:
        (alert_id,) = await dead.db.alerts.enqueue_alerts([change(1)], datetime.now(UTC))
        # Claimed, then the process died: nothing renews the claim.
        assert await dead.db.delivery.claim(alert_id, datetime.now(UTC), timedelta(seconds=1))
        await dead.close()
        sender = AlertSender(bot, live, sole_sender=False)
        await sender.step()
        assert sender.delivered == 0  # still leased
        await asyncio.sleep(1.1)
        await sender.step()
        assert sender.delivered == 1 and len(request.sent()) == 1
    finally:
        await live.close()
