"""Fix buttons under a digest: wrong speaker, wrong side, not a statement.

Callback data carries the statement id, so the flow needs no server-side state and keeps
working across restarts: `fix:ID` (or `fix:ID:m:VIEW`, `handlers/fix_buttons.py`) opens a
menu, `fix:ID:sp|ps|no|type` picks the kind, `fix:ID:sp:SPEAKER_ID` applies a speaker;
`fix:ID:ps:TARGET` asks for the side on a target and `fix:ID:ps:TARGET:for|against|none`
sets it. A typed speaker name arrives as a reply to
the bot's "Who said statement #ID?" prompt. Once a fix is made, the screen the ✏️ was
pressed under is drawn again with it (`handlers/fix_refresh.py`).
"""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from telegram import (
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.ext import ContextTypes, filters

from handlers.arguments import parse_id
from handlers.common import services_of
from handlers.fix_buttons import CALLBACK_LIMIT, FIX_CALLBACK, MENU, fits
from handlers.fix_refresh import alias_origin, refresh_origin, remember_origin
from handlers.format import esc, said_by, spoken, target_labels
from services.corrections import (
    BadCorrection,
    correct_position,
    correct_speaker,
    not_a_statement,
    speakers_of_article,
    statement_to_fix,
    targets_to_fix,
)
from services.text_safety import strip_invisible
from storage.models import StatementToFix

if TYPE_CHECKING:
    from services import Services

log = logging.getLogger(__name__)

__all__ = ["CALLBACK_LIMIT", "FIX_CALLBACK", "fits", "on_fix", "on_typed_speaker"]
PROMPT = "Who said statement #{id}? Reply to this message with the name."
_PROMPT = re.compile(r"^Who said statement #([0-9]+)\?")
NO_SIDE = "none"
SIDE_BUTTONS = (("for", "for"), ("against", "against"), (NO_SIDE, "no side"))
MENU_QUOTE_CHARS = 160


def _menu(statement_id: int) -> InlineKeyboardMarkup:
    prefix = f"{FIX_CALLBACK}:{statement_id}"
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Wrong speaker", callback_data=f"{prefix}:sp")],
            [InlineKeyboardButton("Wrong side", callback_data=f"{prefix}:ps")],
            [InlineKeyboardButton("Not a statement", callback_data=f"{prefix}:no")],
        ]
    )


def menu_text(services: Services, statement: StatementToFix) -> str:
    """The question over the fix buttons, then the statement as every screen draws it:
    speaker and sides, and the speaker's words (or the reporter's, `format.spoken`)."""
    labels = target_labels(services.resources.topics)
    who = said_by(statement.speaker, statement.positions, labels)
    drawn = spoken(who, statement.text, statement.display, MENU_QUOTE_CHARS)
    return f"What is wrong with this statement?\n{drawn}"


def target_buttons(services: Services, statement: StatementToFix) -> InlineKeyboardMarkup | None:
    """One button per target a side can be set on, saying the side on record now."""
    sides = {p.target: p.side for p in statement.positions}
    rows = []
    for target in targets_to_fix(services, statement):
        data = f"{FIX_CALLBACK}:{statement.id}:ps:{target.slug}"
        if fits(f"{data}:{NO_SIDE}"):  # a longer slug than Telegram carries: not offered
            label = (
                f"{target.label[:1].upper()}{target.label[1:]}: {sides.get(target.slug, 'no side')}"
            )
            rows.append([InlineKeyboardButton(label[:60], callback_data=data)])
    return InlineKeyboardMarkup(rows) if rows else None


def side_buttons(statement: StatementToFix, target: str) -> InlineKeyboardMarkup:
    now = next((p.side for p in statement.positions if p.target == target), NO_SIDE)
    prefix = f"{FIX_CALLBACK}:{statement.id}:ps:{target}"
    return InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton(
                    ("✓ " if side == now else "") + label, callback_data=f"{prefix}:{side}"
                )
                for side, label in SIDE_BUTTONS
            ]
        ]
    )


async def _fix_side(
    query: CallbackQuery,
    services: Services,
    statement: StatementToFix,
    user_id: int,
    args: list[str],
) -> bool:
    """`ps` (which target?), `ps:TARGET` (which side?), `ps:TARGET:SIDE` (set it: True)."""
    if not args:
        buttons = target_buttons(services, statement)
        text = (
            "Which target is the side wrong on?"
            if buttons
            else "This statement's topics have no targets to take a side on."
        )
        await query.edit_message_text(text, reply_markup=buttons)
        return False
    target = services.resources.target(args[0])
    if target is None:
        raise BadCorrection("That button is out of date; press ✏️ again.")
    if len(args) == 1:
        who = esc(statement.speaker or "the speaker")
        await query.edit_message_text(
            f"Which side does <b>{who}</b> take on {esc(target.label)} here?",
            reply_markup=side_buttons(statement, target.slug),
        )
        return False
    side = None if args[1] == NO_SIDE else args[1]
    await correct_position(services, statement.id, user_id, target.slug, side)
    done = f"<i>{esc(side)}</i>" if side else "<i>no side</i>"
    await query.edit_message_text(
        f"✅ Side on {esc(target.label)} set to {done} (the original is kept)."
    )
    return True


async def on_fix(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    user = update.effective_user
    if query is None or not query.data or user is None:
        return
    parts = query.data.split(":")
    statement_id = parse_id(parts[1]) if len(parts) > 1 else None
    if statement_id is None:
        await query.answer("That button is out of date; press ✏️ again.")
        return
    action = parts[2] if len(parts) > 2 else ""
    value = parts[3] if len(parts) > 3 else ""
    services = services_of(context)
    statement = await statement_to_fix(services, statement_id)
    if statement is None:
        await query.answer("That statement is no longer on record.", show_alert=True)
        return
    await query.answer()
    message = query.message if isinstance(query.message, Message) else None
    fixed = False
    try:
        if action in ("", MENU):
            if message is not None:
                menu = await message.reply_text(
                    menu_text(services, statement), reply_markup=_menu(statement_id)
                )
                remember_origin(context, message, menu.message_id, value)
        elif action == "sp" and not value:
            speakers = await speakers_of_article(services, statement.article_id)
            rows = [
                [
                    InlineKeyboardButton(
                        strip_invisible(name)[:60], callback_data=f"fix:{statement_id}:sp:{sid}"
                    )
                ]
                for sid, name in speakers
                if sid != statement.speaker_id
            ][:8]
            rows.append(
                [InlineKeyboardButton("Type a name…", callback_data=f"fix:{statement_id}:type")]
            )
            await query.edit_message_text("Who said it?", reply_markup=InlineKeyboardMarkup(rows))
        elif action == "sp":
            speaker_id = parse_id(value)
            if speaker_id is None:
                raise BadCorrection("That button is out of date; press ✏️ again.")
            name = await correct_speaker(services, statement_id, user.id, speaker_id=speaker_id)
            await query.edit_message_text(f"✅ Speaker corrected to <b>{esc(name)}</b>.")
            fixed = True
        elif action == "type":
            if message is not None:
                prompt = await message.reply_text(
                    PROMPT.format(id=statement_id),
                    reply_markup=ForceReply(selective=True, input_field_placeholder="Full name"),
                )
                alias_origin(context, message.message_id, prompt.message_id)
        elif action == "ps":
            fixed = await _fix_side(query, services, statement, user.id, parts[3:])
        elif action == "no":
            await not_a_statement(services, statement_id, user.id)
            await query.edit_message_text("✅ Removed from the record (the original is kept).")
            fixed = True
        else:
            raise BadCorrection("That button is out of date; press ✏️ again.")
        log.info("fix %s on statement %s by %s", action or "menu", statement_id, user.id)
    except BadCorrection as exc:
        await query.edit_message_text(esc(str(exc)))
    if fixed and message is not None:
        await refresh_origin(context, message.chat_id, message.message_id, statement_id)


class _SpeakerPromptReply(filters.MessageFilter):
    """A text reply to the bot's "Who said statement #ID?" prompt."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(
            replied is not None
            and replied.from_user is not None
            and replied.from_user.is_bot
            and _PROMPT.match(replied.text or "")
        )


SPEAKER_PROMPT_REPLY = _SpeakerPromptReply()


async def on_typed_speaker(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    message = update.effective_message
    user = update.effective_user
    if message is None or user is None or message.reply_to_message is None:
        return
    match = _PROMPT.match(message.reply_to_message.text or "")
    statement_id = parse_id(match.group(1)) if match else None
    if statement_id is None:
        return
    try:
        name = await correct_speaker(
            services_of(context), statement_id, user.id, name=message.text or ""
        )
    except BadCorrection as exc:
        await message.reply_text(esc(str(exc)))
        return
    log.info("fix sp on statement %s by %s (typed)", statement_id, user.id)
    await message.reply_text(f"✅ Speaker corrected to <b>{esc(name)}</b>.")
    await refresh_origin(
        context, message.chat_id, message.reply_to_message.message_id, statement_id
    )
