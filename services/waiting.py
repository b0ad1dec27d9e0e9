"""Waiting on an event with a deadline, without losing a cancellation.

On Python 3.11, `asyncio.wait_for(event.wait(), timeout)` swallows a cancellation delivered
in the same turn of the loop as the event is set (cpython issue 86296, fixed in 3.12 by
rebuilding `wait_for` on `asyncio.timeout`): a loop that idles on an event between polls —
a parser waiting for jobs, a sender for alerts — then runs on for ever after being told to
stop. `asyncio.timeout` counts cancellations and re-raises ours.
"""

from __future__ import annotations

import asyncio


async def wait_until_set(event: asyncio.Event, timeout: float) -> bool:
    """True once `event` is set, False if `timeout` seconds pass first."""
    try:
        async with asyncio.timeout(timeout):
            await event.wait()
    except TimeoutError:
        return False
    return True
