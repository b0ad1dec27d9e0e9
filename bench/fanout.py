"""Figure 4: alerts per second delivered to N subscribers, against the loopback fake Bot API.

`python -m bot run` runs as a subprocess against `tests/e2e/fakeserver` (Node) with
Telegram's limits switched on in the fake (30 messages a second overall: a send beyond them
is refused with 429 and logged as a violation). N chats are subscribed to /iran straight in
the database; the admin forwards one Iran article; the rate is taken from the fake's own
clock, first to last accepted alert. Lost = subscribers who never got theirs.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tests.alert_articles import IRAN
from tests.e2e.harness import ADMIN_ID, FAKESERVER_DIR, BotProcess, FakeTelegram, bot_env

FIRST_CHAT = 700_000


@dataclass(frozen=True)
class FanoutResult:
    subscribers: int
    max_per_second: int | None
    delivered: int
    seconds: float  # first to last accepted alert
    refused_for_flooding: int  # sends the fake refused for going over Telegram's limits
    duplicates: int

    @property
    def per_second(self) -> float:
        return (self.delivered - 1) / self.seconds if self.seconds > 0 else 0.0

    @property
    def lost(self) -> int:
        return self.subscribers - self.delivered


def start_fake_server() -> tuple[subprocess.Popen[str], FakeTelegram]:
    node = shutil.which("node")
    if node is None or not (FAKESERVER_DIR / "node_modules").is_dir():
        raise RuntimeError(
            "the fan-out figure needs Node and `npm ci --prefix " + "tests/e2e/fakeserver`"
        )
    process = subprocess.Popen(
        [node, str(FAKESERVER_DIR / "server.js"), "--port", "0", "--host", "127.0.0.1"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if not line.startswith("listening on "):
        process.kill()
        raise RuntimeError(f"fake Bot API did not start: {line!r}")
    return process, FakeTelegram(line.removeprefix("listening on ").strip())


def stop_fake_server(server: subprocess.Popen[str], fake: FakeTelegram) -> None:
    fake.close()
    server.terminate()
    server.wait(timeout=10)


async def _seed(path: Path, chats: list[int]) -> None:
    from storage.sqlite import SqliteStore

    db = await SqliteStore.open(path)
    try:
        for chat in chats:
            await db.chats.subscribe(chat, "iran", "2026-01-01T00:00:00+00:00")
    finally:
        await db.close()


def run_fanout(
    subscribers: int = 1000, max_per_second: int | None = None, timeout: float = 300
) -> FanoutResult:
    """`max_per_second`: ALERT_MAX_PER_SECOND for the bot (None: the bot's default)."""
    chats = list(range(FIRST_CHAT, FIRST_CHAT + subscribers))
    server, fake = start_fake_server()
    bot: BotProcess | None = None
    try:
        with tempfile.TemporaryDirectory(prefix="onrecord-fanout-") as tmp:
            database = Path(tmp) / "fanout.sqlite3"
            asyncio.run(_seed(database, chats))
            fake.rate_limits()  # Telegram's own: 30 messages a second
            # ACCESS=open: the seeded chats are not members, and a private bot ends the
            # subscriptions of non-members when it starts.
            extra = {"LOG_LEVEL": "WARNING", "ALERT_POLL_SECONDS": "0.2", "ACCESS": "open"}
            if max_per_second is not None:
                extra["ALERT_MAX_PER_SECOND"] = str(max_per_second)
            env = bot_env(fake, database, extra=extra)
            bot = BotProcess(fake, Path(tmp), env).start()
            since = fake.last_call_seq()
            fake.send_text(ADMIN_ID, IRAN)
            wanted = set(chats)
            deadline = time.monotonic() + timeout
            accepted: dict[int, list[float]] = {}
            while time.monotonic() < deadline:
                time.sleep(1.0)
                accepted = {}
                for call in fake.calls("sendMessage", since=since):
                    chat = int(call.get("chat_id") or 0)
                    if chat in wanted and call.get("ok"):
                        accepted.setdefault(chat, []).append(float(call["time"]))
                if len(accepted) == len(wanted) or not bot.running:
                    break
            time.sleep(1.0)  # a window for a duplicate to show up
            accepted = {}
            for call in fake.calls("sendMessage", since=since):
                chat = int(call.get("chat_id") or 0)
                if chat in wanted and call.get("ok"):
                    accepted.setdefault(chat, []).append(float(call["time"]))
            if len(accepted) < len(wanted):
                print(f"fan-out: {len(accepted)}/{len(wanted)} served; bot log:\n"
                      f"{bot.log_tail()}", file=sys.stderr)  # fmt: skip
            times = sorted(t for sends in accepted.values() for t in sends)
            refused = [c for c in fake.violations() if c.get("rate_limited")]
            bot.stop()
            return FanoutResult(
                subscribers=subscribers,
                max_per_second=max_per_second,
                delivered=len(accepted),
                seconds=times[-1] - times[0] if len(times) > 1 else 0.0,
                refused_for_flooding=len(refused),
                duplicates=sum(len(s) - 1 for s in accepted.values()),
            )
    finally:
        if bot is not None:
            bot.stop()
        stop_fake_server(server, fake)
