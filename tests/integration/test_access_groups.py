"""Groups and channels only when a member added the bot, and the proof that no handler in
the Application is reachable by a stranger, whatever kind of update they send."""

from __future__ import annotations

from typing import Any

from telegram import Update
from telegram.ext import ContextTypes

from handlers.menu import COMMANDS_KEY
from tests.integration.conftest import ADMIN_ID, STRANGER_ID, OfflineBot
from tests.integration.offline import BOT_USER
from tests.integration.trustkit import (
    CHANNEL_ID,
    GROUP_ID,
    bot_added,
    callback,
    channel_post,
    document,
    edited,
    message,
    photo,
    raw_message,
)

ARTICLE = (
    "Peskov told reporters on Tuesday that a strike on Iran would destabilize the whole "
    "region, and said Moscow was ready to help find a diplomatic way out of the crisis."
)


def spy_on_every_handler(bot: OfflineBot) -> list[str]:
    """Replace each handler's callback (all groups but the gate's) with a recorder."""
    reached: list[str] = []
    for group, handlers in bot.app.handlers.items():
        for handler in handlers:
            if group == -1 and handler.callback.__name__ == "gate":
                continue

            async def spy(
                update: Update, context: ContextTypes.DEFAULT_TYPE, name: str = repr(handler)
            ) -> None:
                reached.append(name)

            handler.callback = spy
    return reached


def stranger_updates(bot: OfflineBot, user_id: int) -> list[Update]:
    tg = bot.app.bot
    commands = [c.name for c in bot.app.bot_data[COMMANDS_KEY]]
    updates = [message(tg, user_id, f"/{name}") for name in commands]
    updates += [message(tg, user_id, f"/{name} iran") for name in commands if name != "start"]
    updates += [
        message(tg, user_id, "/start two words"),
        message(tg, user_id, ARTICLE),
        message(tg, user_id, "https://example.org/news/1"),
        message(
            tg,
            user_id,
            "Who said statement #1? Reply",
            reply_to_message=raw_message(
                999000, "Who said statement #1? Reply to this message with the name."
            ),
        ),
        photo(tg, user_id),
        photo(tg, user_id, caption=ARTICLE),
        document(tg, user_id),
        edited(tg, user_id, ARTICLE),
        edited(tg, user_id, "/iran"),
        callback(tg, user_id, "topic:iran:1"),
        callback(tg, user_id, "fix:1"),
        callback(tg, user_id, "fix:1:st:positive"),
        callback(tg, user_id, "search:x:1"),
        channel_post(tg, ARTICLE),
        message(tg, user_id, "/iran", chat_id=GROUP_ID, kind="supergroup"),
        message(tg, user_id, "/record", chat_id=GROUP_ID, kind="supergroup"),
        bot_added(tg, user_id),
        bot_added(tg, user_id, chat_id=CHANNEL_ID, kind="channel"),
    ]
    return updates


async def test_a_strangers_update_of_any_kind_reaches_no_handler(offline_bot: OfflineBot) -> None:
    reached = spy_on_every_handler(offline_bot)
    for update in stranger_updates(offline_bot, STRANGER_ID):
        await offline_bot.app.process_update(update)
    assert reached == []
    # Nothing the stranger sent was stored, and every reply they got is the refusal.
    assert (await offline_bot.services.db.counts())["articles"] == 0
    for text in offline_bot.request.texts(STRANGER_ID):
        assert "private bot" in text and str(STRANGER_ID) in text
    left = {int(c.params["chat_id"]) for c in offline_bot.request.calls if c.method == "leaveChat"}
    assert left == {GROUP_ID, CHANNEL_ID}


async def test_the_same_updates_from_an_admin_do_reach_the_handlers(
    offline_bot: OfflineBot,
) -> None:
    """The spies work: the stranger test above is not vacuous."""
    reached = spy_on_every_handler(offline_bot)
    tg = offline_bot.app.bot
    commands = [c.name for c in offline_bot.app.bot_data[COMMANDS_KEY]]
    for name in commands:
        await offline_bot.app.process_update(message(tg, ADMIN_ID, f"/{name}"))
    for update in (
        message(tg, ADMIN_ID, ARTICLE),
        photo(tg, ADMIN_ID),
        callback(tg, ADMIN_ID, "fix:1"),
        edited(tg, ADMIN_ID, ARTICLE),
    ):
        await offline_bot.app.process_update(update)
    assert len(reached) == len(commands) + 4


async def test_group_added_by_a_member_works_added_by_a_stranger_is_left(
    offline_bot: OfflineBot,
) -> None:
    tg = offline_bot.app.bot
    other_group = GROUP_ID - 1
    await offline_bot.app.process_update(bot_added(tg, STRANGER_ID, chat_id=other_group))
    assert [c.params["chat_id"] for c in offline_bot.request.calls if c.method == "leaveChat"] == [
        other_group
    ]
    assert not await offline_bot.services.db.access.is_approved_chat(other_group)

    await offline_bot.app.process_update(bot_added(tg, ADMIN_ID))
    assert await offline_bot.services.db.access.is_approved_chat(GROUP_ID)
    await offline_bot.app.process_update(
        message(tg, ADMIN_ID, "/china", chat_id=GROUP_ID, kind="supergroup")
    )
    assert "Nothing on record yet" in offline_bot.request.texts(GROUP_ID)[-1]
    # A stranger in the team's group gets the refusal, not the data.
    await offline_bot.app.process_update(
        message(tg, STRANGER_ID, "/china", chat_id=GROUP_ID, kind="supergroup")
    )
    assert "private bot" in offline_bot.request.texts(GROUP_ID)[-1]

    await offline_bot.app.process_update(bot_added(tg, ADMIN_ID, removed=True))
    assert not await offline_bot.services.db.access.is_approved_chat(GROUP_ID)


async def test_record_in_a_group_stores_the_replied_article_as_the_members(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    tg = offline_bot.app.bot
    await offline_bot.app.process_update(bot_added(tg, ADMIN_ID))
    forwarded: dict[str, Any] = raw_message(
        STRANGER_ID,
        seed_text,
        chat_id=GROUP_ID,
        kind="supergroup",
        forward_origin={
            "type": "channel",
            "date": 1700000000,
            "message_id": 7,
            "chat": {"id": -1009, "type": "channel", "title": "News", "username": "newsroom"},
        },
    )
    await offline_bot.app.process_update(
        message(
            tg, ADMIN_ID, "/record", chat_id=GROUP_ID, kind="supergroup", reply_to_message=forwarded
        )
    )
    assert "Dmitry Peskov" in offline_bot.request.texts(GROUP_ID)[-1]
    rows = [r async for r in offline_bot.services.db.export.export_rows()]
    assert rows and rows[0].source == "News"
    ref = await offline_bot.services.db.articles.article_ref(rows[0].article_id)
    assert ref is not None and ref.sender_id == ADMIN_ID

    await offline_bot.app.process_update(
        message(tg, ADMIN_ID, "/record", chat_id=GROUP_ID, kind="supergroup")
    )
    assert offline_bot.request.texts(GROUP_ID)[-1].startswith("Usage: reply /record")
    # Replying /record to the bot's own digest does not record the digest.
    digest = raw_message(BOT_USER["id"], "📰 Key statements …", chat_id=GROUP_ID, kind="supergroup")
    digest["from"] = BOT_USER
    await offline_bot.app.process_update(
        message(
            tg, ADMIN_ID, "/record", chat_id=GROUP_ID, kind="supergroup", reply_to_message=digest
        )
    )
    assert offline_bot.request.texts(GROUP_ID)[-1].startswith("Usage: reply /record")
    assert (await offline_bot.services.db.counts())["articles"] == 1


async def test_an_update_delivered_twice_is_handled_once(offline_bot: OfflineBot) -> None:
    update = message(offline_bot.app.bot, ADMIN_ID, "/china")
    await offline_bot.app.process_update(update)
    await offline_bot.app.process_update(update)
    assert len(offline_bot.request.texts(ADMIN_ID)) == 1


async def test_a_group_upgraded_to_a_supergroup_stays_approved(offline_bot: OfflineBot) -> None:
    tg = offline_bot.app.bot
    old_group, new_group = -4100, -1004100
    await offline_bot.app.process_update(bot_added(tg, ADMIN_ID, chat_id=old_group, kind="group"))
    await offline_bot.app.process_update(
        message(
            tg, ADMIN_ID, None, chat_id=new_group, kind="supergroup", migrate_from_chat_id=old_group
        )
    )
    await offline_bot.app.process_update(
        message(tg, ADMIN_ID, "/china", chat_id=new_group, kind="supergroup")
    )
    assert "Nothing on record yet" in offline_bot.request.texts(new_group)[-1]
    assert not [c for c in offline_bot.request.calls if c.method == "leaveChat"]
