"""`python -m bot search | chart | fetch`: the archive's ways out without Telegram."""

from __future__ import annotations

import asyncio
import json
import os
import struct

import pytest

from bot.__main__ import main
from services import Services
from services.ingest import ArticleSource, ingest_article


@pytest.fixture
async def archive(services: Services, seed_text: str, monkeypatch: pytest.MonkeyPatch) -> Services:
    await ingest_article(services, seed_text, ArticleSource(name="Kremlin pool"))
    if services.settings.database_url is not None:
        monkeypatch.setenv("DATABASE_URL", services.settings.database_url)
    monkeypatch.setenv("DATABASE_PATH", str(services.settings.database_path))
    monkeypatch.delenv("TELEGRAM_BOT_TOKEN", raising=False)
    return services


async def run(*argv: str) -> int:
    """`main` in this process; the umask it sets for its files is put back after it."""
    umask = os.umask(0o077)
    try:
        return await asyncio.to_thread(main, list(argv))
    finally:
        os.umask(umask)


async def test_search_prints_what_the_command_answers(archive, capsys) -> None:
    assert await run("search", "strike", "speaker:peskov") == 0
    out = capsys.readouterr().out
    assert out.startswith("🔎 strike · speaker: peskov") and "Dmitry Peskov" in out
    assert "<b>" not in out
    assert await run("search", "since:someday") == 2
    assert "since: needs a date" in capsys.readouterr().err


async def test_chart_writes_the_png(archive, capsys, tmp_path) -> None:
    target = tmp_path / "iran.png"
    assert await run("chart", "iran", "--output", str(target)) == 0
    png = target.read_bytes()
    assert png.startswith(b"\x89PNG") and struct.unpack(">II", png[16:24]) == (1000, 750)
    assert await run("chart", "who", "Dmitry", "Peskov", "--output", str(target)) == 0
    assert await run("chart", "atlantis") == 2
    assert "no topic called" in capsys.readouterr().err


async def test_fetch_refuses_a_loopback_link(archive, capsys) -> None:
    assert await run("fetch", "http://127.0.0.1:1/") == 2
    assert "private or local network" in capsys.readouterr().err


async def test_export_can_be_limited_to_one_topic(archive, capsys) -> None:
    assert await run("export", "--topic", "iran", "--format", "json") == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows and all("iran" in row["topics"] for row in rows)
    assert await run("export", "--topic", "atlantis") == 2
