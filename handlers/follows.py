"""/follow NAME, /following, /unfollow NAME: alerts on what a speaker says, whatever the topic."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import services_of
from handlers.format import HELP_POINTER, count_of, esc
from services.follows import follow, following, unfollow

FOLLOW_USAGE = (
    "Usage: /follow NAME — e.g. /follow Peskov: an alert whenever they are quoted or change "
    "their line, on any topic"
)
UNFOLLOW_USAGE = "Usage: /unfollow NAME — e.g. /unfollow Peskov; /following lists who you follow"


def _commands(command: str, names: tuple[str, ...]) -> str:
    return ", ".join(f"/{command} {esc(name)}" for name in names)


async def on_follow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    typed = " ".join(context.args or []).strip()
    if not typed:
        await message.reply_text(FOLLOW_USAGE)
        return
    answer = await follow(services_of(context), message.chat_id, typed)
    if answer.speaker is None:
        if len(answer.suggestions) > 1:
            text = f"Several speakers match “{echo(typed)}”; which one? " + _commands(
                "follow", answer.suggestions
            )
        elif answer.suggestions:
            text = (
                f"Nobody called “{echo(typed)}” is on record yet. Did you mean "
                f"{_commands('follow', answer.suggestions)}? {HELP_POINTER}"
            )
        else:
            text = (
                f"Nobody called “{echo(typed)}” is on record yet: you can follow a speaker "
                "once an article quotes them."
            )
        await message.reply_text(text)
        return
    name = f"<b>{esc(answer.speaker.name)}</b>"
    if answer.changed:
        await message.reply_text(
            f"👤 Following {name}: an alert when they are quoted or change their line, on "
            "any topic. /unfollow to stop."
        )
    else:
        await message.reply_text(f"You already follow {name}.")


async def on_unfollow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    typed = " ".join(context.args or []).strip()
    if not typed:
        await message.reply_text(UNFOLLOW_USAGE)
        return
    answer = await unfollow(services_of(context), message.chat_id, typed)
    if answer.speaker is not None:
        await message.reply_text(f"Stopped following <b>{esc(answer.speaker.name)}</b>.")
    elif answer.suggestions:
        await message.reply_text(
            f"You follow nobody called “{echo(typed)}”. "
            + _commands("unfollow", answer.suggestions)
        )
    else:
        await message.reply_text("You follow nobody yet. Try /follow Peskov.")


async def on_following(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    speakers = await following(services_of(context), message.chat_id)
    if not speakers:
        await message.reply_text("You follow nobody yet. Try /follow Peskov.")
        return
    lines = ["👤 <b>You follow</b>"]
    for speaker in speakers:
        role = f" ({esc(speaker.role)})" if speaker.role else ""
        lines.append(
            f"• <b>{esc(speaker.name)}</b>{role} — {count_of(speaker.statements, 'statement')}"
        )
    lines.append("/unfollow NAME to stop.")
    await message.reply_text("\n".join(lines))
