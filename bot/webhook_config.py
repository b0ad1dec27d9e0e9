"""Webhook mode's settings: Telegram posts updates to WEBHOOK_URL instead of being polled.

A webhook is an open door on the internet, so the secret is not optional: Telegram sends it
in the `X-Telegram-Bot-Api-Secret-Token` header of every request, and the listener refuses a
request without it (403). Each malformed value stops the bot with one line naming the setting;
no line ever shows the secret.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# Telegram's rule for secret_token: 1-256 characters, A-Z, a-z, 0-9, _ and -.
SECRET_FORM = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Below this the secret could be guessed; Telegram accepts shorter, the bot does not.
MIN_SECRET_CHARS = 16
DEFAULT_LISTEN = "127.0.0.1"
DEFAULT_PORT = 8443


class WebhookConfigError(ValueError):
    """str(exc) is the one line shown to the user (bot.config re-raises it as ConfigError)."""


@dataclass(frozen=True)
class Webhook:
    url: str  # public HTTPS URL Telegram posts to (the reverse proxy's)
    secret: str = field(repr=False)
    listen: str = DEFAULT_LISTEN  # the local listener, behind the reverse proxy
    port: int = DEFAULT_PORT

    @property
    def path(self) -> str:
        """The path the listener serves: the URL's, as a reverse proxy passes it on."""
        return urlsplit(self.url).path.lstrip("/")


def parse_webhook(get: Callable[[str], str], local_bot_api: bool) -> Webhook | None:
    """WEBHOOK_URL and its companions, or None (long polling) when WEBHOOK_URL is unset.
    `local_bot_api`: TELEGRAM_BASE_URL names a local Bot API server, which may post to a
    plain http:// URL; Telegram's own posts only to https://."""
    url, secret = get("WEBHOOK_URL"), get("WEBHOOK_SECRET")
    if not url:
        if secret:
            raise WebhookConfigError("WEBHOOK_SECRET is set but WEBHOOK_URL is not; set both")
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise WebhookConfigError(f"WEBHOOK_URL is not a valid URL ({exc})") from exc
    schemes = ("https", "http") if local_bot_api else ("https",)
    if parts.scheme not in schemes or not parts.hostname:
        raise WebhookConfigError(
            "WEBHOOK_URL must be a public https:// URL (http:// only with a local Bot API "
            f"server in TELEGRAM_BASE_URL); got {url!r}"
        )
    if not secret:
        raise WebhookConfigError(
            "WEBHOOK_SECRET is required with WEBHOOK_URL: Telegram sends it with every update "
            "and the bot refuses requests without it"
        )
    if not SECRET_FORM.fullmatch(secret) or len(secret) < MIN_SECRET_CHARS:
        raise WebhookConfigError(
            f"WEBHOOK_SECRET must be {MIN_SECRET_CHARS} to 256 characters of A-Z, a-z, 0-9, "
            "_ and - (e.g. `openssl rand -hex 32`)"
        )
    listen = get("WEBHOOK_LISTEN") or DEFAULT_LISTEN
    if any(c.isspace() or c == "/" for c in listen):
        raise WebhookConfigError(f"WEBHOOK_LISTEN must be an address to listen on; got {listen!r}")
    port = get("WEBHOOK_PORT") or str(DEFAULT_PORT)
    if not (port.isascii() and port.isdigit()) or not 0 < int(port) < 65536:
        raise WebhookConfigError(f"WEBHOOK_PORT must be a port number, 1 to 65535; got {port!r}")
    return Webhook(url=url, secret=secret, listen=listen, port=int(port))
