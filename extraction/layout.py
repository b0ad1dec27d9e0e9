"""Statements the page layout gives away, and headlines that repeat the body.

Transcript lines ("PENCE: Well, …") and headline labels ("Clinton: Trump voters …") are
statements of their label; a headline statement the body repeats is the same statement
once, kept where the body has it.
"""

from __future__ import annotations

import re

from extraction.raw import RawAttribution, Spans, trim, words

HEADLINE_REPEAT_DICE = 0.6
_LABEL_LINE = re.compile(r"^[^\S\n]*[\"“]?([A-Z][\w.\-' ]{1,40}?):[^\S\n]+(\S[^\n]*)$", re.M)


def content_words(text: str, spans: Spans) -> set[str]:
    return {w.lower().strip(".,;:!?\"“”«»'`") for s, e in spans for w in text[s:e].split()} - {""}


def drop_repeated_headline(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """A headline statement the body repeats ("Peskov: talks will go on" / "Peskov said the
    talks would go on") is the same statement once, kept where the body has it."""
    first = text.lstrip()
    head_end = len(text) - len(first) + (first.find("\n") if "\n" in first else len(first))
    keep = []
    for r in found:
        if r.content[-1][1] <= head_end:
            words = content_words(text, r.content)
            if any(
                o.content[0][0] > head_end
                and 2 * len(words & (body := content_words(text, o.content)))
                >= HEADLINE_REPEAT_DICE * (len(words) + len(body))
                for o in found
            ):
                continue
        keep.append(r)
    return keep


def speaker_labels(text: str) -> list[RawAttribution]:
    """Transcript lines ("PENCE: Well, look, …") and headline labels ("Clinton: Trump …")."""
    out = []
    for k, m in enumerate(_LABEL_LINE.finditer(text)):
        label = m.group(1)
        headline = k == 0 and m.start() == len(text) - len(text.lstrip())
        if not (label.isupper() and len(label) > 2) and not (headline and len(label.split()) <= 3):
            continue
        s, e = trim(text, m.start(2), m.end(2))
        if words(text[s:e]) >= 3:
            out.append(RawAttribution(((s, e),), "direct", ":", m.end(1), m.span(1), 0.7, "label"))
    return out
