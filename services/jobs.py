"""Received means recorded: an article's parts go into the parse-job queue as they arrive,
and are parsed, stored and answered from there (docs/design.md, "An article's walk").

The receipt side (`record_part`, `ready`, `reject`) runs in the bot; `run_job` parses,
stores and finishes one claimed job, in the bot's process or in a worker's
(`services/analyzer.py`). A finished job holds the article's id and, until the sender has
had the digest, the `IngestResult` the digest is drawn from (pickled, without the text).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import pickle
from datetime import UTC, datetime, timedelta

from services.channels import settle_channel_post
from services.context import Services
from services.ingest import ArticleRejected, ArticleSource, IngestResult, ingest_article, now_iso
from services.job_inputs import answers_nobody, article_of
from services.text_safety import clean_text
from storage.jobs import FAILED, RECEIVING, TEXT, NewPart, ParseJob

log = logging.getLogger(__name__)
PARSE_FAILED = "The article could not be analysed; nothing was stored. Please try again later."
# An answered job is kept this long, then deleted: longer than Telegram keeps an update
# (24 hours), so an update it delivers again still finds its message recorded and is not
# answered twice.
ANSWERED_JOBS_KEPT = timedelta(hours=48)


def still_receiving(job: ParseJob) -> bool:
    """Its parts may still arrive: nothing checked or parsed yet."""
    return job.state == RECEIVING


def has_failed(job: ParseJob) -> bool:
    return job.state == FAILED


def source_json(source: ArticleSource) -> str:
    return json.dumps(dataclasses.asdict(source), sort_keys=True)


def source_of_job(job: ParseJob) -> ArticleSource:
    fields = {f.name for f in dataclasses.fields(ArticleSource)}
    values = json.loads(job.source or "{}")
    return ArticleSource(**{k: v for k, v in values.items() if k in fields})


async def record_part(
    services: Services,
    message: tuple[int, int, int],
    text: str,
    source: ArticleSource,
    joining: int | None = None,
    kind: str = TEXT,
    input: str = "{}",
) -> tuple[int | None, bool]:
    """Write one received message (chat id, message id, update id) to the queue: as a later part of
    the job `joining` while that job still takes parts, else as a job of its own. A link or
    a file is a job of its `kind` whose `input` says what to fetch (`services/job_inputs`).

    Returns the job and whether the message started it; (None, False) when the message was
    already recorded (Telegram delivered its update again after a restart)."""
    part = NewPart(
        chat_id=message[0],
        message_id=message[1],
        update_id=message[2],
        user_id=source.sender_id,
        text=clean_text(text),  # as it enters: no lone surrogates or invisible characters
        source=source_json(source),
        created_at=now_iso(),
        kind=kind,
        input=input,
    )
    if joining is not None and await services.db.jobs.add_part(joining, part):
        return joining, False
    job_id = await services.db.jobs.open_job(part)
    return job_id, job_id is not None


async def reject(services: Services, job_id: int, reason: str) -> None:
    """A text that is not analysed: the job fails and counts as answered (the caller
    replies with `reason` at once)."""
    await services.db.jobs.fail(job_id, reason)
    await services.db.jobs.mark_replied(job_id)


async def run_job(services: Services, job: ParseJob) -> None:
    """Parse, store (with its alerts, in one transaction) and finish a claimed job.

    Storing is idempotent, by the text's hash: a job parsed again after a crash between
    storing and finishing finds its article on record and finishes with the same id."""
    if job.kind == TEXT and job.text is None:
        await services.db.jobs.fail(job.id, PARSE_FAILED)
        return
    try:
        text, source = await article_of(services, job, source_of_job(job))
        result = await ingest_article(services, text, source)
    except ArticleRejected as exc:
        await services.db.jobs.fail(job.id, str(exc))
        return
    except Exception:
        await services.db.jobs.fail(job.id, PARSE_FAILED)  # not retried; the caller logs it
        raise
    if answers_nobody(job):  # a channel's post: linked to its article before the job ends
        await settle_channel_post(services, job.chat_id, job.message_id, result.stored.id)
    kept = dataclasses.replace(result, analysis=dataclasses.replace(result.analysis, text=""))
    await services.db.jobs.finish(job.id, result.stored.id, pickle.dumps(kept))
    log.info("job %s: article %s stored", job.id, result.stored.id)


def job_result(job: ParseJob) -> IngestResult | None:
    """The result a finished job keeps for its digest (None if it has none)."""
    if job.result is None:
        return None
    try:
        result = pickle.loads(job.result)  # written by run_job into our own database
    except Exception:
        log.exception("job %s: its result cannot be read", job.id)
        return None
    return result if isinstance(result, IngestResult) else None


async def prune_answered(services: Services, now: datetime | None = None) -> int:
    """Delete the jobs answered more than `ANSWERED_JOBS_KEPT` ago; how many."""
    cutoff = (now or datetime.now(UTC)) - ANSWERED_JOBS_KEPT
    pruned = await services.db.jobs.prune(cutoff.replace(microsecond=0).isoformat())
    if pruned:
        log.info("deleted %d answered job(s) received before %s", pruned, cutoff.isoformat())
    return pruned
