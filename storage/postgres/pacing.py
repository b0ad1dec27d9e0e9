"""Turns at Telegram shared by every sender on a PostgreSQL record, on any host.

Telegram's limits are the bot's, not a process's: 30 messages a second in all, 20 a minute
in a group. Each sender's own rate limiter only sees its own calls, so the turns are kept
in one row per key (`send_turns`). Taking a turn is one statement: the row's next free turn
moves on by the interval from whichever is later, itself or the server's clock, and the
turn taken comes back as the seconds until it. The row lock orders concurrent takers; the
server's clock is the only clock, so senders on hosts whose clocks disagree still space
their sends. A turn taken by a sender that then dies is simply not used.
"""

from __future__ import annotations

from datetime import timedelta

from storage.postgres.executor import PgExecutor

TAKE_TURN = (
    "INSERT INTO send_turns AS t (key, next_turn) VALUES (?, clock_timestamp() + ?)"
    " ON CONFLICT (key) DO UPDATE SET next_turn = greatest(t.next_turn, clock_timestamp()) + ?"
    " RETURNING extract(epoch FROM t.next_turn - ? - clock_timestamp()) AS wait"
)


class PgPacing:
    """`storage.ports.PaceStore` on PostgreSQL."""

    shared = True

    def __init__(self, executor: PgExecutor) -> None:
        self._db = executor

    async def next_turn(self, key: str, interval: timedelta) -> float:
        async with self._db.transaction() as tx:
            row = await tx.fetchone(TAKE_TURN, (key, interval, interval, interval))
        assert row is not None
        return max(0.0, float(row["wait"]))
