"""What the tokenizer is given: the text with overlong runs blanked, at the same offsets.

spaCy's tokenizer peels prefixes and suffixes off a whitespace-free chunk one at a time,
searching the rest again after each: quadratic in the chunk's length. `"Peskov said "` and
20,000 `=` take minutes, and the tokenizer holds the GIL while it works. Punctuation alone is
not the trigger (`"'s" * 5000` is as slow as `"(" * 10000`; `"a" * 100_000` is instant), so
every run of more than `MAX_RUN` characters without whitespace is cut: its first `MAX_RUN`
characters stay and the rest become spaces. The view has the input's length, and every
character in it is either the input's own character at that offset or a space, so each offset
the parse yields (spans, speaker spans, token positions) is an index into the input itself.
No word in an article is that long; a URL longer than `MAX_RUN` keeps its first `MAX_RUN`
characters in the parse, and its whole text in the statement that quotes it. A wire banner
glued to the headline ("INTERVIEW-…") and a factbox bullet's label ("* Germany - …") are
blanked the same way: they are no part of the sentence the parser should see.
"""

from __future__ import annotations

import re

MAX_RUN = 100
# `\S` is exactly `not str.isspace()`, the test spaCy's tokenizer splits on.
_LONG_RUN = re.compile(rf"(?<!\S)(\S{{{MAX_RUN}}})(\S+)")
_BANNER = re.compile(r"\A\s*([A-Z]{3,}(?: \d{1,2})?-)(?=[\w\"“‘'])")
# A factbox bullet's label: "* Germany - Chancellor Friedrich Merz said …". Left in, it ran
# into the speaker ("France - President Emmanuel Macron's office") or stood for them.
_BULLET_LABEL = re.compile(
    r"^[^\S\n]*[*•·][^\S\n]+((?:[A-Z][\w.'’]*[^\S\n]+){1,3}[-–—][^\S\n]+)(?=[A-Z])", re.M
)


def tokenizer_view(text: str) -> str:
    """`text` with each whitespace-free run cut to `MAX_RUN` characters, and a wire banner
    and factbox bullets' labels blanked, padded with spaces."""
    labels = [m.span(1) for m in (_BANNER.match(text), *_BULLET_LABEL.finditer(text)) if m]
    for start, end in labels:
        text = text[:start] + " " * (end - start) + text[end:]
    if len(text) <= MAX_RUN:
        return text
    return _LONG_RUN.sub(lambda m: m.group(1) + " " * len(m.group(2)), text)


def longest_run(text: str) -> int:
    """The length of the longest whitespace-free run in `text` (what the tokenizer fears)."""
    return max((len(run) for run in re.findall(r"\S+", text)), default=0)
