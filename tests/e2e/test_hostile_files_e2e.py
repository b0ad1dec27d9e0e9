"""Files built to freeze the parser, end to end: spaCy's tokenizer is quadratic on a long run
without whitespace and holds the GIL, so `Peskov said ` and 20,000 `=` once delayed /iran by
75 s, and 200,000 `#` froze the bot for minutes. Sent as .txt files through the fake Bot
API, while another member asks /iran every half second: every /iran is answered within a
few seconds, and the sender gets a digest or a clear refusal within a minute. The bot parses
in its own process here (`PARSE_WORKERS=0`), the case where a frozen tokenizer would stop
everything: no parser process to be replaced, no time budget, only the tokenizer's input
kept free of long runs (`extraction/tokenizer_input.py`)."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import ADMIN_ID, BotProcess, FakeTelegram, bot_messages

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(300)]

PROBE = 3101  # another admin, asking /iran meanwhile
ANSWER_WITHIN = 60.0
IRAN_WITHIN = 5.0
FILES = {
    "equals.txt": "Peskov said " + "=" * 20_000,
    "hashes.txt": "#" * 200_000,
}
# What the sender may be told: a digest, or one of the reasons a text is not analysed.
ANSWERS = ("📰", "no statement attributed", "Only English", "the limit is", "Nothing was stored")


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
