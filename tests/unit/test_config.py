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
