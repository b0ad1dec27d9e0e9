"""A short text looks like news when it quotes or uses a reporting verb of the cue lexicon."""

from __future__ import annotations

import pytest

from extraction import Resources, reporting_cues
from services.article_hint import looks_like_article, news_forms
from services.resources import load_resources

RESOURCES = load_resources()


@pytest.mark.parametrize("verb", sorted(reporting_cues(RESOURCES)[0]))
def test_every_reporting_verb_of_the_lexicon_marks_a_short_text_as_news(verb: str) -> None:
    past, present = news_forms(verb)
    assert looks_like_article(f"The minister {past} it", RESOURCES)
    assert looks_like_article(f"The minister {present} so", RESOURCES)


def test_a_verb_added_to_the_lexicon_is_a_hint_at_once() -> None:
    resources = Resources(lexicons={"cues": {"relations": {"proclaim": {"child:ccomp": 0.7}}}})
    assert looks_like_article("The minister proclaimed victory", resources)
    assert not looks_like_article("The minister said nothing", resources)


@pytest.mark.parametrize("text", ["hello there", "ok", "see you at noon", "thanks!"])
def test_chat_is_not_news(text: str) -> None:
    assert not looks_like_article(text, RESOURCES)


@pytest.mark.parametrize(
    "text", ['He called it "a disaster"', "According to officials, talks resumed"]
)
def test_quotes_and_according_to_are_news(text: str) -> None:
    assert looks_like_article(text, RESOURCES)


def test_news_forms_spell_the_past_and_the_third_person() -> None:
    assert news_forms("say") == ("said", "says")
    assert news_forms("reply") == ("replied", "replies")
    assert news_forms("stress") == ("stressed", "stresses")
    assert news_forms("note") == ("noted", "notes")
