"""Figure 2, end to end: /iran while 30 members forward an article each at the same moment.

`python -m bot run` (its parser process included) runs as a subprocess against the loopback
fake Bot API (`tests/e2e/fakeserver`) with Telegram's limits switched on, on a copy of a
generated archive. One member sends /iran, waits for the answer, pauses and sends again:
first with nothing else going on, then while the other members' forwards are analysed. An
answer's latency is from the fake's handing the /iran update to the bot (the end of the
`getUpdates` call that carried it) to the bot's sendMessage arriving at the fake, both on the
fake's clock: what a member would see, less the network.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from bench.burst import PAUSE, BurstResult
from bench.corpus import Corpus
from bench.fanout import start_fake_server, stop_fake_server
from handlers.article_jobs import ANALYSING
from tests.e2e.harness import BotProcess, FakeTelegram, bot_env, forwarded_from_channel

IRAN_MEMBER = 5_000
FIRST_MEMBER = 6_000
ANSWER_TIMEOUT = 30.0
MAX_MESSAGE = 4096
WARM_UP = 3
POLL = 0.005  # the client's look at the fake for the answer (pacing only, not the latency)


def as_post(text: str) -> str:
    """The article as one channel post: whole paragraphs up to Telegram's 4096 characters."""
    post = ""
    for paragraph in text.split("\n"):
        if len(post) + len(paragraph) + 1 > MAX_MESSAGE:
            break
        post = f"{post}\n{paragraph}" if post else paragraph
    return post or text[:MAX_MESSAGE]


def _last_sent(fake: FakeTelegram) -> int:
    sent = fake.sent()
    return int(sent[-1]["seq"]) if sent else 0


def _ask(fake: FakeTelegram, since: int) -> tuple[int, int]:
    """Send /iran and wait for the answer after record `since`: (the update's id, the
    answer's seq)."""
    update = fake.send_text(IRAN_MEMBER, "/iran")
    deadline = time.monotonic() + ANSWER_TIMEOUT
    while time.monotonic() < deadline:
        sent = fake.sent(IRAN_MEMBER, since=since, kind="send")
        if sent:
            return int(update["update_id"]), int(sent[0]["seq"])
        time.sleep(POLL)
    raise TimeoutError("no answer to /iran")


def _digested(fake: FakeTelegram, members: list[int], since: int) -> int:
    """Members whose "Analysing…" became their digest (or its reason for failing)."""
    edits = fake.sent(since=since, kind="edit")
    return len({r["chat_id"] for r in edits if r["chat_id"] in members and r["text"] != ANALYSING})


def _latencies(fake: FakeTelegram, asked: list[tuple[int, int]]) -> tuple[float, ...]:
    delivered = {}
    for call in fake.calls("getUpdates"):
        for update_id in call.get("update_ids") or ():
            delivered[update_id] = float(call["time"]) + float(call.get("duration") or 0)
    answered = {int(r["seq"]): float(r["time"]) for r in fake.sent(IRAN_MEMBER, kind="send")}
    return tuple((answered[seq] - delivered[update]) * 1000 for update, seq in asked)


def run_burst_e2e(corpus: Corpus, archive: Path, quiet_commands: int = 100) -> BurstResult:
    """`len(corpus.texts)` members forward one article each at once (the figure: 30)."""
    members = [FIRST_MEMBER + n for n in range(len(corpus.texts))]
    server, fake = start_fake_server()
    bot: BotProcess | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="onrecord-burst-e2e-") as tmp:
            database = Path(tmp) / "burst.sqlite3"
            shutil.copyfile(archive, database)
            fake.rate_limits()  # Telegram's own: 30 messages a second
            env = bot_env(fake, database, extra={"LOG_LEVEL": "WARNING", "ACCESS": "open"})
            bot = BotProcess(fake, Path(tmp), env).start()
            quiet = [_ask(fake, _last_sent(fake))]
            for _ in range(WARM_UP):  # the first answers after start-up are not counted
                time.sleep(PAUSE)
                quiet = [_ask(fake, quiet[-1][1])]
            while len(quiet) < quiet_commands:
                time.sleep(PAUSE)
                quiet.append(_ask(fake, quiet[-1][1]))
            since = _last_sent(fake)
            start = time.monotonic()
            for n, (member, text) in enumerate(zip(members, corpus.texts, strict=True)):
                origin = forwarded_from_channel(900 + n)
                fake.send_text(member, as_post(text), forward_origin=origin)
            burst = []
            while _digested(fake, members, since) < len(members):
                if time.monotonic() - start > 600 or not bot.running:
                    raise RuntimeError(f"the burst was not digested; bot log:\n{bot.log_tail()}")
                burst.append(_ask(fake, burst[-1][1] if burst else since))
                time.sleep(PAUSE)
            elapsed = time.monotonic() - start
            result = BurstResult(
                len(members), _latencies(fake, quiet), _latencies(fake, burst), elapsed
            )
            bot.stop()
            return result
    finally:
        if bot is not None:
            bot.stop()
        stop_fake_server(server, fake)
