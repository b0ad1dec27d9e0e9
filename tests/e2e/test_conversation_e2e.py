"""The conversation as a user meets it on a phone, through the fake Bot API: "typing…" at
once, then "Analysing…", then a digest that fits one screen; "More" paging in the same
message; a fix made under /show_ID changing the digest above it; a wire story's headline and
date its own, in the digest, /who and the topic's pages; and an answer to every command.

One bot for the module, on an empty database; the server is reset before each test, so
each test forwards what it needs (an article already on record is answered as such)."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    Record,
    bot_env,
    forwarded_from_channel,
    refused_calls,
    settled_replies,
)

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

WIRE_STORY = Path(__file__).parent / "stories" / "vienna-tehran-wire.txt"
WIDTH, LINES, CHARS = 38, 15, 700  # one phone screen
NUMBERED = re.compile(r"^(\d+)\. ", re.MULTILINE)


def phone_lines(text: str) -> int:
    """Lines `text` takes on a phone 38 characters wide."""
    return sum(max(1, -(-len(line) // WIDTH)) for line in text.split("\n"))


@pytest.fixture(scope="module")
def bot(
    fake_server: FakeTelegram, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BotProcess]:
    workdir = tmp_path_factory.mktemp("conversation-bot")
    process = BotProcess(fake_server, workdir, bot_env(fake_server, workdir / "db.sqlite3"))
    process.start()
    yield process
    fake_server.release()
    process.stop()


def message_now(fake: FakeTelegram, message_id: int) -> Record:
    """A bot message in the admin's chat as it stands now (edits applied)."""
    return next(
        m["message"] for m in fake.messages(ADMIN_ID) if m["message"]["message_id"] == message_id
    )


def buttons(message: Record) -> dict[str, str]:
    rows = (message.get("reply_markup") or {}).get("inline_keyboard", [])
    return {b["text"]: b.get("callback_data", "") for row in rows for b in row}


def forward(fake: FakeTelegram, bot: BotProcess, text: str, post: int) -> tuple[Record, float]:
    """Forward an article from a channel; its digest (the edited "Analysing…" message) and
    the seconds from the forward to the digest."""
    since = fake.last_call_seq()
    started = time.monotonic()
    fake.send_text(ADMIN_ID, text, forward_origin=forwarded_from_channel(post))
    bot.wait_for_sent(
        ADMIN_ID, lambda r: r["kind"] == "edit" and "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT
    )
    elapsed = time.monotonic() - started
    first = [c["method"] for c in fake.calls(since=since) if c["method"] != "getUpdates"]
    assert first[:2] == ["sendChatAction", "sendMessage"], first  # typing…, then Analysing…
    [digest] = [m["message"] for m in fake.messages(ADMIN_ID) if m["from_bot"]]
    return digest, elapsed


def assert_one_screen(text: str) -> None:
    assert phone_lines(text) <= LINES and len(text) <= CHARS, (phone_lines(text), len(text), text)


def command(fake: FakeTelegram, bot: BotProcess, text: str) -> Record:
    before = len(fake.messages(ADMIN_ID))
    fake.send_text(ADMIN_ID, text)
    fake.wait_until(lambda: len(fake.messages(ADMIN_ID)) >= before + 2, 15, f"an answer to {text}")
    return [m["message"] for m in fake.messages(ADMIN_ID) if m["from_bot"]][-1]


def test_the_seed_digest_fits_a_phone_pages_in_place_and_a_fix_under_show_edits_it(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    digest, elapsed = forward(fake, bot, SEED_ARTICLE.read_text(encoding="utf-8"), 701)
    text = digest["text"]
    assert_one_screen(text)
    assert text.startswith("📰 Kremlin spokesman Dmitry Peskov said"), text
    assert elapsed < ANALYSIS_TIMEOUT
    keys = buttons(digest)
    assert [k for k in keys if k.startswith("✏️")] == [f"✏️ {n}" for n in NUMBERED.findall(text)], (
        keys
    )
    fix_one = keys["✏️ 1"]
    statement_id = int(fix_one.split(":")[1])
    line_one = next(line for line in text.split("\n") if line.startswith("1. "))
    assert line_one.startswith("1. against military strikes on Iran"), text

    shown = command(fake, bot, f"/show_{statement_id}")
    assert buttons(shown) == {"✏️ Fix": f"fix:{statement_id}:m:s"}
    fake.press_button(ADMIN_ID, f"fix:{statement_id}:m:s", shown["message_id"])
    menu = fake.wait_until(
        lambda: next(
            (m for m in fake.messages(ADMIN_ID) if "What is wrong" in m["message"].get("text", "")),
            None,
        ),
        15,
    )
    fake.press_button(
        ADMIN_ID, f"fix:{statement_id}:ps:iran.military_action:for", menu["message"]["message_id"]
    )

    def digest_fixed() -> bool:
        lines = message_now(fake, digest["message_id"])["text"].split("\n")
        fixed = next((line for line in lines if line.startswith("1. ")), "")
        return "for military strikes on Iran" in fixed

    fake.wait_until(digest_fixed, 15, "the digest above /show to show the fixed side")
    assert "corrected by a member" in message_now(fake, shown["message_id"])["text"]
    assert_one_screen(message_now(fake, digest["message_id"])["text"])

    more = next(data for label, data in keys.items() if label.startswith("More"))
    fake.press_button(ADMIN_ID, more, digest["message_id"])
    fake.wait_until(lambda: "📋" in message_now(fake, digest["message_id"]).get("text", ""), 15)
    page = message_now(fake, digest["message_id"])
    assert_one_screen(page["text"])
    assert "▶" in buttons(page) and "page 1 of" in page["text"]
    pages = [m["message"]["message_id"] for m in fake.messages(ADMIN_ID)]
    pages = [i for i in pages if "📋" in message_now(fake, i).get("text", "")]
    assert pages == [digest["message_id"]]  # the digest became the page: nothing new sent
    assert refused_calls(fake) == []


def test_a_wire_story_is_headlined_and_dated_as_itself_everywhere(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    digest, _ = forward(fake, bot, WIRE_STORY.read_text(encoding="utf-8"), 702)
    text = digest["text"]
    assert_one_screen(text)
    headline, dated = text.split("\n")[:2]
    assert "VIENNA" not in headline and "(Wire)" not in headline, headline
    assert dated.startswith("3 Mar "), dated  # the dateline's, not the forward's
    lines = [line for line in text.split("\n") if NUMBERED.match(line)]
    speakers = [re.sub(r"^\d+\. ", "", line).split(":")[0].split(" — ")[0] for line in lines]
    surnames = [name.split()[-1] for name in speakers]
    assert len(set(surnames)) > 1 and max(surnames.count(s) for s in surnames) <= 2, lines
    sided = [" — for " in line or " — against " in line for line in lines]
    assert sided == sorted(sided, reverse=True), lines  # those that take a side first

    who = command(fake, bot, "/who Araghchi")["text"]
    assert "latest 3 Mar" in who and "Mar 2026:" in who, who
    assert "Dec 2026" not in who, who

    iran = command(fake, bot, "/iran")
    first_line = iran["text"].split("\n")[0]
    assert re.fullmatch(r"🇮🇷 Iran — \d+ statements? on record", first_line), first_line
    assert_one_screen(iran["text"])
    assert "🎯" in iran["text"] and "• 3 Mar 2026 · " in iran["text"], iran["text"]
    fake.press_button(ADMIN_ID, buttons(iran)["Older ▶"], iran["message_id"])
    fake.wait_until(lambda: "page 2 of" in message_now(fake, iran["message_id"])["text"], 15)
    older = message_now(fake, iran["message_id"])["text"]
    assert_one_screen(older)
    assert "🎯" not in older  # who stands where is on page 1 only


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/irn", "Did you mean /iran?"),
        ("/subscribe irn", "Did you mean /subscribe iran?"),
        ("/timezone Berlin", "Europe/Berlin"),
        ("/mute", "held"),
    ],
)
def test_every_command_gets_an_answer(
    fake: FakeTelegram, bot: BotProcess, typed: str, expected: str
) -> None:
    fake.send_text(ADMIN_ID, typed)
    [reply] = settled_replies(fake, bot, ADMIN_ID, 1, quiet=0.3)
    assert expected in reply["text"], reply["text"]
    if typed == "/irn":
        assert "/help" in reply["text"]
    if typed == "/mute":
        fake.send_text(ADMIN_ID, "/unmute")
        fake.wait_until(lambda: len(fake.messages(ADMIN_ID)) >= 4, 15, "/unmute's answer")
