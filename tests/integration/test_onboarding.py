"""Onboarding: the bot's description, a grouped /help under 25 lines, a member told they are
in, and what /mute and /unmute mean for alerts."""

from __future__ import annotations

from pathlib import Path

from handlers.admin import WELCOME
from handlers.menu import COMMANDS_KEY, DESCRIPTION, SHORT_DESCRIPTION
from tests.integration.conftest import ADMIN_ID, OfflineBot

MEMBER_ID = 2002
README = Path(__file__).resolve().parents[2] / "README.md"


def test_the_description_is_the_readmes_opening_within_telegrams_limits() -> None:
    opening = " ".join(README.read_text(encoding="utf-8").split("\n\n")[1].split())
    assert opening.startswith(
        "OnRecord is a Telegram bot that keeps the record of **who said what**"
    )
    assert DESCRIPTION.startswith("OnRecord keeps the record of who said what in the news.")
    assert len(DESCRIPTION) <= 512 and len(SHORT_DESCRIPTION) <= 120


async def test_the_description_is_published_at_start_up(offline_bot: OfflineBot) -> None:
    [description] = offline_bot.request.sent("setMyDescription")
    [short] = offline_bot.request.sent("setMyShortDescription")
    assert description["description"] == DESCRIPTION
    assert short["short_description"] == SHORT_DESCRIPTION


async def help_lines(bot: OfflineBot, user_id: int) -> list[str]:
    before = len(bot.request.texts(user_id))
    await bot.send(user_id, "/help")
    [reply] = bot.request.texts(user_id)[before:]
    return reply.split("\n")


async def test_help_is_grouped_and_short_with_admin_commands_for_admins_only(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    member = await help_lines(offline_bot, MEMBER_ID)
    headings = [line for line in member if line.startswith("<b>") and line.endswith("</b>")]
    assert headings == [
        "<b>Reading the record</b>",
        "<b>Following topics</b>",
        "<b>Your settings and articles</b>",
    ]
    assert len(member) < 25
    assert not any("/invite" in line or "/allow" in line for line in member)
    reading = member[1 : member.index("<b>Following topics</b>")]
    assert any(line.startswith("/export [TOPIC] — the record as a CSV file") for line in reading)
    topics = next(line for line in member if line.startswith("/iran /ukraine"))
    assert "/sanctions" in topics  # every topic on one line
    assert "/subscribe TOPIC · /unsubscribe TOPIC · /subscriptions — " in "\n".join(member)

    admin = await help_lines(offline_bot, ADMIN_ID)
    assert len(admin) < 25
    section = admin[admin.index("<b>Admin</b>") + 1 :]  # the admin section comes last
    assert section and all(
        line.startswith(("/merge", "/invite", "/allow", "/export", "/keep")) for line in section
    )
    text = "\n".join(admin)
    for command in offline_bot.app.bot_data[COMMANDS_KEY]:
        assert f"/{command.name}" in text


async def test_a_member_let_in_by_allow_is_told_so(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    assert offline_bot.request.texts(MEMBER_ID) == [WELCOME]
    assert offline_bot.request.texts(ADMIN_ID)[-1].endswith("is now a member (I told them so).")


async def test_allow_says_so_when_the_new_member_cannot_be_told_yet(
    offline_bot: OfflineBot,
) -> None:
    offline_bot.request.fail(MEMBER_ID, 403)
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    reply = offline_bot.request.texts(ADMIN_ID)[-1]
    assert reply.endswith("is now a member; they see it when they send me /start.")
    assert offline_bot.request.texts(MEMBER_ID) == []


async def test_mute_says_what_happens_to_alerts_and_unmute_confirms(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, "/subscribe iran")
    await offline_bot.send(ADMIN_ID, "/mute 2h")
    muted = offline_bot.request.texts(ADMIN_ID)[-1]
    assert muted.startswith("🔕 Alerts muted until ")
    assert muted.endswith(
        "Alerts due meanwhile are held; when the mute ends you get one summary of them, "
        "not a flood."
    )
    await offline_bot.send(ADMIN_ID, "/unmute")
    assert offline_bot.request.texts(ADMIN_ID)[-1] == (
        "🔔 Alerts are on again. New statements on /iran come as they arrive."
    )
    await offline_bot.send(ADMIN_ID, "/unsubscribe iran")
    await offline_bot.send(ADMIN_ID, "/unmute")
    assert offline_bot.request.texts(ADMIN_ID)[-1] == (
        "🔔 Alerts were not muted. You follow no topic yet: /subscribe iran, for one."
    )
