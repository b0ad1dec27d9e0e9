"""A definite noun takes up the topics of the earlier phrase it repeats
(`extraction/topic_antecedents.py`): new sentences, not the labelled articles'."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Resources
from extraction.model import Speaker
from extraction.topics import TopicTagger

BRANDT = Speaker(name="Karl Brandt", role="minister")


@pytest.fixture(scope="module")
def tagger(nlp: Language, resources: Resources) -> TopicTagger:
    return TopicTagger(nlp, resources.topics)


def tag_last(nlp: Language, tagger: TopicTagger, paragraphs: list[str], content: str) -> set:
    """The topics of `content`, said by Brandt in the last of `paragraphs`."""
    text = "\n\n".join(paragraphs)
    start = text.rindex(content)
    return set(tagger.tag(nlp(text), ((start, start + len(content)),), speaker=BRANDT))


def test_the_noun_takes_up_the_phrase_two_paragraphs_up(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "Regulators granted the licence for Iran's uranium enrichment programme in March.",
        "Inspectors visited the site twice during the summer.",
        '"The licence will be reviewed next month," said the minister, Karl Brandt.',
    ]
    assert tag_last(nlp, tagger, paragraphs, "The licence will be reviewed next month") == {"iran"}


def test_it_looks_three_paragraphs_back_and_no_further(nlp: Language, tagger: TopicTagger) -> None:
    first = "Regulators granted the licence for Iran's uranium enrichment programme in March."
    between = [
        "Inspectors visited the site twice during the summer.",
        "The weather was unusually dry.",
        "Harvests were poor across the region.",
    ]
    last = '"The licence will be reviewed next month," said the minister, Karl Brandt.'
    content = "The licence will be reviewed next month"
    assert tag_last(nlp, tagger, [first, *between[1:], last], content) == {"iran"}
    assert tag_last(nlp, tagger, [first, *between, last], content) == set()


def test_the_nearest_phrase_naming_a_topic_is_taken_up(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "Talks with Cuba on the release of prisoners resumed in Madrid on Monday.",
        "The talks lasted six hours and ended after midnight.",
        'Brandt said: "These talks are our last chance this year."',
    ]
    assert tag_last(nlp, tagger, paragraphs, "These talks are our last chance this year.") == {
        "cuba"
    }


def test_another_number_is_another_thing(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "Talks with Cuba on the release of prisoners resumed in Madrid on Monday.",
        "Brandt said the talk he gave to students was the best of his career.",
    ]
    content = "the talk he gave to students was the best of his career"
    assert tag_last(nlp, tagger, paragraphs, content) == set()


def test_a_phrase_saying_what_it_is_of_takes_nothing_up(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "The plan for Venezuela's oil fields was published in January.",
        "Brandt said the plan for the new harbour was far too costly.",
    ]
    assert tag_last(nlp, tagger, paragraphs, "the plan for the new harbour was far too costly") == (
        set()
    )


def test_another_kind_of_the_noun_is_another_thing(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "Senators accused the government of drifting into a war with Venezuela.",
        '"Farmers are paying for this trade war," Brandt said.',
    ]
    topics = tag_last(nlp, tagger, paragraphs, "Farmers are paying for this trade war")
    assert "venezuela" not in topics


def test_the_united_states_does_not_carry_over(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "Washington's envoy arrived in the capital on Sunday evening.",
        "Brandt said the envoy had been helpful and patient.",
    ]
    assert tag_last(nlp, tagger, paragraphs, "the envoy had been helpful and patient") == set()


def test_a_noun_naming_whose_it_is_takes_nothing_up(nlp: Language, tagger: TopicTagger) -> None:
    paragraphs = [
        "Brandt met Russian negotiators in Geneva on Monday.",
        "Brandt said an understanding was reached with the American negotiators.",
    ]
    content = "an understanding was reached with the American negotiators"
    assert "russia" not in tag_last(nlp, tagger, paragraphs, content)
