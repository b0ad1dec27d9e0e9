"""Answering a queued article: check its joined text, show "Analysing…", wait for the
parse (`services/analyzer.py`), reply with the digest or the reason it failed.

Used for an article just received and, at start-up, for every job a previous run left
unanswered (`resume_jobs`): the job row knows whom to answer and which "Analysing…" message
to replace, so the answer comes after a restart as it would have without one.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

from telegram import Chat, Message
from telegram.constants import ChatAction
from telegram.ext import Application, CallbackContext, ContextTypes

from handlers.common import services_of
from handlers.digest import send_digest
from handlers.format import esc
from services.analyzer import Analyzer
from services.ingest import ArticleRejected, check_article, looks_like_article
from services.jobs import PARSE_FAILED, has_failed, job_result, reject, still_receiving

log = logging.getLogger(__name__)
ANALYZER_KEY = "analyzer"
RESUMING_KEY = "resuming_jobs"
HINT = (
    "Forward me a news article (or paste its text) and I'll pull out who said what. "
    "Type /help for the commands."
)


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
    message (the reply goes under it), `progress` an "Analysing…" message already shown."""
    services = services_of(context)
    jobs = services.db.jobs
    job = await jobs.job(job_id)
    if job is None:
        return  # forgotten (/forget_me) meanwhile
    if still_receiving(job):
        try:
            text = check_article(job.text or "", services.settings.max_article_chars)
            if not looks_like_article(text, services.resources):
                raise ArticleRejected(HINT)
        except ArticleRejected as exc:
            await reject(services, job_id, str(exc))
            await message.reply_text(esc(str(exc)))
            return
        await message.get_bot().send_chat_action(message.chat_id, ChatAction.TYPING)
        if progress is None:
            progress = await message.reply_text("Analysing… ⏳")
            await jobs.set_progress(job_id, progress.message_id)
        await jobs.mark_ready(job_id)
    elif progress is None:
        progress = await message.reply_text("Analysing… ⏳")
        await jobs.set_progress(job_id, progress.message_id)
    try:
        outcome = await analyzer_of(context).outcome(job_id)
    except Exception:
        await jobs.mark_replied(job_id)  # the error handler answers this one
        raise
    if outcome is None:
        return
    result = None if has_failed(outcome) else job_result(outcome)
    if has_failed(outcome):
        await progress.edit_text(esc(outcome.error or PARSE_FAILED))
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
    await jobs.mark_replied(job_id)


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
    return len(unanswered)


async def _answer_logged(
    message: Message, job_id: int, context: ContextTypes.DEFAULT_TYPE, progress: Message | None
) -> None:
    try:
        await answer_job(message, job_id, context, progress)
    except Exception:
        log.exception("job %s: could not answer after the restart", job_id)
