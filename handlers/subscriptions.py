"""/subscribe, /unsubscribe, /subscriptions."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.arguments import echo
from handlers.common import services_of
from handlers.format import HELP_POINTER, esc, topic_commands
from services.subscriptions import UnknownTopic, subscribe, subscriptions, unsubscribe
from services.suggest import nearest_topic


def _usage(command: str, context: ContextTypes.DEFAULT_TYPE) -> str:
    slugs = [t.slug for t in services_of(context).resources.topics]
    return f"Usage: /{command} TOPIC — e.g. /{command} iran; one of: {esc(', '.join(slugs))}"


async def _change(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> None:
    message = update.effective_message
    if message is None:
        return
    if len(context.args or []) != 1:
        await message.reply_text(_usage(command, context))
        return
    slug = (context.args or [""])[0]
    services = services_of(context)
    action = subscribe if command == "subscribe" else unsubscribe
    try:
        changed = await action(services, message.chat_id, slug)
    except UnknownTopic:
        guess = nearest_topic(slug, services.resources.topics)
        if guess is not None:
            await message.reply_text(
                f"Unknown topic “{echo(slug)}”. Did you mean /{command} {esc(guess)}? "
                + HELP_POINTER
            )
        else:
            await message.reply_text(f"Unknown topic “{echo(slug)}”. " + _usage(command, context))
        return
    slug = slug.lstrip("/").lower()
    if command == "subscribe":
        text = f"Subscribed to /{slug}." if changed else f"You were already subscribed to /{slug}."
    else:
        text = f"Unsubscribed from /{slug}." if changed else f"You were not subscribed to /{slug}."
    await message.reply_text(text)


async def on_subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _change(update, context, "subscribe")


async def on_unsubscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await _change(update, context, "unsubscribe")


async def on_subscriptions(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    if message is None:
        return
    topics = await subscriptions(services_of(context), message.chat_id)
    if not topics:
        await message.reply_text("No subscriptions yet. Try /subscribe iran.")
    else:
        await message.reply_text("Your subscriptions: " + topic_commands(topics))
