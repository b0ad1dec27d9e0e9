"""`storage.jobs.JobStore` on SQLite: the parse_jobs table (migration 0008).

Claiming is one `BEGIN IMMEDIATE` transaction of the executor's writer, so two processes
with their own connections never claim the same job: SQLite lets one writer in at a time.
"""

from __future__ import annotations

import asyncio

from storage.database import Database, Reads, Row, Writes, from_row, marks
from storage.jobs import (
    DONE,
    FAILED,
    PENDING,
    RECEIVING,
    RUNNING,
    NewPart,
    ParseJob,
    join_parts,
)

JOB_INSERT = (
    "INSERT OR IGNORE INTO parse_jobs"
    " (job_id, state, text, chat_id, message_id, update_id, user_id, source, created_at,"
    " kind, input) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
TOO_MANY_ATTEMPTS = "the parser stopped on this article {n} times"


def job_values(job_id: int | None, state: str, part: NewPart) -> tuple[object, ...]:
    return (
        job_id,
        state,
        part.text,
        part.chat_id,
        part.message_id,
        part.update_id,
        part.user_id,
        part.source,
        part.created_at,
        part.kind,
        part.input,
    )


async def _joined_text(db: Reads, job_id: int) -> str | None:
    rows = await db.fetchall(
        "SELECT text FROM parse_jobs WHERE (id = ? OR job_id = ?) AND text IS NOT NULL ORDER BY id",
        (job_id, job_id),
    )
    return join_parts([str(row["text"]) for row in rows]) if rows else None


async def read_job(db: Reads, row: Row) -> ParseJob:
    text = await _joined_text(db, int(row["id"]))
    return from_row(ParseJob, row, text=text, replied=bool(row["replied"]))


async def close_job(tx: Writes, job_id: int, sets: str, params: tuple[object, ...]) -> bool:
    """End a job (done or failed): its text, its parts' text and what was fetched for it
    are dropped."""
    changed = await tx.execute(
        f"UPDATE parse_jobs SET {sets}, text = NULL, payload = NULL, lease_until = NULL"
        f" WHERE id = ? AND job_id IS NULL AND state NOT IN ('{DONE}', '{FAILED}')",
        (*params, job_id),
    )
    await tx.execute("UPDATE parse_jobs SET text = NULL WHERE job_id = ?", (job_id,))
    return changed == 1


class SqliteJobs:
    """`storage.jobs.JobStore` on SQLite."""

    # What a claim's reads add to lock the rows they pick: nothing on SQLite, whose one
    # writer already serialises claims; an engine with many writers sets its row lock.
    row_lock = ""

    def __init__(self, db: Database) -> None:
        self._db = db
        self._changed = asyncio.Event()

    @property
    def jobs_changed(self) -> asyncio.Event:
        return self._changed

    async def wake_on_new_jobs(self) -> bool:
        """Parsers are processes of their own with connections of their own, and SQLite
        tells no connection what another wrote: they poll."""
        return False

    async def open_job(self, part: NewPart) -> int | None:
        """A new job receiving parts; None if this message is already recorded."""
        async with self._db.transaction() as tx:
            if await tx.execute(JOB_INSERT, job_values(None, RECEIVING, part)) == 0:
                return None
            row = await tx.fetchone("SELECT last_insert_rowid() AS id")
            return int(row["id"]) if row else None

    async def add_part(self, job_id: int, part: NewPart) -> bool:
        """Add a later part to a job still receiving; False if it no longer is (its parse
        has begun: the part starts a job of its own). A message already recorded is added."""
        async with self._db.transaction() as tx:
            row = await tx.fetchone(
                "SELECT state FROM parse_jobs WHERE id = ? AND job_id IS NULL", (job_id,)
            )
            if row is None or row["state"] != RECEIVING:
                return False
            await tx.execute(JOB_INSERT, job_values(job_id, "part", part))
            return True

    async def mark_ready(self, job_id: int) -> bool:
        return (
            await self._db.execute(
                f"UPDATE parse_jobs SET state = '{PENDING}' WHERE id = ? AND state = ?",
                (job_id, RECEIVING),
            )
            == 1
        )

    async def attach(self, job_id: int, payload: bytes, input: str) -> bool:
        """The page or file the bot fetched for a job still receiving: kept on the job
        (with what the parser needs to read it, in `input`), which is then pending."""
        return (
            await self._db.execute(
                f"UPDATE parse_jobs SET payload = ?, input = ?, state = '{PENDING}'"
                " WHERE id = ? AND job_id IS NULL AND state = ?",
                (payload, input, job_id, RECEIVING),
            )
            == 1
        )

    async def set_progress(self, job_id: int, message_id: int) -> None:
        await self._db.execute(
            "UPDATE parse_jobs SET progress_message_id = ? WHERE id = ?", (message_id, job_id)
        )

    async def claim(
        self, now: float, lease_seconds: float, job_id: int | None = None, max_attempts: int = 3
    ) -> ParseJob | None:
        """The oldest pending job (or `job_id`), or one whose lease expired, now running
        under a lease until `now + lease_seconds`. A job whose lease expired `max_attempts`
        times fails instead: an article that stops the parser must not stop it forever."""
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
                " AND lease_until < ? AND attempts >= ?" + self.row_lock,
                (now, max_attempts),
            )
            for row in expired:
                error = TOO_MANY_ATTEMPTS.format(n=row["attempts"])
                await close_job(tx, int(row["id"]), "state = ?, error = ?", (FAILED, error))
            found = await tx.fetchone(claimable + self.row_lock, params)
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

    async def renew(self, job_id: int, lease_until: float) -> bool:
        """Extend a running job's lease (its parser's heartbeat); False if it no longer runs."""
        return (
            await self._db.execute(
                f"UPDATE parse_jobs SET lease_until = ? WHERE id = ? AND state = '{RUNNING}'",
                (lease_until, job_id),
            )
            == 1
        )

    async def release(self, job_id: int, max_attempts: int = 3) -> int:
        """A running job whose parser is known to be gone (its supervisor saw it exit):
        claimable again at once, or failed once it has been claimed `max_attempts` times.
        Only the supervisor of that parser may say so; anyone else waits for the lease.
        How many were freed (0 or 1)."""
        which = f"SELECT id, attempts FROM parse_jobs WHERE state = '{RUNNING}' AND id = ?"
        params = (job_id,)
        async with self._db.transaction() as tx:
            rows = await tx.fetchall(which, params)
            freed = 0
            for row in rows:
                if row["attempts"] >= max_attempts:
                    error = TOO_MANY_ATTEMPTS.format(n=row["attempts"])
                    await close_job(tx, int(row["id"]), "state = ?, error = ?", (FAILED, error))
                else:
                    freed += await tx.execute(
                        f"UPDATE parse_jobs SET state = '{PENDING}', lease_until = NULL"
                        " WHERE id = ?",
                        (row["id"],),
                    )
            return freed

    async def finish(self, job_id: int, article_id: int, result: bytes | None) -> bool:
        async with self._db.transaction() as tx:
            return await close_job(
                tx, job_id, "state = ?, article_id = ?, result = ?", (DONE, article_id, result)
            )

    async def fail(self, job_id: int, error: str) -> bool:
        async with self._db.transaction() as tx:
            return await close_job(tx, job_id, "state = ?, error = ?", (FAILED, error))

    async def mark_replied(self, job_id: int) -> None:
        await self._db.execute(
            "UPDATE parse_jobs SET replied = 1, result = NULL WHERE id = ?", (job_id,)
        )

    async def job(self, job_id: int) -> ParseJob | None:
        row = await self._db.fetchone(
            "SELECT * FROM parse_jobs WHERE id = ? AND job_id IS NULL", (job_id,)
        )
        return None if row is None else await read_job(self._db, row)

    async def unfinished(self, job_ids: list[int]) -> set[int]:
        """One query for every job the bot awaits (not one per job): ids only, no text."""
        if not job_ids:
            return set()
        rows = await self._db.fetchall(
            f"SELECT id FROM parse_jobs WHERE id IN ({marks(job_ids)}) AND job_id IS NULL"
            f" AND state NOT IN ('{DONE}', '{FAILED}')",
            tuple(job_ids),
        )
        return {int(row["id"]) for row in rows}

    async def unreplied(self) -> list[ParseJob]:
        """Every job whose sender has not had an answer yet, oldest first."""
        rows = await self._db.fetchall(
            "SELECT * FROM parse_jobs WHERE job_id IS NULL AND replied = 0 ORDER BY id"
        )
        return [await read_job(self._db, row) for row in rows]

    async def prune(self, received_before: str) -> int:
        """Delete answered jobs (done or failed) received before `received_before`, with
        their parts. What remains of them is bookkeeping: the article is on record."""
        return await self._db.execute(
            "DELETE FROM parse_jobs WHERE job_id IS NULL AND replied = 1"
            f" AND state IN ('{DONE}', '{FAILED}') AND created_at < ?",
            (received_before,),
        )
