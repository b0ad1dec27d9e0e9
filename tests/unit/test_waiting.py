"""An idle loop told to stop as its event is set stops (services/waiting.py)."""

from __future__ import annotations

import asyncio

from services.waiting import wait_until_set


async def test_a_cancellation_in_the_turn_the_event_is_set_is_not_swallowed() -> None:
    event = asyncio.Event()

    async def idle() -> None:  # a parser between jobs, a sender between alerts
        while True:
            await wait_until_set(event, 10)
            event.clear()

    task = asyncio.create_task(idle())
    await asyncio.sleep(0.01)
    event.set()
    task.cancel()  # the same turn of the loop: `asyncio.wait_for` on 3.11 loses this
    done, _ = await asyncio.wait({task}, timeout=2)
    if task not in done:
        task.cancel()
    assert task in done and task.cancelled()


async def test_it_answers_whether_the_event_came_in_time() -> None:
    event = asyncio.Event()
    assert await wait_until_set(event, 0.01) is False
    event.set()
    assert await wait_until_set(event, 0.01) is True
