"""Odd messages: each gets a clear reply (or a clear log line), never a traceback or a crash,
and nothing half-done is stored."""

from __future__ import annotations

import asyncio
import logging

import pytest

from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.trustkit import document, edited, message, photo
from tests.telegram_html import html_problems
from tests.telegram_split import split_like_telegram

WENT_WRONG = "Something went wrong"

RUSSIAN = (
    "Пресс-секретарь Кремля Дмитрий Песков заявил во вторник, что удар по Ирану "
    "дестабилизирует весь регион. По его словам, Москва готова помочь найти "
    "дипломатический выход из кризиса, сообщает агентство."
)
FRENCH = (
    "Le porte-parole du Kremlin a déclaré mardi qu'une frappe contre l'Iran "
    "déstabiliserait toute la région, selon un communiqué publié par le ministère, et "
    "que Moscou était prête à aider à trouver une issue diplomatique à la crise."
)


async def articles(bot: OfflineBot) -> int:
    return (await bot.services.db.counts())["articles"]


def assert_clean_replies(bot: OfflineBot) -> None:
    """Every message the bot sent is valid Telegram HTML, and none is an error reply."""
    for text in bot.request.texts():
        assert html_problems(text) == [], text
        assert WENT_WRONG not in text


async def test_blank_text_is_refused_with_a_reason(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, " \n\t \u200b ")
    assert offline_bot.request.texts(ADMIN_ID)[-1] in (
        "The message has no text to analyse.",
        "Forward me a news article (or paste its text) and I'll pull out who said what. "
        "Type /help for the commands.",
    )
    assert await articles(offline_bot) == 0
    assert_clean_replies(offline_bot)


@pytest.mark.parametrize("text", ["🙂🔥👍", "👍", "ok", "?!"])
async def test_emoji_or_a_word_gets_the_hint(offline_bot: OfflineBot, text: str) -> None:
    await offline_bot.send(ADMIN_ID, text)
    assert "Forward me a news article" in offline_bot.request.texts(ADMIN_ID)[-1]
    assert await articles(offline_bot) == 0


async def test_only_a_link_that_cannot_be_fetched_is_answered_and_nothing_stored(
    offline_bot: OfflineBot,
) -> None:
    url = "http://127.0.0.1:9/news/article-1"
    entity = [{"type": "url", "offset": 0, "length": len(url)}]
    await offline_bot.app.process_update(
        message(offline_bot.app.bot, ADMIN_ID, url, entities=entity)
    )
    replies = offline_bot.request.texts(ADMIN_ID)
    assert len(replies) == 1 and replies[0]
    assert await articles(offline_bot) == 0
    assert_clean_replies(offline_bot)


async def test_photo_or_non_text_file_without_caption_is_told_what_works(
    offline_bot: OfflineBot,
) -> None:
    tg = offline_bot.app.bot
    await offline_bot.app.process_update(photo(tg, ADMIN_ID))
    await offline_bot.app.process_update(
        message(
            tg,
            ADMIN_ID,
            None,
            document={"file_id": "d", "file_unique_id": "du", "file_name": "scan.jpg"},
        )
    )
    await offline_bot.app.process_update(document(tg, ADMIN_ID))
    replies = offline_bot.request.texts(ADMIN_ID)
    assert len(replies) == 3
    assert all("I can only read text" in r for r in replies), replies
    assert await articles(offline_bot) == 0


async def test_photo_with_an_article_caption_is_analysed(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    caption = seed_text[:1000]
    await offline_bot.app.process_update(photo(offline_bot.app.bot, ADMIN_ID, caption=caption))
    assert await articles(offline_bot) == 1


async def test_100kb_article_in_many_messages_within_the_window_is_one_article(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    filler = [
        f"The river near town number {i} rose by {i % 7 + 1} metres overnight after heavy "
        "rain, and several roads were closed."
        for i in range(950)
    ]
    paragraphs = [*seed_text.strip().split("\n"), *filler]
    parts, current = [], ""
    for paragraph in paragraphs:  # as a Telegram client splits: under 4096 per message
        if current and len(current) + 1 + len(paragraph) > 4000:
            parts.append(current)
            current = paragraph
        else:
            current = f"{current}\n{paragraph}" if current else paragraph
    parts.append(current)
    full = "\n".join(parts)
    assert len(full) >= 100_000 and len(parts) >= 25

    offline_bot.app.bot_data["join_window"] = 1.0
    tasks = []
    for part in parts:
        tasks.append(asyncio.create_task(offline_bot.send(ADMIN_ID, part)))
        await asyncio.sleep(0.005)
    await asyncio.gather(*tasks)
    assert await articles(offline_bot) == 1
    rows = [r async for r in offline_bot.services.db.export.export_rows()]
    assert any("destabilize" in r.text for r in rows)
    digests = [t for t in offline_bot.request.texts(ADMIN_ID) if t.startswith("📰 ")]
    assert len(digests) == 1
    assert_clean_replies(offline_bot)


async def test_a_sentence_cut_where_telegram_split_the_paste_is_stored_whole(
    offline_bot: OfflineBot,
) -> None:
    opening = "UN Secretary-General Antonio Guterres spoke to reporters in New York on Friday. "
    filler = "The briefing went on for an hour, and reporters asked about many places. "
    said = (
        "Guterres said Israel must allow aid trucks into Gaza without delay and warned that "
        "famine was spreading."
    )
    spoke = "He spoke after meeting the envoys there. "
    first, second = split_like_telegram(opening + filler * 54 + spoke + said)
    assert first.endswith("must allow") and second.startswith("aid")  # cut inside his sentence
    offline_bot.app.bot_data["join_window"] = 0.5
    tasks = [asyncio.create_task(offline_bot.send(ADMIN_ID, first))]
    await asyncio.sleep(0.05)
    tasks.append(asyncio.create_task(offline_bot.send(ADMIN_ID, second)))
    await asyncio.gather(*tasks)
    rows = [r async for r in offline_bot.services.db.export.export_rows()]
    assert any("must allow aid trucks into Gaza" in r.text for r in rows), [r.text for r in rows]


async def test_a_megabyte_of_text_is_refused_above_the_documented_limit(
    offline_bot: OfflineBot,
) -> None:
    sentence = "The minister said the budget would be balanced by the end of the year. "
    text = sentence * (1_000_000 // len(sentence) + 1)
    await offline_bot.send(ADMIN_ID, text)
    reply = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "limit is 200,000" in reply
    assert await articles(offline_bot) == 0


@pytest.mark.parametrize("text", [RUSSIAN, FRENCH])
async def test_other_languages_are_refused_and_nothing_is_stored(
    offline_bot: OfflineBot, text: str
) -> None:
    await offline_bot.send(ADMIN_ID, text)
    assert "Only English is analysed" in offline_bot.request.texts(ADMIN_ID)[-1]
    assert await articles(offline_bot) == 0


RECIPE = (
    "Grandma's omelette. Whisk three eggs with a pinch of salt and heat butter in a pan "
    'until it foams. "Never rush the eggs," my grandmother always said. Pour in the eggs '
    "and stir gently over a low heat until they set, then serve at once."
)


async def test_text_with_nobody_quoted_is_answered_and_not_stored(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, RECIPE)
    reply = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "no statement attributed" in reply and "nothing was stored" in reply
    assert await articles(offline_bot) == 0
    assert_clean_replies(offline_bot)


async def test_html_and_markdown_looking_text_comes_back_escaped(offline_bot: OfflineBot) -> None:
    text = (
        'The minister said that "*all* <a href="#top">taxes</a> & _tariffs_ will '
        '</b>rise<script>" next year, according to a statement published on Tuesday.'
    )
    await offline_bot.send(ADMIN_ID, text)
    digest = offline_bot.request.texts(ADMIN_ID)[-1]
    assert "&lt;a href" in digest and "<a href" not in digest and "<script>" not in digest
    assert "*all*" in digest and "_tariffs_" in digest  # HTML mode: Markdown is plain text
    assert_clean_replies(offline_bot)


async def test_control_characters_and_lone_surrogates_are_cleaned(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    dirty = seed_text.replace("Peskov", "Pes\x00kov\x07", 1).replace(". ", ".\x1b\ud800 ", 3)
    await offline_bot.send(ADMIN_ID, dirty)
    assert await articles(offline_bot) == 1
    for row in [r async for r in offline_bot.services.db.export.export_rows()]:
        assert not any(ord(c) < 32 and c not in "\n\t" for c in row.text)
        row.text.encode("utf-8")  # no lone surrogate survived
    assert_clean_replies(offline_bot)


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("/subscribe", "Usage: /subscribe TOPIC"),
        ("/subscribe nosuchtopic", "Unknown topic"),
        ("/unsubscribe", "Usage: /unsubscribe TOPIC"),
        ("/delete", "Usage: reply /delete"),
        ("/keep", "Usage: reply /keep"),
        ("/record", "Usage: reply /record"),
        ("/forget_me", "Usage: /forget_me yes"),
        ("/forget_me please", "Usage: /forget_me yes"),
        ("/allow someone", "Usage: /allow USER_ID"),
    ],
)
async def test_wrong_command_arguments_get_the_usage_line(
    offline_bot: OfflineBot, command: str, usage: str
) -> None:
    await offline_bot.send(ADMIN_ID, command)
    assert usage in offline_bot.request.texts(ADMIN_ID)[-1]
    assert_clean_replies(offline_bot)


async def test_an_edited_message_is_logged_not_reanalysed(
    offline_bot: OfflineBot, seed_text: str, caplog: pytest.LogCaptureFixture
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    sent = len(offline_bot.request.calls)
    with caplog.at_level(logging.INFO):
        await offline_bot.app.process_update(
            edited(offline_bot.app.bot, ADMIN_ID, seed_text.replace("Peskov", "Lavrov"))
        )
    assert len(offline_bot.request.calls) == sent
    assert await articles(offline_bot) == 1
    assert any("edits are not re-analysed" in r.getMessage() for r in caplog.records)
