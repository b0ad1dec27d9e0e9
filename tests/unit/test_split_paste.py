"""Which messages are joined into one article: only the parts of one paste Telegram split
(handlers/split_paste.py), checked against texts split as a Telegram client splits them."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

from telegram import Chat, Message, MessageOriginChannel, MessageOriginUser, User

from handlers.split_paste import (
    TELEGRAM_LIMIT,
    Part,
    continues,
    origin_of,
    part_of,
    utf16_length,
)
from storage.jobs import join_parts
from tests.telegram_split import long_paste, split_like_telegram

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
SENDER = User(7, "Ann", is_bot=False)
PARAGRAPHS = [
    "Kremlin spokesman Dmitry Peskov said on Tuesday that the talks would resume in Geneva.",
    'Iran\'s foreign minister said the proposal was "a step in the right direction" 🇮🇷.',
    "The ministry published the full statement on its website later in the day.",
]


def message(text: str, origin: object = None, message_id: int = 1) -> Message:
    return Message(
        message_id,
        NOW,
        Chat(7, "private"),
        from_user=SENDER,
        text=text,
        forward_origin=origin,  # type: ignore[arg-type]
    )


def channel(chat_id: int, posted: datetime = NOW) -> MessageOriginChannel:
    return MessageOriginChannel(posted, Chat(chat_id, "channel", title=f"C{chat_id}"), 10)


def parts(messages: list[Message]) -> list[bool]:
    """For each message after the first: does it continue the one before?"""
    found = [part_of(m) for m in messages]
    return [continues(a, b) for a, b in itertools.pairwise(found)]


def test_the_splitter_cuts_by_utf16_units_and_the_parts_join_back() -> None:
    text = long_paste(PARAGRAPHS, 3 * TELEGRAM_LIMIT)
    pieces = split_like_telegram(text)
    assert len(pieces) >= 3
    assert all(utf16_length(p) <= TELEGRAM_LIMIT for p in pieces)
    assert all(utf16_length(p) > TELEGRAM_LIMIT - 256 for p in pieces[:-1])
    assert len(text) < utf16_length(text)  # the flags count twice
    assert " ".join(join_parts(pieces).split()) == " ".join(text.split())


def test_a_hard_cut_never_splits_a_surrogate_pair() -> None:
    pieces = split_like_telegram("🇮🇷" * 3000)
    assert [utf16_length(p) for p in pieces] == [4096, 4096, 3808]
    assert "".join(pieces) == "🇮🇷" * 3000


def test_every_part_of_a_typed_paste_continues_the_one_before() -> None:
    pieces = split_like_telegram(long_paste(PARAGRAPHS, 3 * TELEGRAM_LIMIT))
    assert parts([message(p, message_id=n) for n, p in enumerate(pieces)]) == [True] * (
        len(pieces) - 1
    )


def test_every_part_of_a_forwarded_split_post_continues_the_one_before() -> None:
    pieces = split_like_telegram(long_paste(PARAGRAPHS, 2 * TELEGRAM_LIMIT))
    forwarded = [message(p, channel(-100), n) for n, p in enumerate(pieces)]
    assert parts(forwarded) == [True] * (len(pieces) - 1)


def test_two_complete_articles_are_never_joined() -> None:
    first = long_paste(PARAGRAPHS, 2500)
    second = long_paste(PARAGRAPHS[1:], 3000)
    assert parts([message(first), message(second)]) == [False]
    assert parts([message(first, channel(-100)), message(second, channel(-100))]) == [False]


def test_a_short_message_after_one_near_the_limit_but_within_it_is_not_joined() -> None:
    """Near the limit, but both would have fitted in one message: Telegram split nothing."""
    assert not continues(Part(None, None, 3800), Part(None, None, 200))
    assert continues(Part(None, None, 3800), Part(None, None, 296))


def test_forwards_from_different_origins_are_never_joined() -> None:
    pieces = split_like_telegram(long_paste(PARAGRAPHS, 2 * TELEGRAM_LIMIT))
    user = MessageOriginUser(NOW, User(9, "Bo", is_bot=False))
    pairs = [
        (channel(-100), channel(-200)),
        (channel(-100), None),
        (None, channel(-100)),
        (channel(-100), user),
    ]
    for a, b in pairs:
        assert parts([message(pieces[0], a), message(pieces[1], b)]) == [False], (a, b)


def test_posts_of_one_channel_far_apart_in_time_are_not_one_paste() -> None:
    pieces = split_like_telegram(long_paste(PARAGRAPHS, 2 * TELEGRAM_LIMIT))
    later = channel(-100, NOW.replace(hour=13))
    assert parts([message(pieces[0], channel(-100)), message(pieces[1], later)]) == [False]


def test_origins_compare_by_who_posted() -> None:
    assert origin_of(message("x")) is None
    assert origin_of(message("x", channel(-100))) == ("channel", "-100")
    assert origin_of(message("x", MessageOriginUser(NOW, SENDER))) == ("user", "7")


def test_a_lone_surrogate_counts_as_one_unit() -> None:
    assert utf16_length("a\ud800b") == 3
    assert utf16_length("🇮🇷") == 4
