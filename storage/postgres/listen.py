"""Waking a process when another one writes what it waits for: `LISTEN` on PostgreSQL.

A worker on another host stores an article with its alerts; without a word from it, the
senders would find them only at their next poll (ALERT_POLL_SECONDS). A trigger on the
outbox notifies `onrecord_outbox` when such a transaction commits (migration 0003), with
the record's schema as the payload; a listener on a connection of its own sets the store's
`outbox_changed` for each notification about its own schema. Parser workers wait for parse
jobs the same way, on `onrecord_jobs` (migration 0005), which a job notifies when it
becomes pending. Polling stays, the fallback for a notification lost with a dropped
connection: the listener then logs, waits a moment and listens again on a new connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

import psycopg

from storage.errors import DatabaseUnavailable
from storage.postgres.executor import connect

log = logging.getLogger(__name__)
OUTBOX_CHANNEL = "onrecord_outbox"  # alerts written
JOBS_CHANNEL = "onrecord_jobs"  # a parse job ready for a parser
RETRY_SECONDS = 5.0


class Listener:
    """Sets `changed` whenever any process notifies `channel` about this record."""

    def __init__(self, conninfo: str, channel: str, changed: asyncio.Event) -> None:
        self._conninfo = conninfo
        self._channel = channel
        self._changed = changed
        self._task: asyncio.Task[None] | None = None
        self._ready = asyncio.Event()

    async def start(self) -> None:
        """Listen from now on (returns once listening, or after the first attempt failed)."""
        if self._task is None:
            self._task = asyncio.create_task(self._listen(), name=f"{self._channel} listener")
            await self._ready.wait()

    async def stop(self) -> None:
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _listen(self) -> None:
        while True:
            try:
                conn = await connect(self._conninfo)
                try:
                    row = await (await conn.execute("SELECT current_schema() AS s")).fetchone()
                    schema = row["s"] if row else None
                    await conn.execute(f"LISTEN {self._channel}")
                    self._ready.set()
                    self._changed.set()  # anything written before we listened
                    async for note in conn.notifies():
                        if note.payload == schema:
                            self._changed.set()
                finally:
                    await conn.close()
            except (psycopg.Error, OSError, DatabaseUnavailable) as exc:
                log.warning("listening on %s failed (%s); polling meanwhile", self._channel, exc)
            self._ready.set()
            await asyncio.sleep(RETRY_SECONDS)
