"""The features the position model weighs for a (statement, target) pair that come from the
story around the statement, not its words: how much of the story is about the target's
topic."""

from __future__ import annotations

from spacy.language import Language

from extraction import Extractor
from extraction.positions import PairRecord
from extraction.resources import Resources

CAMPAIGN_STORY = (
    "DES MOINES, Iowa — Senator Jane Holt said on Monday that her campaign had raised a "
    "record sum in the last quarter. She said the polls in Iowa looked better every week. "
    "Her campaign manager said volunteers had knocked on 40,000 doors. Holt said she would "
    "visit every county before the caucuses. Her rival said the numbers were inflated. "
    "Holt also said new sanctions on Iran were necessary."
)
IRAN_STORY = (
    "WASHINGTON — Senator Jane Holt said on Monday that new sanctions on Iran were "
    "necessary. Iran's foreign minister said the sanctions on Iran would fail. A State "
    "Department spokesman said Washington was studying new measures against Tehran."
)


def shares_read(nlp: Language, resources: Resources, text: str, target: str) -> set[str]:
    extractor = Extractor(nlp, resources, position_threshold=0.0)
    record: list[PairRecord] = []
    extractor.positions.record = record
    extractor.analyze(text)
    return {
        feature
        for pair in record
        if pair.target == target
        for feature in pair.features
        if feature.startswith("share=") and "|" not in feature
    }


def test_a_target_in_a_story_about_its_topic_is_read_as_such(
    nlp: Language, resources: Resources
) -> None:
    assert shares_read(nlp, resources, IRAN_STORY, "iran.sanctions") == {"share=most"}


def test_a_target_in_a_story_that_only_passes_through_its_topic_is_read_as_such(
    nlp: Language, resources: Resources
) -> None:
    assert shares_read(nlp, resources, CAMPAIGN_STORY, "iran.sanctions") == {"share=passing"}
