"""One outbox row claimed by a sender, its lease renewed while its message is in flight.

The claim's lease (`ALERT_LEASE_SECONDS`) is how long a dead sender's row waits before
another sender sends it. A live sender renews it every third of a lease while it waits its
turn and Telegram answers (`services.leases`, the heartbeat the parse jobs use), so a slow
call to Telegram never lets another sender take the row and send it a second time. The lease
end this sender wrote is the claim's token: a renewal changes the row only while it still
carries that end (`DeliveryStore.renew_claim`), so a sender never extends a claim it lost.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

from services.leases import while_renewed
from storage.alert_ports import DeliveryStore

T = TypeVar("T")
RENEWALS_PER_LEASE = 3  # two renewals may fail (a dropped connection) before the lease ends


class AlertClaim:
    def __init__(
        self,
        delivery: DeliveryStore,
        alert_id: int,
        clock: Callable[[], datetime],
        lease: timedelta,
    ) -> None:
        self._delivery = delivery
        self.alert_id = alert_id
        self._clock = clock
        self._lease = lease
        self.held_until: datetime | None = None  # the lease end last written by this sender

    async def take(self) -> bool:
        """Claim the row if it is due and nobody else's; False if another sender has it."""
        now = self._clock()
        if not await self._delivery.claim(self.alert_id, now, self._lease):
            return False
        self.held_until = now + self._lease
        return True

    async def renew(self) -> bool:
        """Move the lease end on; False once the row is no longer claimed by this sender."""
        if self.held_until is None:
            return False
        until = self._clock() + self._lease
        if not await self._delivery.renew_claim(self.alert_id, self.held_until, until):
            return False
        self.held_until = until
        return True

    async def hold(self, work: Awaitable[T]) -> T:
        """Await `work` (the row's delivery) with the claim renewed meanwhile."""
        every = self._lease.total_seconds() / RENEWALS_PER_LEASE
        return await while_renewed(work, self.renew, every, f"claim of alert {self.alert_id}")
