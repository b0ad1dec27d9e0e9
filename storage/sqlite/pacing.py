"""Turns at Telegram on SQLite: one process sends (the bot's own sender), so the turns are
kept in memory; a group's 20 a minute is left to that process's rate limiter."""

from __future__ import annotations

import time
from datetime import timedelta


class InProcessPacing:
    """`storage.ports.PaceStore` for the one sender of a SQLite record."""

    shared = False

    def __init__(self) -> None:
        self._next: dict[str, float] = {}  # key -> monotonic time of its next free turn

    async def next_turn(self, key: str, interval: timedelta) -> float:
        now = time.monotonic()
        turn = max(self._next.get(key, now), now)
        self._next[key] = turn + interval.total_seconds()
        return turn - now
