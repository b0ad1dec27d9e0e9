"""A digest's headline: the title or first sentence, never a dateline or a channel banner."""

from __future__ import annotations

import pytest

from services.headline import headline


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "VIENNA, March 3 (Wire) - The agency's chief said Iran had enriched more uranium. "
            "He gave no figures.",
            "The agency's chief said Iran had enriched more uranium.",
        ),
        (
            "🔴⚡️ BREAKING | VENEZUELA 🇻🇪\n\nMaduro said the U.S. blockade was an act of war. "
            "He said more.",
            "Maduro said the U.S. blockade was an act of war.",
        ),
        ("🔴 BREAKING: Putin says talks are over\nThe body.", "Putin says talks are over"),
        (
            "Peskov: no friendliness in Ukraine talks\nMOSCOW — The body.",
            "Peskov: no friendliness in Ukraine talks",
        ),
        (
            "KYIV, Ukraine (AP) — Mr. Zelensky said the talks were over. Next sentence.",
            "Mr. Zelensky said the talks were over.",
        ),
        (
            "U.S. Senator Lindsey Graham said strikes were needed. Next.",
            "U.S. Senator Lindsey Graham said strikes were needed.",
        ),
        ("NATO chief warns of a long war\nBRUSSELS — text.", "NATO chief warns of a long war"),
        (
            "VIENNA/TEHRAN, March 3 (Wire) - Iran's foreign minister said talks would resume. "
            "More.",
            "Iran's foreign minister said talks would resume.",
        ),
        (
            "WASHINGTON, Dec. 2, 2026 /PRNewswire/ -- The senator said the bill was dead. More.",
            "The senator said the bill was dead.",
        ),
        (
            "By Jane Doe and John Roe\nMarch 3, 2026\nThe minister said talks were over. More.",
            "The minister said talks were over.",
        ),
        ("By the numbers: Iran spent more\nbody.", "By the numbers: Iran spent more"),
        ("AU/UN mission extended, Guterres says\nbody", "AU/UN mission extended, Guterres says"),
        (
            "Forwarded from 🔴 Middle East Now\n\n⚡️ BREAKING: Iran responds to IAEA report\nbody",
            "Iran responds to IAEA report",
        ),
    ],
)
def test_headline_is_the_title_or_first_sentence(text: str, expected: str) -> None:
    assert headline(text) == expected


def test_a_long_first_sentence_is_cut_at_a_word(seed_text: str) -> None:
    title = headline(seed_text, limit=72)
    assert title.startswith("Kremlin spokesman Dmitry Peskov said")
    assert len(title) <= 72 and title.endswith("…")


def test_a_text_of_banners_only_has_no_headline() -> None:
    assert headline("🔴 LIVE\n\nVENEZUELA 🇻🇪") == ""
