"""Daily digests planned from due times in the record, on both engines: two planners on one
record (two processes) take each due digest once, a digest overdue by days is one digest,
a restart repeats none, a DST change keeps the local time, /digest off plans no more."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from services.backend import open_store
from services.digest import DAY_SECONDS, digest_plan, next_digest_at
from storage.alert_models import ChatSettings, PlannedDigest
from storage.ports import Store
from tests.integration.test_storage import article, statement

EIGHT = 8 * 60  # 08:00, minutes after local midnight
NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
CHATS = range(3001, 3009)


async def plan_all(store: Store, now: datetime) -> list[PlannedDigest]:
    """What a sender's step does (`services.digest.plan_due_digests`), at `now`."""
    taken = []
    while (
        planned := await store.chats.plan_due_digest(
            now, lambda s: digest_plan(s, now, DAY_SECONDS)
        )
    ) is not None:
        taken.append(planned)
    return taken


async def digest_chat(store: Store, chat_id: int, since: datetime, zone: str = "UTC") -> None:
    """`chat_id` follows /iran with a daily digest at 08:00 chosen at `since`."""
    await store.chats.subscribe(chat_id, "iran", since.isoformat())
    await store.chats.set_timezone(chat_id, zone)
    chosen = ChatSettings(chat_id, timezone=zone, digest_at=EIGHT)
    await store.chats.set_digest(chat_id, EIGHT, since, next_digest_at(chosen, since, DAY_SECONDS))


async def iran_news(store: Store, text: str) -> None:
    await store.articles.store_article(article(text), [statement(text, "A B", ("iran",))])


async def digests(store: Store) -> list[int]:
    return [r.chat_id for r in await store.alerts.alerts() if r.kind == "digest"]


@pytest.fixture
async def two_stores(database: str | Path) -> AsyncIterator[tuple[Store, Store]]:
    first = await open_store(database)
    second = await open_store(database)
    yield first, second
    await second.close()
    await first.close()


async def test_two_planners_on_one_record_take_each_due_digest_once(
    two_stores: tuple[Store, Store],
) -> None:
    first, second = two_stores
    for chat in CHATS:
        await digest_chat(first, chat, NOW - timedelta(days=1))
    await iran_news(first, "Tehran will talk, the minister said.")
    taken = await asyncio.gather(plan_all(first, NOW), plan_all(second, NOW))
    chats = [p.chat_id for planner in taken for p in planner]
    assert sorted(chats) == list(CHATS)  # each once, whichever planner took it
    assert sorted(await digests(first)) == list(CHATS)
    assert {p.next_due for planner in taken for p in planner} == {
        datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    }
    assert await plan_all(second, NOW + timedelta(hours=1)) == []  # not due again today


async def test_a_digest_overdue_by_days_is_one_digest_and_the_next_is_tomorrow(
    store: Store,
) -> None:
    await digest_chat(store, 3001, NOW - timedelta(days=5))  # no sender ran for four days
    for day in range(4):
        await iran_news(store, f"Day {day}: Tehran will talk, the minister said.")
    (planned,) = await plan_all(store, NOW)
    assert planned.alert_id is not None
    (row,) = [r for r in await store.alerts.alerts() if r.kind == "digest"]
    assert [len(range(a, b)) for a, b in row.payload["ranges"].values()] == [4]  # all four
    assert planned.next_due == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    assert (await store.chats.chat_settings(3001)).digest_next_due == planned.next_due
    assert await plan_all(store, NOW) == []


async def test_a_restart_does_not_repeat_a_digest(database: str | Path) -> None:
    store = await open_store(database)
    await digest_chat(store, 3001, NOW - timedelta(days=1))
    await iran_news(store, "Tehran will talk, the minister said.")
    assert len(await plan_all(store, NOW)) == 1
    await store.close()
    restarted = await open_store(database)  # the bot, or another sender, starting again
    try:
        assert await plan_all(restarted, NOW + timedelta(minutes=1)) == []
        assert await digests(restarted) == [3001]
        await iran_news(restarted, "Tehran will not talk, the minister said.")
        (tomorrow,) = await plan_all(restarted, NOW + timedelta(days=1))
        assert tomorrow.alert_id is not None and await digests(restarted) == [3001, 3001]
    finally:
        await restarted.close()


async def test_the_digest_keeps_its_local_time_across_a_dst_change(store: Store) -> None:
    # Berlin moves from CET (UTC+1) to CEST (UTC+2) on 29 March 2026: 08:00 is 07:00 UTC
    # before and 06:00 UTC after, not 07:00 UTC (09:00 on the wall) as 24 hours on would be.
    saturday = datetime(2026, 3, 28, 7, 30, tzinfo=UTC)  # 08:30 in Berlin
    await digest_chat(store, 3001, saturday - timedelta(hours=1), "Europe/Berlin")
    (planned,) = await plan_all(store, saturday)
    assert planned.next_due == datetime(2026, 3, 29, 6, 0, tzinfo=UTC)
    assert await plan_all(store, datetime(2026, 3, 29, 5, 59, tzinfo=UTC)) == []
    (sunday,) = await plan_all(store, datetime(2026, 3, 29, 6, 0, tzinfo=UTC))
    assert sunday.next_due == datetime(2026, 3, 30, 6, 0, tzinfo=UTC)


async def test_digest_off_plans_no_more_and_a_muted_chat_keeps_its_marks(store: Store) -> None:
    await digest_chat(store, 3001, NOW - timedelta(days=1))
    await digest_chat(store, 3002, NOW - timedelta(days=1))
    await iran_news(store, "Tehran will talk, the minister said.")
    await store.chats.set_digest(3001, None, NOW)  # /digest off
    assert (await store.chats.chat_settings(3001)).digest_next_due is None
    await store.chats.set_muted_until(3002, NOW + timedelta(hours=2))
    (muted,) = await plan_all(store, NOW)
    assert (muted.chat_id, muted.alert_id) == (3002, None)  # nothing written while muted
    assert await digests(store) == []
    (next_day,) = await plan_all(store, NOW + timedelta(days=1))  # the mute is over
    assert next_day.chat_id == 3002 and next_day.alert_id is not None
    assert await digests(store) == [3002]  # it covers the muted day's statement too


async def test_a_digest_chosen_before_due_times_were_kept_is_planned_at_first_start(
    store: Store,
) -> None:
    """A record from before the upgrade: the chat has its digest time and no due time. The
    first planning writes a digest only if its time passed since it last ran."""
    for chat in (3001, 3002):
        await store.chats.subscribe(chat, "iran", NOW.isoformat())
    await store.chats.set_digest(3001, EIGHT, NOW - timedelta(days=2))  # missed yesterday's
    await store.chats.set_digest(3002, EIGHT, NOW.replace(hour=9))  # ran today at 09:00
    await iran_news(store, "Tehran will talk, the minister said.")
    taken = await plan_all(store, NOW)
    assert sorted(p.chat_id for p in taken) == [3001, 3002]
    assert await digests(store) == [3001]
    for chat in (3001, 3002):
        settings = await store.chats.chat_settings(chat)
        assert settings.digest_next_due == datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
