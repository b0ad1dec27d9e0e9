"""ACCESS: private by default, open on request, anything else named in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings


@pytest.fixture(autouse=True)
def no_access_in_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCESS", raising=False)


def test_private_by_default(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "missing.env").access == "private"


@pytest.mark.parametrize(("raw", "expected"), [("open", "open"), (" Private ", "private")])
def test_open_or_private(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: str, expected: str
) -> None:
    monkeypatch.setenv("ACCESS", raw)
    assert load_settings(tmp_path / "missing.env").access == expected


def test_anything_else_is_a_config_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCESS", "public")
    with pytest.raises(ConfigError, match="ACCESS must be private or open; got 'public'"):
        load_settings(tmp_path / "missing.env")


def test_documented_in_env_example() -> None:
    example = (Path(__file__).resolve().parents[2] / ".env.example").read_text("utf-8")
    assert "\nACCESS=private\n" in example
