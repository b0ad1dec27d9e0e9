"""Figure 2: /iran reply latency while 50 forwarded articles arrive at once, ÷ without them.

The real application (`build_application`: the access gate, the handlers, the nlp worker,
the database, AIORateLimiter) runs with an offline request that answers every Bot API call
at once and notes when each reply was sent. Updates go in through `update_queue`, as
polling would put them, so PTB's own concurrency bound is part of what is measured. One
client sends /iran, waits for the answer, pauses and sends the next; latency is from putting
the update in the queue to the bot's sendMessage. The database is a copy of a generated
archive, so /iran has a real page to render.
"""

from __future__ import annotations

import asyncio
import itertools
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.request import RequestData

from bench.archive_queries import _percentile
from bench.corpus import Corpus
from bot.app import build_application
from bot.config import DEFAULT_MODEL, Settings
from extraction import Extractor
from tests.integration.offline import RecordingRequest

ADMIN = 1
IRAN_USER = 2
FIRST_SENDER = 1000
# Between one /iran answer and the next command: the client asks for fewer than 20 answers a
# second. With 20 ms it asked for over 30 once /iran took under 10 ms, more than Telegram lets
# a bot send (30 a second, AIORateLimiter's bound), and the figure measured the limiter's queue
# and starved the articles' own replies (bench/notes.md, figure 2).
PAUSE = 0.05


@dataclass(frozen=True)
class BurstResult:
    articles: int
    quiet_ms: tuple[float, ...]
    burst_ms: tuple[float, ...]
    burst_seconds: float  # until every article had its digest

    @staticmethod
    def _p(samples: tuple[float, ...], q: float) -> float:
        return statistics.median(samples) if q == 0.5 else _percentile(list(samples), q)

    def p(self, which: str, q: float) -> float:
        return self._p(self.quiet_ms if which == "quiet" else self.burst_ms, q)


class TimedRequest(RecordingRequest):
    """Wakes whoever waits for a chat's next sendMessage/editMessageText."""

    def __init__(self) -> None:
        super().__init__()
        self.waiters: dict[int, asyncio.Future[float]] = {}
        self.digests = 0

    async def do_request(
        self, url: str, method: str, request_data: RequestData | None = None, *args: Any, **kw: Any
    ) -> tuple[int, bytes]:
        result = await super().do_request(url, method, request_data, *args, **kw)
        api = url.rsplit("/", 1)[-1]
        chat = int(str(request_data.parameters.get("chat_id", 0))) if request_data else 0
        if api == "sendMessage" and chat in self.waiters:
            waiter = self.waiters.pop(chat)
            if not waiter.done():
                waiter.set_result(time.perf_counter())
        if api == "editMessageText" and chat >= FIRST_SENDER:
            self.digests += 1
        return result


_ids = itertools.count(1)


def _update(bot: Any, user_id: int, text: str) -> Update:
    entities = []
    if text.startswith("/"):
        entities = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return Update.de_json(
        {
            "update_id": next(_ids),
            "message": {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": user_id, "type": "private", "first_name": "B"},
                "from": {"id": user_id, "is_bot": False, "first_name": "B"},
                "text": text,
                "entities": entities,
            },
        },
        bot,
    )


async def _iran(app: Any, request: TimedRequest) -> float:
    waiter: asyncio.Future[float] = asyncio.get_running_loop().create_future()
    request.waiters[IRAN_USER] = waiter
    start = time.perf_counter()
    await app.update_queue.put(_update(app.bot, IRAN_USER, "/iran"))
    return (await asyncio.wait_for(waiter, 30) - start) * 1000


async def run_burst(
    extractor: Extractor,
    corpus: Corpus,
    archive: Path,
    quiet_commands: int = 100,
    parse_workers: int = 0,
    on_app: Callable[[Any], None] | None = None,
) -> BurstResult:
    """`parse_workers`: 0 parses in the bot's process (its nlp thread), N in N parser
    processes, as `PARSE_WORKERS` does for `python -m bot run`. `on_app` sees the
    application before it starts (`bench/burst_trace.py` adds its probes there)."""
    with tempfile.TemporaryDirectory(prefix="onrecord-burst-") as tmp:
        database = Path(tmp) / "burst.sqlite3"
        shutil.copyfile(archive, database)
        settings = Settings(
            token="123456:BENCH-token",
            database_path=database,
            admin_user_ids=frozenset({ADMIN}),
            spacy_model=DEFAULT_MODEL,
            log_level="WARNING",
            base_url=None,
            max_article_chars=200_000,
            access="open",
            parse_workers=parse_workers,
        )
        request = TimedRequest()
        app = build_application(settings, extractor, request)
        if on_app is not None:
            on_app(app)
        async with app:
            assert app.post_init is not None
            await app.post_init(app)
            await app.start()
            try:
                quiet = []
                for _ in range(quiet_commands):
                    quiet.append(await _iran(app, request))
                    await asyncio.sleep(PAUSE)
                burst = []
                start = time.perf_counter()
                for n, text in enumerate(corpus.texts):
                    await app.update_queue.put(_update(app.bot, FIRST_SENDER + n, text))
                while request.digests < len(corpus.texts) and time.perf_counter() - start < 600:
                    burst.append(await _iran(app, request))
                    await asyncio.sleep(PAUSE)
                elapsed = time.perf_counter() - start
            finally:
                await app.stop()
                assert app.post_shutdown is not None
                await app.post_shutdown(app)
    return BurstResult(len(corpus.texts), tuple(quiet), tuple(burst), elapsed)
