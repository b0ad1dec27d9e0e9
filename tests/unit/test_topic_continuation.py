"""A statement that names nothing goes on with its speaker's statement before it
(`extraction/topic_passage.continued`): new sentences, not the labelled articles'."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Resources
from extraction.model import Speaker
from extraction.topics import TopicTagger

RUIZ = Speaker(name="Ana Ruiz", role="foreign minister")
OKAFOR = Speaker(name="Bola Okafor", role="analyst")


@pytest.fixture(scope="module")
def tagger(nlp: Language, resources: Resources) -> TopicTagger:
    return TopicTagger(nlp, resources.topics)


def tag_in_order(
    nlp: Language, tagger: TopicTagger, text: str, statements: list[tuple[str, Speaker]]
) -> list[tuple[str, ...]]:
    """Tag each (content, speaker) of `text` as the pipeline does: one parse, in order."""
    doc = nlp(text)
    out = []
    for content, speaker in statements:
        start = text.index(content)
        out.append(tagger.tag(doc, ((start, start + len(content)),), speaker=speaker))
    return out


def test_a_speakers_next_paragraph_goes_on_with_what_they_said(
    nlp: Language, tagger: TopicTagger
) -> None:
    text = (
        "The foreign minister, Ana Ruiz, said on Tuesday that Venezuela had to free its "
        "political prisoners before any election.\n\n"
        "Ruiz added that the demand was not up for negotiation."
    )
    first, second = tag_in_order(
        nlp,
        tagger,
        text,
        [
            ("Venezuela had to free its political prisoners before any election", RUIZ),
            ("the demand was not up for negotiation", RUIZ),
        ],
    )
    assert first == ("venezuela",)
    assert second == ("venezuela",)


def test_another_speaker_does_not_go_on_with_it(nlp: Language, tagger: TopicTagger) -> None:
    text = (
        "The foreign minister, Ana Ruiz, said on Tuesday that Venezuela had to free its "
        "political prisoners before any election.\n\n"
        "Bola Okafor, an analyst, said the demand would change little."
    )
    _, other = tag_in_order(
        nlp,
        tagger,
        text,
        [
            ("Venezuela had to free its political prisoners before any election", RUIZ),
            ("the demand would change little", OKAFOR),
        ],
    )
    assert other == ()


def test_a_statement_that_points_back_at_nothing_stays_without_topic(
    nlp: Language, tagger: TopicTagger
) -> None:
    text = (
        "The foreign minister, Ana Ruiz, said on Tuesday that Venezuela had to free its "
        "political prisoners before any election.\n\n"
        "Ruiz said progress was slow."
    )
    _, aside = tag_in_order(
        nlp,
        tagger,
        text,
        [
            ("Venezuela had to free its political prisoners before any election", RUIZ),
            ("progress was slow", RUIZ),
        ],
    )
    assert aside == ()


def test_the_passage_ends_after_a_paragraph_between(nlp: Language, tagger: TopicTagger) -> None:
    text = (
        "The foreign minister, Ana Ruiz, said on Tuesday that Venezuela had to free its "
        "political prisoners before any election.\n\n"
        "The meeting ran two hours over schedule.\n\n"
        "Lunch was served in the garden.\n\n"
        "Ruiz later said the demand was not up for negotiation."
    )
    _, late = tag_in_order(
        nlp,
        tagger,
        text,
        [
            ("Venezuela had to free its political prisoners before any election", RUIZ),
            ("the demand was not up for negotiation", RUIZ),
        ],
    )
    assert late == ()


def test_a_statement_naming_its_own_country_keeps_it(nlp: Language, tagger: TopicTagger) -> None:
    text = (
        "The foreign minister, Ana Ruiz, said on Tuesday that Venezuela had to free its "
        "political prisoners before any election.\n\n"
        "Ruiz said Cuba should stay out of the dispute."
    )
    _, own = tag_in_order(
        nlp,
        tagger,
        text,
        [
            ("Venezuela had to free its political prisoners before any election", RUIZ),
            ("Cuba should stay out of the dispute", RUIZ),
        ],
    )
    assert own == ("cuba",)


def test_the_united_states_needs_company_and_does_not_carry_over(
    nlp: Language, tagger: TopicTagger
) -> None:
    text = (
        "The foreign minister, Ana Ruiz, said Washington should lift its sanctions on "
        "Venezuela.\n\n"
        "Ruiz said the decision could not wait another year."
    )
    first, second = tag_in_order(
        nlp,
        tagger,
        text,
        [
            ("Washington should lift its sanctions on Venezuela", RUIZ),
            ("the decision could not wait another year", RUIZ),
        ],
    )
    assert {"usa", "venezuela"} <= set(first)
    assert second == ("venezuela",)
