"""A statement whose content is only a noun phrase carries the reporter's words, which
screens show instead of the noun phrase in quote marks; a clause or a quote does not."""

from __future__ import annotations

import pytest

from extraction import Extractor


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
    ],
)
def test_a_noun_phrase_content_gets_the_reporters_words(
    extractor: Extractor, text: str, content: str, display: str
) -> None:
    found = _by_text(extractor, text)
    assert found == {content: display}  # the span stays the corpus' content


def test_a_clause_a_quote_or_a_cue_that_is_no_finite_verb_keeps_no_display(
    extractor: Extractor,
) -> None:
    text = (
        "Mayor Tom Reed said the harbour would reopen on Monday.\n\n"
        '"We have waited long enough," Anna Berg told reporters.\n\n'
        "The senator left the hall, urging Governor Tom Reed to sign the budget."
    )
    analysis = extractor.analyze(text)
    assert [s.display for s in analysis.statements] == [None, None, None]
    assert all("display" not in s.to_json() for s in analysis.statements)
    named = extractor.analyze("Lena Holm condemned the new harbour fees.").statements[0]
    assert named.to_json()["display"] == "condemned the new harbour fees"
