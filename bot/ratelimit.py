"""Telegram's rate limits for every call; replies to people wait out a flood, alerts don't.

`AIORateLimiter(max_retries=0)` throttles to Telegram's limits and hands `RetryAfter` to the
caller, which is what the alert sender wants: it reschedules the outbox row and pauses the
chat, so nothing is retried twice. A reply to a person has no outbox behind it: without a
retry, one 429 would lose the digest they are waiting for. So a call that passes no
`rate_limit_args` waits as long as Telegram says and retries (up to `reply_retries` times),
and the sender passes `rate_limit_args=SENDER_OWNS_RETRIES` on its calls. (The sentinel is
-1, not 0: PTB drops a falsy `rate_limit_args` before it reaches the limiter.)

At the overall limit (30 calls a second), calls that answer a command go before the calls
that follow up an article (typing…, "Analysing…", the digest: `handlers.common`): a burst of
50 forwarded articles queues 100 of those within two seconds, and an /iran behind them
waited up to 0.7 s (bench/notes.md, figure 2). The follow-ups still go out in their order.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Coroutine, Iterator
from functools import partial
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

from handlers.common import following_up_an_article

SENDER_OWNS_RETRIES = -1
REPLY_RETRIES = 3
# Added to a follow-up's place in the waiting line: after every answer to a command.
FOLLOW_UPS_LAST = 1 << 62


class CommandsFirstLimiter(AsyncLimiter):
    """aiolimiter's leaky bucket wakes its waiters in the order of a counter
    (`_next_count`); a follow-up of an article counts from `FOLLOW_UPS_LAST` on."""

    def __init__(self, max_rate: float, time_period: float) -> None:
        super().__init__(max_rate, time_period)
        self._next_count = partial(_place_in_line, itertools.count())


def _place_in_line(counter: Iterator[int]) -> int:
    return next(counter) + (FOLLOW_UPS_LAST if following_up_an_article() else 0)


class ReplyRetryingRateLimiter(AIORateLimiter):
    def __init__(self, reply_retries: int = REPLY_RETRIES) -> None:
        super().__init__(max_retries=0)
        self.reply_retries = reply_retries
        if self._base_limiter is not None:
            self._base_limiter = CommandsFirstLimiter(
                self._base_limiter.max_rate, self._base_limiter.time_period
            )

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | dict[str, Any] | list[dict[str, Any]]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | dict[str, Any] | list[dict[str, Any]]:
        if rate_limit_args is None:
            rate_limit_args = self.reply_retries
        elif rate_limit_args == SENDER_OWNS_RETRIES:
            rate_limit_args = 0
        return await super().process_request(
            callback, args, kwargs, endpoint, data, rate_limit_args
        )


def sender_call_args(bot: Any) -> dict[str, Any]:
    """Keyword arguments for the alert sender's calls: its own retries where a limiter runs
    (PTB refuses `rate_limit_args` on a bot without one, as in some tests)."""
    return {"rate_limit_args": SENDER_OWNS_RETRIES} if getattr(bot, "rate_limiter", None) else {}
