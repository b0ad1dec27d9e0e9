"""Every argument bounded: odd numbers, names and forged buttons get a usage line or a short
answer — never a traceback, never a reply too long for Telegram, never a wrong user let in."""

from __future__ import annotations

import logging

import pytest

from tests.integration.conftest import ADMIN_ID, OfflineBot
from tests.integration.trustkit import callback
from tests.telegram_html import html_problems

HUGE = "99999999999999999999999"
LONG_TOPIC = "iran" * 1000  # 4,000 characters
ECHO_BOUND = 400  # a usage line, the echoed input cut to about 100 characters


def assert_answered_without_error(bot: OfflineBot, caplog: pytest.LogCaptureFixture) -> str:
    """The last reply: valid HTML within bounds; nothing logged at ERROR."""
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    reply = bot.request.texts(ADMIN_ID)[-1]
    assert html_problems(reply) == [], reply
    assert "Something went wrong" not in reply
    return reply


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/timezone Europe", "Usage: /timezone"),
        ("/timezone Etc", "Usage: /timezone"),
        ("/timezone " + "A" * 256, "Usage: /timezone"),
        ("/timezone ../../etc/passwd", "Usage: /timezone"),
        ("/show_" + HUGE, "Usage: /show_ID"),
        ("/show_٣", "Usage: /show_ID"),
        ("/allow " + HUGE, "Usage: /allow USER_ID"),
        ("/allow ²", "Usage: /allow USER_ID"),
        ("/allow -5", "Usage: /allow USER_ID"),
        ("/revoke " + HUGE, "Usage: /revoke USER_ID"),
        ("/revoke ²", "Usage: /revoke USER_ID"),
        ("/revoke ١٢٣", "Usage: /revoke USER_ID"),
        ("/show_١٢٣", "Usage: /show_ID"),
        ("/timezone Europe/", "Usage: /timezone"),
        ("/subscribe " + LONG_TOPIC, "Usage: /subscribe TOPIC"),
        ("/unsubscribe " + LONG_TOPIC, "Usage: /unsubscribe TOPIC"),
        ("/chart " + LONG_TOPIC, "No topic called"),
        ("/chart who " + LONG_TOPIC, "is on record yet"),
        ("/who " + LONG_TOPIC, "is on record yet"),
        ("/export " + LONG_TOPIC, "Usage: /export"),
        ("/merge " + LONG_TOPIC + " | Peskov", "does not name exactly one speaker"),
        ("/sources pause " + HUGE, "No watched channel"),
        ("/sources pause ²", "No watched channel"),
        ('/search speaker:"' + LONG_TOPIC + '"', "No speaker"),
        ("/search " + "sanctions " * 400, "Nothing on record matches"),
        ("/mute 99999999999999h", "Usage: /mute"),
        ("/mute ١٢h", "Usage: /mute"),
        ("/digest daily ٠٨:٠٠", "Usage: /digest"),
        ("/quiet 99999-7", "Usage: /quiet"),
        ("/digest daily 99:99", "Usage: /digest"),
    ],
)
async def test_odd_arguments_get_a_short_answer_and_no_error(
    offline_bot: OfflineBot, caplog: pytest.LogCaptureFixture, command: str, expected: str
) -> None:
    with caplog.at_level(logging.INFO):
        await offline_bot.send(ADMIN_ID, command)
    reply = assert_answered_without_error(offline_bot, caplog)
    assert expected in reply
    assert len(reply) < ECHO_BOUND + 300, len(reply)


@pytest.mark.parametrize(
    "command",
    [
        "/subscribe " + LONG_TOPIC,
        "/unsubscribe " + LONG_TOPIC,
        "/chart " + LONG_TOPIC,
        "/timezone " + "A" * 256,
        "/allow " + "9" * 4000,
        "/show_" + "9" * 4000,
    ],
)
async def test_what_a_reply_echoes_of_the_input_is_cut_to_about_100_characters(
    offline_bot: OfflineBot, caplog: pytest.LogCaptureFixture, command: str
) -> None:
    with caplog.at_level(logging.INFO):
        await offline_bot.send(ADMIN_ID, command)
    reply = assert_answered_without_error(offline_bot, caplog)
    argument = command.split(" ", 1)[-1] if " " in command else command.removeprefix("/show_")
    assert argument[:120] not in reply, reply


async def test_a_tz_name_in_any_case_is_the_database_spelling(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, "/timezone europe/berlin")
    assert "Time zone set to Europe/Berlin" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_arabic_indic_digits_do_not_admit_user_123(
    offline_bot: OfflineBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await offline_bot.send(ADMIN_ID, "/allow ١٢٣")
    assert "Usage: /allow USER_ID" in assert_answered_without_error(offline_bot, caplog)
    assert [m.user_id for m in await offline_bot.services.db.access.members()] == []
    await offline_bot.send(ADMIN_ID, "/allow 123")
    assert [m.user_id for m in await offline_bot.services.db.access.members()] == [123]


async def test_the_largest_sqlite_integer_is_a_valid_id_and_one_more_is_not(
    offline_bot: OfflineBot, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO):
        await offline_bot.send(ADMIN_ID, f"/show_{2**63 - 1}")
        assert "no longer on record" in assert_answered_without_error(offline_bot, caplog)
        await offline_bot.send(ADMIN_ID, f"/show_{2**63}")
        assert "Usage: /show_ID" in assert_answered_without_error(offline_bot, caplog)


@pytest.mark.parametrize(
    ("data", "answer"),
    [
        ("search:1:abc", "expired"),
        ("search:abc:1", "expired"),
        ("search:1:" + HUGE, "expired"),
        ("search:1", "expired"),
        ("fix:" + HUGE, "out of date"),
        ("fix:²", "out of date"),
        ("fix:", "out of date"),
        (f"fix:{2**63 - 1}", "no longer on record"),
        ("topic:iran:abc", None),
        ("topic:iran:" + HUGE, None),
        ("topic:iran", None),
    ],
)
async def test_forged_button_data_is_answered_and_logs_no_error(
    offline_bot: OfflineBot, caplog: pytest.LogCaptureFixture, data: str, answer: str | None
) -> None:
    await offline_bot.send(ADMIN_ID, "/search peskov")  # search 1 exists: only its page is bad
    with caplog.at_level(logging.INFO):
        await offline_bot.app.process_update(callback(offline_bot.app.bot, ADMIN_ID, data))
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    [answered] = offline_bot.request.sent("answerCallbackQuery")
    if answer is not None:
        assert answer in answered["text"]
    assert offline_bot.request.sent("editMessageText") == []
