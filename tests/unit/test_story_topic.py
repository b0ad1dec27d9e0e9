"""A story's own topic reaches the statements that continue it in words of their own
(`extraction/story_topic.py`): new sentences, not the labelled articles'."""

from __future__ import annotations

from extraction import Extractor
from extraction.story_topic import story_topic, with_story_topic
from extraction.topic_model import story_shares

THEMES_AND_COMPANY = {"energy", "sanctions", "usa"}

IRAN_STORY = """Iran rejects IAEA resolution as board meets in Vienna

VIENNA (Wire) — Iran's foreign ministry spokesman Esmaeil Baghaei said on Wednesday that \
Tehran would not accept a resolution demanding inspectors' access to its enrichment sites.

"Iran has cooperated with the agency in good faith and will keep doing so," Baghaei told \
reporters.

A Western diplomat said Iran had to restore access to Fordow and Natanz before any talks \
could resume.

Russia's envoy Mikhail Ulyanov said the draft on Iran was "a gift to those who prefer bombs \
to talks."

The session had lasted just under five hours, a board member from Brazil said.
"""

SESSION = "The session had lasted just under five hours"


def test_a_topic_most_statements_share_is_the_storys() -> None:
    topics = [("iran",), ("iran", "energy"), ("iran",), ()]
    assert story_topic(story_shares(topics), THEMES_AND_COMPANY) == "iran"  # 3 of 4
    assert (
        story_topic(story_shares([("iran",), ("gaza",), ("iran",), ()]), THEMES_AND_COMPANY) is None
    )
    assert story_topic(story_shares([]), THEMES_AND_COMPANY) is None
    assert story_topic(story_shares([(), ()]), THEMES_AND_COMPANY) is None


def test_themes_and_topics_that_need_company_never_frame_a_story() -> None:
    assert (
        story_topic(story_shares([("energy",), ("energy",), ("energy", "iran")]), {"energy"})
        is None
    )
    assert story_topic(story_shares([("usa", "iran"), ("usa",)]), {"usa"}) is None


def test_the_storys_topic_is_added_last_where_it_is_missing() -> None:
    topics = [("iran",), ("israel",), ()]
    assert with_story_topic(topics, "iran") == [("iran",), ("israel", "iran"), ("iran",)]
    assert with_story_topic(topics, None) == topics


def topics_of(extractor: Extractor, text: str, content: str) -> tuple[str, ...]:
    (statement,) = [s for s in extractor.analyze(text).statements if s.text.startswith(content)]
    return statement.topics


def test_a_statement_that_names_nothing_joins_its_storys_topic(extractor: Extractor) -> None:
    assert topics_of(extractor, IRAN_STORY, SESSION) == ("iran",)


def test_a_story_split_between_topics_lends_none(extractor: Extractor) -> None:
    split = IRAN_STORY.replace(
        "A Western diplomat said Iran had to restore access to Fordow and Natanz",
        "A Western diplomat said Venezuela had to free its political prisoners",
    ).replace("the draft on Iran", "the sanctions on Caracas")
    assert topics_of(extractor, split, SESSION) == ()
