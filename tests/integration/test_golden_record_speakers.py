"""Every golden article ingested into one real SQLite record (the services' ingest path, no
Telegram): what the record then holds as speakers is what `/who` and the people pages offer,
so none of them may be a non-speaker (a pronoun, a document, a poll, an outlet, a bare common
noun) and no name may be cut short (one stored name a strict word-prefix of another)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

from extraction import Extractor
from services import open_services
from services.ingest import ArticleRejected, ArticleSource, ingest_article
from tests.integration.conftest import make_settings

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

PRONOUNS = {"it", "he", "she", "they", "we", "i", "you", "his", "her", "its", "their", "them"}
# Words that make a stored "speaker" a thing said or counted rather than someone who said it.
NOT_SPEAKERS = re.compile(
    r"\b(statements?|proposals?|polls?|tallies|documents?|reports?|plans?|letters?|"
    r"drafts?|resolutions?|communiqu[eé]s?|memos?|surveys?|figures|data|movement|country|"
    r"forces)\b",
    re.IGNORECASE,
)
OUTLETS = {"reuters", "ap", "afp", "tass", "bbc", "cnn", "the associated press", "bloomberg"}
BARE = {"movement", "forces", "statement", "country", "proposal"}
DETERMINERS = re.compile(r"^(the|a|an|his|her|its|their|this|that|our|some)\s", re.IGNORECASE)


def non_speaker(name: str) -> str | None:
    """Why `name` is no speaker, or None. A described source ("a senior official", "the
    ministry") is a speaker; a bare determiner phrase naming a thing is not."""
    folded = name.strip().lower()
    if folded in PRONOUNS:
        return "pronoun"
    if folded in OUTLETS:
        return "outlet"
    if NOT_SPEAKERS.search(folded) and not re.search(
        r"\b(spokes\w+|officials?|minister|president|office|ministry)\b", folded
    ):
        return "a thing, not a person or body"
    if DETERMINERS.match(name) and len(folded.split()) == 2 and folded.split()[1] in BARE:
        return "bare common noun"
    return None


def test_non_speaker_check_catches_the_known_bad_forms() -> None:
    for bad in (
        "it",
        "a U.S.-backed proposal",
        "the movement",
        "his country",
        "Israeli tallies",
        "forces",
        "polls",
        "the statement",
        "an extraordinary statement",
        "Reuters",
    ):
        assert non_speaker(bad), bad
    for good in ("Dmitry Peskov", "a senior official", "the Kremlin", "Foreign Ministry"):
        assert non_speaker(good) is None, good


async def test_golden_record_holds_only_whole_speakers(
    tmp_path: Path, extractor: Extractor
) -> None:
    database = tmp_path / "onrecord.sqlite3"
    services = await open_services(make_settings(database), extractor)
    try:
        stored = 0
        for path in sorted(GOLDEN.glob("*.txt")):
            try:
                await ingest_article(
                    services, path.read_text(encoding="utf-8"), ArticleSource(name=path.stem)
                )
                stored += 1
            except ArticleRejected:
                assert path.stem.startswith("non-news"), f"{path.name} was rejected"
    finally:
        await services.close()
    assert stored >= 20

    with sqlite3.connect(database) as db:
        names = [
            str(row[0])
            for row in db.execute(
                "SELECT DISTINCT sp.name FROM statements s JOIN speakers sp ON sp.id = s.speaker_id"
            )
        ]
        described = [
            str(row[0])
            for row in db.execute(
                "SELECT DISTINCT speaker_text FROM statements WHERE speaker_id IS NULL"
                " AND speaker_text IS NOT NULL"
            )
        ]
    assert len(names) >= 30
    bad = {name: why for name in names + described if (why := non_speaker(name))}
    assert bad == {}, f"non-speakers on record: {bad}"
    # "the ministry", "the airline": someone within one article, nobody across the record
    common = [name for name in names if name == name.lower()]
    assert common == [], f"bodies named by a common noun only, on record as speakers: {common}"

    words = {name: name.split() for name in names}
    cut = sorted(
        (short, full)
        for short, short_words in words.items()
        for full, full_words in words.items()
        if len(short_words) >= 2
        and len(short_words) < len(full_words)
        and full_words[: len(short_words)] == short_words
    )
    assert cut == [], f"names cut short on record: {cut}"
