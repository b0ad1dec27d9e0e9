"""/export [TOPIC]: the record as a CSV file, in a private chat.

The record is shared by everyone who may use the bot — /search, the topic views and /show
read all of it — so a member may take it away as a spreadsheet, not only an admin. Up to
5 MB the file is a plain .csv a phone opens in a tap; above that, gzip-compressed. Each
export reads every statement, so one person gets one export a minute.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from telegram import Update
from telegram.constants import ChatType
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import services_of
from handlers.format import HELP_POINTER, count_of, esc
from services.export import PLAIN_CSV_LIMIT, ExportTooLarge, csv_file
from services.suggest import nearest_topic

EXPORT_EVERY = 60.0  # seconds between one person's exports
LAST_EXPORT_KEY = "last_export"  # bot_data: user id → monotonic time of their last export


def _wait_left(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> float:
    last: dict[int, float] = context.bot_data.setdefault(LAST_EXPORT_KEY, {})
    since = time.monotonic() - last.get(user_id, -EXPORT_EVERY)
    return max(0.0, EXPORT_EVERY - since)


async def on_export(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text("Send /export to me in a private chat.")
        return
    services = services_of(context)
    topic = (context.args or [""])[0].lower().lstrip("/#") or None
    if topic is not None and services.resources.topic(topic) is None:
        guess = nearest_topic(topic, services.resources.topics)
        hint = (
            f"Did you mean /export {guess}? {HELP_POINTER}"
            if guess
            else "Usage: /export [TOPIC] — e.g. /export iran"
        )
        await message.reply_text(f"No topic called “{echo(topic)}”. {hint}")
        return
    wait = _wait_left(context, user.id)
    if wait > 0:
        await message.reply_text(
            f"You exported a moment ago; try again in {int(wait) + 1} s. "
            "The file you have is the whole record as of then."
        )
        return
    context.bot_data[LAST_EXPORT_KEY][user.id] = time.monotonic()
    try:
        export = await csv_file(services, topic=topic)
    except ExportTooLarge as exc:
        await message.reply_text(esc(str(exc)))
        return
    name = f"onrecord-{topic + '-' if topic else ''}{datetime.now(UTC):%Y%m%d-%H%M}"
    about = f" on {topic}" if topic else ""
    kind = (
        f"CSV, gzip-compressed: over {PLAIN_CSV_LIMIT // 1024 // 1024} MB"
        if export.compressed
        else "CSV: opens in any spreadsheet app"
    )
    await message.reply_document(
        export.data,
        filename=name + export.extension,
        caption=f"{count_of(export.count, 'statement')}{about} ({kind}).",
    )
