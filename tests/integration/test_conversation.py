"""Every message gets an answer: unknown commands, near-miss arguments, /who TOPIC, /compare."""

from __future__ import annotations

import pytest

from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.offline import BOT_USER
from tests.integration.trustkit import GROUP_ID, bot_added, message

SECOND_ARTICLE = (
    "TEHRAN — Iranian Foreign Minister Abbas Araghchi said on Wednesday that any military "
    "strike on Iran would be a grave violation of international law and would be met with a "
    "firm response.\n"
    '"We will never accept threats of attack against our country," Araghchi told reporters '
    "in Tehran. He added that Iran remained ready for talks on its nuclear programme if "
    "sanctions were lifted.\n"
    "U.S. Senator Lindsey Graham said on Thursday that military strikes on Iran were the only "
    'way to stop its nuclear programme. "We should strike Iran now," Graham told Fox News.'
)


async def last_reply(bot: OfflineBot, text: str, chat_id: int = ADMIN_ID) -> str:
    await bot.send(ADMIN_ID, text)
    return bot.request.texts(chat_id)[-1]


@pytest.mark.parametrize(
    ("typed", "suggested"),
    [("/irn", "/iran"), ("/subscibe", "/subscribe"), ("/ukrain", "/ukraine")],
)
async def test_a_mistyped_command_gets_did_you_mean(
    offline_bot: OfflineBot, typed: str, suggested: str
) -> None:
    reply = await last_reply(offline_bot, typed)
    assert f"Did you mean {suggested}?" in reply
    assert "/help" in reply


async def test_an_unknown_command_with_nothing_close_points_to_help(
    offline_bot: OfflineBot,
) -> None:
    reply = await last_reply(offline_bot, "/foo")
    assert reply == "Unknown command /foo. /help lists every command."


async def test_in_a_group_only_commands_addressed_to_the_bot_get_an_answer(
    offline_bot: OfflineBot,
) -> None:
    tg = offline_bot.app.bot
    await offline_bot.app.process_update(bot_added(tg, ADMIN_ID, chat_id=GROUP_ID))
    before = len(offline_bot.request.texts(GROUP_ID))
    for text in ("/irn", "/foo@SomeOtherBot", "/iran@SomeOtherBot"):
        await offline_bot.app.process_update(
            message(tg, ADMIN_ID, text, chat_id=GROUP_ID, kind="supergroup")
        )
    assert len(offline_bot.request.texts(GROUP_ID)) == before  # silent
    addressed = f"/irn@{BOT_USER['username']}"
    await offline_bot.app.process_update(
        message(tg, ADMIN_ID, addressed, chat_id=GROUP_ID, kind="supergroup")
    )
    replies = offline_bot.request.texts(GROUP_ID)
    assert len(replies) == before + 1
    assert "Did you mean /iran?" in replies[-1]


async def test_subscribe_and_chart_suggest_the_nearest_topic(offline_bot: OfflineBot) -> None:
    assert "Did you mean /subscribe iran?" in await last_reply(offline_bot, "/subscribe irn")
    assert "Did you mean /chart iran?" in await last_reply(offline_bot, "/chart irn")
    assert await offline_bot.services.db.chats.subscriptions(ADMIN_ID) == []


async def test_timezone_suggests_the_zone_of_a_city(offline_bot: OfflineBot) -> None:
    reply = await last_reply(offline_bot, "/timezone Berlin")
    assert "Did you mean /timezone Europe/Berlin?" in reply
    reply = await last_reply(offline_bot, "/timezone america/new york")
    assert reply.startswith("Time zone set to America/New_York")


async def test_who_with_a_topic_shows_only_that_topic(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    everything = await last_reply(offline_bot, "/who Peskov")
    assert "U.S. pressure on Cuba" in everything
    on_iran = await last_reply(offline_bot, "/who Peskov iran")
    assert "On 🇮🇷 Iran only" in on_iran
    assert "Kremlin spokesman · 2 statements" in on_iran  # on Iran, not all 19
    assert "against military strikes on Iran" in on_iran
    assert "Cuba" not in on_iran and "Venezuela" not in on_iran
    on_china = await last_reply(offline_bot, "/who Peskov china")
    assert "Nothing by Dmitry Peskov on /china is on record yet." in on_china


async def test_compare_puts_two_speakers_sides_per_target_side_by_side(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, SECOND_ARTICLE)
    reply = await last_reply(offline_bot, "/compare Peskov | Graham iran")
    lines = reply.split("\n")
    assert lines[0] == "⚖️ <b>Dmitry Peskov</b> vs <b>Lindsey Graham</b> on Iran"
    strikes = next(line for line in lines if "Military strikes on Iran" in line)
    assert strikes.startswith("⚔️")  # opposite sides
    # each speaker's count of confident statements on the target; Graham's "We should
    # strike Iran now" is one the model may read below the threshold
    assert "Peskov: <b>against</b> (2)" in strikes and "Graham: <b>for</b> (" in strikes
    assert "Cuba" not in reply
    agree = await last_reply(offline_bot, "/compare Peskov | Araghchi")
    assert any(line.startswith("🤝 <b>Military strikes on Iran</b>") for line in agree.split("\n"))
    assert "U.S. pressure on Cuba" in agree and "Araghchi: —" in agree
    without_bar = await last_reply(offline_bot, "/compare Peskov Graham iran")
    assert without_bar == reply  # two one-word names need no "|"


async def test_compare_without_two_names_answers_with_its_usage(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    assert (await last_reply(offline_bot, "/compare Peskov")).startswith("Usage: /compare")
    reply = await last_reply(offline_bot, "/compare Peskov | Nobody Atall")
    assert reply == "Nobody called “Nobody Atall” is on record yet."
