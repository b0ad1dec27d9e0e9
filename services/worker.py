"""A parser process's loop: load the model once, claim jobs, parse, store, finish.

Run by `python -m bot worker` on its own, or as a child of `python -m bot run`
(`services/analyzer.py` starts and watches it). Several can share one database: a claim is
one write transaction, so each job goes to one of them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from services.context import ServiceSettings, open_services
from services.jobs import run_job

log = logging.getLogger(__name__)
IDLE_POLL_SECONDS = 0.1
# The supervisor stops a job at its budget; the lease only matters when nobody supervises
# (the bot died): then the job is claimed again once it expires.
LEASE_MARGIN_SECONDS = 30.0


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


async def serve(
    settings: ServiceSettings,
    slot: Slot | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> int:
    """Parse jobs until `should_stop()`; the number parsed."""
    services = await open_services(settings)
    lease = settings.parse_budget_seconds + LEASE_MARGIN_SECONDS
    parsed = 0
    log.info("parser ready")
    try:
        while not should_stop():
            job = await services.db.jobs.claim(time.time(), lease)
            if job is None:
                await asyncio.sleep(IDLE_POLL_SECONDS)
                continue
            if slot is not None:
                slot.begin(job.id)
            try:
                await run_job(services, job)
            except Exception:
                log.exception("job %s: parsing failed", job.id)
            finally:
                if slot is not None:
                    slot.end()
            parsed += 1
    finally:
        await services.close()
    return parsed
