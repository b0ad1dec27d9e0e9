"""Turns at Telegram shared by every sender of a record (`storage.ports.PaceStore`): three
senders, each with a store of its own on one database, keep together to the bot's pace, and
on PostgreSQL a group gets one turn every three seconds whoever sends to it. The figures
printed (`pytest -s`) are what docs/scaling.md quotes."""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from services.backend import open_store
from services.pacing import GROUP_INTERVAL, Pacer
from storage.ports import Store
from tests.backends import database_of

SENDERS = 3
PER_SECOND = 28
SECONDS = 3


@pytest.fixture
async def senders(database: str | Path) -> AsyncIterator[list[Store]]:
    stores = [await open_store(database) for _ in range(SENDERS)]
    yield stores
    for store in stores:
        await store.close()


def most_in_one_second(moments: list[float]) -> int:
    """The most moments inside any rolling second."""
    moments = sorted(moments)
    start, most = 0, 0
    for end, moment in enumerate(moments):
        while moments[start] <= moment - 1.0:
            start += 1
        most = max(most, end - start + 1)
    return most


async def test_three_senders_keep_together_to_the_bots_pace(senders: list[Store]) -> None:
    sent: list[float] = []
    begun = time.monotonic()

    async def send(store: Store) -> None:
        pacer = Pacer(store.pacing, lambda: PER_SECOND)
        while time.monotonic() - begun < SECONDS:
            await pacer.wait_turn(4242)  # a private chat: the bot's pace only
            sent.append(time.monotonic())

    await asyncio.gather(*(send(store) for store in senders))
    rate = (len(sent) - 1) / (max(sent) - min(sent))
    most = most_in_one_second(sent)
    shared = senders[0].pacing.shared
    print(
        f"{SENDERS} senders ({'one record' if shared else 'each its own pacer'}) at "
        f"{PER_SECOND}/s: {len(sent)} sends, {rate:.1f}/s, at most {most} in any second"
    )
    if shared:
        assert rate <= PER_SECOND + 0.5 and most <= PER_SECOND + 1
        assert rate >= PER_SECOND * 0.8  # and not slower than it need be
    else:  # SQLite keeps turns in its one process: a store of its own is a pace of its own
        assert most > PER_SECOND + 1


async def test_turns_on_one_key_are_spaced_by_the_interval(senders: list[Store]) -> None:
    interval = timedelta(milliseconds=100)
    # On SQLite the turns are one process's: one store's, asked by three tasks.
    takers = senders if senders[0].pacing.shared else senders[:1] * SENDERS
    waits = await asyncio.gather(
        *(store.pacing.next_turn("chat:-1001", interval) for store in takers for _ in range(2))
    )
    waits = sorted(waits)
    assert waits[0] < 0.05  # the first turn is now
    gaps = [later - earlier for earlier, later in itertools.pairwise(waits)]
    # Each turn comes an interval after the one before (less the moments spent asking).
    assert all(0.06 < gap < 0.14 for gap in gaps), waits


async def test_a_group_waits_three_seconds_between_senders_on_postgresql(tmp_path: Path) -> None:
    async with database_of("postgresql", tmp_path) as database:
        first, second = await open_store(database), await open_store(database)
        try:
            pacers = [Pacer(s.pacing, lambda: PER_SECOND) for s in (first, second)]
            begun = time.monotonic()
            await asyncio.gather(*(p.wait_turn(-1002003) for p in pacers))
            assert time.monotonic() - begun >= GROUP_INTERVAL.total_seconds() - 0.1
            begun = time.monotonic()
            await asyncio.gather(*(p.wait_turn(5005) for p in pacers))  # a person: no wait
            assert time.monotonic() - begun < 1
        finally:
            await second.close()
            await first.close()


def test_a_sender_beside_a_bot_on_sqlite_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from bot.__main__ import main

    monkeypatch.chdir(tmp_path)  # no .env read
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "123456:TEST-token")
    monkeypatch.setenv("DATABASE_PATH", str(tmp_path / "onrecord.sqlite3"))
    assert main(["sender"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "needs DATABASE_URL (PostgreSQL)" in err
