"""Whether a short text looks like an article at all, before anything is parsed: a few
words without a quote mark or a reporting verb are chat ("thanks!", "ok"), answered with
help rather than queued. The verbs are the cue lexicon's (`extraction/lexicons/cues.toml`),
in the forms news writes them, so the hint and the extractor never disagree on what a
reporting verb is."""

from __future__ import annotations

import functools
import re

from extraction import Resources, reporting_cues

MIN_ARTICLE_WORDS = 12
# Past tenses English does not make with -ed, for the reporting verbs of the cue lexicon.
_IRREGULAR_PAST = {
    "say": "said",
    "tell": "told",
    "put": "put",
    "admit": "admitted",
    "quip": "quipped",
    "snap": "snapped",
}


def news_forms(verb: str) -> tuple[str, str]:
    """The forms a reporting verb takes in news: the past and the third person ("said",
    "says"; "warned", "warns")."""
    if verb in _IRREGULAR_PAST:
        past = _IRREGULAR_PAST[verb]
    elif verb.endswith("e"):
        past = verb + "d"
    elif verb.endswith("y") and verb[-2:-1] not in ("a", "e", "o", "u"):
        past = verb[:-1] + "ied"
    else:
        past = verb + "ed"
    if verb.endswith(("s", "sh", "ch", "x", "z")):
        present = verb + "es"
    elif verb.endswith("y") and verb[-2:-1] not in ("a", "e", "o", "u"):
        present = verb[:-1] + "ies"
    else:
        present = verb + "s"
    return past, present


@functools.lru_cache(maxsize=4)
def _reporting_hint(verbs: frozenset[str], words: frozenset[str]) -> re.Pattern[str]:
    forms = sorted({form for verb in verbs for form in news_forms(verb)} | words)
    return re.compile(r"[\"“”«»]|\b(" + "|".join(map(re.escape, forms)) + r")\b", re.IGNORECASE)


def reporting_hint(resources: Resources) -> re.Pattern[str]:
    """A quote mark, or a reporting verb of the cue lexicon as news writes it ("said")."""
    return _reporting_hint(*reporting_cues(resources))


def looks_like_article(text: str, resources: Resources) -> bool:
    """A few words without a quote or reporting verb are chat, not an article."""
    return len(text.split()) >= MIN_ARTICLE_WORDS or bool(reporting_hint(resources).search(text))
