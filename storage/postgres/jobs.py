"""`storage.jobs.JobStore` on PostgreSQL: SQLite's queue, with claims for many parsers.

A parser claims a job with `SELECT … FOR UPDATE SKIP LOCKED`: two parsers on any hosts
never take the same job, and neither waits for the other's transaction; the lease (seconds
since the epoch) makes a dead parser's job claimable again, as on SQLite.
"""

from __future__ import annotations

from storage.jobs import FAILED, PENDING, RECEIVING, RUNNING, NewPart, ParseJob
from storage.sqlite.jobs import (
    JOB_INSERT,
    TOO_MANY_ATTEMPTS,
    SqliteJobs,
    close_job,
    job_values,
    read_job,
)


class PgJobs(SqliteJobs):
    async def open_job(self, part: NewPart) -> int | None:
        """A new job receiving parts; None if this message is already recorded."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                JOB_INSERT.replace("INSERT OR IGNORE", "INSERT")
                + " ON CONFLICT DO NOTHING RETURNING id",
                job_values(None, RECEIVING, part),
            )
            return int(row["id"]) if row else None

    async def claim(
        self, now: float, lease_seconds: float, job_id: int | None = None, max_attempts: int = 3
    ) -> ParseJob | None:
        """The oldest pending job (or `job_id`), or one whose lease expired, now running
        under a lease until `now + lease_seconds`; a job whose lease expired `max_attempts`
        times fails instead."""
        which = "" if job_id is None else " AND id = ?"
        claimable = (
            "SELECT id FROM parse_jobs WHERE job_id IS NULL AND"
            f" (state = '{PENDING}' OR (state = '{RUNNING}' AND lease_until < ?)){which}"
            " ORDER BY id LIMIT 1"
        )
        params = (now,) if job_id is None else (now, job_id)
        if await self._db.fetchone(claimable, params) is None:
            return None  # an idle parser's poll: a read, no write transaction
        async with self._db.transaction() as tx:
            expired = await tx.fetchall(
                f"SELECT id, attempts FROM parse_jobs WHERE state = '{RUNNING}'"
                " AND lease_until < ? AND attempts >= ? FOR UPDATE SKIP LOCKED",
                (now, max_attempts),
            )
            for row in expired:
                error = TOO_MANY_ATTEMPTS.format(n=row["attempts"])
                await close_job(tx, int(row["id"]), "state = ?, error = ?", (FAILED, error))
            found = await tx.fetchone(claimable + " FOR UPDATE SKIP LOCKED", params)
            if found is None:
                return None
            await tx.execute(
                f"UPDATE parse_jobs SET state = '{RUNNING}', attempts = attempts + 1,"
                " lease_until = ? WHERE id = ?",
                (now + lease_seconds, found["id"]),
            )
            claimed = await tx.fetchone("SELECT * FROM parse_jobs WHERE id = ?", (found["id"],))
            assert claimed is not None
            return await read_job(tx, claimed)
