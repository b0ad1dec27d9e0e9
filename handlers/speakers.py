"""/who NAME (sides per target over time, then a timeline); /merge (an admin joins two
speakers)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import reply_lines, services_of
from handlers.format import esc
from handlers.format_archive import render_timeline
from handlers.format_positions import render_speaker_views
from services.timeline import speaker_timeline
from services.topics import merge_speakers, speaker_views

WHO_USAGE = "Usage: /who NAME — e.g. /who Peskov"
MERGE_USAGE = "Usage: /merge KEEP NAME | OTHER NAME — e.g. /merge Dmitry Peskov | D. Peskov"


async def on_who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(WHO_USAGE)
        return
    services = services_of(context)
    views = await speaker_views(services, query)
    if not views:
        await message.reply_text(f"Nobody called “{echo(query)}” is on record yet.")
        return
    topics = {t.slug: t for t in services.resources.topics}
    best = views[0].speaker
    timeline = await speaker_timeline(services, best.id, best.name)
    await reply_lines(update, [*render_speaker_views(views), *render_timeline(timeline, topics)])


async def on_merge(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    names = [part.strip() for part in " ".join(context.args or []).split("|")]
    if len(names) != 2 or not all(names):
        await message.reply_text(MERGE_USAGE)
        return
    try:
        kept, merged = await merge_speakers(services_of(context), names[0], names[1])
    except LookupError as exc:
        await message.reply_text(f"Not merged: {echo(str(exc), 300)}.")
        return
    await message.reply_text(
        f"Merged <b>{esc(merged)}</b> into <b>{esc(kept)}</b>; later articles follow."
    )
