"""Telegram's rate limits for every call; replies to people wait out a flood, alerts don't.

`AIORateLimiter(max_retries=0)` throttles to Telegram's limits and hands `RetryAfter` to the
caller, which is what the alert sender wants: it reschedules the outbox row and pauses the
chat, so nothing is retried twice. A reply to a person has no outbox behind it: without a
retry, one 429 would lose the digest they are waiting for. So a call that passes no
`rate_limit_args` waits as long as Telegram says and retries (up to `reply_retries` times),
and the sender passes `rate_limit_args=SENDER_OWNS_RETRIES` on its calls. (The sentinel is
-1, not 0: PTB drops a falsy `rate_limit_args` before it reaches the limiter.)
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram.ext import AIORateLimiter

SENDER_OWNS_RETRIES = -1
REPLY_RETRIES = 3


class ReplyRetryingRateLimiter(AIORateLimiter):
    def __init__(self, reply_retries: int = REPLY_RETRIES) -> None:
        super().__init__(max_retries=0)
        self.reply_retries = reply_retries

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
