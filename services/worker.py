"""A parser process's loop: load the model once, claim jobs, parse, store, finish.

Run by `python -m bot worker` on its own, or as a child of `python -m bot run`
(`services/analyzer.py` starts and watches it). Several can share one database: a claim is
one write transaction, so each job goes to one of them.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.context import Services, ServiceSettings, open_services
from services.jobs import run_job
from services.leases import while_renewed
from services.waiting import wait_until_set
from storage.jobs import ParseJob

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 0.1
# Where a new job wakes the parser (PostgreSQL's LISTEN), polling is only the fallback for
# a notification lost with a dropped connection, and for leases that run out.
FALLBACK_POLL_SECONDS = 3.0
# A parser holds its job under a short lease that it renews while it lives, so a job is
# taken back soon after its parser dies however it died, and never while it lives: a new
# bot's start-up need not (and must not) guess whose leases to free, since separate
# `python -m bot worker` processes may hold some. Parsing runs in the nlp thread, so the
# event loop is free to renew. The budget is the supervisor's, not the lease's.
LEASE_SECONDS = 10.0
RENEW_EVERY_SECONDS = LEASE_SECONDS / 4


@dataclass
class Slot:
    """What a worker is doing, shared with the supervising bot: the job it parses (0: none)
    and when it began (`multiprocessing.Value`s, or plain holders in one process)."""

    job: Any
    started: Any

    def begin(self, job_id: int) -> None:
        self.started.value = time.time()
        self.job.value = job_id

    def end(self) -> None:
        self.job.value = 0


async def run_leased(services: Services, job: ParseJob) -> None:
    """`run_job` while its lease is renewed every few seconds (`services.leases`)."""
    await while_renewed(
        run_job(services, job),
        lambda: services.db.jobs.renew(job.id, time.time() + LEASE_SECONDS),
        RENEW_EVERY_SECONDS,
        f"lease of job {job.id}",
    )


async def serve(
    settings: ServiceSettings,
    slot: Slot | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Parse jobs until `should_stop()`; the number parsed."""
    services = await open_services(settings)
    parsed = 0
    try:
        jobs = services.db.jobs
        poll = FALLBACK_POLL_SECONDS if await jobs.wake_on_new_jobs() else IDLE_POLL_SECONDS
        log.info("parser ready")
        while not should_stop():
            job = await jobs.claim(time.time(), LEASE_SECONDS)
            if job is None:
                await wait_until_set(jobs.jobs_changed, poll)
                jobs.jobs_changed.clear()
                continue
            if slot is not None:
                slot.begin(job.id)
            try:
                await run_leased(services, job)
            except Exception:
                log.exception("job %s: parsing failed", job.id)
            finally:
                if slot is not None:
                    slot.end()
            parsed += 1
    finally:
        await services.close()
    return parsed
