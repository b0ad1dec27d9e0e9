"""The gate fails closed: when the refusal itself cannot be sent (the stranger deleted their
message, blocked the bot, Telegram is flooded or down), the stranger's update still reaches
no handler, and nothing they sent is stored or changed."""

from __future__ import annotations

from pathlib import Path

import pytest
from telegram.ext import CommandHandler, filters

from extraction import Extractor
from tests.integration.conftest import ADMIN_ID, STRANGER_ID, OfflineBot
from tests.integration.test_access_groups import ARTICLE, spy_on_every_handler
from tests.integration.trustkit import GROUP_ID, bot_added, message, running_bot

MEMBER, OTHER_MEMBER = 2002, 2003
ADMIN_ONLY = frozenset({"allow", "revoke", "invite"})
FAILURES = {
    400: "Bad Request: message to be replied not found",
    403: "Forbidden: bot was blocked by the user",
    429: "",
    502: "",
}


def group_command(bot: OfflineBot, text: str, user_id: int = STRANGER_ID) -> object:
    return message(bot.app.bot, user_id, text, chat_id=GROUP_ID, kind="supergroup")


@pytest.mark.parametrize("code", sorted(FAILURES))
async def test_a_refusal_that_fails_still_stops_the_update(
    tmp_path: Path, extractor: Extractor, code: int
) -> None:
    async with running_bot(tmp_path, extractor) as bot:
        await bot.app.process_update(bot_added(bot.app.bot, ADMIN_ID))
        reached = spy_on_every_handler(bot)
        tg = bot.app.bot
        updates = [
            message(tg, STRANGER_ID, "/iran"),
            message(tg, STRANGER_ID, "/who Peskov"),
            message(tg, STRANGER_ID, ARTICLE),
            group_command(bot, "/unsubscribe iran"),
            group_command(bot, "/mute"),
        ]
        # Enough failures that the rate limiter's retries of a 429 all fail too.
        bot.request.fail(None, code, count=100, retry_after=0, description=FAILURES[code])
        for update in updates:
            await bot.app.process_update(update)  # type: ignore[arg-type]
        assert reached == []
        refusals = [c for c in bot.request.calls if c.method == "sendMessage"]
        assert refusals and all(c.error == code for c in refusals)


async def test_a_strangers_group_commands_change_nothing_when_the_refusal_fails(
    tmp_path: Path, extractor: Extractor
) -> None:
    """Not spied: the real handlers are registered, and the group's settings stay."""
    async with running_bot(tmp_path, extractor) as bot:
        await bot.app.process_update(bot_added(bot.app.bot, ADMIN_ID))
        await bot.app.process_update(group_command(bot, "/subscribe iran", ADMIN_ID))
        bot.request.fail(None, 400, count=100, description=FAILURES[400])
        for text in ("/unsubscribe iran", "/mute", "/digest daily 03:00"):
            await bot.app.process_update(group_command(bot, text))  # type: ignore[arg-type]
        await bot.app.process_update(message(bot.app.bot, STRANGER_ID, ARTICLE))
        bot.request.faults.clear()
        await bot.app.process_update(group_command(bot, "/subscriptions", ADMIN_ID))
        answer = bot.request.texts(GROUP_ID)[-1]
        assert "/iran" in answer
        assert "mute" not in answer.lower() and "03:00" not in answer
        assert (await bot.services.db.counts())["articles"] == 0


@pytest.mark.parametrize("code", sorted(FAILURES))
async def test_a_members_admin_command_changes_nothing_when_its_refusal_fails(
    tmp_path: Path, extractor: Extractor, code: int
) -> None:
    """The admin-only check is the same gate: a member's /allow, /revoke or /invite whose
    "admins only" answer fails lets nobody in and puts nobody out, even with the admin
    commands' own user filter taken off (the gate alone stands between)."""
    async with running_bot(tmp_path, extractor) as bot:
        tg, members = bot.app.bot, bot.services.db.access
        for handler in bot.app.handlers[0]:
            if isinstance(handler, CommandHandler) and handler.commands & ADMIN_ONLY:
                handler.filters = filters.UpdateType.MESSAGES
        await bot.app.process_update(message(tg, ADMIN_ID, f"/allow {MEMBER}"))
        await bot.app.process_update(message(tg, ADMIN_ID, f"/allow {OTHER_MEMBER}"))
        assert await members.is_member(MEMBER) and await members.is_member(OTHER_MEMBER)
        bot.request.fail(None, code, count=100, retry_after=0, description=FAILURES[code])
        before = len(bot.request.calls)
        for text in (f"/allow {STRANGER_ID}", f"/revoke {OTHER_MEMBER}", "/invite"):
            await bot.app.process_update(message(tg, MEMBER, text))
        refusals = [c for c in bot.request.calls[before:] if c.method == "sendMessage"]
        assert len(refusals) >= 3 and all(c.error == code for c in refusals)
        assert not await members.is_member(STRANGER_ID)
        assert await members.is_member(OTHER_MEMBER)
        invites = await bot.services.db.executor.fetchall("SELECT count(*) FROM invites")
        assert invites[0][0] == 0
