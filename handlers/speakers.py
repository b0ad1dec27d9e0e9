"""/who NAME [TOPIC] (sides per target over time, then a timeline); /compare A | B [TOPIC]
(two speakers side by side); /merge (an admin joins two speakers)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from telegram import Update
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import reply_lines, services_of
from handlers.format import HELP_POINTER, esc
from handlers.format_archive import render_timeline
from handlers.format_positions import render_comparison, render_speaker_views
from services.compare import NoSuchSpeaker, compare_speakers
from services.domain import Topic
from services.suggest import mistyped_trailing_topic, trailing_topic
from services.timeline import speaker_timeline
from services.topics import merge_speakers, speaker_views

WHO_USAGE = "Usage: /who NAME [TOPIC] — e.g. /who Peskov, /who Peskov iran"
COMPARE_USAGE = (
    "Usage: /compare NAME | OTHER NAME [TOPIC] — e.g. /compare Peskov | Araghchi iran: "
    "their sides on each target, side by side"
)
MERGE_USAGE = "Usage: /merge KEEP NAME | OTHER NAME — e.g. /merge Dmitry Peskov | D. Peskov"


def _nobody(typed: str, command: str, topics: Sequence[Topic]) -> str:
    """Nobody by that name; when its last word nearly names a topic ("Peskov irn"), the
    command as probably meant, and /help."""
    mistyped = mistyped_trailing_topic(typed, topics)
    if mistyped is None:
        return f"Nobody called “{echo(typed)}” is on record yet."
    rest, slug = mistyped
    last = typed.split()[-1]
    return (
        f"No topic called “{echo(last)}”. Did you mean /{command} {esc(rest)} {slug}? "
        + HELP_POINTER
    )


async def on_who(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    query = " ".join(context.args or []).strip()
    if not query:
        await message.reply_text(WHO_USAGE)
        return
    services = services_of(context)
    name, topic = trailing_topic(query, services.resources.topics)
    views = await speaker_views(services, name, topic)
    if not views:
        await message.reply_text(_nobody(name, "who", services.resources.topics))
        return
    topics = {t.slug: t for t in services.resources.topics}
    best = views[0].speaker
    timeline = await speaker_timeline(services, best.id, best.name, topic=topic)
    if topic is not None:  # under "On Iran only", their statements on Iran
        on_topic = sum(month.total for month in timeline.months) + timeline.earlier
        views = [replace(views[0], speaker=replace(best, statements=on_topic)), *views[1:]]
    lines = render_speaker_views(views)
    if topic is not None:
        lines = [f"On {topics[topic].emoji} {esc(topics[topic].name)} only:", *lines]
        if not timeline.months:
            lines.append(f"Nothing by {esc(best.name)} on /{topic} is on record yet.")
    await reply_lines(update, [*lines, *render_timeline(timeline, topics)])


async def on_compare(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    services = services_of(context)
    text, topic = trailing_topic(" ".join(context.args or []), services.resources.topics)
    names = [part.strip() for part in text.split("|")]
    words = names[0].split() if len(names) == 1 else []
    if len(words) == 3 and mistyped_trailing_topic(text, services.resources.topics):
        # "/compare Peskov Araghchi irn": two one-word names and a mistyped topic
        typed = f"{words[0]} | {words[1]} {words[2]}"
        await message.reply_text(_nobody(typed, "compare", services.resources.topics))
        return
    if len(names) == 1 and len(names[0].split()) == 2:  # "/compare Rubio Araghchi": two names
        names = names[0].split()
    if len(names) == 3 and topic is None and services.resources.topic(names[2].lower()):
        names, topic = names[:2], names[2].lower()
    if len(names) != 2 or not all(names):
        await message.reply_text(COMPARE_USAGE)
        return
    try:
        comparison = await compare_speakers(services, names[0], names[1], topic)
    except NoSuchSpeaker as exc:
        typed = " | ".join(names) + (f" {topic}" if topic else "")
        if str(exc) == names[1] and mistyped_trailing_topic(names[1], services.resources.topics):
            await message.reply_text(_nobody(typed, "compare", services.resources.topics))
        else:
            await message.reply_text(f"Nobody called “{echo(str(exc))}” is on record yet.")
        return
    found = services.resources.topic(topic) if topic else None
    await reply_lines(update, render_comparison(comparison, found.name if found else None))


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
