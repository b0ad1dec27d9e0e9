"""Alert fan-out throughput: one article to N subscribers, the bot against the fake Bot API.

    .venv/bin/python bench/alert_fanout.py --subscribers 300 [--limits] [--max-per-second 28]

Starts the loopback fake Bot API (tests/e2e/fakeserver; `npm ci` it first) and
`python -m bot run` against it, seeds N subscriptions to /iran, forwards one Iran article
and prints how fast the alerts went out (first to last), and how many sends the fake refused
for going over Telegram's limits (`--limits` makes it enforce 30 a second).
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from storage.sqlite import SqliteStore  # noqa: E402
from tests.alert_articles import IRAN  # noqa: E402
from tests.e2e.harness import (  # noqa: E402
    ADMIN_ID,
    FAKESERVER_DIR,
    BotProcess,
    FakeTelegram,
    bot_env,
)


async def seed(path: Path, count: int) -> None:
    db = await SqliteStore.open(path)
    try:
        for chat_id in range(10001, 10001 + count):
            await db.chats.subscribe(chat_id, "iran", datetime.now(UTC).isoformat())
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subscribers", type=int, default=300)
    parser.add_argument("--limits", action="store_true", help="fake enforces 30 msg/s")
    parser.add_argument("--max-per-second", type=int, default=28, help="ALERT_MAX_PER_SECOND")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="fanout"))
    server = subprocess.Popen(
        ["node", str(FAKESERVER_DIR / "server.js"), "--port", "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert server.stdout is not None
    fake = FakeTelegram(server.stdout.readline().removeprefix("listening on ").strip())
    database = workdir / "onrecord.sqlite3"
    asyncio.run(seed(database, args.subscribers))
    if args.limits:
        fake.rate_limits()
    env = {
        "ALERT_POLL_SECONDS": "0.2",
        "ALERT_MAX_PER_SECOND": str(args.max_per_second),
        "ACCESS": "open",  # the seeded chats are not members: a private bot drops them
        "LOG_LEVEL": "WARNING",
    }
    bot = BotProcess(fake, workdir, bot_env(fake, database, extra=env))
    try:
        bot.start()
        fake.send_text(ADMIN_ID, IRAN)

        def alert_times() -> list[float]:
            return sorted(
                r["time"] for r in fake.sent(kind="send") if "New on" in (r.get("text") or "")
            )

        fake.wait_until(
            lambda: len(alert_times()) >= args.subscribers or not bot.running, 600, "every alert"
        )
        times = alert_times()
        span = times[-1] - times[0]
        print(
            f"{len(times)} alerts in {span:.2f} s = {(len(times) - 1) / span:.1f} messages/s "
            f"sustained; refused for flooding: {len(fake.violations())}"
        )
    finally:
        bot.stop()
        fake.close()
        server.terminate()
        server.wait()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
