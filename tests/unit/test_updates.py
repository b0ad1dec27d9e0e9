"""Forwarded articles and commands wait in separate lanes."""

from __future__ import annotations

import time

from telegram import Bot, Update

from bot.updates import may_carry_article


def _update(text: str) -> Update:
    bot = Bot("123456:TEST-token")
    return Update.de_json(
        {
            "update_id": 1,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": 5, "type": "private"},
                "from": {"id": 5, "is_bot": False, "first_name": "T"},
                "text": text,
            },
        },
        bot,
    )


def test_text_is_an_article_lane_update_and_a_command_is_not() -> None:
    assert may_carry_article(_update("MOSCOW — Peskov said the talks failed."))
    assert not may_carry_article(_update("/iran"))
    assert not may_carry_article(object())
