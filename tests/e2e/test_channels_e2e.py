"""Channels end to end: the bot made a channel's admin by a member records its posts; one
added by a stranger leaves; nothing is ever written into the channel. Raw `my_chat_member`
and `channel_post` updates are injected into the fake Bot API, the bot runs as a process."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from typing import Any

import pytest

from tests.e2e.harness import ADMIN_ID, BOT_ID, REPO_ROOT, STRANGER_ID, BotProcess, FakeTelegram

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SEED = REPO_ROOT / "seeds" / "kremlin-peskov-briefing.txt"
CHANNEL = {"id": -1001000000777, "type": "channel", "title": "Wire Watch", "username": "wirewatch"}
OTHER = {"id": -1001000000888, "type": "channel", "title": "Spam Channel"}
ANALYSIS_TIMEOUT = 45
BOT = {"id": BOT_ID, "is_bot": True, "first_name": "OnRecord"}
RIGHTS = dict.fromkeys(
    (
        "can_be_edited", "can_manage_chat", "can_delete_messages", "can_manage_video_chats",
        "can_restrict_members", "can_promote_members", "can_change_info", "can_invite_users",
        "can_post_stories", "can_edit_stories", "can_delete_stories", "can_post_messages",
    ),
    True,
) | {"is_anonymous": False}  # fmt: skip


def made_admin(chat: dict[str, Any], by: int) -> dict[str, Any]:
    return {
        "my_chat_member": {
            "chat": chat,
            "from": {"id": by, "is_bot": False, "first_name": f"User{by}"},
            "date": int(time.time()),
            "old_chat_member": {"user": BOT, "status": "left"},
            "new_chat_member": {"user": BOT, "status": "administrator", **RIGHTS},
        }
    }


def post(chat: dict[str, Any], message_id: int, text: str) -> dict[str, Any]:
    return {
        "channel_post": {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": chat,
            "sender_chat": chat,
            "text": text,
        }
    }


def query(bot: BotProcess, sql: str) -> list[tuple[Any, ...]]:
    """Read the bot's database beside it (WAL: a reader never blocks the bot)."""
    try:
        with sqlite3.connect(f"file:{bot.env['DATABASE_PATH']}?mode=ro", uri=True) as conn:
            return conn.execute(sql).fetchall()
    except sqlite3.OperationalError:  # not created or not migrated yet
        return []


def stored_articles(bot: BotProcess) -> list[tuple[Any, ...]]:
    return query(bot, "SELECT source, source_url, chat_id FROM articles")


def test_a_members_channel_is_recorded_and_a_strangers_is_left(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    bot = bot_process()
    fake.inject(made_admin(CHANNEL, ADMIN_ID))
    # Updates are handled concurrently: let the add land before the first post, as in life.
    fake.wait_until(lambda: query(bot, "SELECT title FROM watched_channels"), 15, "the add")
    fake.inject(post(CHANNEL, 7, SEED.read_text(encoding="utf-8")))
    fake.inject(made_admin(OTHER, STRANGER_ID))
    fake.inject(post(OTHER, 8, SEED.read_text(encoding="utf-8").replace("Peskov", "Someone")))

    try:
        rows = fake.wait_until(lambda: stored_articles(bot), ANALYSIS_TIMEOUT, "the post")
    except AssertionError:
        raise AssertionError(bot.log_tail(60)) from None
    assert rows == [("Wire Watch", "https://t.me/wirewatch/7", CHANNEL["id"])], bot.log_tail()
    fake.wait_until(
        lambda: any(c["params"].get("chat_id") == OTHER["id"] for c in fake.calls("leaveChat")),
        15,
        "the bot to leave the stranger's channel",
    )
    fake.send_text(ADMIN_ID, "/sources")
    reply = bot.wait_for_sent(ADMIN_ID, lambda r: "1 post recorded" in (r["text"] or ""), 15)
    assert "Wire Watch" in reply["text"] and "1 post recorded" in reply["text"]
    assert "Spam Channel" not in reply["text"]
    time.sleep(1.0)  # a window for a late second article from the stranger's channel
    assert len(stored_articles(bot)) == 1
    written = [
        c
        for c in fake.calls()
        if c["method"].startswith("send")
        and c["params"].get("chat_id") in (CHANNEL["id"], OTHER["id"])
    ]
    assert written == []
