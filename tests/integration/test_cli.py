"""The command line as a user runs it: a subprocess, real files, a real database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import SEED_ARTICLE


def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run from an empty folder, so a developer's own .env can't change the outcome."""
    full_env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    full_env.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=full_env,
        cwd=tempfile.mkdtemp(),
        timeout=240,
    )


def test_extract_json_follows_the_contract_and_finds_the_iran_statement() -> None:
    result = run_cli("extract", str(SEED_ARTICLE), "--json")
    assert result.returncode == 0, result.stderr
    statements = json.loads(result.stdout)["statements"]
    text = SEED_ARTICLE.read_text(encoding="utf-8")
    required = {
        "speaker",
        "speaker_role",
        "speaker_span",
        "cue",
        "kind",
        "text",
        "span",
        "topics",
        "positions",
        "score",
    }
    for st in statements:
        assert required <= st.keys()
        assert st["kind"] in ("direct", "indirect", "mixed")
        start, end = st["span"]
        assert 0 <= start < end <= len(text)
        if st["speaker_span"] is not None:
            s, e = st["speaker_span"]
            assert 0 <= s < e <= len(text)
    iran = [st for st in statements if "destabilize" in st["text"] and "iran" in st["topics"]]
    assert iran and all(st["speaker"] == "Dmitry Peskov" for st in iran)
    for st in iran:  # against the strike, in both the reported and the quoted version
        assert [(p["target"], p["side"]) for p in st["positions"]] == [
            ("iran.military_action", "against")
        ]
        assert 0 < st["positions"][0]["confidence"] <= 1 and st["positions"][0]["evidence"]
    schedule = [st for st in statements if "schedule" in st["text"]]
    assert len(schedule) == 2 and all(st["positions"] == [] for st in schedule)


def test_extract_jsonl_keeps_going_after_bad_lines() -> None:
    lines = "\n".join(
        [
            json.dumps({"id": "good", "text": 'Peskov said that "talks are possible."'}),
            "{not json",
            json.dumps({"id": "empty", "text": "   "}),
            json.dumps({"id": "late", "text": "The minister said that prices will fall."}),
        ]
    )
    result = run_cli("extract", "--jsonl", stdin=lines)
    assert result.returncode == 1
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    assert ids == ["good", "late"]
    assert "line 2: invalid JSON" in result.stderr
    assert "line 3 (id empty): empty text" in result.stderr


def test_extract_names_each_bad_file_and_processes_the_rest(tmp_path: Path) -> None:
    binary = tmp_path / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\x00\x00binary")
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = run_cli(
        "extract", str(tmp_path / "missing.txt"), str(binary), str(empty), str(SEED_ARTICLE)
    )
    assert result.returncode == 1
    assert "missing.txt: no such file" in result.stderr
    assert "photo.jpg: looks like a binary file" in result.stderr
    assert "empty.txt: empty text" in result.stderr
    assert "Dmitry Peskov" in result.stdout


def test_extract_refuses_text_over_the_limit(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("word " * 50_000)
    result = run_cli("extract", str(big), env={"MAX_ARTICLE_CHARS": "1000"})
    assert result.returncode == 1
    assert "big.txt: 250,000 characters, over the limit of 1,000" in result.stderr


def test_ingest_then_topic_prints_what_iran_would_answer(database: str | Path) -> None:
    """On SQLite (DATABASE_PATH) and on PostgreSQL (DATABASE_URL), the same answers."""
    setting = "DATABASE_URL" if isinstance(database, str) else "DATABASE_PATH"
    env = {setting: str(database)}
    first = run_cli("ingest", str(SEED_ARTICLE), env=env)
    again = run_cli("ingest", str(SEED_ARTICLE), env=env)
    assert first.returncode == 0 and "stored as article 1" in first.stdout
    assert again.returncode == 0 and "already stored as article 1" in again.stdout
    topic = run_cli("topic", "iran", env=env)
    assert topic.returncode == 0, topic.stderr
    assert "Dmitry Peskov" in topic.stdout and "military strike on Iran would" in topic.stdout
    assert "Venezuela" not in topic.stdout
    unknown = run_cli("topic", "atlantis", env=env)
    assert unknown.returncode == 2 and "unknown topic 'atlantis'" in unknown.stderr
    found = run_cli("search", "destabilize", "topic:iran", env=env)
    assert found.returncode == 0, found.stderr
    assert "Dmitry Peskov" in found.stdout and "destabiliz" in found.stdout.lower()


def test_a_database_url_that_is_no_postgresql_or_out_of_reach_is_one_line() -> None:
    wrong = run_cli("topic", "iran", env={"DATABASE_URL": "mysql://u:pw@db/record"})
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert wrong.stderr.strip().startswith("error: DATABASE_URL must be a postgresql:// URL")
    away = run_cli("topic", "iran", env={"DATABASE_URL": "postgresql://u:pw@127.0.0.1:1/record"})
    assert away.returncode == 2 and len(away.stderr.strip().splitlines()) == 1
    assert away.stderr.startswith("error: cannot open PostgreSQL at 127.0.0.1:1/record")
    assert "pw" not in away.stderr.replace("password", "")


def test_malformed_setting_gives_one_line_not_a_traceback() -> None:
    result = run_cli("topic", "iran", env={"ADMIN_USER_IDS": "alice"})
    assert result.returncode == 2
    assert result.stderr.strip().startswith("error: ADMIN_USER_IDS")
    assert "Traceback" not in result.stderr


def test_run_without_token_explains_botfather_and_shows_the_seed_digest(tmp_path: Path) -> None:
    result = run_cli("run", "--demo-without-token", env={"DATABASE_PATH": str(tmp_path / "d")})
    assert result.returncode == 0, result.stderr
    assert "@BotFather" in result.stderr
    assert "📰 " in result.stdout and "🗣 Dmitry Peskov" in result.stdout
    # the preview was never stored: no "received" day, and no empty field before the count
    assert "\n19 statements\n" in result.stdout and "received" not in result.stdout


@pytest.mark.parametrize("args", [("run",)])
def test_run_without_token_and_without_demo_fails_clearly(args: tuple[str, ...]) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert "TELEGRAM_BOT_TOKEN is not set" in result.stderr


def test_extract_marks_what_it_found_but_puts_on_no_record(tmp_path: Path) -> None:
    """A transcript's question is printed as found, marked as no line of the record."""
    article = tmp_path / "briefing.txt"
    article.write_text(
        "Kremlin transcript\n\n"
        "QUESTION: Is the president ready to meet President Zelensky?\n\n"
        "PESKOV: The president has said many times that he does not refuse such a meeting.\n",
        encoding="utf-8",
    )
    result = run_cli("extract", str(article))
    assert result.returncode == 0, result.stderr
    lines = [line for line in result.stdout.splitlines() if line[:3].strip().rstrip(".").isdigit()]
    assert len(lines) == 2
    assert "[direct, not on record] QUESTION" in lines[0]
    assert "[direct] Dmitry Peskov" in lines[1]
