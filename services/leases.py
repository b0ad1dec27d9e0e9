"""Work held under a lease that is renewed while the work runs.

A claim (a parse job, an outbox row) carries a lease so that a claimant that dies loses it
soon, however it died. A live claimant renews it every so often while the work is in flight,
so the lease only has to outlast a renewal's interval, not the longest piece of work: a
claimant is never overtaken while it lives. The renewal is the claim's own owner check
(`renew` answers False once the claim is no longer this claimant's: finished, or taken
by another after a lapse), after which the heartbeat stops.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")


async def while_renewed(
    work: Awaitable[T], renew: Callable[[], Awaitable[bool]], every: float, name: str
) -> T:
    """Await `work` while `renew()` runs every `every` seconds, until it answers False.

    A renewal that fails (a dropped connection) is logged and tried again at the next beat:
    the lease still runs, and the next renewal may land before it ends."""

    async def heartbeat() -> None:
        while True:
            await asyncio.sleep(every)
            try:
                if not await renew():
                    return
            except Exception:
                log.warning("%s: renewal failed; trying again in %g s", name, every, exc_info=True)

    renewing = asyncio.create_task(heartbeat(), name=name)
    try:
        return await work
    finally:
        renewing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renewing
