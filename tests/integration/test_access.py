"""Who may use the bot: admin, allowed, invited, stranger, revoked, expired invite, ACCESS=open."""

from __future__ import annotations

import hashlib
import re
from datetime import timedelta
from pathlib import Path

from extraction import Extractor
from services.access import create_invite
from tests.backends import values
from tests.integration.conftest import ADMIN_ID, STRANGER_ID, OfflineBot
from tests.integration.trustkit import message, running_bot

MEMBER_ID = 2002


def scoped_commands(bot: OfflineBot, chat_id: int) -> set[str] | None:
    """The command names last published for one chat's scope (None: none published)."""
    found = None
    for call in bot.request.calls:
        scope = call.params.get("scope")
        if isinstance(scope, str):
            import json

            scope = json.loads(scope)
        if not scope or scope.get("chat_id") != chat_id:
            continue
        if call.method == "setMyCommands":
            found = {c["command"] for c in call.params["commands"]}
        elif call.method == "deleteMyCommands":
            found = None
    return found


def default_commands(bot: OfflineBot) -> set[str]:
    calls = [c for c in bot.request.calls if c.method == "setMyCommands"]
    default = [
        c
        for c in calls
        if (c.params.get("scope") or {"type": "default"})
        in ({"type": "default"}, '{"type": "default"}', '{"type":"default"}')
    ]
    return {c["command"] for c in default[-1].params["commands"]}


async def test_strangers_see_only_start_members_user_commands_admins_everything(
    offline_bot: OfflineBot,
) -> None:
    assert default_commands(offline_bot) == {"start"}
    admin_menu = scoped_commands(offline_bot, ADMIN_ID)
    assert admin_menu is not None and {"invite", "allow", "revoke", "members", "iran"} <= admin_menu
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    member_menu = scoped_commands(offline_bot, MEMBER_ID)
    assert member_menu is not None
    assert {"iran", "help", "subscribe", "delete", "forget_me"} <= member_menu
    assert not {"invite", "allow", "revoke", "members", "keep"} & member_menu
    assert "export" in member_menu  # the record is theirs to read, and so to take away
    await offline_bot.send(ADMIN_ID, f"/revoke {MEMBER_ID}")
    assert scoped_commands(offline_bot, MEMBER_ID) is None  # back to the default: /start


async def test_invite_link_lets_one_person_in_once_and_is_stored_hashed(
    offline_bot: OfflineBot,
) -> None:
    await offline_bot.send(ADMIN_ID, "/invite")
    reply = offline_bot.request.texts(ADMIN_ID)[-1]
    match = re.search(r"https://t\.me/OnRecordTestBot\?start=([A-Za-z0-9_-]+)", reply)
    assert match, reply
    token = match.group(1)
    settings = offline_bot.services.settings
    if settings.database_url is None:  # every byte of the SQLite file and its journal
        db_bytes = b"".join(
            p.read_bytes() for p in settings.database_path.parent.glob("*") if p.is_file()
        )
    else:  # every value of the invites table on PostgreSQL
        rows = await offline_bot.services.db.executor.fetchall("SELECT * FROM invites")
        db_bytes = repr([values(r) for r in rows]).encode()
    assert token.encode() not in db_bytes
    assert hashlib.sha256(token.encode()).hexdigest().encode() in db_bytes

    await offline_bot.send(STRANGER_ID, f"/start {token}")
    assert "Welcome" in offline_bot.request.texts(STRANGER_ID)[-2]
    assert scoped_commands(offline_bot, STRANGER_ID) is not None
    await offline_bot.send(STRANGER_ID, "/china")
    assert "Nothing on record yet" in offline_bot.request.texts(STRANGER_ID)[-1]

    other = 3003
    await offline_bot.send(other, f"/start {token}")
    assert "already used" in offline_bot.request.texts(other)[-1]
    await offline_bot.send(other, "/china")
    assert "private bot" in offline_bot.request.texts(other)[-1]


async def test_expired_or_made_up_invite_lets_nobody_in(offline_bot: OfflineBot) -> None:
    invite = await create_invite(offline_bot.services, ADMIN_ID, ttl=timedelta(seconds=-1))
    await offline_bot.send(STRANGER_ID, f"/start {invite.token}")
    assert "expired" in offline_bot.request.texts(STRANGER_ID)[-1]
    for payload in ("A" * 24, "<b>x</b>", "%00%00"):
        await offline_bot.send(STRANGER_ID, f"/start {payload}")
        assert "not valid" in offline_bot.request.texts(STRANGER_ID)[-1]
    await offline_bot.send(STRANGER_ID, "/iran")
    assert "private bot" in offline_bot.request.texts(STRANGER_ID)[-1]
    assert not await offline_bot.services.db.access.is_member(STRANGER_ID)


async def test_allowed_member_uses_the_bot_until_revoked(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    assert f"{MEMBER_ID}</code> is now a member" in offline_bot.request.texts(ADMIN_ID)[-1]
    await offline_bot.send(MEMBER_ID, seed_text)
    assert "Dmitry Peskov" in offline_bot.request.texts(MEMBER_ID)[-1]
    await offline_bot.send(ADMIN_ID, "/members")
    assert str(MEMBER_ID) in offline_bot.request.texts(ADMIN_ID)[-1]

    await offline_bot.send(MEMBER_ID, "/subscribe iran")
    await offline_bot.send(ADMIN_ID, f"/revoke {MEMBER_ID}")
    assert "no longer a member" in offline_bot.request.texts(ADMIN_ID)[-1]
    assert await offline_bot.services.db.chats.subscriptions(MEMBER_ID) == []  # no more alerts
    await offline_bot.send(MEMBER_ID, "/iran")
    last = offline_bot.request.texts(MEMBER_ID)[-1]
    assert "private bot" in last and "Peskov" not in last


async def test_members_cannot_run_admin_commands(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    for command in ("/allow 4242", "/revoke 1001", "/invite", "/members", "/keep"):
        await offline_bot.send(MEMBER_ID, command)
        assert offline_bot.request.texts(MEMBER_ID)[-1] == "That command is for admins."
    assert not await offline_bot.services.db.access.is_member(4242)
    assert offline_bot.request.sent("sendDocument") == []


async def test_admin_commands_with_wrong_arguments_answer_with_usage(
    offline_bot: OfflineBot,
) -> None:
    for command in ("/allow", "/allow bob", "/allow 1 2", "/revoke", "/revoke -5"):
        await offline_bot.send(ADMIN_ID, command)
        assert offline_bot.request.texts(ADMIN_ID)[-1].startswith("Usage: /"), command
    await offline_bot.send(ADMIN_ID, f"/revoke {ADMIN_ID}")
    assert "admin" in offline_bot.request.texts(ADMIN_ID)[-1]
    await offline_bot.send(ADMIN_ID, "/revoke 777")
    assert "was not a member" in offline_bot.request.texts(ADMIN_ID)[-1]


async def test_invite_links_are_only_made_in_private(offline_bot: OfflineBot) -> None:
    from tests.integration.trustkit import GROUP_ID, bot_added

    await offline_bot.app.process_update(bot_added(offline_bot.app.bot, ADMIN_ID))
    await offline_bot.app.process_update(
        message(offline_bot.app.bot, ADMIN_ID, "/invite", chat_id=GROUP_ID, kind="supergroup")
    )
    reply = offline_bot.request.texts(GROUP_ID)[-1]
    assert "private chat" in reply and "t.me" not in reply


async def test_access_open_lets_anyone_use_it_but_not_the_admin_commands(
    tmp_path: Path, extractor: Extractor
) -> None:
    async with running_bot(tmp_path, extractor, access="open") as bot:
        assert {"iran", "help"} <= default_commands(bot)
        assert "invite" not in default_commands(bot)
        await bot.send(STRANGER_ID, "/china")
        assert "Nothing on record yet" in bot.request.texts(STRANGER_ID)[-1]
        await bot.send(STRANGER_ID, "/members")
        assert bot.request.texts(STRANGER_ID)[-1] == "That command is for admins."


async def test_help_lists_admin_commands_to_admins_only(offline_bot: OfflineBot) -> None:
    await offline_bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
    await offline_bot.send(MEMBER_ID, "/help")
    member_help = "\n".join(offline_bot.request.texts(MEMBER_ID))  # /help may be split
    assert "/iran" in member_help and "/forget_me" in member_help
    assert "/invite" not in member_help and "/revoke" not in member_help
    before = len(offline_bot.request.texts(ADMIN_ID))
    await offline_bot.send(ADMIN_ID, "/help")
    assert "/invite" in "\n".join(offline_bot.request.texts(ADMIN_ID)[before:])


async def test_two_people_racing_for_one_invite_let_one_in(offline_bot: OfflineBot) -> None:
    import asyncio

    from services.access import redeem_invite

    invite = await create_invite(offline_bot.services, ADMIN_ID)
    results = await asyncio.gather(
        *(redeem_invite(offline_bot.services, invite.token, 5000 + n) for n in range(5))
    )
    assert sorted(results) == ["ok", "used", "used", "used", "used"]
    assert len(await offline_bot.services.db.access.members()) == 1


async def test_switching_from_open_to_private_ends_strangers_alerts(
    tmp_path: Path, extractor: Extractor
) -> None:
    async with running_bot(tmp_path, extractor, access="open") as bot:
        await bot.send(STRANGER_ID, "/subscribe iran")
        await bot.send(ADMIN_ID, "/subscribe iran")
        assert await bot.services.db.chats.subscriptions(STRANGER_ID) == ["iran"]
    async with running_bot(tmp_path, extractor) as bot:  # same database, ACCESS=private
        assert await bot.services.db.chats.subscriptions(STRANGER_ID) == []
        assert await bot.services.db.chats.subscriptions(ADMIN_ID) == ["iran"]


async def test_a_member_may_export_the_shared_record_once_a_minute(
    tmp_path: Path, extractor: Extractor, seed_text: str
) -> None:
    async with running_bot(tmp_path, extractor) as bot:
        await bot.send(ADMIN_ID, seed_text)  # the admin's article: the record is shared
        await bot.send(ADMIN_ID, f"/allow {MEMBER_ID}")
        await bot.send(MEMBER_ID, "/export")
        [sent] = bot.request.sent("sendDocument")
        assert int(sent["chat_id"]) == MEMBER_ID and "statements" in sent["caption"]
        [(name, data)] = [
            (n, c)
            for n, c in bot.request.files  # type: ignore[attr-defined]
            if str(n).startswith("onrecord-")
        ]
        assert name.endswith(".csv") and b"Dmitry Peskov" in data
        await bot.send(MEMBER_ID, "/export iran")
        assert "try again in" in bot.request.texts(MEMBER_ID)[-1]
        assert len(bot.request.sent("sendDocument")) == 1
        await bot.send(STRANGER_ID, "/export")
        assert "private bot" in bot.request.texts(STRANGER_ID)[-1]
        assert len(bot.request.sent("sendDocument")) == 1
