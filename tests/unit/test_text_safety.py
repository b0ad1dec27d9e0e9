"""Invisible and bidirectional characters leave at the door; offsets still find the input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from handlers.format import esc, quote
from services.text_safety import (
    clean_characters,
    clean_text,
    clean_with_offsets,
    offsets_in_original,
)

BIDI_AND_INVISIBLE = [
    "\u202a",
    "\u202b",
    "\u202c",
    "\u202d",
    "\u202e",
    "\u2066",
    "\u2067",
    "\u2068",
    "\u2069",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2060",
    "\ufeff",
    "\u061c",
    "\u00ad",
    "\U000e0041",
]


@pytest.mark.parametrize("char", BIDI_AND_INVISIBLE)
def test_bidi_and_zero_width_characters_are_removed_at_entry_and_on_display(char: str) -> None:
    said = f"Peskov said: “We {char}reject{char} it.”"
    assert char not in clean_text(said)
    assert clean_text(said) == "Peskov said: “We reject it.”"
    assert char not in esc(said) and char not in quote(said)


def test_a_reversed_quote_reads_as_it_was_written() -> None:
    # U+202E would show "ti troppus eW" as "We support it" (reversed) in a digest.
    assert clean_text("He said \u202eti troppus eW\u202c.") == "He said ti troppus eW."


def test_tabs_newlines_and_emoji_style_stay() -> None:
    assert clean_text("a\tb\nc ❤️") == "a\tb\nc ❤️"


# Letters, accents both precomposed and decomposed, spaces, controls, and invisibles.
ALPHABET = [
    "a",
    "B",
    " ",
    "\n",
    "\t",
    ".",
    "“",
    "é",
    "e\u0301",
    "\u0301",
    "\u0327",
    "ñ",
    "n\u0303",
    "\u1100\u1161",  # Hangul jamo that NFC composes
    "\x00",
    "\x1b",
    "\ud800",
    *BIDI_AND_INVISIBLE,
]
texts = st.lists(st.sampled_from(ALPHABET), max_size=60).map("".join)


@given(texts)
def test_the_offset_map_cleans_exactly_as_the_bot_does(original: str) -> None:
    assert clean_with_offsets(original).text == clean_text(original)


@given(texts, st.data())
def test_spans_of_the_cleaned_text_map_to_the_same_words_in_the_input(
    original: str, data: st.DataObject
) -> None:
    cleaned = clean_with_offsets(original)
    text = cleaned.text
    # Spans start and end at ASCII characters (word and sentence boundaries), as statements do.
    bounds = sorted({0, len(text), *(i for i, c in enumerate(text) if c.isascii())})
    start = data.draw(st.sampled_from(bounds))
    end = data.draw(st.sampled_from([b for b in bounds if b >= start]))
    a, b = cleaned.span_in_original(start, end)
    assert 0 <= a <= b <= len(original)
    assert clean_characters(original[a:b]) == text[start:end]


def test_offsets_in_the_json_point_into_the_exact_input() -> None:
    original = "\ufeff  \u202eHe\u200b said: “Orbe\u0301n is here.”"
    cleaned = clean_with_offsets(original)
    assert cleaned.text == "He said: “Orbén is here.”"
    start = cleaned.text.index("“")
    found = offsets_in_original(
        {"statements": [{"span": [start, len(cleaned.text)], "speaker_span": [0, 2]}]}, cleaned
    )
    [statement] = found["statements"]
    a, b = statement["span"]
    assert original[a:b] == "“Orbe\u0301n is here.”"
    s, e = statement["speaker_span"]
    assert original[s:e] == "He"


def test_clean_text_without_anything_to_clean_keeps_offsets() -> None:
    cleaned = clean_with_offsets("Peskov said “no”.\n")
    assert cleaned.text == "Peskov said “no”."
    assert cleaned.span_in_original(12, 16) == (12, 16)
