"""No data lost: kill -9 mid-ingest, online backup while writing, export, and an old
OnRecord refusing a newer database — through the command line, as an operator runs it."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

from services.ingest import article_hash, now_iso
from storage import NewArticle, NewStatement
from storage.models import StatementPosition
from storage.sqlite import SqliteStore, backup_database, integrity_check
from tests.conftest import ROOT, SEED_ARTICLE


def cli_env(database: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "TELEGRAM_BOT_TOKEN"}
    env.update(DATABASE_PATH=str(database), PYTHONUNBUFFERED="1", LOG_LEVEL="WARNING")
    env["PYTHONPATH"] = str(ROOT)
    return env


def run_cli(database: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        capture_output=True,
        text=True,
        env=cli_env(database),
        cwd=database.parent,
        timeout=240,
    )


def test_kill_9_mid_ingest_loses_nothing_acknowledged(tmp_path: Path) -> None:
    seed = SEED_ARTICLE.read_text(encoding="utf-8")
    files = []
    for number in range(60):
        path = tmp_path / f"article-{number:03}.txt"
        path.write_text(f"Briefing number {number}, from our correspondent.\n{seed}", "utf-8")
        files.append(str(path))
    database = tmp_path / "killed.sqlite3"
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "ingest", "--batch-size", "4", *files],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=cli_env(database),
        cwd=tmp_path,
    )
    acknowledged: dict[str, int] = {}
    assert process.stdout is not None
    try:
        for line in process.stdout:
            match = re.search(r"(article-\d+\.txt): stored as article (\d+)", line)
            if match:
                acknowledged[match.group(1)] = int(match.group(2))
            if len(acknowledged) >= 9:  # mid-batch: 9 is not a multiple of the batch size
                break
    finally:
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=30)
        process.stdout.close()
        assert process.stderr is not None
        process.stderr.close()
    assert process.returncode == -signal.SIGKILL
    assert len(acknowledged) >= 9, "the ingest never reported stored articles"

    assert integrity_check(database) == "ok"
    conn = sqlite3.connect(database)
    try:
        stored = dict(conn.execute("SELECT source, id FROM articles").fetchall())
        orphans = conn.execute(
            "SELECT count(*) FROM statements WHERE article_id NOT IN (SELECT id FROM articles)"
        ).fetchone()[0]
        # A repeated quote is stored once and linked to each article that carried it.
        empty = conn.execute(
            "SELECT count(*) FROM articles a WHERE NOT EXISTS"
            " (SELECT 1 FROM statements s WHERE s.article_id = a.id) AND NOT EXISTS"
            " (SELECT 1 FROM statement_sources x WHERE x.article_id = a.id)"
        ).fetchone()[0]
    finally:
        conn.close()
    for name, article_id in acknowledged.items():
        assert stored.get(name) == article_id, f"{name} was acknowledged but is missing"
    assert orphans == 0 and empty == 0  # all of an article or none of it

    # And the database opens (and migrates) normally afterwards.
    result = run_cli(database, "export", "--format", "json")
    assert result.returncode == 0, result.stderr


TWO_SIDES = (
    StatementPosition("iran.nuclear_deal", "for", 0.8, "welcomed"),
    StatementPosition("iran.military_action", "against", 0.9, "warned against"),
)


async def _store_many(db: SqliteStore, count: int, prefix: str) -> None:
    for number in range(count):
        text = f"{prefix} {number}: the minister said the plan would work."
        article = NewArticle(
            sha256=article_hash(text),
            text=text,
            gist=text[:40],
            source="test",
            source_url=None,
            sender_id=None,
            chat_id=None,
            received_at=now_iso(),
        )
        statements = [
            NewStatement(
                speaker=None,
                speaker_text="the minister",
                kind="indirect",
                text=f"the plan would work {number}.{part}",
                span=(0, 10),
                cue="said",
                score=0.5,
                topics=("iran",),
                positions=TWO_SIDES if part == 0 else (),
            )
            for part in range(5)
        ]
        await db.articles.store_article(article, statements)
        await asyncio.sleep(0)


async def test_online_backup_while_the_bot_writes_is_consistent(tmp_path: Path) -> None:
    source = tmp_path / "live.sqlite3"
    db = await SqliteStore.open(source)
    try:
        await _store_many(db, 50, "before")
        writer = asyncio.create_task(_store_many(db, 300, "during"))
        await asyncio.sleep(0.05)
        target = tmp_path / "copy.sqlite3"
        await asyncio.to_thread(backup_database, source, target)
        await writer
    finally:
        await db.close()
    assert integrity_check(target) == "ok"
    conn = sqlite3.connect(target)
    try:
        articles = conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        per_article = {
            n for (n,) in conn.execute("SELECT count(*) FROM statements GROUP BY article_id")
        }
        version = conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()
    assert 50 <= articles <= 350
    assert per_article == {5}  # no article caught half-written
    assert version > 0


def test_backup_command_copies_and_never_overwrites(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    asyncio.run(_store_then_close(database))
    target = tmp_path / "backups" / "copy.sqlite3"
    first = run_cli(database, "backup", str(target))
    assert first.returncode == 0, first.stderr
    assert integrity_check(target) == "ok"
    second = run_cli(database, "backup", str(target))
    assert second.returncode == 2
    assert "already exists" in second.stderr and "Traceback" not in second.stderr
    missing = run_cli(tmp_path / "nope.sqlite3", "backup", str(tmp_path / "x.sqlite3"))
    assert missing.returncode == 2 and "no database" in missing.stderr


async def _store_then_close(database: Path) -> None:
    db = await SqliteStore.open(database)
    try:
        await _store_many(db, 3, "stored")
    finally:
        await db.close()


def test_export_has_a_row_per_statement_and_target_with_speaker_topics_source_and_date(
    tmp_path: Path,
) -> None:
    database = tmp_path / "db.sqlite3"
    asyncio.run(_store_then_close(database))  # 3 articles of 5 statements, one with 2 sides
    as_csv = run_cli(database, "export", "--format", "csv")
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert len(rows) == 3 * (2 + 4)  # two rows for the statement with two sides, one each else
    two = [r for r in rows if r["statement_id"] == rows[0]["statement_id"]]
    assert [
        (r["target"], r["side"], r["confidence"], r["evidence"], r["corrected"]) for r in two
    ] == [
        ("iran.military_action", "against", "0.9", "warned against", "0"),
        ("iran.nuclear_deal", "for", "0.8", "welcomed", "0"),
    ]
    assert rows[2]["target"] == rows[2]["side"] == rows[2]["confidence"] == ""
    assert rows[0]["speaker"] == "the minister" and rows[0]["topics"] == "iran"
    assert rows[0]["source"] == "test" and rows[0]["received_at"].startswith("20")

    out = tmp_path / "export.json"
    as_json = run_cli(database, "export", "--format", "json", "--output", str(out))
    assert as_json.returncode == 0, as_json.stderr
    records = json.loads(out.read_text("utf-8"))
    assert len(records) == 18 and records[0]["topics"] == ["iran"]
    assert (records[1]["side"], records[1]["corrected"]) == ("for", False)
    assert records[2]["side"] is None and records[2]["target"] is None


def test_an_old_onrecord_refuses_a_newer_database_with_a_clear_message(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"
    asyncio.run(_store_then_close(database))
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA user_version = 999")
    conn.close()
    before = database.read_bytes()
    result = run_cli(database, "export")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    [line] = [x for x in result.stderr.splitlines() if x.strip()]
    assert line.startswith("error: the database is at schema version 999")
    assert "upgrade OnRecord" in line
    assert database.read_bytes() == before  # untouched


def test_forget_command_deletes_what_a_user_sent(tmp_path: Path) -> None:
    database = tmp_path / "db.sqlite3"

    async def store_as(user_id: int, text: str) -> None:
        db = await SqliteStore.open(database)
        try:
            await db.articles.store_article(
                NewArticle(
                    sha256=article_hash(text),
                    text=text,
                    gist=text,
                    source="chat",
                    source_url=None,
                    sender_id=user_id,
                    chat_id=user_id,
                    received_at=now_iso(),
                ),
                [],
            )
        finally:
            await db.close()

    asyncio.run(store_as(42, "first article sent by user 42"))
    asyncio.run(store_as(42, "second article sent by user 42"))
    asyncio.run(store_as(7, "an article from someone else"))
    result = run_cli(database, "forget", "42")
    assert result.returncode == 0, result.stderr
    assert "user 42: deleted 2 article(s)" in result.stdout
    conn = sqlite3.connect(database)
    try:
        senders = [r[0] for r in conn.execute("SELECT sender_id FROM articles")]
    finally:
        conn.close()
    assert senders == [7]
