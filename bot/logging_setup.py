"""One log format for the process, and a filter that keeps the bot token (and the webhook's
secret) out of every record."""

from __future__ import annotations

import logging

LOG_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def secrets_of(token: str | None) -> list[str]:
    """The token and its secret half (after the colon), each long enough to be worth hiding."""
    secrets = [token] if token else []
    if token and ":" in token:
        secrets.append(token.split(":", 1)[1])
    return [s for s in secrets if len(s) >= 6]


def redacted(text: str, token: str | None) -> str:
    for secret in secrets_of(token):
        text = text.replace(secret, "[REDACTED]")
    return text


class RedactTokenFilter(logging.Filter):
    """Replace the token (and its secret half) in the formatted message and arguments."""

    def __init__(self, token: str | None, *others: str) -> None:
        super().__init__()
        self._token = token
        self._others = [s for s in others if s]
        self._secrets = secrets_of(token) + self._others

    def _redact(self, text: str) -> str:
        for secret in self._others:
            text = text.replace(secret, "[REDACTED]")
        return redacted(text, self._token)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        redacted = self._redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if redacted != message or record.args:
            record.msg, record.args = redacted, None
        return True


def configure_logging(level: str, token: str | None, *secrets: str) -> None:
    """`secrets`: more values no log line may show (the webhook's secret)."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter(LOG_FORMAT))
    # On the handler, so it also covers records from loggers created later by libraries.
    handler.addFilter(RedactTokenFilter(token, *secrets))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    # httpx logs every request URL at INFO, and the URL contains the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
