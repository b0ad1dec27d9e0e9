"""Speakers and quotes as a journalist would write them, as a user sees them: short wire
stories in the shapes that used to go wrong are forwarded to one bot (over real HTTP, against
the loopback fake Bot API), and the digests and `/who` answers are read as the user reads
them (a digest names a speaker in full once, then by surname; its "More" pages in full).
Each story is new and short; together they hold a pronoun with an office before it, a
document and a poll beside the people who spoke, names of several words (von der Leyen,
Ben-Gvir, Díaz-Canel, Lula), a described official taken up again, two people alternating
"he"/"she", questions and exclamations quoted before "said", roles with a flag and an
apposition, headline and round-up labels, a body named by its common noun, a live blog
of time-stamped entries with a headline of events and refusals to speak, a long paste
Telegram split in two, a paragraph repeated, and a recipe."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator

import pytest

from tests.e2e.harness import (
    ADMIN_ID,
    ANALYSIS_TIMEOUT,
    BotProcess,
    FakeTelegram,
    Record,
    bold_spans,
    bot_env,
    bot_messages,
    forwarded_from_channel,
    refused_calls,
)
from tests.telegram_split import split_like_telegram

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

CEASEFIRE = """\
Delegations trade offers as ceasefire push resumes

ISTANBUL, April 9 (Wire) - Ukrainian President Volodymyr Zelensky rejected a U.S.-backed \
proposal on Thursday. "Ukraine would never give up land," Zelensky told reporters in Kyiv.

Israeli Prime Minister Benjamin Netanyahu's office said it would send a delegation to \
Cairo. "We will not negotiate under fire," it said in a statement.

Former Vice President Mike Pence released an extraordinary statement saying the talks were \
"a betrayal of our allies."

Polls show most voters back the talks. Israeli tallies put the dead at 40. Hamas said the \
movement would study the plan. "The occupation is stalling," the movement said.

Kremlin spokesman Dmitry Peskov said Moscow was ready to help. "It is too early to talk \
about results," Peskov said. U.S. envoy Steve Witkoff said he would travel to Moscow next \
week.
"""

SANCTIONS = """\
EU leaders widen Venezuela sanctions

BRUSSELS, May 2 (Wire) - European Commission President Ursula von der Leyen said the bloc \
would widen sanctions on Caracas. "We stand with the Venezuelan people," von der Leyen told \
a news conference.

Venezuelan opposition leader Maria Corina Machado welcomed the move. "This is the support \
we asked for," Machado said in a video message.

Israel's national security minister Itamar Ben-Gvir said the decision was irrelevant to \
Israel. "Nobody asked us," Ben-Gvir said.

"Havana will not bow," Cuban President Miguel Díaz-Canel wrote on X. Chinese Foreign \
Minister Wang Yi said Beijing opposed unilateral sanctions. Wang said China would keep \
trading with Caracas.

Brazilian President Luiz Inacio Lula da Silva urged restraint. "Sanctions only hurt the \
poor," Lula said.

An Egyptian official said Cairo had not been consulted. The official said Egypt would \
raise the matter at the United Nations.
"""

HEARING = """\
Court hears fishing quota dispute

OSLO, June 5 (Wire) - Lawyers for the two fishing firms clashed on Monday.

"The quota was never lawful," Ms. Lind said.

"He should read page four," she said.

Tomas Berg shook his head. "The ministry set it in 2019," he replied.

"Then the ministry was wrong," she replied.

"Are we winning?" Mary Smith asked the court clerk. Nobody answered her.

Kari Lind told reporters outside that the ruling was expected in August.
"""

AGENCY = """\
Lagarde: "Inflation is not yet beaten"

VIENNA, July 1 (Wire) - Rafael Grossi, director general of the International Atomic Energy \
Agency, said inspectors needed access to the plant. "We cannot verify anything from afar," \
the IAEA director general said.

United Nations Secretary-General António Guterres called for calm. "The risk to the plant \
is real and growing," Guterres said.

🇻🇪 Venezuelan President Nicolás Maduro said the agency was biased against his government. \
Maduro also accused the CIA of financing opposition protests.

Sergei Lavrov: "MOSCOW, July 1 (Wire) - Russia will not supply fuel to the plant."

Gideon Rachman, Financial Times: "Europe has run out of excuses on defence spending."

ECB President Christine Lagarde: "Rates will stay where they are for now."

"Are we winning?" Mary Smith said. "We are close!" she said.

The foreign ministry said the envoy would return on Friday.
"""

LIVE_BLOG = """\
Grain ministers meet as Odesa presses for convoy escorts

LIVE: Black Sea grain talks

14:10 GMT — Asked whether the corridor would reopen this month, Ukraine's agriculture \
minister, Vitaliy Koval, said the first convoy could sail within ten days.

14:35 GMT: The agency's executive director, Cindy McCain, told reporters: “"Every day \
without grain is a day of hunger in Africa.”

1505 ET: Koval declined to give a figure for the tonnage. McCain declined to comment on \
the talks with Moscow.

Update 2: The agriculture minister said insurers had agreed to cover the first convoy.
"""

PANCAKES = """\
Classic pancakes

Mix two cups of flour with a pinch of salt. Whisk in the milk and three eggs until smooth. \
"Never rush the batter," as my grandmother used to say. Heat the pan and pour in a ladle \
of batter. Serve with lemon and sugar.
"""

HARBOUR_OPENING = (
    "Harbour pilots end strike after pay deal\n\n"
    "ROTTERDAM, Aug 4 (Wire) - Harbour pilots returned to work on Tuesday after a week of "
    "strikes that stranded tankers off the Dutch coast.\n\n"
)
HARBOUR_FILLER = (
    "Ships queued for days at the mouth of the Maas while tugs sat idle at their moorings, "
    "and the port's operators counted the cost of every hour lost.\n\n"
)
REPEATED = (
    "Union leader Ingrid Vos said the deal gave pilots the rest periods they had asked for "
    "since the spring and would be put to a vote of members next month.\n\n"
)


def long_harbour_story() -> str:
    """A story longer than one Telegram message, the union leader's paragraph twice (the
    second copy straddles the place where Telegram cuts the paste)."""
    return HARBOUR_OPENING + REPEATED + HARBOUR_FILLER * 26 + REPEATED + HARBOUR_FILLER * 3


@pytest.fixture(scope="module")
def bot(
    fake_server: FakeTelegram, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[BotProcess]:
    workdir = tmp_path_factory.mktemp("speakers-bot")
    process = BotProcess(fake_server, workdir, bot_env(fake_server, workdir / "db.sqlite3"))
    process.start()
    yield process
    fake_server.release()
    process.stop()


class Shown(str):
    """A digest's text, with every "More" page, as the user sees it; `speakers` are the
    names it sets in bold on its 🗣 line and its numbered lines (a name is bold on screen,
    so a line reads "Anna Berg said …" and still tells where the name ends)."""

    speakers: list[str]


def digest_of(fake: FakeTelegram, bot: BotProcess, parts: list[str], post: int) -> Shown:
    """Forward an article (in the parts a client sent it as) and return its digest, with
    every "More" page of it: all the statements the user can see."""
    since = fake.last_call_seq()
    for number, part in enumerate(parts):
        fake.send_text(ADMIN_ID, part, forward_origin=forwarded_from_channel(post + number))
    bot.wait_for_sent(
        ADMIN_ID,
        lambda r: r["kind"] == "edit" and "📰" in (r["text"] or "") and r["seq"] > since,
        ANALYSIS_TIMEOUT,
    )
    [digest] = [m for m in bot_messages(fake, ADMIN_ID) if "📰" in (m.get("text") or "")]
    pages = [digest, *more_pages(fake, digest)]
    shown = Shown("\n".join(str(page["text"]) for page in pages))
    shown.speakers = [name for page in pages for name in bold_names(page)]
    return shown


def bold_names(message: Record) -> list[str]:
    """The bold spans of a message's 🗣 line and numbered lines."""
    text = str(message.get("text") or "")
    return [
        name
        for start, name in bold_spans(message)
        if re.match(r"🗣 |\d+\. ", text[text.rfind("\n", 0, start) + 1 :])
    ]


def more_pages(fake: FakeTelegram, digest: Record) -> list[Record]:
    """Every page behind the digest's "More (N)" button ("page 1 of 3" …)."""
    rows = (digest.get("reply_markup") or {}).get("inline_keyboard", [])
    more = [b for row in rows for b in row if b["text"].startswith("More")]
    if not more:
        return []
    pages: list[Record] = []
    fake.press_button(ADMIN_ID, more[0]["callback_data"], digest["message_id"])
    for number in range(1, 7):
        marker = f"page {number} of "
        fake.wait_until(lambda marker=marker: marker in now(fake, digest), 20, marker)
        page = now_message(fake, digest)
        pages.append(page)
        rows = (page.get("reply_markup") or {}).get("inline_keyboard", [])
        forward = [b for row in rows for b in row if b["text"] == "▶"]
        if not forward:
            break
        fake.press_button(ADMIN_ID, forward[0]["callback_data"], page["message_id"])
    return pages


def now_message(fake: FakeTelegram, message: Record) -> Record:
    return next(
        m["message"]
        for m in fake.messages(ADMIN_ID)
        if m["message"]["message_id"] == message["message_id"]
    )


def now(fake: FakeTelegram, message: Record) -> str:
    return str(now_message(fake, message).get("text") or "")


def ask(fake: FakeTelegram, command: str) -> str:
    """Send a command; the bot's answer."""
    fake.reset()
    fake.send_text(ADMIN_ID, command)
    reply = fake.wait_until(
        lambda: [m for m in bot_messages(fake, ADMIN_ID) if m.get("text")], 15, command
    )
    time.sleep(0.3)
    return str(reply[-1]["text"])


def speakers_in(digest: Shown) -> list[str]:
    """The speakers the digest names: its 🗣 line and each numbered line's name."""
    return [name.strip() for name in digest.speakers]


@pytest.fixture(scope="module")
def seen(fake_server: FakeTelegram, bot: BotProcess) -> dict[str, Shown]:
    """Every story's digest, forwarded once for the module."""
    fake = fake_server
    out: dict[str, Shown] = {}
    for name, text, post in (
        ("ceasefire", CEASEFIRE, 100),
        ("sanctions", SANCTIONS, 200),
        ("hearing", HEARING, 300),
        ("agency", AGENCY, 400),
        ("live blog", LIVE_BLOG, 450),
    ):
        fake.reset()
        out[name] = digest_of(fake, bot, [text], post)
        assert refused_calls(fake) == []
    fake.reset()
    parts = split_like_telegram(long_harbour_story())
    assert len(parts) == 2 and "Ingrid Vos" not in parts[1][:40]
    out["harbour"] = digest_of(fake, bot, parts, 500)
    fake.reset()
    fake.send_text(ADMIN_ID, PANCAKES, forward_origin=forwarded_from_channel(600))
    reply = bot.wait_for_sent(
        ADMIN_ID, lambda r: "nothing was stored" in (r["text"] or ""), ANALYSIS_TIMEOUT
    )
    out["pancakes"] = reply["text"]
    return out


NOT_SPEAKERS = (
    "it",
    "a U.S.-backed proposal",
    "the movement",
    "his country",
    "Israeli tallies",
    "polls",
    "the statement",
    "an extraordinary statement",
    "Moscow",
    "unattributed",
)


def is_one_of(name: str, things: tuple[str, ...]) -> bool:
    """`name` is one of `things`, or opens with one of them as its first words."""
    folded = name.lower()
    return any(folded == t.lower() or folded.startswith(t.lower() + " ") for t in things)


def test_no_thing_or_pronoun_is_named_as_a_speaker(seen: dict[str, Shown]) -> None:
    for story, digest in seen.items():
        if story == "pancakes":
            continue
        names = speakers_in(digest)
        assert names, (story, digest)
        for name in names:
            assert not is_one_of(name, NOT_SPEAKERS), (story, name)


def test_the_office_the_movement_and_the_statement_go_to_who_spoke(
    seen: dict[str, Shown],
) -> None:
    names = set(speakers_in(seen["ceasefire"]))
    assert "Benjamin Netanyahu's office" in names
    assert "Hamas" in names
    assert "Mike Pence" in names  # "released an extraordinary statement saying …"
    assert "Volodymyr Zelensky" in names
    assert "Ukraine would never give up land" in seen["ceasefire"]
    zelensky_line = next(
        line for line in seen["ceasefire"].split("\n") if "never give up land" in line
    )
    assert "proposal" not in zelensky_line.split("“")[0], zelensky_line


def test_names_are_whole_and_one_person_is_one_speaker(seen: dict[str, Shown]) -> None:
    names = speakers_in(seen["sanctions"])
    for whole in (
        "Ursula von der Leyen",
        "Maria Corina Machado",
        "Itamar Ben-Gvir",
        "Miguel Díaz-Canel",
        "Wang Yi",
        "Luiz Inácio Lula da Silva",
        "an Egyptian official",
    ):
        assert whole in names, (whole, names)
    for cut in ("Ursula von", "Ursula von der", "Maria Corina", "Gvir", "Canel", "Wang", "Lula"):
        assert cut not in names, (cut, names)
    assert "The official" not in names and "the official" not in names
    # "wrote on X." ends its sentence: the next name keeps its own statement and role
    beijing = next(line for line in seen["sanctions"].split("\n") if "Beijing opposed" in line)
    assert "Wang Yi" in beijing, beijing


def test_a_role_does_not_take_the_sentence_before(
    fake_server: FakeTelegram, seen: dict[str, Shown]
) -> None:
    wang = ask(fake_server, "/who Wang Yi")
    assert "Chinese Foreign Minister" in wang and "X." not in wang, wang


def test_she_and_he_follow_gender_in_an_alternating_exchange(seen: dict[str, Shown]) -> None:
    # the "More" pages, where every line names its speaker in full
    lines = seen["hearing"].split("📋", 1)[1].split("\n")

    def said_by(words: str) -> str:
        return next(line for line in lines if words in line)

    assert "Kari Lind" in said_by("He should read page four")
    assert "Kari Lind" in said_by("Then the ministry was wrong")
    assert "Tomas Berg" in said_by("The ministry set it in 2019")
    assert "Mary Smith" in said_by("Are we winning?")


def test_roles_labels_and_roundups(fake_server: FakeTelegram, seen: dict[str, Shown]) -> None:
    digest = seen["agency"]
    names = speakers_in(digest)
    pages = digest.split("📋", 1)[1].split("\n")  # every line names its speaker in full
    headline_label = next(line for line in pages if "Inflation is not yet beaten" in line)
    assert "Christine Lagarde" in headline_label, headline_label
    assert "Lagarde government" not in digest
    for words in ("Are we winning?", "We are close!"):
        assert "Mary Smith" in next(line for line in pages if words in line)
    # a body named by its common noun only is shown as written, and is no one on record
    assert "foreign ministry" in next(line for line in pages if "envoy would return" in line)
    assert "Gideon Rachman" in names and "Financial Times" not in names
    assert "Rafael Grossi" in names and "António Guterres" in names
    assert "Nicolás Maduro" in names
    assert "VIENNA" not in digest.split("\n", 1)[1]  # no dateline inside a quote
    lavrov = next(line for line in pages if "will not supply fuel" in line)
    assert "Sergei Lavrov" in lavrov and "MOSCOW" not in lavrov, lavrov
    # "accused X of Y" is the accuser's claim about X, in the reporter's words, never a
    # quoted fragment "X of Y"
    accusation = next(line for line in pages if "financing opposition protests" in line)
    assert "Nicolás Maduro accused the CIA of financing" in accusation, accusation
    assert "“" not in accusation, accusation
    grossi = ask(fake_server, "/who Grossi")
    assert "director general of the International Atomic Energy Agency" in grossi, grossi
    assert "(head)" not in grossi
    guterres = ask(fake_server, "/who Guterres")
    assert "Secretary-General" in guterres and "(General)" not in guterres, guterres
    maduro = ask(fake_server, "/who Maduro")
    assert "Venezuelan President" in maduro and "🇻 🇪" not in maduro, maduro


def test_a_split_paste_is_one_article_and_a_repeat_counts_once(
    seen: dict[str, Shown],
) -> None:
    digest = seen["harbour"]
    assert "Ingrid Vos" in digest
    assert digest.count("rest periods they had asked for") == 1, digest
    assert "received" in digest or "4 Aug" in digest
    assert re.search(r"· 1 statement\b", digest), digest


def test_a_recipe_is_not_recorded_and_the_reply_says_what_the_bot_is_for(
    seen: dict[str, Shown],
) -> None:
    reply = seen["pancakes"]
    assert "no statement attributed" in reply and "who said what" in reply, reply


def test_who_finds_people_by_whole_words_only(
    fake_server: FakeTelegram, seen: dict[str, Shown]
) -> None:
    for query in ("it", "the", "statement", "movement", "polls", "ministry"):
        answer = ask(fake_server, f"/who {query}")
        for person in ("Peskov", "Witkoff", "Zelensky", "Hamas", "Pence", "foreign ministry"):
            assert person not in answer, (query, answer)
    lula = ask(fake_server, "/who Lula")
    assert "Luiz Inácio Lula da Silva" in lula, lula
    peskov = ask(fake_server, "/who Peskov")
    assert "Dmitry Peskov" in peskov and "Witkoff" not in peskov, peskov


def test_a_live_blog_names_who_spoke_never_a_time_or_a_headline(seen: dict[str, Shown]) -> None:
    digest = seen["live blog"]
    names = set(speakers_in(digest))
    assert names <= {"Vitaliy Koval", "Koval", "Cindy McCain", "McCain"}, digest
    assert "Vitaliy Koval" in names and ("Cindy McCain" in names or "McCain" in names)
    assert "GMT" not in names and "LIVE" not in names
    assert "convoy could sail within ten days" in digest
    assert "insurers had agreed" in digest  # "the agriculture minister" is Koval
    said = "\n".join(re.findall(r"^\d+\. .*$", digest, re.MULTILINE))  # the title is the headline
    for absent in ("convoy escorts", "the corridor would reopen", "to give a figure", "to comment"):
        assert absent not in said, absent
    mccain = next(line for line in digest.split("\n") if "Every day" in line)
    assert mccain.count('"') % 2 == 0 and mccain.count("“") == mccain.count("”"), mccain
