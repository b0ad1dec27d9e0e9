"""ALERT_* settings: documented defaults, and one clear line naming a malformed one."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings

ALERT_SETTINGS = (
    "ALERT_POLL_SECONDS",
    "ALERT_GROUP_WINDOW_HOURS",
    "ALERT_GROUP_SIMILARITY",
    "ALERT_MAX_PER_SECOND",
    "ALERT_DIGEST_PERIOD_SECONDS",
    "ALERT_LEASE_SECONDS",
)
EXAMPLE = Path(__file__).resolve().parents[2] / ".env.example"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ALERT_SETTINGS:
        monkeypatch.delenv(name, raising=False)


def test_alert_defaults(tmp_path: Path) -> None:
    settings = load_settings(tmp_path / "missing.env")
    assert settings.alert_poll_seconds == 1.0
    assert settings.alert_group_window_hours == 48.0
    assert settings.alert_group_similarity == 85.0
    assert settings.alert_max_per_second == 28
    assert settings.alert_digest_period_seconds == 86400
    assert settings.alert_lease_seconds == 300.0


def test_every_alert_setting_is_documented_in_env_example() -> None:
    example = EXAMPLE.read_text(encoding="utf-8")
    assert all(f"\n{name}=" in example for name in ALERT_SETTINGS)


def test_tests_can_shorten_the_intervals(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ALERT_POLL_SECONDS", "0.2")
    monkeypatch.setenv("ALERT_DIGEST_PERIOD_SECONDS", "4")
    settings = load_settings(tmp_path / "missing.env")
    assert settings.alert_poll_seconds == 0.2
    assert settings.alert_digest_period_seconds == 4


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("ALERT_POLL_SECONDS", "0"),
        ("ALERT_POLL_SECONDS", "soon"),
        ("ALERT_GROUP_SIMILARITY", "101"),
        ("ALERT_GROUP_WINDOW_HOURS", "-1"),
        ("ALERT_MAX_PER_SECOND", "2.5"),
        ("ALERT_DIGEST_PERIOD_SECONDS", "daily"),
        ("ALERT_LEASE_SECONDS", "0"),
    ],
)
def test_a_malformed_alert_setting_is_named(
    name: str, value: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(ConfigError, match=name):
        load_settings(tmp_path / "missing.env")
