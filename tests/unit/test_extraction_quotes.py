"""Quote finding on raw characters: styles, multi-paragraph continuation, stray marks."""

from __future__ import annotations

import pytest

from extraction.quotes import find_quotes


def quoted(text: str) -> list[str]:
    return [text[q.start : q.end] for q in find_quotes(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He said “we will win” today.", ["“we will win”"]),
        ('He said "we will win" today.', ['"we will win"']),
        ("Il a dit «nous gagnerons» hier.", ["«nous gagnerons»"]),
        ("``We will win,'' he said.", ["``We will win,''"]),
        ("”Wrong opening mark,” she wrote.", ["”Wrong opening mark,”"]),
        ('He is 5\'11" tall and said "fine".', ['"fine"']),
        ("No quotes at all.", []),
        # nested: straight inside curly, curly inside straight, straight inside guillemets
        (
            'She wrote: “The motto "no port left behind" is ours.” Then more.',
            ['“The motto "no port left behind" is ours.”'],
        ),
        (
            '"They called it “a blockade” on Sunday," he said. "Fine."',
            ['"They called it “a blockade” on Sunday,"', '"Fine."'],
        ),
        ('Il a dit «le mot "non" suffit» hier.', ['«le mot "non" suffit»']),
        ('He wrote “"Harbours stay open," we say.” Done.', ['“"Harbours stay open," we say.”']),
        # mixed marks typed as one pair: the straight mark after a word closes the curly one
        (
            'It found “no sign" of sabotage, he said, and “none.”',
            ['“no sign"', "“none.”"],
        ),
    ],
)
def test_quote_styles(text: str, expected: list[str]) -> None:
    assert quoted(text) == expected


@pytest.mark.parametrize("gap", ["\n", "\n\n"])
def test_paragraph_opening_a_quote_without_closing_continues(gap: str) -> None:
    text = f"He said: “First part.{gap}“Second part.{gap}“Last part,” he added."
    quotes = find_quotes(text)
    assert len(quotes) == 1
    assert len(quotes[0].pieces) == 3
    assert text[quotes[0].start : quotes[0].end].endswith("Last part,”")


def test_unclosed_quote_not_continued_ends_with_its_paragraph() -> None:
    text = "He said “this never closes.\nNext paragraph without quotes."
    assert quoted(text) == ["“this never closes."]


@pytest.mark.parametrize(
    ("text", "inside"),
    [
        # offsets are code points, as in Python strings and the JSON contract
        ("🇻🇪 Venezuela", [1]),  # between the two regional indicators of one flag
        ("🇺🇦🇪🇺 flags", [1, 3]),  # two flags: inside each, not between them
        ("👍🏽 ok", [1]),  # before a skin tone
        ("❤️ love", [1]),  # before the variation selector
        ("👩‍⚕️ doctor", [1, 2, 3]),  # around the zero-width joiner, before the selector
    ],
)
def test_span_edges_never_fall_inside_an_emoji_or_flag(text: str, inside: list[int]) -> None:
    from extraction.content import _inside_cluster

    assert [i for i in range(1, len(text)) if _inside_cluster(text, i)] == inside


def test_nested_mark_left_open_is_a_stray_inside_its_quotation() -> None:
    text = 'The mayor said: “"every ferry sails on time this winter.” Then he left.'
    (q,) = find_quotes(text)
    assert text[q.start : q.end] == '“"every ferry sails on time this winter.”'
    assert q.strays == (text.index('"'),)
