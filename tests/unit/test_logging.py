"""The token never reaches a log line, whatever logger or argument carries it."""

from __future__ import annotations

import io
import logging

from bot.logging_setup import RedactTokenFilter

TOKEN = "123456:AAH-very-secret-token"


def capture(record_fn) -> str:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokenFilter(TOKEN))
    logger = logging.getLogger("telegram.Bot.test")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    record_fn(logger)
    return stream.getvalue()


def test_token_in_message_arguments_is_redacted() -> None:
    out = capture(lambda log: log.debug("POST https://api.telegram.org/bot%s/getMe", TOKEN))
    assert "AAH-very-secret-token" not in out
    assert "[REDACTED]" in out


def test_token_in_exception_text_is_redacted() -> None:
    def boom(log: logging.Logger) -> None:
        try:
            raise RuntimeError(f"failed url /bot{TOKEN}/sendMessage")
        except RuntimeError:
            log.exception("request failed")

    out = capture(boom)
    assert "very-secret" not in out
    assert "request failed" in out


def test_the_webhook_secret_is_redacted_too() -> None:
    secret = "webhook-secret-0123456789"
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactTokenFilter(TOKEN, secret))
    logger = logging.getLogger("telegram.Bot.webhook-test")
    logger.handlers[:] = [handler]
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    logger.debug(
        "Calling Bot API endpoint `%s` with parameters `%s`",
        "setWebhook",
        {"url": "https://bot.example.org/hook", "secret_token": secret},
    )
    out = stream.getvalue()
    assert secret not in out and "setWebhook" in out and "[REDACTED]" in out
