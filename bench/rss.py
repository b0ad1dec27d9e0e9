"""Figure 5: peak RSS of the bot with the model loaded and an archive open.

`python -m bench.rss ARCHIVE` builds the real application (model, database, handlers) on a
copy-free open of ARCHIVE, answers /iran, /who and /search through the handlers with an
offline request, and prints its own peak resident set size (ru_maxrss) as JSON. It runs as
its own process so that the figure is the bot's alone.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sys
import time
from pathlib import Path

from telegram import Update

from bot.app import build_application
from bot.config import DEFAULT_MODEL, Settings
from tests.integration.offline import RecordingRequest


def peak_rss_kib() -> int:
    """VmHWM, this process image's high-water mark. Not ru_maxrss: Linux carries that over
    exec from the forked parent, so a bot started by a big benchmark process would report
    the benchmark's memory (it did: 980 MB instead of ~200)."""
    status = Path("/proc/self/status")
    if status.is_file():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _command(bot: object, number: int, text: str) -> Update:
    return Update.de_json(
        {
            "update_id": number,
            "message": {
                "message_id": number,
                "date": int(time.time()),
                "chat": {"id": 1, "type": "private", "first_name": "R"},
                "from": {"id": 1, "is_bot": False, "first_name": "R"},
                "text": text,
                "entities": [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}],
            },
        },
        bot,  # type: ignore[arg-type]
    )


async def main(archive: Path) -> None:
    settings = Settings(
        token="123456:BENCH-token",
        database_path=archive,
        admin_user_ids=frozenset({1}),
        spacy_model=DEFAULT_MODEL,
        log_level="WARNING",
        base_url=None,
        max_article_chars=200_000,
    )
    request = RecordingRequest()
    app = build_application(settings, None, request)
    async with app:
        assert app.post_init is not None
        await app.post_init(app)
        for number, text in enumerate(("/iran", "/who Anna Abbott", "/search sanctions"), 1):
            await app.process_update(_command(app.bot, number, text))
        assert app.post_shutdown is not None
        await app.post_shutdown(app)
    peak_kib = peak_rss_kib()
    replies = len(request.sent())
    print(json.dumps({"peak_rss_mb": peak_kib / 1024, "replies": replies}))


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1])))
