"""The fake Bot API, driven by real python-telegram-bot over real HTTP: it must speak the
Bot API well enough for PTB 22, and be as strict as Telegram where a bot can get it wrong."""

from __future__ import annotations

import asyncio
import datetime as dtm
import struct
import time
import zlib
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
import pytest_asyncio
from telegram import (
    Bot,
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    MessageOriginChannel,
    ReplyParameters,
)
from telegram.error import BadRequest, Conflict, Forbidden, RetryAfter

from tests.e2e.harness import BOT_ID, BOT_TOKEN, FakeTelegram

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.timeout(60),
    # reading RetryAfter.retry_after (an int until PTB opts into timedelta) warns in PTB 22
    pytest.mark.filterwarnings("ignore:.*retry_after.*:telegram.warnings.PTBDeprecationWarning"),
]

USER = 4242
OTHER_USER = 4343
CHANNEL = {
    "id": -1001234567890,
    "type": "channel",
    "title": "Kremlin Watch",
    "username": "kremlinwatch",
}


@pytest_asyncio.fixture(loop_scope="function")
async def bot(fake: FakeTelegram) -> AsyncIterator[Bot]:
    async with Bot(BOT_TOKEN, base_url=fake.api_base) as ptb_bot:
        yield ptb_bot


def seconds(value: Any) -> float:
    """RetryAfter.retry_after is an int or a timedelta depending on PTB settings."""
    return value.total_seconds() if isinstance(value, dtm.timedelta) else float(value)


def png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


async def test_get_me_is_a_bot_whose_id_comes_from_the_token(bot: Bot) -> None:
    me = await bot.get_me()
    assert me.is_bot is True
    assert me.id == BOT_ID
    assert me.username


async def test_send_message_parses_html_into_text_and_entities(
    bot: Bot, fake: FakeTelegram
) -> None:
    message = await bot.send_message(USER, "<b>Peskov</b> &amp; <i>co</i> &lt;3", parse_mode="HTML")
    assert message.text == "Peskov & co <3"
    assert [(e.type, e.offset, e.length) for e in message.entities] == [
        ("bold", 0, 6),
        ("italic", 9, 2),
    ]
    assert message.from_user is not None and message.from_user.id == BOT_ID
    assert abs((message.date - dtm.datetime.now(dtm.UTC)).total_seconds()) < 60
    [record] = fake.sent(USER)
    assert record["method"] == "sendMessage"
    assert record["message_id"] == message.message_id
    assert record["text"] == "Peskov & co <3"
    assert record["params"]["text"] == "<b>Peskov</b> &amp; <i>co</i> &lt;3"


@pytest.mark.parametrize(
    "html",
    [
        "<b>unclosed",
        "<b>crossed <i>tags</b></i>",
        "a < b",
        "AT&T",
        "line<br>break",
        "<p>paragraph</p>",
        "<span>no spoiler class</span>",
        "stray </b> end tag",
    ],
)
async def test_html_telegram_cannot_parse_is_rejected(
    bot: Bot, fake: FakeTelegram, html: str
) -> None:
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.send_message(USER, html, parse_mode="HTML")
    assert fake.sent(USER) == []


async def test_all_allowed_tags_are_accepted(bot: Bot) -> None:
    html = (
        "<b>b</b><strong>s</strong><i>i</i><em>e</em><u>u</u><ins>n</ins><s>s</s>"
        '<strike>k</strike><del>d</del><a href="https://example.org/?a=1&amp;b=2">a</a>'
        '<code>c</code><pre><code class="language-python">p</code></pre>'
        '<span class="tg-spoiler">x</span><tg-spoiler>y</tg-spoiler>'
        '<blockquote>q</blockquote><tg-emoji emoji-id="5368324170671202286">👍</tg-emoji>'
        "&#x1F600;&#39;&quot;&gt;"
    )
    message = await bot.send_message(USER, html, parse_mode="HTML")
    assert message.text.endswith("\U0001f600'\">")
    link = next(e for e in message.entities if e.type == "text_link")
    assert link.url == "https://example.org/?a=1&b=2"


async def test_plain_text_is_not_parsed(bot: Bot) -> None:
    message = await bot.send_message(USER, "AT&T <b>", parse_mode=None)
    assert message.text == "AT&T <b>"


async def test_text_limit_is_4096_characters_after_parsing(bot: Bot) -> None:
    ok = await bot.send_message(USER, "<b>" + "я" * 4096 + "</b>", parse_mode="HTML")
    assert len(ok.text) == 4096
    with pytest.raises(BadRequest, match="too long"):
        await bot.send_message(USER, "x" * 4097)
    with pytest.raises(BadRequest, match="empty"):
        await bot.send_message(USER, "<b> </b>", parse_mode="HTML")


async def test_caption_limit_is_1024(bot: Bot) -> None:
    with pytest.raises(BadRequest, match="caption is too long"):
        await bot.send_document(USER, b"data", filename="a.txt", caption="c" * 1025)
    message = await bot.send_document(USER, b"data", filename="a.txt", caption="c" * 1024)
    assert message.caption == "c" * 1024


async def test_message_ids_increase_per_chat(bot: Bot, fake: FakeTelegram) -> None:
    fake.send_text(USER, "hello")  # the user's message takes id 1 in that chat
    first = await bot.send_message(USER, "one")
    second = await bot.send_message(USER, "two")
    elsewhere = await bot.send_message(OTHER_USER, "one")
    assert (first.message_id, second.message_id) == (2, 3)
    assert elsewhere.message_id == 1


async def test_reply_needs_an_existing_message(bot: Bot, fake: FakeTelegram) -> None:
    update = fake.send_text(USER, "original")
    user_message_id = update["message"]["message_id"]
    reply = await bot.send_message(
        USER, "reply", reply_parameters=ReplyParameters(message_id=user_message_id)
    )
    assert reply.reply_to_message is not None
    assert reply.reply_to_message.text == "original"
    with pytest.raises(BadRequest, match="replied not found"):
        await bot.send_message(USER, "reply", reply_parameters=ReplyParameters(message_id=999))
    lenient = await bot.send_message(
        USER,
        "reply",
        reply_parameters=ReplyParameters(message_id=999, allow_sending_without_reply=True),
    )
    assert lenient.reply_to_message is None


async def test_long_poll_waits_for_timeout_when_nothing_arrives(bot: Bot) -> None:
    started = time.monotonic()
    updates = await bot.get_updates(timeout=1)
    assert updates == ()
    assert time.monotonic() - started >= 0.9


async def test_long_poll_returns_as_soon_as_an_update_arrives(bot: Bot, fake: FakeTelegram) -> None:
    started = time.monotonic()
    poll = asyncio.create_task(bot.get_updates(timeout=20))
    await fake.await_until(lambda: fake.state()["waiting_pollers"] == 1, what="the poller")
    fake.send_text(USER, "wake up")
    updates = await asyncio.wait_for(poll, timeout=5)
    assert [u.message.text for u in updates] == ["wake up"]
    assert time.monotonic() - started < 5


async def test_updates_stay_until_confirmed_by_offset(bot: Bot, fake: FakeTelegram) -> None:
    ids = [fake.send_text(USER, f"m{i}")["update_id"] for i in range(3)]
    assert ids == sorted(ids) and len(set(ids)) == 3

    first = await bot.get_updates(timeout=0)
    again = await bot.get_updates(timeout=0)
    assert [u.update_id for u in first] == ids
    assert [u.update_id for u in again] == ids  # not confirmed yet

    limited = await bot.get_updates(offset=ids[1], limit=1, timeout=0)
    assert [u.update_id for u in limited] == [ids[1]]  # ids[0] is now confirmed and gone
    rest = await bot.get_updates(timeout=0)
    assert [u.update_id for u in rest] == ids[1:]

    assert await bot.get_updates(offset=ids[-1] + 1, timeout=0) == ()
    assert fake.pending_updates() == []


async def test_negative_offset_keeps_only_the_newest_updates(bot: Bot, fake: FakeTelegram) -> None:
    ids = [fake.send_text(USER, f"m{i}")["update_id"] for i in range(4)]
    updates = await bot.get_updates(offset=-2, timeout=0)
    assert [u.update_id for u in updates] == ids[-2:]
    assert [u["update_id"] for u in fake.pending_updates()] == ids[-2:]


async def test_allowed_updates_filters_update_types(bot: Bot, fake: FakeTelegram) -> None:
    fake.send_text(USER, "text")
    fake.inject({"channel_post": {"chat": CHANNEL, "text": "post"}})
    updates = await bot.get_updates(timeout=0, allowed_updates=["channel_post"])
    assert [u.channel_post.text for u in updates] == ["post"]


async def test_second_poller_terminates_the_first_with_conflict(
    bot: Bot, fake: FakeTelegram
) -> None:
    first = asyncio.create_task(bot.get_updates(timeout=10))
    await fake.await_until(lambda: fake.state()["waiting_pollers"] == 1, what="the poller")
    async with Bot(BOT_TOKEN, base_url=fake.api_base) as second_instance:
        second = asyncio.create_task(second_instance.get_updates(timeout=1))
        with pytest.raises(Conflict, match="only one bot instance"):
            await asyncio.wait_for(first, timeout=5)
        assert await second == ()


async def test_injected_channel_post_arrives_as_an_update(bot: Bot, fake: FakeTelegram) -> None:
    injected = fake.inject({"channel_post": {"chat": CHANNEL, "text": "Peskov said so."}})
    [update] = await bot.get_updates(timeout=0)
    assert update.update_id == injected["update_id"]
    assert update.channel_post is not None
    assert update.channel_post.text == "Peskov said so."
    assert update.channel_post.chat.type == "channel"
    assert update.channel_post.message_id == 1
    assert update.effective_chat is not None and update.effective_chat.id == CHANNEL["id"]


async def test_forwarded_message_keeps_its_forward_origin(bot: Bot, fake: FakeTelegram) -> None:
    origin = {"type": "channel", "chat": CHANNEL, "message_id": 77, "date": 1_700_000_000}
    fake.send_text(USER, "Article text", forward_origin=origin)
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert isinstance(update.message.forward_origin, MessageOriginChannel)
    assert update.message.forward_origin.chat.title == "Kremlin Watch"
    assert update.message.from_user is not None and update.message.from_user.id == USER


async def test_commands_carry_a_bot_command_entity(bot: Bot, fake: FakeTelegram) -> None:
    fake.send_text(USER, "/subscribe iran")
    [update] = await bot.get_updates(timeout=0)
    assert update.message is not None
    assert update.message.entities[0].type == "bot_command"
    assert update.message.parse_entity(update.message.entities[0]) == "/subscribe"


async def test_my_chat_member_and_edited_message_parse(bot: Bot, fake: FakeTelegram) -> None:
    me = {"id": BOT_ID, "is_bot": True, "first_name": "Bot"}
    fake.inject(
        {
            "my_chat_member": {
                "chat": CHANNEL,
                "from": {"id": USER, "is_bot": False, "first_name": "Ann"},
                "old_chat_member": {"status": "left", "user": me},
                "new_chat_member": {"status": "member", "user": me},
            }
        }
    )
    sent = fake.send_text(USER, "typo")
    fake.inject(
        {
            "edited_message": {
                **sent["message"],
                "text": "fixed",
            }
        }
    )
    member_update, _, edited = await bot.get_updates(timeout=0)
    assert member_update.my_chat_member is not None
    assert member_update.my_chat_member.new_chat_member.status == "member"
    assert edited.edited_message is not None and edited.edited_message.text == "fixed"


async def test_callback_query_has_chat_instance_and_message(bot: Bot, fake: FakeTelegram) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("More", callback_data="page:2")]])
    shown = await bot.send_message(USER, "page 1", reply_markup=markup)
    assert shown.reply_markup == markup
    fake.press_button(USER, "page:2", message_id=shown.message_id)
    [update] = await bot.get_updates(timeout=0)
    query = update.callback_query
    assert query is not None and query.data == "page:2"
    assert query.chat_instance
    assert query.message is not None and query.message.message_id == shown.message_id
    assert await query.answer("ok") is True
    with pytest.raises(BadRequest, match=r"(?i)query ID is invalid"):
        await query.answer("again")


async def test_callback_data_over_64_bytes_is_rejected(bot: Bot) -> None:
    markup = InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data="d" * 65)]])
    with pytest.raises(BadRequest, match=r"(?i)BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "x", reply_markup=markup)


async def test_edit_message_text_returns_and_records_the_edit(bot: Bot, fake: FakeTelegram) -> None:
    sent = await bot.send_message(USER, "Analysing…")
    edited = await bot.edit_message_text(
        "<b>Digest</b>: Peskov", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
    )
    assert not isinstance(edited, bool)
    assert edited.message_id == sent.message_id
    assert edited.text == "Digest: Peskov"
    assert edited.edit_date is not None
    assert [(r["kind"], r["text"]) for r in fake.sent(USER)] == [
        ("send", "Analysing…"),
        ("edit", "Digest: Peskov"),
    ]
    [current] = fake.messages(USER)
    assert current["message"]["text"] == "Digest: Peskov"
    assert [e["text"] for e in current["edits"]] == ["Analysing…"]

    with pytest.raises(BadRequest, match="not modified"):
        await bot.edit_message_text(
            "<b>Digest</b>: Peskov", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
        )
    with pytest.raises(BadRequest, match="to edit not found"):
        await bot.edit_message_text("x", chat_id=USER, message_id=999)
    with pytest.raises(BadRequest, match="parse entities"):
        await bot.edit_message_text(
            "<b>bad", chat_id=USER, message_id=sent.message_id, parse_mode="HTML"
        )


async def test_user_messages_cannot_be_edited_by_the_bot(bot: Bot, fake: FakeTelegram) -> None:
    update = fake.send_text(USER, "mine")
    with pytest.raises(BadRequest, match="can't be edited"):
        await bot.edit_message_text("x", chat_id=USER, message_id=update["message"]["message_id"])


async def test_send_document_reads_multipart(bot: Bot, fake: FakeTelegram) -> None:
    payload = b"id,speaker\n1,Dmitry Peskov\n" * 100
    message = await bot.send_document(
        USER, payload, filename="export.csv", caption="<i>export</i>", parse_mode="HTML"
    )
    assert message.document is not None
    assert message.document.file_name == "export.csv"
    assert message.document.file_size == len(payload)
    assert message.caption == "export"
    [record] = fake.sent(USER)
    assert record["method"] == "sendDocument"
    assert record["file"]["filename"] == "export.csv"
    assert record["file"]["bytes"] == len(payload)
    again = await bot.send_document(OTHER_USER, message.document.file_id)
    assert again.document is not None and again.document.file_size == len(payload)


async def test_send_photo_needs_an_image(bot: Bot, fake: FakeTelegram) -> None:
    image = png(3, 2)
    message = await bot.send_photo(USER, image, filename="chart.png")
    assert message.photo and (message.photo[-1].width, message.photo[-1].height) == (3, 2)
    assert fake.sent(USER)[0]["file"]["bytes"] == len(image)
    with pytest.raises(BadRequest, match=r"(?i)IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER, b"not an image", filename="x.png")
    with pytest.raises(BadRequest, match="non-empty"):
        await bot.send_document(USER, b"", filename="empty.txt")


async def test_a_users_document_downloads_through_get_file(fake: FakeTelegram) -> None:
    content = "MOSCOW — Peskov said: “No.”\n".encode()
    fake.send_document(USER, "article.txt", content, caption="from TASS")
    async with Bot(BOT_TOKEN, base_url=fake.api_base, base_file_url=fake.file_base) as bot:
        [update] = await bot.get_updates(timeout=0)
        assert update.message is not None and update.message.document is not None
        assert update.message.document.file_name == "article.txt"
        assert update.message.caption == "from TASS"
        file = await update.message.document.get_file()
        assert bytes(await file.download_as_bytearray()) == content


async def test_strict_chats_refuse_chats_the_bot_never_met(bot: Bot, fake: FakeTelegram) -> None:
    fake.strict_chats()
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(OTHER_USER, "hello?")
    fake.send_text(USER, "hi")
    assert await bot.send_message(USER, "hello!")


async def test_commands_and_descriptions(bot: Bot, fake: FakeTelegram) -> None:
    commands = [BotCommand("iran", "Statements on Iran"), BotCommand("help", "Help")]
    assert await bot.set_my_commands(commands) is True
    assert await bot.get_my_commands() == tuple(commands)
    with pytest.raises(BadRequest, match=r"(?i)BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand("Iran-News", "bad name")])
    assert await bot.delete_my_commands() is True
    assert await bot.get_my_commands() == ()

    assert await bot.set_my_description("Who said what") is True
    assert (await bot.get_my_description()).description == "Who said what"
    assert await bot.set_my_short_description("Quotes") is True
    with pytest.raises(BadRequest):
        await bot.set_my_short_description("x" * 121)
    assert await bot.send_chat_action(USER, "typing") is True
    with pytest.raises(BadRequest):
        await bot.send_chat_action(USER, "dancing")
    assert [c["method"] for c in fake.calls(method="setMyCommands")] == ["setMyCommands"] * 2


async def test_chat_info_membership_and_leaving(bot: Bot, fake: FakeTelegram) -> None:
    fake.send_text(USER, "hi", first_name="Ann")
    chat = await bot.get_chat(USER)
    assert (chat.id, chat.type, chat.first_name) == (USER, "private", "Ann")
    member = await bot.get_chat_member(USER, USER)
    assert member.status == "member" and member.user.id == USER
    fake.inject({"channel_post": {"chat": CHANNEL, "text": "post"}})
    assert await bot.leave_chat(CHANNEL["id"]) is True
    with pytest.raises(Forbidden, match="not a member"):
        await bot.send_message(CHANNEL["id"], "still here?")
    with pytest.raises(BadRequest, match="private"):
        await bot.leave_chat(USER)


async def test_unknown_method_is_a_telegram_404(fake: FakeTelegram) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(f"{fake.api_base}{BOT_TOKEN}/sendTelepathy", json={})
        unauthorized = await client.post(f"{fake.api_base}not-a-token/getMe")
    assert response.status_code == 404
    assert response.json() == {"ok": False, "error_code": 404, "description": "Not Found"}
    assert unauthorized.status_code == 401


async def test_method_names_are_case_insensitive_and_json_bodies_work(
    fake: FakeTelegram,
) -> None:
    async with httpx.AsyncClient() as client:
        response = await client.post(
            f"{fake.api_base}{BOT_TOKEN}/SENDMESSAGE", json={"chat_id": str(USER), "text": "hi"}
        )
    assert response.json()["result"]["chat"]["id"] == USER


async def test_injected_429_raises_retry_after_and_the_window_is_enforced(
    bot: Bot, fake: FakeTelegram
) -> None:
    fake.fail_next(USER, 1, 429, retry_after=1)
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(USER, "first")
    assert seconds(caught.value.retry_after) == 1
    with pytest.raises(RetryAfter):
        await bot.send_message(USER, "too soon")  # inside the window: still flooded
    assert await bot.send_message(OTHER_USER, "other chats are fine")
    await asyncio.sleep(1.1)
    assert (await bot.send_message(USER, "after waiting")).text == "after waiting"
    calls = fake.calls(method="sendMessage")
    assert [c.get("injected_fault") for c in calls][:1] == [429]
    assert [c.get("flood_violation", False) for c in calls] == [False, True, False, False]
    assert [r["text"] for r in fake.sent(USER)] == ["after waiting"]


async def test_global_429_applies_to_every_chat(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next(None, 1, 429, retry_after=5, enforce=False)
    with pytest.raises(RetryAfter):
        await bot.send_message(OTHER_USER, "x")
    assert await bot.send_message(USER, "y")


async def test_injected_403_raises_forbidden_for_n_sends(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next(USER, 2, 403)
    for _ in range(2):
        with pytest.raises(Forbidden, match="blocked by the user"):
            await bot.send_message(USER, "x")
    assert (await bot.send_message(USER, "third")).text == "third"


async def test_blocked_chat_refuses_everything_until_unblocked(
    bot: Bot, fake: FakeTelegram
) -> None:
    sent = await bot.send_message(USER, "before")
    fake.block(USER)
    with pytest.raises(Forbidden):
        await bot.send_message(USER, "x")
    with pytest.raises(Forbidden):
        await bot.edit_message_text("y", chat_id=USER, message_id=sent.message_id)
    fake.block(USER, blocked=False)
    assert await bot.send_message(USER, "after")


async def test_injected_400_raises_bad_request(bot: Bot, fake: FakeTelegram) -> None:
    fake.fail_next(USER, 1, 400, description="Bad Request: chat not found")
    with pytest.raises(BadRequest, match=r"(?i)chat not found"):
        await bot.send_message(USER, "x")


async def test_rate_limits_refuse_bursts_over_the_global_limit(
    bot: Bot, fake: FakeTelegram
) -> None:
    fake.rate_limits(global_per_second=5)
    results = await asyncio.gather(
        *(bot.send_message(USER + i, "burst") for i in range(10)), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, RetryAfter)]
    assert refused, "ten sends in well under a second, none refused"
    assert all(isinstance(r, RetryAfter) or r.text == "burst" for r in results)
    assert len(fake.sent()) == 10 - len(refused) >= 5
    assert len(fake.violations()) == len(refused)


async def test_rate_limits_cap_a_group_per_minute(bot: Bot, fake: FakeTelegram) -> None:
    group = -100555
    fake.rate_limits(group_per_minute=3)
    for _ in range(3):
        await bot.send_message(group, "ok")
    with pytest.raises(RetryAfter) as caught:
        await bot.send_message(group, "fourth")
    assert 1 <= seconds(caught.value.retry_after) <= 60
    assert await bot.send_message(USER, "private chats are not capped per minute")


async def test_held_send_is_delivered_but_unanswered_until_released(
    bot: Bot, fake: FakeTelegram
) -> None:
    fake.hold(2)
    await bot.send_message(USER, "one")
    second = asyncio.create_task(bot.send_message(USER, "two", read_timeout=30))
    [held] = await fake.await_until(fake.held, what="the held send")
    assert (held["method"], held["chat_id"], held["processed"]) == ("sendMessage", USER, True)
    assert [r["text"] for r in fake.sent(USER)] == ["one", "two"]  # Telegram has it already
    await asyncio.sleep(0.3)
    assert not second.done()
    assert fake.release() == 1
    message = await asyncio.wait_for(second, timeout=5)
    assert message.text == "two"
    assert fake.held() == []


async def test_hold_before_processing_delivers_only_on_release(
    bot: Bot, fake: FakeTelegram
) -> None:
    fake.hold(1, chat_id=OTHER_USER, mode="before")
    await bot.send_message(USER, "not counted: other chat")
    pending = asyncio.create_task(bot.send_message(OTHER_USER, "later", read_timeout=30))
    await fake.await_until(fake.held, what="the held send")
    assert fake.sent(OTHER_USER) == []
    fake.release()
    assert (await asyncio.wait_for(pending, timeout=5)).text == "later"
    assert [r["text"] for r in fake.sent(OTHER_USER)] == ["later"]


async def test_held_request_notices_the_client_going_away(bot: Bot, fake: FakeTelegram) -> None:
    fake.hold(1)
    async with httpx.AsyncClient() as client:
        request = asyncio.create_task(
            client.post(
                f"{fake.api_base}{BOT_TOKEN}/sendMessage", json={"chat_id": USER, "text": "x"}
            )
        )
        await fake.await_until(fake.held, what="the held send")
        request.cancel()
    await fake.await_until(
        lambda: all(h["client_closed"] for h in fake.held()), what="client_closed"
    )
    assert [r["text"] for r in fake.sent(USER)] == ["x"]


async def test_reset_forgets_chats_and_records(bot: Bot, fake: FakeTelegram) -> None:
    await bot.send_message(USER, "x")
    fake.send_text(USER, "y")
    fake.reset()
    assert fake.sent() == []
    assert fake.pending_updates() == []
    assert (await bot.send_message(USER, "fresh")).message_id == 1
