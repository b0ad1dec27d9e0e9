"""Text as it enters the record: no control characters, nothing invisible that changes what
a reader sees, and — for `python -m bot extract` — the way back to the input's offsets.

Bidirectional controls (U+202A–202E, U+2066–2069, U+200E/F, U+061C) reorder what is displayed,
so a quote could read differently from what was said; zero-width and other invisible
characters (U+200B–200D, U+2060–2064, U+FEFF, U+00AD, U+180E, U+206A–206F, U+FFF9–FFFB, tag
characters U+E0000–E007F) split or hide words without showing. They are removed where an
article's text is accepted (`clean_text`, before analysis, so the stored article is the
cleaned text and its statements' spans index it), and again from every piece of text the bot
displays (`handlers.format.esc`). Emoji sequences joined by U+200D fall apart into their
emoji; variation selectors (U+FE0E/F) stay, since they only pick an emoji's style.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

_INVISIBLE_CHARS = (
    "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f"
    "\ufeff\ufff9-\ufffb\U000e0000-\U000e007f"
)
INVISIBLE = re.compile(f"[{_INVISIBLE_CHARS}]")
# Control characters except tab, newline and carriage return, and the invisible ones.
_REMOVED_CHARS = f"\x00-\x08\x0b\x0c\x0e-\x1f\x7f{_INVISIBLE_CHARS}"
_REMOVED = re.compile(f"[{_REMOVED_CHARS}]")
_KEPT = re.compile(f"[^{_REMOVED_CHARS}]", re.DOTALL)


def strip_invisible(text: str) -> str:
    """`text` without bidirectional controls and invisible characters."""
    return INVISIBLE.sub("", text)


def clean_characters(text: str) -> str:
    """Lone surrogates replaced, control and invisible characters removed, NFC.
    Tabs, newlines and carriage returns stay."""
    text = text.encode("utf-8", "replace").decode("utf-8")
    return unicodedata.normalize("NFC", _REMOVED.sub("", text))


def clean_text(text: str) -> str:
    """The text as stored: `clean_characters`, trimmed."""
    return clean_characters(text).strip()


@dataclass(frozen=True)
class CleanedText:
    """`clean_text(original)` with, for each of its characters, where it came from."""

    original: str
    text: str
    _starts: tuple[int, ...] | None = None  # None: nothing moved, offsets are the same
    _ends: tuple[int, ...] | None = None

    def span_in_original(self, start: int, end: int) -> tuple[int, int]:
        """The original's offsets of `text[start:end]`, removed characters inside it included."""
        if self._starts is None or self._ends is None:
            return start, end
        if end <= start:
            at = self._starts[start] if start < len(self._starts) else len(self.original)
            return at, at
        return self._starts[start], self._ends[end - 1]


def clean_with_offsets(original: str) -> CleanedText:
    """`clean_text` that also maps each cleaned character back to the original.

    NFC is applied segment by segment, each segment starting at an ASCII character: no
    canonical composition has an ASCII character as its second part and ASCII characters
    never reorder, so the segments' NFC joined is the whole text's NFC. Offsets are exact at
    every segment boundary; inside a segment that NFC changed (a decomposed accent), the
    characters map to the segment's characters in order.
    """
    text = original.encode("utf-8", "replace").decode("utf-8")  # one character for one
    if not _REMOVED.search(text) and unicodedata.is_normalized("NFC", text):
        stripped = text.strip()
        lead = len(text) - len(text.lstrip())
        if lead == 0:  # the common case: the same characters at the same offsets
            return CleanedText(original, stripped)
        same = tuple(range(lead, lead + len(stripped)))
        return CleanedText(original, stripped, same, tuple(i + 1 for i in same))
    kept = [m.start() for m in _KEPT.finditer(text)]
    chars = "".join(text[i] for i in kept)
    pieces: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    boundaries = [0, *(i for i, c in enumerate(chars) if i and c.isascii()), len(chars)]
    for first, last in itertools.pairwise(boundaries):
        segment = chars[first:last]
        normal = segment if len(segment) == 1 else unicodedata.normalize("NFC", segment)
        pieces.append(normal)
        for j in range(len(normal)):
            source = first + min(j, len(segment) - 1)
            starts.append(kept[source])
            ends.append(kept[last - 1] + 1 if j == len(normal) - 1 else kept[source] + 1)
    joined = "".join(pieces)
    stripped = joined.strip()
    lead = len(joined) - len(joined.lstrip())
    span = slice(lead, lead + len(stripped))
    return CleanedText(original, stripped, tuple(starts[span]), tuple(ends[span]))


def offsets_in_original(analysis_json: dict[str, Any], cleaned: CleanedText) -> dict[str, Any]:
    """An `Analysis.to_json()` of `cleaned.text` with every offset of the contract (`span`,
    `spans`, `speaker_span`) turned into an index into `cleaned.original`."""
    statements = []
    for statement in analysis_json.get("statements", []):
        statement = dict(statement)
        for key in ("span", "speaker_span"):
            if statement.get(key) is not None:
                statement[key] = list(cleaned.span_in_original(*statement[key]))
        if "spans" in statement:
            statement["spans"] = [list(cleaned.span_in_original(*s)) for s in statement["spans"]]
        statements.append(statement)
    return {**analysis_json, "statements": statements}
