"""A token Telegram rejects: one line on stderr that does not contain it, a non-zero exit, and
nothing written — as the operator sees it, against the fake Bot API answering 401."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.e2e.harness import FakeTelegram, bot_env

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

# The fake answers 401 Unauthorized to a token outside `digits:[A-Za-z0-9_-]+`, as Telegram
# does to a revoked or mistyped one.
REJECTED = "123456:TOPSECRET.revoked"


def start(fake: FakeTelegram, tmp_path: Path, log_level: str) -> subprocess.CompletedProcess[str]:
    database = tmp_path / "record.sqlite3"
    env = bot_env(fake, database, extra={"TELEGRAM_BOT_TOKEN": REJECTED, "LOG_LEVEL": log_level})
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def test_a_rejected_token_is_one_line_without_the_token_and_a_failed_exit(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    result = start(fake, tmp_path, "INFO")
    assert result.returncode == 2
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("error: Telegram rejected TELEGRAM_BOT_TOKEN"), line
    assert "TOPSECRET" not in line
    [call] = fake.calls("getMe")
    assert call["error_code"] == 401
    assert not (tmp_path / "record.sqlite3").exists()  # stopped before opening the record


def test_even_debug_logging_never_prints_a_rejected_token(
    fake: FakeTelegram, tmp_path: Path
) -> None:
    result = start(fake, tmp_path, "DEBUG")
    assert result.returncode == 2
    assert "TOPSECRET" not in result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[-1].startswith("error: Telegram rejected")
