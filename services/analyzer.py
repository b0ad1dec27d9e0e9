"""The Analyzer seam: who parses the queued jobs, and how the bot learns a job's outcome.

`InProcessAnalyzer` parses in the bot's own process, in its nlp thread (the CLI, the tests,
`PARSE_WORKERS=0`). `WorkerAnalyzer` starts `PARSE_WORKERS` parser processes (spawned, never
forked: the bot holds threads and open connections), restarts one that dies, and stops one
whose job runs past the budget; the job table is the only channel between them and the bot.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.process import BaseProcess
from typing import Protocol

from services.context import Services
from services.worker import LEASE_SECONDS, Slot, run_leased
from storage.jobs import DONE, FAILED, ParseJob

log = logging.getLogger(__name__)
POLL_SECONDS = 0.2
OVER_BUDGET = "The article took longer than {budget:g} s to analyse, so nothing was stored."


class Analyzer(Protocol):
    async def start(self) -> None: ...
    async def outcome(self, job_id: int) -> ParseJob | None:
        """Wait until the job is done or failed; None if it is gone (/forget_me)."""
        ...

    async def close(self) -> None: ...


async def _finished(services: Services, job_id: int) -> tuple[bool, ParseJob | None]:
    job = await services.db.jobs.job(job_id)
    return job is None or job.state in (DONE, FAILED), job


class InProcessAnalyzer:
    def __init__(self, services: Services) -> None:
        self._services = services

    async def start(self) -> None:
        # What a previous run left running is taken when its lease expires (a separate
        # `python -m bot worker` may still be parsing it): `outcome` claims it then.
        pass

    async def outcome(self, job_id: int) -> ParseJob | None:
        jobs = self._services.db.jobs
        while True:
            finished, job = await _finished(self._services, job_id)
            if finished:
                return job
            claimed = await jobs.claim(time.time(), LEASE_SECONDS, job_id=job_id)
            if claimed is not None:
                await run_leased(self._services, claimed)
            else:
                await asyncio.sleep(POLL_SECONDS)

    async def close(self) -> None:
        pass


WorkerTarget = Callable[[object, Slot], None]


class WorkerAnalyzer:
    """`count` parser processes running `target(settings, slot)`, watched every 0.2 s."""

    def __init__(self, services: Services, count: int, target: WorkerTarget) -> None:
        self._services = services
        self._count = count
        self._target = target
        self._context = multiprocessing.get_context("spawn")
        self._workers: list[tuple[BaseProcess, Slot]] = []
        self._watch: asyncio.Task[None] | None = None
        self._awaited: dict[int, list[asyncio.Future[None]]] = {}
        self._poller: asyncio.Task[None] | None = None
        self.restarts = 0

    def _spawn(self) -> tuple[BaseProcess, Slot]:
        slot = Slot(job=self._context.Value("q", 0), started=self._context.Value("d", 0.0))
        process = self._context.Process(
            target=self._target,
            args=(self._services.settings, slot),
            name="onrecord-parser",
            daemon=True,
        )
        process.start()
        return process, slot

    async def start(self) -> None:
        # Jobs a previous run's parsers held are claimed again once their leases expire,
        # within seconds of those parsers' end; a live parser's lease is never taken.
        self._workers = [self._spawn() for _ in range(self._count)]
        self._watch = asyncio.create_task(self._supervise(), name="parser supervisor")

    async def outcome(self, job_id: int) -> ParseJob | None:
        """Every awaited job is watched by one poller, one query per 0.2 s for all of them:
        during a burst, a loop per job made the bot's process a database client of its own
        (two queries per job every 0.2 s) and slowed the commands it answers meanwhile."""
        ended: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._awaited.setdefault(job_id, []).append(ended)
        if self._poller is None or self._poller.done():
            self._poller = asyncio.create_task(self._poll(), name="parse job poller")
        try:
            await ended
        finally:
            waiting = self._awaited.get(job_id, [])
            if ended in waiting:
                waiting.remove(ended)
                if not waiting:
                    del self._awaited[job_id]
        return await self._services.db.jobs.job(job_id)

    async def _poll(self) -> None:
        while self._awaited:
            try:
                unfinished = await self._services.db.jobs.unfinished(list(self._awaited))
            except Exception as exc:  # each waiter's answer fails with it, none hangs
                for waiting in self._awaited.values():
                    for ended in waiting:
                        if not ended.done():
                            ended.set_exception(exc)
                self._awaited.clear()
                raise
            for job_id in [j for j in self._awaited if j not in unfinished]:
                for ended in self._awaited.pop(job_id):
                    if not ended.done():
                        ended.set_result(None)
            if self._awaited:
                await asyncio.sleep(POLL_SECONDS)

    async def _supervise(self) -> None:
        budget = self._services.settings.parse_budget_seconds
        jobs = self._services.db.jobs
        while True:
            await asyncio.sleep(POLL_SECONDS)
            for index, (process, slot) in enumerate(self._workers):
                job_id = int(slot.job.value)
                if not process.is_alive():
                    log.error(
                        "parser process %s exited with code %s; starting another",
                        process.pid,
                        process.exitcode,
                    )
                    if job_id:
                        await jobs.release(job_id)
                elif job_id and time.time() - float(slot.started.value) > budget:
                    log.error(
                        "parser process %s spent over %g s on job %s; stopping it",
                        process.pid,
                        budget,
                        job_id,
                    )
                    process.kill()
                    await asyncio.to_thread(process.join, 5)
                    await jobs.fail(job_id, OVER_BUDGET.format(budget=budget))
                else:
                    continue
                self.restarts += 1
                self._workers[index] = self._spawn()

    async def close(self) -> None:
        for task in (self._watch, self._poller):
            if task is not None:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
        for process, _ in self._workers:
            process.terminate()
        for process, _ in self._workers:
            await asyncio.to_thread(process.join, 5)
            if process.is_alive():
                process.kill()
        self._workers = []
