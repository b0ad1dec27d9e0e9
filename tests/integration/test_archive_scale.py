"""Search on a big archive ranks the newest matches, and still counts all of them."""

from __future__ import annotations

from pathlib import Path

import pytest

import storage.sqlite.search
from bench.make_archive import ArchiveSize, build_archive
from storage.models import SearchFilters
from storage.sqlite import SqliteStore


@pytest.fixture
async def archive(tmp_path: Path) -> SqliteStore:
    path = tmp_path / "archive.sqlite3"
    build_archive(path, ArchiveSize.scaled(2000))
    return await SqliteStore.open(path)


async def test_a_common_word_is_ranked_within_the_newest_matches(
    archive: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage.sqlite.search, "RANK_WINDOW", 20)
    try:
        matches = [
            r[0]
            for r in await archive.executor.fetchall(
                "SELECT rowid FROM statements_fts WHERE statements_fts MATCH 'sanctions'"
                " ORDER BY rowid DESC"
            )
        ]
        assert len(matches) > 20
        total, hits = await archive.statements.search_archive(
            SearchFilters(words=("sanctions",)), 5, 0
        )
        assert total == len(matches)
        assert len(hits) == 5 and all(h.statement.id in matches[:20] for h in hits)
        total, deep = await archive.statements.search_archive(
            SearchFilters(words=("sanctions",)), 5, 30
        )
        assert total == len(matches) and all(h.statement.id in matches[:35] for h in deep)
        topical, _ = await archive.statements.search_archive(
            SearchFilters(words=("sanctions",), topic="iran"), 5, 0
        )
        assert 0 < topical < total
    finally:
        await archive.close()
