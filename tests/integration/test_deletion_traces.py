"""What /forget_me and /delete leave behind, read from the database file itself: no deleted
word in its bytes (secure_delete and the FTS5 index merged), no speaker left without a
statement (name, role and aliases), while a speaker with other statements stays."""

from __future__ import annotations

import dataclasses
import sqlite3
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage.sqlite import SqliteStore, executor
from tests.integration.test_storage import article, statement

FORGOTTEN = 1001
STAYS = 1002
# Words only the forgotten article had: one in its text only, one in a statement (and so in
# the full-text index, stemmed by porter to itself).
ARTICLE_WORD = b"Quorvexshire"
STATEMENT_WORD = b"zyxwvutqpl"


async def fill(path: Path) -> None:
    db = await SqliteStore.open(path)
    try:
        text = f"Report from {ARTICLE_WORD.decode()}: the talks went on."
        await db.articles.store_article(
            dataclasses.replace(article(text), sender_id=FORGOTTEN),
            [
                statement(f"the {STATEMENT_WORD.decode()} plan would fail", "Orla Quennell"),
                statement("the talks would go on", "Ann Lee"),
            ],
        )
        kept = dataclasses.replace(article("Another report: the talks went on."), sender_id=STAYS)
        await db.articles.store_article(kept, [statement("talks resume", "Ann Lee")])
    finally:
        await db.close()


def file_bytes(path: Path) -> bytes:
    """The database file and whatever journal files are beside it, after the store closed."""
    return b"".join(p.read_bytes() for p in path.parent.glob(f"{path.name}*") if p.is_file())


def speakers(path: Path) -> set[str]:
    with sqlite3.connect(path) as conn:
        names = {r[0] for r in conn.execute("SELECT name FROM speakers")}
        aliases = {r[0] for r in conn.execute("SELECT alias FROM speaker_aliases")}
    conn.close()
    return names | aliases


async def test_forget_me_leaves_no_deleted_word_in_the_file_and_no_orphan_speaker(
    tmp_path: Path,
) -> None:
    path = tmp_path / "onrecord.sqlite3"
    await fill(path)
    before = file_bytes(path)
    assert ARTICLE_WORD in before and STATEMENT_WORD in before  # the check can see them
    assert {"Orla Quennell", "Ann Lee"} <= speakers(path)

    db = await SqliteStore.open(path)
    try:
        forgotten = await db.deletion.forget_user(FORGOTTEN)
        assert forgotten.articles == 1
        assert await db.statements.search_statements([STATEMENT_WORD.decode()]) == []
        assert await db.statements.search_statements(["talks"])  # the index still answers
    finally:
        await db.close()

    after = file_bytes(path)
    assert ARTICLE_WORD not in after
    assert STATEMENT_WORD not in after
    assert b"Orla Quennell" not in after
    names = speakers(path)
    assert "Orla Quennell" not in names
    assert "Ann Lee" in names  # still speaks in the other article


async def test_delete_drops_the_speaker_it_orphans_and_keeps_the_others(tmp_path: Path) -> None:
    path = tmp_path / "onrecord.sqlite3"
    await fill(path)
    db = await SqliteStore.open(path)
    try:
        assert await db.deletion.delete_article(1)
        assert not await db.deletion.delete_article(1)
    finally:
        await db.close()
    assert STATEMENT_WORD not in file_bytes(path)
    assert speakers(path) >= {"Ann Lee"}
    assert "Orla Quennell" not in speakers(path)


def build_default_off(
    monkeypatch: pytest.MonkeyPatch, pragmas: tuple[str, ...] = executor.PRAGMAS
) -> None:
    """Every store connection starts with `secure_delete` off, as on a SQLite build whose
    default is off, and then runs `pragmas`."""
    connect = aiosqlite.connect

    async def connect_default_off(*args: Any, **kwargs: Any) -> aiosqlite.Connection:
        conn = await connect(*args, **kwargs)
        await conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(executor.aiosqlite, "connect", connect_default_off)
    monkeypatch.setattr(executor, "PRAGMAS", pragmas)


async def forgotten_bytes(path: Path) -> bytes:
    await fill(path)
    db = await SqliteStore.open(path)
    try:
        await db.deletion.forget_user(FORGOTTEN)
    finally:
        await db.close()
    return file_bytes(path)


async def test_secure_delete_is_set_by_the_store_whatever_the_builds_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    without = tuple(p for p in executor.PRAGMAS if "secure_delete" not in p)
    build_default_off(monkeypatch, without)
    assert ARTICLE_WORD in await forgotten_bytes(tmp_path / "off.sqlite3")  # the check sees it
    build_default_off(monkeypatch)
    assert ARTICLE_WORD not in await forgotten_bytes(tmp_path / "on.sqlite3")
