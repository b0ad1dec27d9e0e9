"""Files built to freeze the parser, end to end: spaCy's tokenizer is quadratic on a long run
without whitespace and holds the GIL, so `Peskov said ` and 20,000 `=` once delayed /iran by
75 s, and 200,000 `#` froze the bot for minutes. Sent as .txt files through the fake Bot
API, while another member asks /iran every half second: every /iran is answered within a
few seconds, and the sender gets a digest or a clear refusal within a minute. The bot parses
in its own process here (`PARSE_WORKERS=0`), the case where a frozen tokenizer would stop
everything: no parser process to be replaced, no time budget, only the tokenizer's input
kept free of long runs (`extraction/tokenizer_input.py`)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import ADMIN_ID, SEED_ARTICLE, BotProcess, FakeTelegram, bot_messages
from tests.telegram_split import long_paste, split_like_telegram

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PROBE = 3101  # another admin, asking /iran meanwhile
ANSWER_WITHIN = 60.0
IRAN_WITHIN = 5.0
STOP_WITHIN = 10.0
FILES = {
    "equals.txt": "Peskov said " + "=" * 20_000,
    "hashes.txt": "#" * 200_000,
}
# What the sender may be told: a digest, or one of the reasons a text is not analysed.
ANSWERS = ("📰", "no statement attributed", "Only English", "the limit is", "Nothing was stored")


def digests(fake: FakeTelegram) -> list[str]:
    return [
        m.get("text") or "" for m in bot_messages(fake, ADMIN_ID) if "📰" in (m.get("text") or "")
    ]


def job_state(bot: BotProcess) -> str | None:
    with sqlite3.connect(bot.database_path) as conn:
        row = conn.execute("SELECT state FROM parse_jobs WHERE job_id IS NULL").fetchone()
    conn.close()
    return None if row is None else str(row[0])


def answer_to_file(fake: FakeTelegram) -> str | None:
    for message in bot_messages(fake, ADMIN_ID):
        text = message.get("text") or ""
        if any(mark in text for mark in ANSWERS):
            return text
    return None


@pytest.mark.parametrize("filename", list(FILES))
def test_a_hostile_file_never_stops_the_bot_answering(
    filename: str,
    fake: FakeTelegram,
    bot_process: Callable[..., BotProcess],
    seeded_database: Path,
) -> None:
    database = Path(f"{seeded_database}.{filename}")
    database.write_bytes(seeded_database.read_bytes())
    env = {"DATABASE_PATH": str(database), "PARSE_WORKERS": "0"}
    bot = bot_process(admins=[ADMIN_ID, PROBE], env=env)
    sent_at = time.monotonic()
    fake.send_document(ADMIN_ID, filename, FILES[filename].encode("utf-8"))
    waits: list[float] = []
    answered_in: float | None = None
    while time.monotonic() - sent_at < ANSWER_WITHIN and (answered_in is None or len(waits) < 4):
        asked, before = time.monotonic(), len(bot_messages(fake, PROBE))
        fake.send_text(PROBE, "/iran")
        fake.wait_until(
            lambda n=before: len(bot_messages(fake, PROBE)) > n, IRAN_WITHIN, "/iran answered"
        )
        waits.append(time.monotonic() - asked)
        reply = bot_messages(fake, PROBE)[-1].get("text") or ""
        assert "Iran" in reply, reply
        if answered_in is None and answer_to_file(fake) is not None:
            answered_in = time.monotonic() - sent_at
        time.sleep(0.5)
    answer = answer_to_file(fake)
    print(
        f"{filename}: answered in {answered_in or 0:.1f} s ({(answer or '')[:80]!r}); "
        f"{len(waits)} /iran meanwhile, slowest {max(waits):.2f} s"
    )
    assert answer is not None and answered_in is not None, bot_messages(fake, ADMIN_ID)
    assert max(waits) < IRAN_WITHIN
    assert "Traceback" not in bot.log()


def test_sigterm_while_an_article_is_parsed_stops_the_bot_and_the_restart_answers_it(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    """Parsing in the bot's own process, the bot still hears SIGTERM and exits cleanly; the
    article, recorded before, is answered once by the next start."""
    bot = bot_process(env={"PARSE_WORKERS": "0"})
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    for part in split_like_telegram(long_paste(seed.splitlines(), 18_000)):
        fake.send_text(ADMIN_ID, part)
    fake.wait_until(lambda: job_state(bot) == "running", 30, "the article being parsed")
    asked = time.monotonic()
    assert bot.terminate(timeout=STOP_WITHIN) == 0, bot.log_tail()
    stopped_in = time.monotonic() - asked
    bot.start()
    fake.wait_until(lambda: digests(fake), ANSWER_WITHIN, "the digest after the restart")
    time.sleep(1.0)  # room for a second digest, which must not come
    print(f"SIGTERM mid-parse: exited in {stopped_in:.1f} s")
    assert len(digests(fake)) == 1
