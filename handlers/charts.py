"""/chart TOPIC and /chart who NAME: a PNG of statements per day by side."""

from __future__ import annotations

import logging

from telegram import InputFile, Update
from telegram.constants import ChatAction
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import services_of
from handlers.format import HELP_POINTER
from handlers.format_archive import chart_caption
from services.charts import ChartData, chart_png, named_speaker_chart_data, topic_chart_data
from services.suggest import nearest_topic

log = logging.getLogger(__name__)
CHART_USAGE = "Usage: /chart TOPIC or /chart who NAME — e.g. /chart iran, /chart who Peskov"


async def on_chart(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    args = list(context.args or [])
    if not args:
        await message.reply_text(CHART_USAGE)
        return
    services = services_of(context)
    data: ChartData | None
    if args[0].lower() == "who":
        name = " ".join(args[1:]).strip()
        if not name:
            await message.reply_text(CHART_USAGE)
            return
        data = await named_speaker_chart_data(services, name)
        if data is None:
            await message.reply_text(f"Nobody called “{echo(name)}” is on record yet.")
            return
    else:
        slug = args[0].lower().lstrip("/#")
        data = await topic_chart_data(services, slug)
        if data is None:
            guess = nearest_topic(slug, services.resources.topics)
            hint = (
                f"Did you mean /chart {guess}? {HELP_POINTER}"
                if guess
                else "Topics: " + " ".join(t.slug for t in services.resources.topics)
            )
            await message.reply_text(f"No topic called “{echo(slug)}”. {hint}")
            return
    if not data.total:
        await message.reply_text(chart_caption(data))
        return
    await message.get_bot().send_chat_action(message.chat_id, ChatAction.UPLOAD_PHOTO)
    png = await chart_png(data)
    log.info("chart %r: %d statements, %d bytes", data.title, data.total, len(png))
    await message.reply_photo(InputFile(png, filename="chart.png"), caption=chart_caption(data))
