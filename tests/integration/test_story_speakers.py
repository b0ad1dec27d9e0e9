"""One story is the same speaker saying the same thing, on a real SQLite file: the earlier
reports come back from storage with who said what (folded names and aliases), and a new
report is grouped with one only through a speaker they share."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from services.alerts import find_story
from services.article_alerts import said_by
from storage.sqlite import SqliteStore
from tests.integration.test_storage import article, statement

LINE = "the strikes on Iranian nuclear facilities could destabilize the whole region"
SINCE = datetime(2026, 11, 24, tzinfo=UTC) - timedelta(hours=48)


async def test_near_identical_words_from_another_speaker_are_not_the_same_story(
    tmp_path: Path,
) -> None:
    db = await SqliteStore.open(tmp_path / "onrecord.sqlite3")
    try:
        first = await db.articles.store_article(
            article("Peskov report"), [statement(f"Moscow fears {LINE}", "Dmitry Peskov")]
        )
        candidates = await db.articles.story_candidates(SINCE)
        assert [c.article_id for c in candidates] == [first.id]
        assert {"dmitry peskov", "peskov"} <= set(candidates[0].statements[0].speaker_keys)

        lavrov = [said_by(statement(f"Moscow fears {LINE}.", "Sergei Lavrov"))]
        assert find_story("Lavrov report", lavrov, candidates, 85) is None

        # The same man, named by surname only in the rewrite: one story.
        rewrite = [said_by(statement(f"{LINE}, Moscow fears", "Peskov"))]
        story = find_story("Peskov again", rewrite, candidates, 85)
        assert story is not None and story.article_id == first.id
    finally:
        await db.close()
