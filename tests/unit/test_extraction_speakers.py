"""Speaker resolution: pronouns, surnames, roles, variants, unresolved sources."""

from __future__ import annotations

import pytest

from extraction import Extractor
from extraction.speakers import fold


def speakers(extractor: Extractor, text: str) -> list[tuple[str | None, str | None, str]]:
    """(speaker, role, mention as written) per statement."""
    out = []
    for s in extractor.analyze(text).statements:
        mention = text[s.speaker_span[0] : s.speaker_span[1]] if s.speaker_span else ""
        out.append((s.speaker, s.speaker_role, mention))
    return out


CASES = [
    (
        "Kremlin spokesman Dmitry Peskov said the talks would continue. "
        "He added that Moscow was ready. The Kremlin official stressed that time was short.",
        [
            ("Dmitry Peskov", "Kremlin spokesman", "Kremlin spokesman Dmitry Peskov"),
            ("Dmitry Peskov", "Kremlin spokesman", "He"),
            ("Dmitry Peskov", "Kremlin spokesman", "The Kremlin official"),
        ],
    ),
    (
        "German Chancellor Friedrich Merz said a deal was close. "
        "Merz later told reporters that he would travel to Kyiv.",
        [
            ("Friedrich Merz", "German Chancellor", "German Chancellor Friedrich Merz"),
            ("Friedrich Merz", "German Chancellor", "Merz"),
        ],
    ),
    (
        "Ukrainian President Volodymyr Zelenskyy said air defence was the priority. "
        "Zelenskiy told journalists that he expected an answer soon.",
        [
            (
                "Volodymyr Zelensky",
                "Ukrainian President",
                "Ukrainian President Volodymyr Zelenskyy",
            ),
            ("Volodymyr Zelensky", "Ukrainian President", "Zelenskiy"),
        ],
    ),
    (
        "Donald Trump said the deal was great. Ivana Trump told reporters that she disagreed. "
        "Trump later said he would sign it.",
        [
            ("Donald Trump", "U.S. President", "Donald Trump"),
            ("Ivana Trump", None, "Ivana Trump"),
            ("Donald Trump", "U.S. President", "Trump"),
        ],
    ),
    (
        "The Commerce Department said in a statement that it had completed its review. "
        "It added that new tariffs were not yet decided.",
        [
            ("Commerce Department", None, "The Commerce Department"),
            ("Commerce Department", None, "It"),
        ],
    ),
    (
        "Britain's foreign secretary, David Lammy, struck a cautious tone. "
        "Lammy said the talks would resume.",
        [("David Lammy", "Britain's foreign secretary", "Lammy")],
    ),
    (
        "Sources familiar with the talks said the decision could come next week.",
        [("Sources familiar with the talks", None, "Sources familiar with the talks")],
    ),
    (
        "Mary Smith, a nurse, spoke first. Then John Brown took the stage. "
        "“We have been here before,” he said.",
        [("John Brown", None, "he")],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_sources_resolve_within_the_article(
    extractor: Extractor, text: str, expected: list[tuple]
) -> None:
    assert speakers(extractor, text) == expected


def test_relative_pronoun_is_the_mention_and_its_antecedent_the_speaker(
    extractor: Extractor,
) -> None:
    text = "Critics included manufacturers, who say the costs will be passed on to consumers."
    assert speakers(extractor, text) == [("manufacturers", None, "who")]


@pytest.mark.parametrize(
    ("a", "b"), [("Zelenskyy", "zelenskyy"), ("Gonzàlez", "gonzalez"), ("Erdoğan", "erdogan")]
)
def test_fold_strips_case_and_accents(a: str, b: str) -> None:
    assert fold(a) == b
