"""Is this text English? A small, dependency-free check run before analysis.

The spaCy pipeline only understands English; run on Russian or French it would "find"
statements that are noise and store them. Two signals, both cheap and robust on article-
length text: most letters must be Latin (Cyrillic, Arabic, CJK… fail here), and English
function words must make up a fair share of the words (French, German, Spanish… fail here;
they share the alphabet but not "the", "of", "and", "said"). English news sits around
35–50% function words; other Latin-script languages stay far below 10%.
"""

from __future__ import annotations

import re
import unicodedata

_FUNCTION_WORDS = """
    a about after against all also an and any are as at be been before being but by can
    could did do does during for from had has have he her him his how i if in into is it its
    may might more most must no not of on or our out over said says she should so some such
    than that the their them then there these they this those through to under up us was we
    were what when where which while who whom why will with would you your
"""
FUNCTION_WORDS = frozenset(_FUNCTION_WORDS.split())
MIN_LATIN_SHARE = 0.7
MIN_FUNCTION_SHARE = 0.12
MIN_WORDS = 8  # below this, the signals are too noisy: let the text through
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")


def _latin_share(text: str) -> float:
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 1.0
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin / len(letters)


def looks_english(text: str) -> bool:
    sample = text[:20_000]  # the start is enough, and keeps this fast on 1 MB inputs
    if _latin_share(sample) < MIN_LATIN_SHARE:
        return False
    words = [w.lower() for w in _WORD.findall(sample)]
    if len(words) < MIN_WORDS:
        return True
    return sum(1 for w in words if w in FUNCTION_WORDS) / len(words) >= MIN_FUNCTION_SHARE
