"""The record by hand: /record in groups, /delete, /keep, /forget_me, and what the bot
answers to input it can't use (a photo without caption, an edited message).
"""

from __future__ import annotations

import dataclasses
import logging

from telegram import Update
from telegram.ext import ContextTypes

from handlers.article_jobs import answer_job
from handlers.articles import source_of
from handlers.common import confirm_receipt, services_of
from handlers.format import count_of, esc
from services.access import NotAllowed
from services.corrections import article_of_digest, delete_article, forget_user, keep_article
from services.jobs import record_part
from storage.team_models import ArticleRef

log = logging.getLogger(__name__)

NO_TEXT = (
    "I can only read text: forward the article's text, or paste it. "
    "(A photo or file without a caption has nothing for me to analyse.)"
)
FORGET_CONFIRM = "yes"


async def on_record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """In a group (privacy mode: the bot sees only commands), reply /record to an article.
    Recorded as a job before the update is confirmed, like a forwarded article."""
    message = update.effective_message
    user = update.effective_user
    if message is None:
        return
    target = message.reply_to_message
    text = (target.text or target.caption or "") if target is not None else ""
    from_me = (
        target is not None
        and target.from_user is not None
        and (target.from_user.id == context.bot.id)
    )
    if target is None or not text.strip() or from_me:
        await message.reply_text(
            "Usage: reply /record to a forwarded article (a message with text) to record it."
        )
        return
    # The member who asked is the article's sender: /delete and /forget_me follow them.
    source = dataclasses.replace(source_of(target), sender_id=user.id if user else None)
    ids = (target.chat_id, target.message_id, update.update_id)
    job_id, _ = await record_part(services_of(context), ids, text, source)
    confirm_receipt(update, context)
    if job_id is not None:  # None: delivered again after a restart, the job has it
        await answer_job(target, job_id, context)


async def _replied_article(
    update: Update, context: ContextTypes.DEFAULT_TYPE, command: str
) -> ArticleRef | None:
    message = update.effective_message
    if message is None:
        return None
    replied = message.reply_to_message
    article = None
    if replied is not None:
        article = await article_of_digest(services_of(context), replied.chat_id, replied.message_id)
    if article is None:
        await message.reply_text(
            f"Usage: reply /{command} to my digest of the article (the message with its "
            "key statements)."
        )
    return article


async def on_delete(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    article = await _replied_article(update, context, "delete")
    if article is None or message is None or user is None:
        return
    try:
        deleted = await delete_article(services_of(context), article, user.id)
    except NotAllowed as exc:
        await message.reply_text(esc(str(exc)))
        return
    log.info("article %s deleted by %s", article.id, user.id)
    if deleted:
        await message.reply_text(
            f"Deleted the article and its {count_of(article.statements, 'statement')} "
            "from the record."
        )
    else:
        await message.reply_text("That article was already deleted.")


async def on_keep(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Admins: keep an article on record even if its sender uses /forget_me."""
    message = update.effective_message
    user = update.effective_user
    article = await _replied_article(update, context, "keep")
    if article is None or message is None or user is None:
        return
    try:
        await keep_article(services_of(context), article, user.id)
    except NotAllowed as exc:
        await message.reply_text(esc(str(exc)))
        return
    await message.reply_text(
        "Kept: this article stays on record even if its sender "
        "uses /forget_me. /delete still removes it."
    )


async def on_forget_me(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    if [a.lower() for a in context.args or []] != [FORGET_CONFIRM]:
        await message.reply_text(
            "This deletes every article you sent (with its statements and fixes), except "
            "those an admin chose to keep, your subscriptions and the speakers you follow. "
            "It can't be undone.\n"
            f"Usage: /forget_me {FORGET_CONFIRM}"
        )
        return
    forgotten = await forget_user(services_of(context), user.id)
    log.info("forget_me by %s: %s", user.id, forgotten)
    kept = (
        f" {forgotten.kept} article(s) stay because an admin kept them." if forgotten.kept else ""
    )
    await message.reply_text(
        f"Done: deleted {forgotten.articles} article(s) you sent and "
        f"{forgotten.subscriptions} subscription(s).{kept}"
    )


async def on_no_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A private message with nothing to analyse (photo, file, sticker, voice…)."""
    message = update.effective_message
    if message is not None:
        await message.reply_text(NO_TEXT)


async def on_edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Edits are not re-analysed: the record keeps the text as it was received.

    Re-analysing would silently change statements other members may already have seen,
    corrected or exported. Sending the corrected text again records it as its own article.
    """
    message = update.edited_message
    if message is not None:
        log.info(
            "update %s: edited message %s in chat %s ignored (edits are not re-analysed)",
            update.update_id,
            message.message_id,
            message.chat_id,
        )
