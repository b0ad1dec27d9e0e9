"""Channels as sources: added by a member (or not), posts recorded, paused, edited."""

from __future__ import annotations

from typing import Any

from tests.integration.conftest import ADMIN_ID, STRANGER_ID, OfflineBot
from tests.integration.test_ways_in import articles
from tests.integration.wayskit import CHANNEL, bot_membership, channel_post, ways_bot

__all__ = ["ways_bot"]  # the fixture, imported for pytest


async def add_channel(bot: OfflineBot, by: int = ADMIN_ID) -> None:
    await bot.app.process_update(bot_membership(bot.app.bot, by, "administrator"))


async def post(bot: OfflineBot, text: str, message_id: int, edited: bool = False) -> None:
    await bot.app.process_update(channel_post(bot.app.bot, text, message_id, edited))


def said_in_channel(bot: OfflineBot) -> list[dict[str, Any]]:
    return [
        c.params
        for c in bot.request.calls
        if c.params.get("chat_id") == CHANNEL["id"] and c.method != "leaveChat"
    ]


async def test_a_channel_a_member_added_is_watched_and_its_posts_recorded(
    ways_bot, seed_text: str
) -> None:
    await add_channel(ways_bot)
    await ways_bot.send(ADMIN_ID, "/sources")
    listing = ways_bot.request.texts(ADMIN_ID)[-1]
    assert "World Wire" in listing and "@worldwire" in listing and str(CHANNEL["id"]) in listing
    await post(ways_bot, seed_text, 41)
    [article] = articles(ways_bot)
    assert article["source"] == "World Wire"
    assert article["source_url"] == "https://t.me/worldwire/41"
    assert article["chat_id"] == CHANNEL["id"] and article["sender_id"] is None
    assert said_in_channel(ways_bot) == []  # never writes into the channel
    await ways_bot.send(ADMIN_ID, "/sources")
    assert "1 post recorded" in ways_bot.request.texts(ADMIN_ID)[-1]


async def test_a_channel_added_by_a_stranger_is_left_and_its_posts_dropped(
    ways_bot, seed_text: str
) -> None:
    await add_channel(ways_bot, by=STRANGER_ID)
    assert [c.params["chat_id"] for c in ways_bot.request.calls if c.method == "leaveChat"] == [
        CHANNEL["id"]
    ]
    await post(ways_bot, seed_text, 42)
    assert articles(ways_bot) == []
    assert await ways_bot.services.db.sources.watched_channels() == []


async def test_a_paused_channel_is_not_recorded_until_resumed(ways_bot, seed_text: str) -> None:
    await add_channel(ways_bot)
    await ways_bot.send(ADMIN_ID, f"/sources pause {CHANNEL['id']}")
    assert "paused" in ways_bot.request.texts(ADMIN_ID)[-1]
    await post(ways_bot, seed_text, 43)
    assert articles(ways_bot) == []
    await ways_bot.send(ADMIN_ID, "/sources resume @worldwire")
    assert "watched again" in ways_bot.request.texts(ADMIN_ID)[-1]
    await post(ways_bot, seed_text, 44)
    assert len(articles(ways_bot)) == 1


async def test_sources_with_bad_arguments_gets_usage(ways_bot) -> None:
    await ways_bot.send(ADMIN_ID, "/sources frobnicate")
    assert "Usage: /sources" in ways_bot.request.texts(ADMIN_ID)[-1]
    await ways_bot.send(ADMIN_ID, "/sources pause @nosuch")
    assert "No watched channel @nosuch" in ways_bot.request.texts(ADMIN_ID)[-1]


async def test_an_edited_post_replaces_its_first_version(ways_bot, seed_text: str) -> None:
    await add_channel(ways_bot)
    await post(ways_bot, seed_text, 45)
    edited = seed_text.replace("seriously destabilize", "gravely destabilize")
    await post(ways_bot, edited, 45, edited=True)
    [article] = articles(ways_bot)
    assert "gravely destabilize" in article["text"]
    await ways_bot.send(ADMIN_ID, "/sources")
    assert "1 post recorded" in ways_bot.request.texts(ADMIN_ID)[-1]


async def test_a_chatty_channel_post_is_ignored_quietly(ways_bot) -> None:
    await add_channel(ways_bot)
    await post(ways_bot, "Good morning! ☀️", 46)
    assert articles(ways_bot) == [] and said_in_channel(ways_bot) == []


async def test_a_channel_the_bot_was_removed_from_is_no_longer_listed(
    ways_bot, seed_text: str
) -> None:
    await add_channel(ways_bot)
    await ways_bot.app.process_update(
        bot_membership(ways_bot.app.bot, ADMIN_ID, "left", old="administrator")
    )
    await ways_bot.send(ADMIN_ID, "/sources")
    assert "No channels watched yet" in ways_bot.request.texts(ADMIN_ID)[-1]
    await post(ways_bot, seed_text, 47)
    assert articles(ways_bot) == []
    [channel] = await ways_bot.services.db.sources.watched_channels(include_removed=True)
    assert channel.status == "removed"


async def test_a_post_that_overtakes_the_add_is_still_recorded(ways_bot, seed_text: str) -> None:
    """The gate approved the channel; the post got to the channel module first."""
    await ways_bot.services.db.access.approve_chat(
        CHANNEL["id"], "channel", CHANNEL["title"], ADMIN_ID, "2026-11-25T10:00:00+00:00"
    )
    await post(ways_bot, seed_text, 48)
    assert len(articles(ways_bot)) == 1
    [channel] = await ways_bot.services.db.sources.watched_channels()
    assert (channel.title, channel.added_by, channel.posts) == ("World Wire", ADMIN_ID, 1)
