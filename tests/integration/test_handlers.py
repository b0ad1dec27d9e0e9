"""The bot's handlers driven through PTB offline: what a user sends, what the bot replies."""

from __future__ import annotations

import asyncio
import re
import time
from typing import Any

import pytest
from telegram import Update
from telegram.ext import CommandHandler

from services.topics import topic_pages
from tests.alert_articles import CUBA, IRAN
from tests.integration.conftest import ADMIN_ID, STRANGER_ID, OfflineBot
from tests.integration.offline import message_update
from tests.telegram_split import long_paste, split_like_telegram


async def test_forwarded_seed_article_is_edited_into_a_digest(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    texts = offline_bot.request.texts(ADMIN_ID)
    assert len(texts) == 1, texts  # the "Analysing…" message, edited in place
    digest = texts[0]
    assert "Analysing" not in digest
    assert "Dmitry Peskov" in digest
    assert digest.startswith("📰 <b>")
    assert "/iran" in digest
    edits = offline_bot.request.sent("editMessageText")
    assert edits and edits[-1]["parse_mode"] == "HTML"


async def test_same_article_twice_is_stored_once_and_the_sender_is_told(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "  " + seed_text.replace("\n", "\n\n"))
    counts = await offline_bot.services.db.counts()
    assert counts["articles"] == 1
    assert "Already on record" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_iran_lists_only_iran_statements(offline_bot: OfflineBot, seed_text: str) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "/iran")
    answer = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "Iran" in answer
    assert "Dmitry Peskov" in answer
    assert "military strike on Iran would" in answer  # its quote, shortened to fit a phone
    assert "Venezuela" not in answer and "Cuba" not in answer


async def test_topic_with_nothing_on_record_says_so(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, "/china")
    assert "Nothing on record yet" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_stranger_gets_one_refusal_with_their_id_and_nothing_else(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    before = len(offline_bot.request.calls)
    for text in ("/iran", "/help", "/subscribe iran", seed_text):
        await offline_bot.send(STRANGER_ID, text)
    replies = offline_bot.request.texts(STRANGER_ID)
    assert len(replies) == 4
    assert all(str(STRANGER_ID) in r and "private bot" in r for r in replies)
    assert all("Peskov" not in r for r in replies)
    assert (await offline_bot.services.db.counts())["articles"] == 1
    assert len(offline_bot.request.calls) == before + 4


async def test_short_chat_message_gets_a_hint_not_a_digest(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, "hello there")
    reply = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "Forward me a news article" in reply
    assert (await offline_bot.services.db.counts())["articles"] == 0


async def test_article_without_statements_is_reported_and_not_stored(
    offline_bot: OfflineBot,
) -> None:
    text = (
        "The river rose by two metres overnight after heavy rain across the valley, and "
        "several roads near the old bridge were closed to traffic until further notice."
    )
    await offline_bot.send(ADMIN_ID, text)
    assert "no statement attributed" in offline_bot.request.texts(ADMIN_ID)[-1]
    assert (await offline_bot.services.db.counts())["articles"] == 0


async def test_the_parts_of_a_split_paste_are_joined_into_one_article(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    offline_bot.app.bot_data["join_window"] = 0.5
    first, *rest = split_like_telegram(long_paste(seed_text.strip().split("\n"), 5000))
    assert len(rest) == 1
    sent = asyncio.create_task(offline_bot.send(ADMIN_ID, first))
    await asyncio.sleep(0.1)
    await offline_bot.send(ADMIN_ID, rest[0])
    await sent
    assert (await offline_bot.services.db.counts())["articles"] == 1
    assert (
        "destabilize"
        in (await offline_bot.services.db.statements.statements_for_topic("iran"))[0].text
    )


async def test_two_short_articles_sent_within_the_window_are_two_articles(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    """Each fits in one message, so Telegram split neither: never joined."""
    offline_bot.app.bot_data["join_window"] = 0.5
    paragraphs = seed_text.strip().split("\n")
    half = len(paragraphs) // 2
    sent = asyncio.create_task(offline_bot.send(ADMIN_ID, "\n".join(paragraphs[:half])))
    await asyncio.sleep(0.1)
    await offline_bot.send(ADMIN_ID, "\n".join(paragraphs[half:]))
    await sent
    jobs = await offline_bot.services.db.executor.fetchall(
        "SELECT count(*) FROM parse_jobs WHERE state != 'part'"
    )
    assert jobs[0][0] == 2


def forwarded(bot: Any, text: str, channel: str) -> Update:
    chat = {"id": -1001000000000 - len(channel), "type": "channel", "title": channel}
    origin = {"type": "channel", "chat": chat, "message_id": 7, "date": int(time.time())}
    return message_update(bot, ADMIN_ID, text, forward_origin=origin)


@pytest.mark.parametrize("channels", [("Reuters", "AP"), ("Reuters", "Reuters")])
async def test_two_complete_articles_forwarded_together_are_two_under_their_own_sources(
    offline_bot: OfflineBot, channels: tuple[str, str]
) -> None:
    """Forwarded a moment apart, in one batch of updates: each its own article and source."""
    offline_bot.app.bot_data["join_window"] = 0.5
    app = offline_bot.app
    await asyncio.gather(
        app.process_update(forwarded(app.bot, IRAN, channels[0])),
        app.process_update(forwarded(app.bot, CUBA, channels[1])),
    )
    rows = await offline_bot.services.db.executor.fetchall(
        "SELECT source, text FROM articles ORDER BY id"
    )
    assert [(r[0], r[1][:40]) for r in rows] == [
        (channels[0], IRAN[:40]),
        (channels[1], CUBA[:40]),
    ]


async def test_html_in_article_text_comes_back_escaped(offline_bot: OfflineBot) -> None:
    text = (
        'The minister said that "<b>taxes</b> & <i>tariffs</i> will rise" next year, '
        "according to a statement published by the ministry on Tuesday."
    )
    await offline_bot.send(ADMIN_ID, text)
    digest = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "&lt;b&gt;taxes&lt;/b&gt; &amp;" in digest
    assert "<b>taxes</b>" not in digest


async def test_subscribe_unsubscribe_and_usage_lines(offline_bot: OfflineBot) -> None:
    for text in (
        "/subscribe iran",
        "/subscribe iran",
        "/subscriptions",
        "/subscribe",
        "/subscribe nosuchtopic",
        "/unsubscribe iran",
        "/subscriptions",
    ):
        await offline_bot.send(ADMIN_ID, text)
    replies = offline_bot.request.texts(ADMIN_ID)
    assert replies[0] == "Subscribed to /iran."
    assert "already subscribed" in replies[1]
    assert "/iran" in replies[2]
    assert replies[3].startswith("Usage: /subscribe TOPIC")
    assert "Unknown topic “nosuchtopic”" in replies[4]
    assert replies[5] == "Unsubscribed from /iran."
    assert "No subscriptions" in replies[6]


async def test_help_and_set_my_commands_cover_every_registered_command(
    offline_bot: OfflineBot,
) -> None:
    registered = {
        command
        for handlers in offline_bot.app.handlers.values()
        for handler in handlers
        if isinstance(handler, CommandHandler)
        for command in handler.commands
    }
    await offline_bot.send(ADMIN_ID, "/help")
    help_text = offline_bot.request.texts(ADMIN_ID)[-1]
    set_commands = offline_bot.request.sent("setMyCommands")[-1]["commands"]
    published = {c["command"] for c in set_commands}
    assert {"iran", "ukraine", "subscribe", "help", "start"} <= registered
    assert registered == published
    for command in registered:
        assert f"/{command}" in help_text


async def test_topic_pages_turn_with_the_inline_buttons(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    from tests.integration.trustkit import callback

    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "/ukraine")
    first = offline_bot.request.sent()[-1]
    count = int(re.search(r"(\d+) statements on record", first["text"]).group(1))  # type: ignore[union-attr]
    pages = topic_pages(count)
    assert pages >= 2, "the seed has more Ukraine statements than one page holds"
    assert f"page 1 of {pages}" in first["text"]
    buttons = [b["callback_data"] for row in first["reply_markup"]["inline_keyboard"] for b in row]
    assert buttons == ["topic:ukraine:1"]
    for page in range(1, pages):
        await offline_bot.app.process_update(
            callback(offline_bot.app.bot, ADMIN_ID, f"topic:ukraine:{page}")
        )
        edited = offline_bot.request.sent("editMessageText")[-1]
        assert f"page {page + 1} of {pages}" in edited["text"]
        turn = [
            b["callback_data"] for row in edited["reply_markup"]["inline_keyboard"] for b in row
        ]
        expected = [f"topic:ukraine:{page - 1}"] + (
            [f"topic:ukraine:{page + 1}"] if page + 1 < pages else []
        )
        assert turn == expected


async def test_a_statement_expands_to_its_paragraph(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "/iran")
    view = offline_bot.request.texts(ADMIN_ID)[-1]
    strongest, *statements = re.findall(r"/show_\d+", view)
    assert len(statements) == 2  # one per Iran statement on the page, after the side's own
    assert strongest in statements
    await offline_bot.send(ADMIN_ID, statements[-1])
    expanded = offline_bot.request.texts(ADMIN_ID)[-1]
    assert expanded.startswith("<b>Dmitry Peskov</b> (Kremlin spokesman)")
    _header, sides, paragraph = expanded.split("\n", 2)
    assert sides == "<i>against military strikes on Iran</i>"
    assert paragraph.startswith("Peskov warned <b>that any possible military strike on Iran")
    assert paragraph.endswith("exclusively peaceful negotiations.”")  # the rest of the paragraph
    await offline_bot.send(ADMIN_ID, "/show_999999")
    assert "no longer on record" in offline_bot.request.texts(ADMIN_ID)[-1]
