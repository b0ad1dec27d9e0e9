"""Settings: defaults, and one clear line naming a malformed setting."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import DEFAULT_MODEL, ConfigError, load_settings

SETTINGS = (
    "TELEGRAM_BOT_TOKEN",
    "DATABASE_PATH",
    "DATABASE_URL",
    "ADMIN_USER_IDS",
    "SPACY_MODEL",
    "LOG_LEVEL",
    "TELEGRAM_BASE_URL",
    "MAX_ARTICLE_CHARS",
    "PARSE_WORKERS",
    "PARSE_BUDGET_SECONDS",
    "WEBHOOK_URL",
    "WEBHOOK_SECRET",
    "WEBHOOK_LISTEN",
    "WEBHOOK_PORT",
)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in SETTINGS:
        monkeypatch.delenv(name, raising=False)


def test_defaults_without_any_setting(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.env")
    assert settings.token is None
    assert settings.database_path == Path("./data/onrecord.sqlite3")
    assert settings.database_url is None and settings.database == settings.database_path
    assert settings.spacy_model == DEFAULT_MODEL
    assert settings.admin_user_ids == frozenset()
    with pytest.raises(ConfigError, match="@BotFather"):
        settings.require_token()


def test_env_file_is_read_and_environment_wins(tmp_path: Path, monkeypatch) -> None:
    env = tmp_path / ".env"
    env.write_text("ADMIN_USER_IDS=1, 2\nLOG_LEVEL=debug\nTELEGRAM_BOT_TOKEN=1:abc\n")
    monkeypatch.setenv("LOG_LEVEL", "WARNING")
    settings = load_settings(env)
    assert settings.admin_user_ids == frozenset({1, 2})
    assert settings.log_level == "WARNING"
    assert settings.token == "1:abc"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ADMIN_USER_IDS", "12,bob"),
        ("LOG_LEVEL", "LOUD"),
        ("TELEGRAM_BASE_URL", "ftp://x"),
        ("TELEGRAM_BOT_TOKEN", "no-colon"),
        ("MAX_ARTICLE_CHARS", "-5"),
        ("MAX_ARTICLE_CHARS", "²"),  # a digit to str.isdigit(), not to int()
        ("ADMIN_USER_IDS", "١٢٣"),  # Arabic-Indic digits: int() would read user 123
        ("PARSE_WORKERS", "-1"),
        ("PARSE_WORKERS", "99"),
        ("PARSE_BUDGET_SECONDS", "0"),
        ("DATABASE_URL", "mysql://u:pw@host/db"),
        ("DATABASE_URL", "./data/onrecord.sqlite3"),
        ("DATABASE_URL", "postgresql://host:port/db"),
    ],
)
def test_malformed_setting_is_named(name: str, value: str, monkeypatch, tmp_path) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path / "none.env")
    assert str(error.value).startswith(name)
    assert "\n" not in str(error.value)


def test_articles_are_parsed_by_one_parser_process_within_a_minute_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = load_settings(tmp_path / "missing.env")
    assert (settings.parse_workers, settings.parse_budget_seconds) == (1, 60.0)
    monkeypatch.setenv("PARSE_WORKERS", "0")
    assert load_settings(tmp_path / "missing.env").parse_workers == 0


def test_a_postgresql_url_is_where_the_record_is_and_its_password_is_never_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://onrecord:pw@db.example:5433/record")
    settings = load_settings(tmp_path / "none.env")
    assert settings.database == "postgresql://onrecord:pw@db.example:5433/record"
    monkeypatch.setenv("DATABASE_URL", "mysql://onrecord:pw@db.example/record")
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path / "none.env")
    assert "pw" not in str(error.value) and "postgresql://" in str(error.value)


SECRET = "s3cret-Value_0123456789"


def test_webhook_mode_takes_its_settings_and_polls_without_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert load_settings(tmp_path / "none.env").webhook is None
    monkeypatch.setenv("WEBHOOK_URL", "https://bot.example.org/onrecord/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    webhook = load_settings(tmp_path / "none.env").webhook
    assert webhook is not None
    assert (webhook.listen, webhook.port, webhook.path) == ("127.0.0.1", 8443, "onrecord/hook")
    assert SECRET not in repr(load_settings(tmp_path / "none.env"))
    monkeypatch.setenv("WEBHOOK_LISTEN", "0.0.0.0")
    monkeypatch.setenv("WEBHOOK_PORT", "8080")
    webhook = load_settings(tmp_path / "none.env").webhook
    assert webhook is not None and (webhook.listen, webhook.port) == ("0.0.0.0", 8080)


@pytest.mark.parametrize(
    ("settings", "named"),
    [
        ({"WEBHOOK_URL": "https://bot.example.org/hook"}, "WEBHOOK_SECRET is required"),
        ({"WEBHOOK_SECRET": SECRET}, "WEBHOOK_SECRET is set but WEBHOOK_URL is not"),
        ({"WEBHOOK_URL": "http://bot.example.org/hook", "WEBHOOK_SECRET": SECRET}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "bot.example.org/hook", "WEBHOOK_SECRET": SECRET}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://h:port/x", "WEBHOOK_SECRET": SECRET}, "WEBHOOK_URL"),
        ({"WEBHOOK_URL": "https://h/x", "WEBHOOK_SECRET": "short-1"}, "WEBHOOK_SECRET must"),
        ({"WEBHOOK_URL": "https://h/x", "WEBHOOK_SECRET": SECRET + "!"}, "WEBHOOK_SECRET must"),
        ({"WEBHOOK_URL": "https://h/x", "WEBHOOK_SECRET": SECRET * 12}, "WEBHOOK_SECRET must"),
        (
            {"WEBHOOK_URL": "https://h/x", "WEBHOOK_SECRET": SECRET, "WEBHOOK_PORT": "70000"},
            "WEBHOOK_PORT",
        ),
        (
            {"WEBHOOK_URL": "https://h/x", "WEBHOOK_SECRET": SECRET, "WEBHOOK_LISTEN": "a b"},
            "WEBHOOK_LISTEN",
        ),
    ],
)
def test_a_bad_webhook_setting_stops_the_bot_in_one_line_without_the_secret(
    settings: dict[str, str], named: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name, value in settings.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError) as error:
        load_settings(tmp_path / "none.env")
    message = str(error.value)
    assert message.startswith(named) and "\n" not in message
    assert SECRET not in message and "short-1" not in message


def test_a_local_bot_api_server_may_take_a_plain_http_webhook(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEBHOOK_URL", "http://127.0.0.1:8443/hook")
    monkeypatch.setenv("WEBHOOK_SECRET", SECRET)
    with pytest.raises(ConfigError, match="WEBHOOK_URL"):
        load_settings(tmp_path / "none.env")
    monkeypatch.setenv("TELEGRAM_BASE_URL", "http://127.0.0.1:8081/bot")
    webhook = load_settings(tmp_path / "none.env").webhook
    assert webhook is not None and webhook.url == "http://127.0.0.1:8443/hook"


def test_the_webhook_settings_are_documented_and_the_example_polls() -> None:
    example = Path(__file__).resolve().parents[2] / ".env.example"
    text = example.read_text(encoding="utf-8")
    for name in ("WEBHOOK_URL=", "WEBHOOK_SECRET=", "WEBHOOK_LISTEN=", "WEBHOOK_PORT="):
        assert f"\n{name}" in text
    assert load_settings(example).webhook is None
