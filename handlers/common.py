"""Small helpers every handler module shares: the services object and replying in HTML."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING, Protocol

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.ext import ContextTypes

from handlers.format import split_message

if TYPE_CHECKING:
    from services import Services

SERVICES_KEY = "services"
RECEIPTS_KEY = "receipts"


class Receipts(Protocol):
    def recorded(self, update_id: int) -> None: ...


# Set while an update's handler (or a resumed job) is answering an article: its typing…,
# "Analysing…" and digest queue behind answers to commands at Telegram's overall rate limit
# (`bot/ratelimit.py`), so a burst of articles never makes an /iran wait for 50 of them.
_following_up: ContextVar[bool] = ContextVar("following_up_an_article", default=False)


def follow_up_an_article() -> None:
    """The rest of this task's Telegram calls follow up an article (see `_following_up`)."""
    _following_up.set(True)


def following_up_an_article() -> bool:
    return _following_up.get()


def services_of(context: ContextTypes.DEFAULT_TYPE) -> Services:
    return context.bot_data[SERVICES_KEY]


def confirm_receipt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The update's article is in the database: Telegram may now be told it arrived."""
    receipts: Receipts | None = context.bot_data.get(RECEIPTS_KEY)
    if receipts is not None:
        receipts.recorded(update.update_id)


async def reply_lines(update: Update, lines: list[str], **kwargs: object) -> Message | None:
    """Reply with already-split HTML messages; extra kwargs go to the last one."""
    message = update.effective_message
    if message is None:
        return None
    sent = None
    chunks = split_message(lines)
    for index, chunk in enumerate(chunks):
        extra = kwargs if index == len(chunks) - 1 else {}
        sent = await message.reply_text(chunk, **extra)  # type: ignore[arg-type]
    return sent


def pager(
    callback_prefix: str, page: int, pages: int, labels: tuple[str, str]
) -> InlineKeyboardMarkup | None:
    """◀/▶ buttons whose callback data is `<prefix>:<page>`; none when there is one page."""
    buttons = []
    if page > 0:
        buttons.append(
            InlineKeyboardButton(labels[0], callback_data=f"{callback_prefix}:{page - 1}")
        )
    if page + 1 < pages:
        buttons.append(
            InlineKeyboardButton(labels[1], callback_data=f"{callback_prefix}:{page + 1}")
        )
    return InlineKeyboardMarkup([buttons]) if buttons else None
