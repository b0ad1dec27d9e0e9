"""One bot per record: a second `python -m bot run` on the same database refuses to start with
one line and a non-zero exit, before it calls Telegram; after the first is
killed with SIGKILL, a new one starts at once (the kernel dropped the lock)."""

from __future__ import annotations

import stat
import subprocess
import sys
from collections.abc import Callable

import pytest

from tests.e2e.harness import ADMIN_ID, REPLY_TIMEOUT, BotProcess, FakeTelegram, settled_replies

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]


def test_a_second_bot_on_the_same_database_refuses_and_a_restart_after_kill_starts(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess]
) -> None:
    first = bot_process()
    lock = first.database_path.with_name(first.database_path.name + ".lock")
    assert stat.S_IMODE(lock.stat().st_mode) == 0o600
    since = fake.last_call_seq()

    second = subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=first.workdir,
        env=first.env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert second.returncode != 0
    # LOG_LEVEL=DEBUG here: a library's debug line may come first; the error is one line
    errors = [line for line in second.stderr.splitlines() if not line[:4].isdigit()]
    assert len(errors) == 1, second.stderr
    assert errors[0].startswith("error: another bot is already running on"), errors
    assert "Traceback" not in second.stderr + second.stdout
    talked = [c["method"] for c in fake.calls(since=since) if c["method"] != "getUpdates"]
    assert talked == [], "the refused bot talked to Telegram"  # the first one only polls
    assert first.running

    first.kill()  # SIGKILL: no shutdown code runs, the lock file stays behind
    assert lock.exists()
    first.start(timeout=REPLY_TIMEOUT * 4)  # the lock went with the process: starts at once
    fake.send_text(ADMIN_ID, "/help")
    assert settled_replies(fake, first, ADMIN_ID, 1)
