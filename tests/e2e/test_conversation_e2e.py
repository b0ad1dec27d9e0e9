"""The conversation as a user meets it on a phone, through the fake Bot API: "typing…" at
once, then "Analysing…", then a digest that fits one screen; "More" paging through every
statement in the same message; a fix made under /show_ID changing the digest above it; a wire
story's headline and date its own, in the digest, /who, the topic's pages and the charts; an
answer to every message (did-you-mean with /help, usage with an example, the hint for other
text); /who NAME TOPIC and /compare; search by name, question, misspelling and date, each hit
with /show_ID and ✏️; a member let in by /allow, their /help, /export, the speaker they follow
and the alerts and daily digest that brings; PDFs and links.

One bot for the module, on an empty database; the server is reset before each test, so
each test forwards what it needs unless an earlier test of the module already did."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from tests.alert_articles import CUBA, IRAN, IRAN_OTHER_STORY, IRAN_REWRITE
from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    SEED_ARTICLE,
    BotProcess,
    FakeTelegram,
    Record,
    bold_spans,
    bot_env,
    forwarded_from_channel,
    refused_calls,
    settled_replies,
)
from tests.pdfkit import make_pdf, set_lines

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

WIRE_STORY = Path(__file__).parent / "stories" / "vienna-tehran-wire.txt"
WIDTH, LINES, CHARS = 38, 15, 700  # one phone screen
NUMBERED = re.compile(r"^(\d+)\. ", re.MULTILINE)
READER = 3001  # a member the admin lets in with /allow
FORWARDED: set[int] = set()  # channel posts the module's bot has been sent (one database)
ALERT_ENV = {"ALERT_POLL_SECONDS": "0.2", "ALERT_DIGEST_PERIOD_SECONDS": "4"}


def phone_lines(text: str) -> int:
    """Lines `text` takes on a phone 38 characters wide."""
    return sum(max(1, -(-len(line) // WIDTH)) for line in text.split("\n"))


@pytest.fixture(scope="module")
def bot(
    fake_server: FakeTelegram, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BotProcess]:
    workdir = tmp_path_factory.mktemp("conversation-bot")
    env = bot_env(fake_server, workdir / "db.sqlite3", extra=ALERT_ENV)
    process = BotProcess(fake_server, workdir, env)
    FORWARDED.clear()  # a new database: nothing on record yet
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
    fake.wait_until(lambda: fake.calls("sendChatAction", since=since), 15, "typing…")
    typing = time.monotonic() - started
    assert typing < 1.5, f"typing… shown {typing:.1f} s after the forward, not at once"
    bot.wait_for_sent(
        ADMIN_ID, lambda r: r["kind"] == "edit" and "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT
    )
    elapsed = time.monotonic() - started
    FORWARDED.add(post)
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
    assert all(name[:1].isupper() for name in speakers), lines  # "The head of …", too
    surnames = [name.split()[-1] for name in speakers]
    assert len(set(surnames)) > 1 and max(surnames.count(s) for s in surnames) <= 2, lines
    sided = [" — for " in line or " — against " in line for line in lines]
    assert sided == sorted(sided, reverse=True), lines  # those that take a side first

    # "More" pages through every statement in the same message, each page one screen.
    total = int(re.search(r"· (\d+) statements", dated).group(1))  # type: ignore[union-attr]
    keys = buttons(digest)
    label = next(k for k in keys if k.startswith("More"))
    assert label == f"More ({total - len(lines)})", label
    fake.press_button(ADMIN_ID, keys[label], digest["message_id"])
    read: list[str] = []
    for number in range(1, 20):
        fake.wait_until(
            lambda n=number: f"page {n} of" in message_now(fake, digest["message_id"])["text"], 15
        )
        page = message_now(fake, digest["message_id"])
        assert_one_screen(page["text"])
        on_page = [line for line in page["text"].split("\n") if NUMBERED.match(line)]
        fixes = [k for k in buttons(page) if k.startswith("✏️")]
        assert fixes == [f"✏️ {n}" for n in NUMBERED.findall(page["text"])], (fixes, page)
        read += on_page
        if "▶" not in buttons(page):
            break
        fake.press_button(ADMIN_ID, buttons(page)["▶"], digest["message_id"])
    assert len(read) == total and len(set(read)) == total, read
    assert f"page {number} of {number}" in page["text"], page["text"]

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


DID_YOU_MEAN = "/help lists every command."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("/irn", ["Did you mean /iran?", DID_YOU_MEAN]),
        ("/subscribe irn", ["Did you mean /subscribe iran?", DID_YOU_MEAN]),
        ("/chart irn", ["Did you mean /chart iran?", DID_YOU_MEAN]),
        ("/timezone Berlin", ["Did you mean /timezone Europe/Berlin?", DID_YOU_MEAN]),
        ("/digest irn", ["Did you mean /digest iran?", DID_YOU_MEAN]),
        ("/export irn", ["Did you mean /export iran?", DID_YOU_MEAN]),
        ("/search strike topic:irn", ["Did you mean topic:iran?", DID_YOU_MEAN]),
        ("/who Peskov irn", ["Did you mean /who Peskov iran?", DID_YOU_MEAN]),
        ("/compare Peskov Araghchi irn", ["Did you mean /compare Peskov | Araghchi iran?"]),
        ("hello, is anyone there?", ["Forward me a news article", "/help"]),
        ("/who", ["Usage: /who NAME [TOPIC]", "e.g. /who Peskov"]),
        ("/compare", ["Usage: /compare NAME | OTHER NAME [TOPIC]", "e.g. /compare Peskov"]),
        ("/search", ["Usage: /search WORDS", "e.g. /search military strike"]),
        ("/subscribe", ["Usage: /subscribe TOPIC", "e.g. /subscribe iran"]),
        ("/follow", ["Usage: /follow NAME", "e.g. /follow Peskov"]),
        ("/unfollow", ["Usage: /unfollow NAME", "e.g. /unfollow Peskov"]),
        ("/chart", ["Usage: /chart TOPIC", "e.g. /chart iran"]),
        ("/mute soon", ["Usage: /mute", "/mute 2h"]),
        ("/quiet whenever", ["Usage: /quiet", "/quiet 23-7"]),
        ("/digest sometimes", ["Usage: /digest", "/digest daily 08:00"]),
        ("/show_abc", ["Usage: /show_ID", DID_YOU_MEAN]),
        ("/allow someone", ["Usage: /allow USER_ID", "e.g. /allow 123456789"]),
        ("/export atlantis", ["Usage: /export [TOPIC]", "e.g. /export iran"]),
        ("/mute", ["Alerts due meanwhile are held", "one summary"]),
    ],
)
def test_every_message_gets_an_answer(
    fake: FakeTelegram, bot: BotProcess, typed: str, expected: list[str]
) -> None:
    fake.send_text(ADMIN_ID, typed)
    [reply] = settled_replies(fake, bot, ADMIN_ID, 1, quiet=0.3)
    for part in expected:
        assert part in reply["text"], (part, reply["text"])
    if typed == "/mute":
        fake.send_text(ADMIN_ID, "/unmute")
        fake.wait_until(lambda: len(fake.messages(ADMIN_ID)) >= 4, 15, "/unmute's answer")


def test_a_sticker_is_answered_too(fake: FakeTelegram, bot: BotProcess) -> None:
    sticker = {"file_id": "s1", "file_unique_id": "s1", "type": "regular", "width": 512}
    sticker |= {"height": 512, "is_animated": False, "is_video": False}
    user = {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin"}
    chat = {"id": ADMIN_ID, "type": "private", "first_name": "Admin"}
    fake.inject({"message": {"from": user, "chat": chat, "sticker": sticker}})
    [reply] = settled_replies(fake, bot, ADMIN_ID, 1, quiet=0.3)
    assert reply["text"].startswith("I can only read text: forward the article's text"), reply


def on_record(fake: FakeTelegram, bot: BotProcess, text: str, post: int) -> None:
    """The article is on record: forwarded by an earlier test of this module, or now (the
    admin forwards it and waits for the answer: its digest, or "Already on record")."""
    if post in FORWARDED:
        return
    FORWARDED.add(post)
    before = max((r["seq"] for r in fake.sent(ADMIN_ID)), default=0)
    fake.send_text(ADMIN_ID, text, forward_origin=forwarded_from_channel(post))
    bot.wait_for_sent(
        ADMIN_ID,
        lambda r: (
            r["seq"] > before
            and ("📰" in (r["text"] or "") or "Already on record" in (r["text"] or ""))
        ),
        ANALYSIS_TIMEOUT,
    )


def ask(fake: FakeTelegram, bot: BotProcess, text: str, chat: int = ADMIN_ID) -> Record:
    """The bot's answer to `text` in `chat` (its last message once one more has come)."""
    before = len([m for m in fake.messages(chat) if m["from_bot"]])
    fake.send_text(chat, text)
    bot.wait_for_sent(chat, timeout=15)
    fake.wait_until(
        lambda: len([m for m in fake.messages(chat) if m["from_bot"]]) > before,
        15,
        f"an answer to {text}",
    )
    return [m["message"] for m in fake.messages(chat) if m["from_bot"]][-1]


def test_who_takes_a_topic_and_compare_two_names_with_or_without_a_bar(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    on_record(fake, bot, SEED_ARTICLE.read_text(encoding="utf-8"), 701)
    on_record(fake, bot, WIRE_STORY.read_text(encoding="utf-8"), 702)
    who = ask(fake, bot, "/who Peskov iran")["text"]
    assert who.startswith("On 🇮🇷 Iran only:\n🗣 Dmitry Peskov — Kremlin spokesman · 2 statements")
    month = f"{datetime.now(UTC):%b %Y}: 2 statements — 🇮🇷 Iran 2"  # received today
    assert "Cuba" not in who and month in who, who
    bare = ask(fake, bot, "/compare Peskov Araghchi")["text"]
    barred = ask(fake, bot, "/compare Peskov | Araghchi iran")["text"]
    assert bare.split("\n")[0] == "⚖️ Dmitry Peskov vs Abbas Araghchi", bare
    assert barred.split("\n")[0] == "⚖️ Dmitry Peskov vs Abbas Araghchi on Iran", barred
    for text in (bare, barred):
        assert re.search(r"^(🤝|⚔️) Military strikes on Iran — Peskov: ", text, re.M), text
    assert "Cuba" in bare and "Cuba" not in barred


HIT = re.compile(r"^\d+\. (\d{1,2} \w{3} \d{4}) · ", re.MULTILINE)


def hits_of(message: Record) -> list[tuple[str, str, str]]:
    """(date, speaker, the rest) of each numbered hit — the speaker is the bold name after
    the date, the rest what follows it and its sides; every hit has its /show_ID and its ✏️."""
    text = message["text"]
    names = dict(bold_spans(message))
    hits = []
    for found in HIT.finditer(text):
        start = found.end() + (4 if text.startswith("The ", found.end()) else 0)
        speaker = names.get(start, "")  # "The <b>Chinese government</b> said …"
        line = text[start + len(speaker) :].split("\n", 1)[0]
        rest = re.sub(r"^(?: — [^:]+)?:? ", "", line)
        hits.append((found.group(1), speaker, rest))
    assert len(hits) == len(NUMBERED.findall(text)), text
    assert all(speaker for _, speaker, _ in hits), text
    assert all(re.search(r"/show_\d+$", rest) for _, _, rest in hits), text
    fixes = [k for k in buttons(message) if k.startswith("✏️")]
    assert fixes == [f"✏️ {n}" for n in range(1, len(hits) + 1)], (fixes, text)
    for _, _, rest in hits:  # a reported statement reads as said, not as "that …"
        assert not re.match(r"[“\"]?that\b", rest, re.IGNORECASE), rest
    return hits


def test_search_finds_a_speaker_a_question_a_misspelling_and_a_time_span(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    on_record(fake, bot, SEED_ARTICLE.read_text(encoding="utf-8"), 701)
    on_record(fake, bot, WIRE_STORY.read_text(encoding="utf-8"), 702)

    by_name = ask(fake, bot, "/search Araghchi")
    assert by_name["text"].startswith("🔎 speaker: Abbas Araghchi — "), by_name["text"]
    assert {speaker for _, speaker, _ in hits_of(by_name)} == {"Abbas Araghchi"}
    # A side fixed under a hit's ✏️ redraws that hit in the results.
    against = next(line for line in by_name["text"].split("\n") if "against military" in line)
    number = int(against.split(".")[0])
    data = buttons(by_name)[f"✏️ {number}"]
    statement_id = data.split(":")[1]
    fake.press_button(ADMIN_ID, data, by_name["message_id"])
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

    def hit_redrawn() -> bool:
        lines = message_now(fake, by_name["message_id"])["text"].split("\n")
        line = next(line for line in lines if line.startswith(f"{number}. "))
        return "for military strikes on Iran" in line

    fake.wait_until(hit_redrawn, 15, "the search result to show the fixed side")

    question = ask(fake, bot, "/search what did Peskov say about Iran")
    assert question["text"].startswith("🔎 speaker: Peskov · topic: iran — 2 statements")
    assert {speaker for _, speaker, _ in hits_of(question)} == {"Dmitry Peskov"}

    typo = ask(fake, bot, "/search negotations")["text"]
    assert "Nothing on record matches. Did you mean negotiations?" in typo, typo

    everything = hits_of(ask(fake, bot, "/search iran"))
    recent = ask(fake, bot, "/search iran since:7d")
    assert "· since " in recent["text"].split("\n")[0], recent["text"]
    week_ago = datetime.now(UTC).date() - timedelta(days=7)
    dates = [datetime.strptime(d, "%d %b %Y").date() for d, _, _ in hits_of(recent)]
    assert dates and all(d >= week_ago for d in dates), dates
    assert any(d == "3 Mar 2026" for d, _, _ in everything), everything  # the wire's own date
    march = hits_of(ask(fake, bot, "/search iran since:2026-03-01"))
    assert any(d == "3 Mar 2026" for d, _, _ in march), march
    yesterday = hits_of(ask(fake, bot, "/search strike since:yesterday"))
    assert yesterday and "3 Mar 2026" not in {d for d, _, _ in yesterday}, yesterday


GROSSI_THEN_PESKOV = (
    "GENEVA — The head of the UN nuclear watchdog Rafael Grossi said on Friday that inspectors "
    "were ready to travel to Iran within days. “Our inspectors can be in Isfahan by Monday if "
    "Tehran agrees,” Grossi told reporters in Geneva.\n\n"
    "In Moscow, Kremlin spokesman Dmitry Peskov said the watchdog's work deserved support. "
    "“The agency must be allowed to do its job,” Peskov said."
)
PESKOV_CONDEMNS = (
    "MOSCOW — Kremlin spokesman Dmitry Peskov said on Tuesday evening that Moscow condemned "
    "the strikes on Iran's nuclear facilities. “These strikes are a dangerous mistake and must "
    "stop,” Peskov told reporters at the Kremlin."
)
PESKOV_TURNS = (
    "MOSCOW — Kremlin spokesman Dmitry Peskov said on Wednesday that Russia now backs the "
    "strikes on Iran's nuclear facilities. “We support these strikes on Iran, they are "
    "justified,” Peskov told reporters in Moscow."
)

PESKOV_AGAIN = (
    "MOSCOW — Kremlin spokesman Dmitry Peskov said on Thursday that Moscow would keep talking "
    "to Tehran about its nuclear programme. “Dialogue is the only way forward,” Peskov told "
    "reporters."
)


def reader_sees(fake: FakeTelegram, bot: BotProcess, marker: str, after: int = 0) -> str:
    """The first message (as it reads now) sent to the reader after `after` sends that
    contains `marker`."""
    record = bot.wait_for_sent(
        READER,
        lambda r: r["kind"] == "send" and marker in (r["text"] or "") and r["seq"] > after,
        ANALYSIS_TIMEOUT,
    )
    return str(message_in(fake, READER, record["message_id"])["text"])


def last_sent(fake: FakeTelegram) -> int:
    """The reader's latest record from the bot so far (sent, edited or deleted)."""
    return max((r["seq"] for r in fake.sent(READER)), default=0)


def message_in(fake: FakeTelegram, chat: int, message_id: int) -> Record:
    return next(
        m["message"] for m in fake.messages(chat) if m["message"]["message_id"] == message_id
    )


def test_a_member_let_in_is_told_helped_exported_and_alerted_on_a_speaker_they_follow(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    on_record(fake, bot, SEED_ARTICLE.read_text(encoding="utf-8"), 701)  # Peskov, to follow
    fake.reset()
    # Before a chat starts, Telegram shows the bot's description: the README's opening.
    said = {c["method"]: c["params"] for c in bot.startup_calls}
    assert "who said what in the news" in said["setMyDescription"]["description"]
    assert "who said what in the news" in said["setMyShortDescription"]["short_description"].lower()
    assert len(said["setMyShortDescription"]["short_description"]) <= 120

    refusal = ask(fake, bot, "hello", READER)["text"]
    assert str(READER) in refusal, refusal
    assert "(I told them so)" in ask(fake, bot, f"/allow {READER}")["text"]
    assert "You're in" in reader_sees(fake, bot, "You're in")

    admin_help = ask(fake, bot, "/help")["text"]
    member_help = ask(fake, bot, "/help", READER)["text"]
    for text in (admin_help, member_help):
        lines = text.split("\n")
        assert len(lines) < 25, text
        for group in ("Reading the record", "Following topics", "Your settings and articles"):
            assert group in lines, (group, text)
    assert "Admin" in admin_help.split("\n") and "/allow" in admin_help
    assert "Admin" not in member_help.split("\n") and "/allow" not in member_help

    ask(fake, bot, "/export", READER)
    [document] = [r for r in fake.sent(READER) if r["method"] == "sendDocument"]
    assert re.search(r"^\d+ statements \(CSV", document["text"] or ""), document
    assert document["file"]["filename"].endswith(".csv") and document["file"]["bytes"] > 0

    assert "Following Dmitry Peskov" in ask(fake, bot, "/follow Peskov", READER)["text"]
    assert "• Dmitry Peskov (Kremlin spokesman)" in ask(fake, bot, "/following", READER)["text"]
    assert "Subscribed to /iran" in ask(fake, bot, "/subscribe iran", READER)["text"]

    # A daily digest for a while, then instant alerts again.
    assert (
        "daily digest at"
        in ask(fake, bot, f"/digest daily {datetime.now(UTC):%H:%M}", READER)["text"]
    )
    assert "Instant alerts again" in ask(fake, bot, "/digest off", READER)["text"]

    # An alert puts what the reader subscribed to first, then the speaker they follow.
    seen = last_sent(fake)
    fake.send_text(ADMIN_ID, GROSSI_THEN_PESKOV, forward_origin=forwarded_from_channel(710))
    alert = reader_sees(fake, bot, "🔔 New", seen)
    assert alert.startswith("🔔 New on 🇮🇷 Iran · from Dmitry Peskov"), alert
    said_by = [line.split(":")[0] for line in alert.split("\n") if line.startswith("• ")]
    assert said_by and said_by[-1].startswith("• Dmitry Peskov"), alert
    assert said_by[0].startswith("• Rafael Grossi"), alert

    # A followed speaker's new statements, and a change of their line, come as alerts.
    seen = last_sent(fake)
    fake.send_text(ADMIN_ID, IRAN, forward_origin=forwarded_from_channel(711))
    concerned = reader_sees(fake, bot, "🔔 New", seen)
    assert "Moscow is deeply concerned" in concerned, concerned
    seen = last_sent(fake)
    fake.send_text(ADMIN_ID, PESKOV_CONDEMNS, forward_origin=forwarded_from_channel(716))
    against = reader_sees(fake, bot, "🔔 New", seen)
    assert "• Dmitry Peskov — against military strikes on Iran" in against, against
    seen = last_sent(fake)
    fake.send_text(ADMIN_ID, PESKOV_TURNS, forward_origin=forwarded_from_channel(712))
    turned = reader_sees(fake, bot, "🔄", seen)
    assert turned.startswith("🔄 Dmitry Peskov changed line on military strikes on Iran"), turned
    assert "against → for" in turned.split("\n")[0], turned
    assert "• Dmitry Peskov — for military strikes" in reader_sees(fake, bot, "🔔 New", seen)

    # Another outlet's report of a story already alerted edits that alert: one story, one
    # message, its outlets named.
    sends = len(fake.sent(READER, kind="send"))
    reuters = {"id": -1001000000002, "type": "channel", "title": "Reuters"}
    fake.send_text(ADMIN_ID, IRAN_REWRITE, forward_origin=forwarded_from_channel(714, reuters))
    edit = bot.wait_for_sent(
        READER, lambda r: r["kind"] == "edit" and "Also reported by" in (r["text"] or ""), 45
    )
    assert "Also reported by Reuters" in edit["text"] and edit["text"].startswith("🔔 New")
    assert "Moscow is deeply concerned" in edit["text"], edit["text"]  # the IRAN alert's
    assert len(fake.sent(READER, kind="send")) == sends

    # Muted, alerts are held; when the mute ends they come (one held alert as itself).
    assert "held" in ask(fake, bot, "/mute", READER)["text"]
    fake.send_text(ADMIN_ID, PESKOV_AGAIN, forward_origin=forwarded_from_channel(715))
    bot.wait_for_sent(ADMIN_ID, lambda r: "on Thursday" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    time.sleep(1)  # a window for an alert that should be held
    assert len(fake.sent(READER, kind="send")) == sends + 1  # only the answer to /mute
    seen = last_sent(fake)
    fake.send_text(READER, "/unmute")
    reader_sees(fake, bot, "The alert held meanwhile comes now", seen)
    held = reader_sees(fake, bot, "on Thursday", seen)
    assert held.startswith("🔔 New") and "Dialogue is the only way forward" in held, held
    alerted = {int(i) for t in fake.bot_texts(READER) for i in re.findall(r"/show_(\d+)", t)}

    # Back on the daily digest, it leaves out what those alerts already brought.
    assert (
        "daily digest at"
        in ask(fake, bot, f"/digest daily {datetime.now(UTC):%H:%M}", READER)["text"]
    )
    seen = last_sent(fake)
    fake.send_text(ADMIN_ID, IRAN_OTHER_STORY, forward_origin=forwarded_from_channel(713))
    reader_sees(fake, bot, "Grossi", seen)  # a "day" is 4 s here: maybe not the first digest
    digests = [
        str(message_in(fake, READER, r["message_id"])["text"])
        for r in fake.sent(READER, kind="send")
        if r["seq"] > seen and "Your daily digest" in (r["text"] or "")
    ]
    for digest in digests:
        shown = {int(i) for i in re.findall(r"/show_(\d+)", digest)}
        assert shown and not shown & alerted, (shown, alerted, digest)
        for alerted_quote in ("Moscow is deeply concerned", "now backs", "Dialogue is the only"):
            assert alerted_quote not in digest, digest
    assert "Instant alerts again" in ask(fake, bot, "/digest off", READER)["text"]

    assert "Stopped following Dmitry Peskov" in ask(fake, bot, "/unfollow Peskov", READER)["text"]
    assert "Dmitry Peskov" not in ask(fake, bot, "/following", READER)["text"]


CUBA_TITLE = "Cuba calls the U.S. embargo the main obstacle to its development"


def test_a_pdf_is_read_a_telegram_post_link_is_not_fetched_and_a_failed_fetch_says_paste(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    pdf = make_pdf([[CUBA_TITLE, "", *set_lines([CUBA])]])
    fake.send_document(ADMIN_ID, "release.pdf", pdf, mime_type="application/pdf")
    record = bot.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    assert record["text"].startswith(f"📰 {CUBA_TITLE}"), record["text"]
    assert "Bruno Rodriguez" in record["text"], record["text"]
    assert_one_screen(record["text"])

    big = {"file_id": "big-pdf", "file_unique_id": "big-pdf", "file_name": "big.pdf"}
    big |= {"mime_type": "application/pdf", "file_size": 12_000_000}
    since = fake.last_call_seq()
    fake.inject(
        {
            "message": {
                "from": {"id": ADMIN_ID, "is_bot": False, "first_name": "Admin"},
                "chat": {"id": ADMIN_ID, "type": "private", "first_name": "Admin"},
                "document": big,
            }
        }
    )
    refused = bot.wait_for_sent(ADMIN_ID, lambda r: "larger than" in (r["text"] or ""), 15)
    assert "larger than 10 MB" in refused["text"] and "Nothing was stored" in refused["text"]
    assert fake.calls("getFile", since=since) == []  # refused before downloading

    post = ask(fake, bot, "https://t.me/tass_agency/123")["text"]
    assert "Forward the post itself" in post and "Nothing was stored" in post, post
    fetching = ask(fake, bot, "http://127.0.0.1/story")["message_id"]  # "Fetching the page…"

    def answered() -> str | None:
        text = str(message_now(fake, fetching)["text"])
        return text if "Fetching" not in text else None

    failed = fake.wait_until(answered, 15, "the fetch's answer")
    assert "copy its text and paste it here" in failed, failed
    assert "Nothing was stored" in failed, failed


def test_a_charts_days_are_the_days_its_statements_were_made(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    on_record(fake, bot, SEED_ARTICLE.read_text(encoding="utf-8"), 701)
    on_record(fake, bot, WIRE_STORY.read_text(encoding="utf-8"), 702)

    def caption(command: str) -> str:
        fake.send_text(ADMIN_ID, command)
        photo = bot.wait_for_sent(ADMIN_ID, lambda r: r["method"] == "sendPhoto", 30)
        fake.reset()
        return str(photo["text"])

    # The wire story's speaker: one day, the story's own (3 March), not the day it came.
    araghchi = caption("/chart who Araghchi")
    assert re.fullmatch(r"📊 Abbas Araghchi: .*\n\d+ statements?, 3 Mar 2026", araghchi), araghchi
    # Iran: the days of this week's articles, the March story counted as earlier, not an
    # axis stretched over the empty months between.
    iran = caption("/chart iran").split("\n")[1]
    recent = {f"{datetime.now(UTC) - timedelta(days=n):%-d %b %Y}" for n in (0, 1)}
    period = re.fullmatch(r"\d+ statements?, (.+?)(?: – (.+?))? \((\d+) earlier\)", iran)
    assert period, iran
    assert {d for d in period.groups()[:2] if d} <= recent and int(period.group(3)) > 0, iran


UNDATED = (
    "Foreign Minister Sergei Lavrov said on Friday that Moscow was ready to resume talks with "
    "Washington on strategic stability. “We are open to a serious conversation, without "
    "preconditions,” Lavrov told reporters. He added that sanctions would not change Russia's "
    "course."
)


def test_a_pasted_article_without_a_date_of_its_own_says_it_is_dated_as_received(
    fake: FakeTelegram, bot: BotProcess
) -> None:
    fake.send_text(ADMIN_ID, UNDATED)
    record = bot.wait_for_sent(ADMIN_ID, lambda r: "📰" in (r["text"] or ""), ANALYSIS_TIMEOUT)
    dated = record["text"].split("\n")[1]
    today = {f"received {datetime.now(UTC) - timedelta(days=n):%-d %b %Y}" for n in (0, 1)}
    assert any(dated.startswith(t) for t in today), dated
    assert record["text"].startswith("📰 Foreign Minister Sergei Lavrov said"), record["text"]
