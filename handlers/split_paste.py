"""Is this message the next part of a paste Telegram split, or a message of its own?

A Telegram client sends a text longer than 4,096 UTF-16 code units as several messages, each
cut at the limit or at a line break or space shortly before it. Only such parts are joined
into one article: two complete articles forwarded a second apart are two articles, and so are
forwards from two different origins (joining them filed the second under the first's source).
A part continues the one before it when

- both have the same origin: both typed or pasted by the sender, or both forwarded from the
  same channel, chat or user, posted within `SAME_POST_SECONDS` of each other; and
- the part before it was cut by Telegram: it ends within `CUT_SLACK` code units of the limit,
  and the two together would not have fitted in one message.

A part cut further back than that (a client that cuts at a paragraph break in the middle of
the message) is answered as an article of its own: nothing is lost, only joined less.
The decision works on plain `Part`s, so it is tested without Telegram objects.
"""

from __future__ import annotations

from dataclasses import dataclass

from telegram import (
    Message,
    MessageOriginChannel,
    MessageOriginChat,
    MessageOriginHiddenUser,
    MessageOriginUser,
)

# What Telegram counts against its 4,096 limit: UTF-16 code units, so an emoji or another
# character outside the Basic Multilingual Plane counts twice.
TELEGRAM_LIMIT = 4096
CUT_SLACK = 512
SAME_POST_SECONDS = 60


@dataclass(frozen=True)
class Part:
    """What the decision needs of a message: where it came from, when that origin posted
    it (None when typed), and its length in UTF-16 code units."""

    origin: tuple[str, str] | None
    posted_at: float | None
    length: int


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le", "surrogatepass")) // 2  # a lone one counts once


def origin_of(message: Message) -> tuple[str, str] | None:
    """Who a forward came from, as a comparable key; None for a message the sender wrote."""
    origin = message.forward_origin
    if origin is None:
        return None
    if isinstance(origin, MessageOriginChannel):
        return ("channel", str(origin.chat.id))
    if isinstance(origin, MessageOriginChat):
        return ("chat", str(origin.sender_chat.id))
    if isinstance(origin, MessageOriginUser):
        return ("user", str(origin.sender_user.id))
    if isinstance(origin, MessageOriginHiddenUser):
        return ("hidden user", origin.sender_user_name)
    return ("unknown", "")  # a kind Telegram may add later: joined only with its own kind


def part_of(message: Message) -> Part:
    origin = message.forward_origin
    return Part(
        origin=origin_of(message),
        posted_at=origin.date.timestamp() if origin is not None else None,
        length=utf16_length(message.text or message.caption or ""),
    )


def continues(previous: Part, part: Part) -> bool:
    """True when `part` is the next piece of the paste `previous` was cut from."""
    if previous.origin != part.origin or previous.origin == ("unknown", ""):
        return False
    if _seconds_apart(previous.posted_at, part.posted_at) > SAME_POST_SECONDS:
        return False
    cut_by_telegram = previous.length >= TELEGRAM_LIMIT - CUT_SLACK
    # The space or line break at the cut is dropped: together they reach the limit.
    return cut_by_telegram and previous.length + part.length >= TELEGRAM_LIMIT


def _seconds_apart(first: float | None, second: float | None) -> float:
    """Between two forwards' original posts (0 when either was typed)."""
    if first is None or second is None:
        return 0.0
    return abs(second - first)
