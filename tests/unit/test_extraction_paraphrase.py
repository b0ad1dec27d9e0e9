"""A statement whose content is a noun phrase or a reported clause carries the reporter's
words, which screens show instead of the content in quote marks; a quotation does not."""

from __future__ import annotations

import pytest
from spacy.language import Language

from extraction import Extractor
from extraction.paraphrase import reported_words
from extraction.raw import RawAttribution


def _by_text(extractor: Extractor, text: str) -> dict[str, str | None]:
    return {s.text: s.display for s in extractor.analyze(text).statements}


@pytest.mark.parametrize(
    ("text", "content", "display"),
    [
        (
            "Finance Minister Lena Holm condemned the new harbour fees.",
            "the new harbour fees",
            "condemned the new harbour fees",
        ),
        (
            "Opposition leader Peter Ross called the ruling a disgrace.",
            "the ruling a disgrace",
            "called the ruling a disgrace",
        ),
        (
            "Union chief Anna Berg called for an immediate strike vote.",
            "an immediate strike vote",
            "called for an immediate strike vote",
        ),
        (
            "Finance Minister Lena Holm did not condemn the harbour strike.",
            "the harbour strike",
            "did not condemn the harbour strike",
        ),
        (
            "Mayor Tom Reed described the budget as reckless.",
            "the budget as reckless",
            "described the budget as reckless",
        ),
        (
            "Opposition leader Maria Corina Machado welcomed the U.S. pressure.",
            "the U.S. pressure",
            "welcomed the U.S. pressure",
        ),
    ],
)
def test_a_noun_phrase_content_gets_the_reporters_words(
    extractor: Extractor, text: str, content: str, display: str
) -> None:
    found = _by_text(extractor, text)
    assert found == {content: display}  # the span stays the corpus' content


def test_reported_speech_after_its_cue_gets_the_reporters_words_too(
    extractor: Extractor,
) -> None:
    """A reported clause is the reporter's wording, not the speaker's: in quote marks it
    would read as a quotation. It is shown from its cue on, as written."""
    found = _by_text(extractor, "Mayor Tom Reed said on Friday that the harbour would reopen.")
    assert found == {
        "that the harbour would reopen": "said on Friday that the harbour would reopen"
    }
    mixed = _by_text(extractor, 'Mayor Tom Reed said the new fees would "ruin the harbour."')
    assert list(mixed.values()) == ['said the new fees would "ruin the harbour."']


def test_a_participle_cue_after_a_comma_reads_in_its_simple_past(extractor: Extractor) -> None:
    text = (
        "Israeli Defence Minister Israel Katz warned that Israel would act alone, adding that "
        'the military was "ready for any order."\n\n'
        "The senator left the hall, urging Governor Tom Reed to sign the budget."
    )
    displays = [s.display for s in extractor.analyze(text).statements]
    assert 'added that the military was "ready for any order."' in displays
    assert "urged Governor Tom Reed to sign the budget" in displays


def test_a_participle_joined_to_one_after_a_comma_reads_in_its_simple_past_too(
    extractor: Extractor,
) -> None:
    text = (
        "China on Tuesday condemned new European Union export controls, calling them "
        '"naked protectionism" and warning that Beijing would take "all necessary measures" '
        "to protect its companies."
    )
    displays = [s.display for s in extractor.analyze(text).statements]
    assert 'warned that Beijing would take "all necessary measures" to protect its companies' in (
        displays
    )


def test_a_quote_a_cue_with_its_own_object_or_no_finite_verb_keeps_no_display(
    extractor: Extractor,
) -> None:
    text = (
        '"We have waited long enough," Anna Berg told reporters.\n\n'
        "The harbour would stay shut, Mayor Tom Reed told reporters."
    )
    analysis = extractor.analyze(text)
    assert len(analysis.statements) == 2
    assert [s.display for s in analysis.statements] == [None, None]
    assert all("display" not in s.to_json() for s in analysis.statements)
    named = extractor.analyze("Lena Holm condemned the new harbour fees.").statements[0]
    assert named.to_json()["display"] == "condemned the new harbour fees"


@pytest.mark.parametrize(
    ("text", "display"),
    [
        (
            "The harbour will reopen on Monday, Mayor Tom Reed said.",
            "said the harbour will reopen on Monday",
        ),
        (
            'China will take "resolute countermeasures" if the tariffs go ahead, the Commerce '
            "Ministry said on Tuesday.",
            'said China will take "resolute countermeasures" if the tariffs go ahead',
        ),
        (
            "But the new plan is still tilted toward the rich, the Tax Foundation said.",
            "said the new plan is still tilted toward the rich",
        ),
        (
            "However, slower growth is being offset by faster growth elsewhere, the IMF said.",
            "said slower growth is being offset by faster growth elsewhere",
        ),
        (
            "Israel would act again, Benjamin Netanyahu warned on Sunday.",
            "warned Israel would act again",
        ),
        (
            "Oil prices rose about 1% on the news, traders said.",
            "said oil prices rose about 1% on the news",
        ),
        (  # the parser hangs "passed" on its long subject as a modifier
            "The motion, backed by four parties, passed with 19 votes, officials said.",
            "said the motion, backed by four parties, passed with 19 votes",
        ),
    ],
)
def test_reported_speech_before_its_cue_reads_from_the_cue_on(
    extractor: Extractor, text: str, display: str
) -> None:
    """The wire's "X will happen, the ministry said" is reported speech as much as "the
    ministry said X will happen", and in quote marks it would read as a quotation."""
    [statement] = extractor.analyze(text).statements
    assert statement.display == display


def test_a_content_in_two_spans_joined_by_a_word_reads_as_one_run(extractor: Extractor) -> None:
    """ "blamed [the embargo] for [the blackout]": two spans for the scorer, one run of the
    reporter's words for the reader; a quotation between two spans keeps them apart."""
    text = (
        "Cuba's government on Saturday blamed the U.S. trade embargo for a nationwide "
        "blackout that left millions without electricity."
    )
    [statement] = extractor.analyze(text).statements
    assert statement.speaker == "Cuban government"
    assert statement.display == (
        "blamed the U.S. trade embargo for a nationwide blackout that left millions "
        "without electricity"
    )


def test_reported_speech_in_two_passages_reads_as_both_with_a_gap(nlp: Language) -> None:
    """A content in two passages a sentence apart: the reporter's words from the cue to the
    first passage's end, then "…" and the next passage, never the whole in quote marks."""
    text = (
        'The ministry said it "firmly opposes" the decision. Officials said a "firm response" '
        "would follow within days."
    )
    first = text.index("it")
    second = text.index('a "firm')
    raw = RawAttribution(
        content=((first, text.index(".")), (second, len(text) - 1)),
        kind="mixed",
        cue="said",
        cue_char=text.index("said"),
        source=(0, 12),
        relation="child:ccomp",
    )
    assert reported_words(nlp(text), text, raw) == (
        'said it "firmly opposes" the decision … a "firm response" would follow within days'
    )


@pytest.mark.parametrize(
    ("text", "display"),
    [
        ("The report was published on Monday, finding that the plan broke the law.", "found"),
        ("The president spoke for an hour, urging allies to spend more.", "urged"),
    ],
)
def test_a_participles_simple_past_is_spelt_right(
    extractor: Extractor, text: str, display: str
) -> None:
    displays = [s.display or "" for s in extractor.analyze(text).statements]
    assert any(d.split()[0] == display for d in displays if d), displays
