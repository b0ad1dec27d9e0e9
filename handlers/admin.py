"""Admin commands (/invite, /allow, /revoke, /members) and invite redemption
through `/start <token>`.

The gate (`handlers/access.py`) already stopped strangers and non-admins before these run;
the checks here only decide what to answer.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import ContextTypes

from handlers.arguments import parse_id
from handlers.common import reply_lines, services_of
from handlers.format import esc, short_date
from handlers.help import on_start as greet
from handlers.menu import publish_chat_commands
from services.access import NotAllowed, allow, create_invite, members, redeem_invite, revoke

log = logging.getLogger(__name__)

REDEEM_REPLY = {
    "used": "That invite link was already used. Ask an admin for a new one.",
    "expired": "That invite link has expired. Ask an admin for a new one.",
    "unknown": "That invite link is not valid. Ask an admin for a new one.",
}


def _user_id_argument(context: ContextTypes.DEFAULT_TYPE) -> int | None:
    args = context.args or []
    return parse_id(args[0]) if len(args) == 1 else None


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """`/start` greets; `/start <token>` (an invite link opened) makes a stranger a member."""
    message = update.effective_message
    user = update.effective_user
    args = context.args or []
    if message is None or user is None or len(args) != 1:
        await greet(update, context)
        return
    status = await redeem_invite(services_of(context), args[0], user.id, user.full_name)
    if status in REDEEM_REPLY:
        log.info("invite not redeemed by %s: %s", user.id, status)
        await message.reply_text(REDEEM_REPLY[status])
        return
    if status == "ok":
        log.info("user %s joined through an invite", user.id)
        await publish_chat_commands(context, user.id, "member")
        await message.reply_text("Welcome! You are now a member of this OnRecord team.")
    await greet(update, context)


async def on_invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None:
        return
    if message.chat.type != ChatType.PRIVATE:
        await message.reply_text("Send /invite to me in a private chat: the link is a key.")
        return
    invite = await create_invite(services_of(context), user.id)
    link = f"https://t.me/{context.bot.username}?start={invite.token}"
    until = datetime.fromisoformat(invite.expires_at).astimezone(UTC)
    await reply_lines(
        update,
        [
            "One-time invite link — whoever opens it first becomes a member. Send it to one "
            f"person only; it expires {until:%d %b %Y %H:%M} UTC:",
            f"<code>{esc(link)}</code>",
        ],
    )


async def on_allow(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    user_id = _user_id_argument(context)
    if message is None or user is None:
        return
    if user_id is None:
        await message.reply_text(
            "Usage: /allow USER_ID — e.g. /allow 123456789: the number my refusal showed them."
        )
        return
    added = await allow(services_of(context), user.id, user_id)
    if added:
        await publish_chat_commands(context, user_id, "member")
        told = await tell_new_member(context, user_id)
        await message.reply_text(
            f"User <code>{user_id}</code> is now a member"
            + (" (I told them so)." if told else "; they see it when they send me /start.")
        )
    else:
        await message.reply_text(f"User <code>{user_id}</code> was already in.")


WELCOME = (
    "✅ You're in: an admin let you use OnRecord. Forward me a news article (or paste its "
    "text) and I reply with its key statements; /help lists what else I do."
)


async def tell_new_member(context: ContextTypes.DEFAULT_TYPE, user_id: int) -> bool:
    """Tell someone /allow let in; False when Telegram won't let the bot write to them yet
    (they never opened a chat with it)."""
    try:
        await context.bot.send_message(user_id, WELCOME)
    except TelegramError as exc:
        log.info("could not tell new member %s: %s", user_id, exc)
        return False
    return True


async def on_revoke(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user_id = _user_id_argument(context)
    if message is None:
        return
    if user_id is None:
        await message.reply_text(
            "Usage: /revoke USER_ID — e.g. /revoke 123456789; /members lists the ids."
        )
        return
    try:
        removed = await revoke(services_of(context), user_id)
    except NotAllowed as exc:
        await message.reply_text(esc(str(exc)))
        return
    if removed:
        await publish_chat_commands(context, user_id, "stranger")
        await message.reply_text(
            f"User <code>{user_id}</code> is no longer a member, and their alerts stop. "
            "What they sent stays on record: /delete removes an article, in reply to its "
            "digest."
        )
    else:
        await message.reply_text(f"User <code>{user_id}</code> was not a member.")


async def on_members(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    services = services_of(context)
    lines = ["<b>Admins</b> (ADMIN_USER_IDS)"]
    lines += [f"• <code>{a}</code>" for a in sorted(services.settings.admin_user_ids)]
    found = await members(services)
    lines.append(f"\n<b>Members</b> ({len(found)})")
    for member in found:
        name = f" {esc(member.name)}" if member.name else ""
        lines.append(
            f"• <code>{member.user_id}</code>{name} — {member.via} by "
            f"<code>{member.added_by}</code>, {short_date(member.added_at)}"
        )
    if not found:
        lines.append("Nobody yet: /invite makes a one-time link, /allow USER_ID adds by id.")
    if services.settings.access == "open":
        lines.append("\n<i>ACCESS=open: anyone may use the bot.</i>")
    await reply_lines(update, lines)
