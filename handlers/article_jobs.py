"""Answering a queued article: check its joined text (or fetch its link's page or its
file), show "Analysing…", wait for the parse (`services/analyzer.py`), reply with the digest
or the reason it failed. A watched channel's post takes the same way and is answered by
nobody: its article is only linked to the post.

Used for an article just received and, at start-up, for every job a previous run left
unanswered (`resume_jobs`): the job row knows whom to answer and which "Analysing…" message
to replace, so the answer comes after a restart as it would have without one.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from telegram import Chat, Message
from telegram.ext import Application, CallbackContext, ContextTypes

from handlers.common import follow_up_an_article, services_of
from handlers.digest import send_digest
from handlers.fetching import CannotFetch, fetch_input
from handlers.format import esc
from services.analyzer import Analyzer
from services.article_hint import looks_like_article
from services.fetch import FetchError
from services.ingest import ArticleRejected, check_article
from services.job_inputs import HINT, NOTHING_STORED, TEXT, ParseJob, answers_nobody, tell_failure
from services.jobs import (
    PARSE_FAILED,
    has_failed,
    job_result,
    prune_answered,
    reject,
    still_receiving,
)
from services.pages import PASTE_INSTEAD

log = logging.getLogger(__name__)
ANALYZER_KEY = "analyzer"
RESUMING_KEY = "resuming_jobs"
ANALYSING = "Analysing… ⏳"
PRUNE_JOB_NAME = "prune answered jobs"
PRUNE_EVERY_SECONDS = 6 * 3600
__all__ = ["HINT", "answer_job", "resume_jobs"]


def analyzer_of(context: ContextTypes.DEFAULT_TYPE) -> Analyzer:
    analyzer: Analyzer = context.bot_data[ANALYZER_KEY]
    return analyzer


async def answer_job(
    message: Message,
    job_id: int,
    context: ContextTypes.DEFAULT_TYPE,
    progress: Message | None = None,
) -> None:
    """Take a recorded job from its parts to its answer. `message` is the article's first
    message (the reply goes under it), `progress` a message already shown ("Analysing…",
    "Fetching the page…"): the answer replaces it."""
    follow_up_an_article()
    services = services_of(context)
    jobs = services.db.jobs
    job = await jobs.job(job_id)
    if job is None:
        return  # forgotten (/forget_me) meanwhile
    silent = answers_nobody(job)
    if still_receiving(job):
        reason = await _receive(job, context)
        if reason is not None:
            await reject(services, job_id, reason)
            if silent:
                log.info("job %s (a channel post) not stored: %s", job_id, reason)
            elif progress is None:
                await message.reply_text(esc(reason))
            else:
                await progress.edit_text(esc(reason))
            return
        if not silent:
            progress = await _show_analysing(message, job_id, context, progress)
    elif progress is None and not silent:
        progress = await message.reply_text(ANALYSING)
        await jobs.set_progress(job_id, progress.message_id)
    try:
        outcome = await analyzer_of(context).outcome(job_id)
    except Exception:
        await jobs.mark_replied(job_id)  # the error handler answers this one
        raise
    if outcome is None:
        return
    if silent:
        _log_post(outcome)
    elif progress is not None:
        await _reply(message, progress, outcome, context)
    await jobs.mark_replied(job_id)


async def _receive(job: ParseJob, context: ContextTypes.DEFAULT_TYPE) -> str | None:
    """Make a receiving job ready for a parser: check a text, fetch a link's page or a file.
    None when it is pending, else the reason it is not analysed."""
    services = services_of(context)
    try:
        if job.kind == TEXT:
            text = check_article(job.text or "", services.settings.max_article_chars)
            if not looks_like_article(text, services.resources):
                raise ArticleRejected(HINT)
            await services.db.jobs.mark_ready(job.id)
            return None
        payload, values = await fetch_input(job, context)
    except FetchError as exc:
        log.info("job %s: link not fetched (%s): %s", job.id, type(exc).__name__, exc)
        return f"{exc}\n{NOTHING_STORED}\n{PASTE_INSTEAD}"
    except (ArticleRejected, CannotFetch) as exc:
        return tell_failure(job, str(exc))
    await services.db.jobs.attach(job.id, payload, values)
    return None


async def _show_analysing(
    message: Message, job_id: int, context: ContextTypes.DEFAULT_TYPE, progress: Message | None
) -> Message:
    # No second "typing…": the article's receipt showed one, and every call here queues
    # behind the same Telegram rate limit as the answers to other members' commands (a
    # burst of 50 articles ending their join window together made that queue 100 deep).
    if progress is None:
        progress = await message.reply_text(ANALYSING)
        await services_of(context).db.jobs.set_progress(job_id, progress.message_id)
    else:
        await progress.edit_text(ANALYSING)
    return progress


async def _reply(
    message: Message, progress: Message, outcome: ParseJob, context: ContextTypes.DEFAULT_TYPE
) -> None:
    result = None if has_failed(outcome) else job_result(outcome)
    if has_failed(outcome):
        await progress.edit_text(esc(tell_failure(outcome, outcome.error or PARSE_FAILED)))
    elif result is None:
        await progress.edit_text(f"Stored on record as article {outcome.article_id}.")
    else:
        log.info(
            "article %s: %d statements%s",
            result.stored.id,
            len(result.analysis.statements),
            " (duplicate)" if result.duplicate else "",
        )
        await send_digest(message, progress, result, context)


def _log_post(outcome: ParseJob) -> None:
    """A channel post's job ended (the parser linked the post to its article)."""
    if has_failed(outcome) or outcome.article_id is None:
        log.info(
            "post %s in channel %s not stored: %s",
            outcome.message_id,
            outcome.chat_id,
            outcome.error,
        )
    else:
        log.info(
            "post %s in channel %s → article %s",
            outcome.message_id,
            outcome.chat_id,
            outcome.article_id,
        )


def _stand_in(application: Application, chat_id: int, message_id: int) -> Message:
    """A message known by its ids only: enough to reply to it or edit it."""
    message = Message(message_id, datetime.now(UTC), Chat(chat_id, Chat.PRIVATE))
    message.set_bot(application.bot)
    return message


async def resume_jobs(application: Application) -> int:
    """In post_init: answer every job a previous run received and did not answer. Each
    runs as a task of its own (the bot starts polling meanwhile); how many there were."""
    services = services_of(CallbackContext(application))
    tasks: set[asyncio.Task[None]] = application.bot_data.setdefault(RESUMING_KEY, set())
    unanswered = await services.db.jobs.unreplied()
    for job in unanswered:
        context = CallbackContext(application, chat_id=job.chat_id, user_id=job.user_id)
        message = _stand_in(application, job.chat_id, job.message_id)
        progress = None
        if job.progress_message_id is not None:
            progress = _stand_in(application, job.chat_id, job.progress_message_id)
        task = asyncio.create_task(_answer_logged(message, job.id, context, progress))
        tasks.add(task)
        task.add_done_callback(tasks.discard)
    if unanswered:
        log.info("answering %d article(s) received before the restart", len(unanswered))
    if application.job_queue is not None:  # answered jobs are deleted once past the retention
        application.job_queue.run_repeating(
            _prune, PRUNE_EVERY_SECONDS, first=0, name=PRUNE_JOB_NAME
        )
    return len(unanswered)


async def _prune(context: ContextTypes.DEFAULT_TYPE) -> None:
    await prune_answered(services_of(context))


async def _answer_logged(
    message: Message, job_id: int, context: ContextTypes.DEFAULT_TYPE, progress: Message | None
) -> None:
    try:
        await answer_job(message, job_id, context, progress)
    except Exception:
        log.exception("job %s: could not answer after the restart", job_id)
