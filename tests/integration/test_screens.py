"""Every screen that shows statements fits a phone and carries ✏️: "More" pages under a
digest, /show_ID and search results; a fix redraws the screen it was pressed under."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from telegram.ext import Application

from extraction import Extractor
from handlers.common import SERVICES_KEY
from handlers.format import html_to_plain
from handlers.format_digest import screen_lines
from tests.integration.conftest import ADMIN_ID, OfflineBot, running_bot
from tests.integration.offline import BOT_USER, RecordingRequest
from tests.integration.trustkit import callback, message, raw_message

NUMBERED = re.compile(r"^(\d+)\. ", re.MULTILINE)
STRANGER_ID = 4242
SHOWING = ("sendMessage", "editMessageText")
GOLDEN = Path(__file__).parent.parent / "golden"


def screen(bot: OfflineBot, message_id: int) -> tuple[str, dict[str, Any] | None]:
    """The HTML and keyboard the user sees now in message `message_id`."""
    found: tuple[str, dict[str, Any] | None] | None = None
    for call in bot.request.calls:
        params = call.params
        shown = int(params.get("message_id") or params.get("_message_id") or 0)
        if call.error is None and call.method in SHOWING and shown == message_id:
            markup = params.get("reply_markup")
            found = (params["text"], json.loads(markup) if isinstance(markup, str) else markup)
    assert found is not None, f"message {message_id} never shown"
    return found


def buttons(markup: dict[str, Any] | None) -> dict[str, str]:
    rows = markup["inline_keyboard"] if markup else []
    return {b["text"]: b["callback_data"] for row in rows for b in row}


async def press(bot: OfflineBot, data: str, message_id: int, user_id: int = ADMIN_ID) -> None:
    """Press a button under message `message_id`, which arrives as Telegram sends it: its
    text and keyboard."""
    text, markup = screen(bot, message_id)
    raw = raw_message(BOT_USER["id"], html_to_plain(text), chat_id=user_id)
    raw.update({"from": BOT_USER, "message_id": message_id})
    if markup:
        raw["reply_markup"] = markup
    await bot.app.process_update(callback(bot.app.bot, user_id, data, raw))


def digest_id(bot: OfflineBot) -> int:
    return int(bot.request.sent("editMessageText")[0]["message_id"])


def answers(bot: OfflineBot) -> list[str]:
    return [str(p.get("text", "")) for p in bot.request.sent("answerCallbackQuery")]


def last_sent_id(bot: OfflineBot) -> int:
    return int(bot.request.sent()[-1]["_message_id"])


async def test_more_pages_through_every_statement_in_the_digest_message(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest = digest_id(offline_bot)
    text, markup = screen(offline_bot, digest)
    shown = len(NUMBERED.findall(html_to_plain(text)))
    stored = len(await offline_bot.services.db.statements.statements_of_article(1))
    labels = buttons(markup)
    assert f"More ({stored - shown})" in labels
    assert len(labels) <= 8

    seen: list[int] = []
    data: str | None = labels[f"More ({stored - shown})"]
    pages = 0
    while data is not None:
        await press(offline_bot, data, digest)
        text, markup = screen(offline_bot, digest)
        plain = html_to_plain(text)
        pages += 1
        assert screen_lines(text) <= 15, plain
        assert len(plain) <= 700, plain
        numbers = [int(n) for n in NUMBERED.findall(plain)]
        seen.extend(numbers)
        labels = buttons(markup)
        assert len(labels) <= 8
        assert [label for label in labels if label.startswith("✏️")] == [f"✏️ {n}" for n in numbers]
        assert plain.startswith(f"📋 All {stored} statements · page {pages} of ")
        data = labels.get("▶")
    assert seen == list(range(1, stored + 1))
    assert pages > 1
    # Back one page with ◀, in the same message.
    await press(offline_bot, buttons(markup)["◀"], digest)
    assert f"page {pages - 1} of {pages}" in screen(offline_bot, digest)[0]
    assert len(offline_bot.request.sent()) == 1  # "Analysing…" only: every page was an edit


async def test_forged_page_buttons_get_a_short_refusal(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest = digest_id(offline_bot)
    before = screen(offline_bot, digest)
    edits = len(offline_bot.request.sent("editMessageText"))
    forged = ["dg:1", "dg:x:0", "dg:1:-1", "dg:2:0", "dg:1:0:0", "dg:" + "9" * 40 + ":0", "dg:1:²"]
    for data in forged:
        await press(offline_bot, data, digest)
    assert answers(offline_bot)[-len(forged) :] == ["That button is out of date."] * len(forged)
    assert len(offline_bot.request.sent("editMessageText")) == edits
    assert screen(offline_bot, digest) == before
    # A page of this article asked on a message that is not its digest is refused too.
    await offline_bot.send(ADMIN_ID, "/help")
    await press(offline_bot, "dg:1:0", last_sent_id(offline_bot))
    assert answers(offline_bot)[-1] == "That button is out of date."
    # A huge page number is read as the last page, not an error.
    await press(offline_bot, "dg:1:9999999", digest)
    assert "page" in screen(offline_bot, digest)[0]


async def test_a_stranger_cannot_page_a_digest(offline_bot: OfflineBot, seed_text: str) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest = digest_id(offline_bot)
    edits = len(offline_bot.request.sent("editMessageText"))
    await press(offline_bot, "dg:1:0", digest, user_id=STRANGER_ID)
    assert answers(offline_bot)[-1] == "Not allowed."
    assert len(offline_bot.request.sent("editMessageText")) == edits


async def test_a_speaker_fixed_on_a_page_shows_on_that_page(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest = digest_id(offline_bot)
    more = next(
        d for label, d in buttons(screen(offline_bot, digest)[1]).items() if "More" in label
    )
    await press(offline_bot, more, digest)
    await press(offline_bot, buttons(screen(offline_bot, digest)[1])["▶"], digest)
    text, markup = screen(offline_bot, digest)
    first = int(NUMBERED.findall(html_to_plain(text))[0])
    await press(offline_bot, buttons(markup)[f"✏️ {first}"], digest)
    menu = last_sent_id(offline_bot)
    statement_id = buttons(markup)[f"✏️ {first}"].split(":")[1]
    await press(offline_bot, f"fix:{statement_id}:type", menu)
    prompt = last_sent_id(offline_bot)
    await offline_bot.app.process_update(
        typed_reply(offline_bot, "Abbas Araghchi", prompt, f"Who said statement #{statement_id}?")
    )
    text, markup = screen(offline_bot, digest)
    line = next(line for line in html_to_plain(text).split("\n") if line.startswith(f"{first}. "))
    assert line.startswith(f"{first}. Abbas Araghchi")
    assert "page 2 of" in text and f"✏️ {first}" in buttons(markup)


def typed_reply(bot: OfflineBot, text: str, prompt_id: int, prompt_text: str) -> Any:
    """A member's reply to the bot's "Who said…?" prompt."""
    replied = raw_message(BOT_USER["id"], prompt_text, chat_id=ADMIN_ID)
    replied.update({"from": BOT_USER, "message_id": prompt_id})
    return message(bot.app.bot, ADMIN_ID, text, reply_to_message=replied)


async def test_a_fix_in_the_digest_redraws_its_numbered_line(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest = digest_id(offline_bot)
    text, markup = screen(offline_bot, digest)
    fix_two = buttons(markup)["✏️ 2"]
    statement_id = int(fix_two.split(":")[1])
    await press(offline_bot, fix_two, digest)
    await press(offline_bot, f"fix:{statement_id}:type", last_sent_id(offline_bot))
    prompt = last_sent_id(offline_bot)
    other = "Abbas Araghchi"
    await offline_bot.app.process_update(
        typed_reply(offline_bot, other, prompt, f"Who said statement #{statement_id}?")
    )
    after, after_markup = screen(offline_bot, digest)
    lines = html_to_plain(after).split("\n")
    assert next(line for line in lines if line.startswith("2. ")).startswith(f"2. {other}")
    others = [line for line in html_to_plain(text).split("\n") if not line.startswith("2. ")]
    assert [line for line in lines if not line.startswith("2. ")] == others
    assert buttons(after_markup) == buttons(markup)  # ✏️ and More still there

    await press(offline_bot, buttons(markup)["✏️ 3"], digest)
    third = int(buttons(markup)["✏️ 3"].split(":")[1])
    await press(offline_bot, f"fix:{third}:no", last_sent_id(offline_bot))
    lines = html_to_plain(screen(offline_bot, digest)[0]).split("\n")
    assert "3. removed from the record: not a statement" in lines


async def test_show_carries_a_fix_button_and_shows_the_fix(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    rows = await offline_bot.services.db.statements.statements_of_article(1)
    row = next(r for r in rows if r.positions)
    await offline_bot.send(ADMIN_ID, f"/show_{row.id}")
    shown = last_sent_id(offline_bot)
    text, markup = screen(offline_bot, shown)
    assert buttons(markup) == {"✏️ Fix": f"fix:{row.id}:m:s"}
    target = row.positions[0].target
    await press(offline_bot, f"fix:{row.id}:m:s", shown)
    menu = last_sent_id(offline_bot)
    new_side = "for" if row.positions[0].side == "against" else "against"
    await press(offline_bot, f"fix:{row.id}:ps:{target}:{new_side}", menu)
    after, _ = screen(offline_bot, shown)
    assert f"{new_side} " in after and "corrected by a member" in after
    assert "corrected by a member" not in text


async def test_a_side_fixed_under_show_redraws_the_digest_and_the_topic_page_above(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    digest = digest_id(offline_bot)
    text, markup = screen(offline_bot, digest)
    statement_id = int(buttons(markup)["✏️ 1"].split(":")[1])
    line = next(line for line in html_to_plain(text).split("\n") if line.startswith("1. "))
    assert "against military strikes on Iran" in line, text
    await offline_bot.send(ADMIN_ID, "/iran")
    topic_page = last_sent_id(offline_bot)
    assert f"/show_{statement_id}" in screen(offline_bot, topic_page)[0]
    await offline_bot.send(ADMIN_ID, f"/show_{statement_id}")
    shown = last_sent_id(offline_bot)
    await press(offline_bot, f"fix:{statement_id}:m:s", shown)
    await press(
        offline_bot, f"fix:{statement_id}:ps:iran.military_action:for", last_sent_id(offline_bot)
    )

    after, after_markup = screen(offline_bot, digest)
    lines = html_to_plain(after).split("\n")
    fixed = next(line for line in lines if line.startswith("1. "))
    assert "for military strikes on Iran" in fixed and "against" not in fixed, after
    assert [x for x in lines if not x.startswith("1. ")] == [
        x for x in html_to_plain(text).split("\n") if not x.startswith("1. ")
    ]
    assert buttons(after_markup) == buttons(markup)
    page = html_to_plain(screen(offline_bot, topic_page)[0])
    assert re.search(r"for: Dmitry Peskov \(1\) /show_\d+", page), page
    assert "corrected by a member" in screen(offline_bot, shown)[0]


async def test_search_results_carry_a_fix_button_per_numbered_hit(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "/search speaker:Peskov")
    found = last_sent_id(offline_bot)
    text, markup = screen(offline_bot, found)
    numbers = [int(n) for n in NUMBERED.findall(html_to_plain(text))]
    labels = buttons(markup)
    assert numbers and [label for label in labels if label.startswith("✏️")] == [
        f"✏️ {n}" for n in numbers
    ]
    assert len(labels) <= 8 and "More ▶" in labels
    first = labels[f"✏️ {numbers[0]}"]
    assert re.fullmatch(r"fix:\d+:m:q\.1\.0", first)
    await press(offline_bot, first, found)
    await press(offline_bot, f"fix:{first.split(':')[1]}:no", last_sent_id(offline_bot))
    after, _ = screen(offline_bot, found)
    total = int(re.search(r"— (\d+) statements", html_to_plain(text)).group(1))  # type: ignore[union-attr]
    assert f"— {total - 1} statements" in html_to_plain(after)


async def test_topic_pages_are_one_screen_each_and_who_stands_where_opens_the_first(
    offline_bot: OfflineBot, seed_text: str
) -> None:
    for name in ("telegram-forward-channel", "eu-summit-multi-speaker", "roles-and-flags"):
        await offline_bot.send(ADMIN_ID, (GOLDEN / f"{name}.txt").read_text(encoding="utf-8"))
    await offline_bot.send(ADMIN_ID, seed_text)
    await offline_bot.send(ADMIN_ID, "/ukraine")
    view = last_sent_id(offline_bot)
    text, markup = screen(offline_bot, view)
    total = int(re.search(r"(\d+) statements on record", text).group(1))  # type: ignore[union-attr]
    seen: list[str] = []
    page = 0
    data: str | None = "first"
    while data is not None:
        if page:
            await press(offline_bot, data, view)
            text, markup = screen(offline_bot, view)
        page += 1
        plain = html_to_plain(text)
        assert screen_lines(text) <= 15, plain  # lines as a phone 38 characters wide wraps them
        assert len(plain) <= 700, plain
        assert ("🎯" in plain or "side on record yet" in plain) == (page == 1), plain
        assert f"page {page} of " in plain
        seen.extend(re.findall(r"/show_\d+$", plain, re.MULTILINE))
        data = buttons(markup).get("Older ▶")
    assert page > 2
    assert len(seen) == len(set(seen)) == total  # every statement once, newest first
    assert list(buttons(markup)) == ["◀ Newer"]


async def test_a_topic_with_one_statement_says_one_statement(offline_bot: OfflineBot) -> None:
    article = (
        "Talks in Cairo\n\n"
        "CAIRO, July 2 (Reuters) - Senior Hamas official Basem Naim said on Wednesday that "
        "the Gaza ceasefire talks in Cairo had stalled because Israel refused to withdraw "
        "its forces from the Rafah crossing."
    )
    await offline_bot.send(ADMIN_ID, article)
    await offline_bot.send(ADMIN_ID, "/gaza")
    text, _ = screen(offline_bot, last_sent_id(offline_bot))
    plain = html_to_plain(text)
    assert "— 1 statement on record" in plain, plain
    assert "1 statements" not in plain


class ButtonsCheckingRequest(RecordingRequest):
    """Notes, as each edit that carries a digest's "More" reaches Telegram, whether its
    message is already on record as the article's digest: a quick press must find it."""

    def __init__(self) -> None:
        super().__init__()
        self.app: Application | None = None
        self.on_record_when_shown: list[bool] = []

    async def do_request(
        self, url: str, method: str, request_data: Any = None, *args: Any, **kw: Any
    ) -> tuple[int, bytes]:
        params = dict(request_data.parameters) if request_data else {}
        if url.endswith("/editMessageText") and "dg:" in str(params.get("reply_markup")):
            assert self.app is not None
            services = self.app.bot_data[SERVICES_KEY]
            found = await services.db.articles.article_for_digest(
                int(params["chat_id"]), int(params["message_id"])
            )
            self.on_record_when_shown.append(found is not None)
        return await super().do_request(url, method, request_data, *args, **kw)


async def test_a_digest_is_on_record_before_its_buttons_can_be_pressed(
    bot_database: str | Path, extractor: Extractor, seed_text: str
) -> None:
    request = ButtonsCheckingRequest()
    async with running_bot(bot_database, extractor, request) as bot:
        request.app = bot.app
        await bot.send(ADMIN_ID, seed_text)
        assert request.on_record_when_shown == [True]
        await press(bot, "dg:1:0", digest_id(bot))
        assert "page 1 of " in screen(bot, digest_id(bot))[0]
