"""`storage.jobs.JobStore` on PostgreSQL: SQLite's queue, with claims for many parsers.

A parser claims a job with `SELECT … FOR UPDATE SKIP LOCKED`: two parsers on any hosts
never take the same job, and neither waits for the other's transaction; the lease (seconds
since the epoch) makes a dead parser's job claimable again, as on SQLite. A job that becomes
pending notifies `onrecord_jobs` as its transaction commits (migration 0005), which wakes
the parsers listening (`storage/postgres/listen.py`) at once.
"""

from __future__ import annotations

from storage.jobs import RECEIVING, NewPart
from storage.postgres.executor import PgExecutor
from storage.postgres.listen import JOBS_CHANNEL, Listener
from storage.sqlite.jobs import JOB_INSERT, SqliteJobs, job_values


class PgJobs(SqliteJobs):
    row_lock = " FOR UPDATE SKIP LOCKED"

    def __init__(self, db: PgExecutor) -> None:
        super().__init__(db)
        self.listener = Listener(db.conninfo, JOBS_CHANNEL, self.jobs_changed)

    async def wake_on_new_jobs(self) -> bool:
        await self.listener.start()
        return True

    async def open_job(self, part: NewPart) -> int | None:
        """A new job receiving parts; None if this message is already recorded."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                JOB_INSERT.replace("INSERT OR IGNORE", "INSERT")
                + " ON CONFLICT DO NOTHING RETURNING id",
                job_values(None, RECEIVING, part),
            )
            return int(row["id"]) if row else None
