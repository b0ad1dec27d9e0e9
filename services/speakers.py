"""Speaker identity across articles: folding names so spelling variants meet."""

from __future__ import annotations

import re
import unicodedata

from extraction import Speaker
from storage import NewSpeaker

_TRANSLITERATION = (
    (re.compile(r"yy\b"), "y"),  # Zelenskyy → Zelensky
    (re.compile(r"iy\b"), "y"),  # Zelenskiy → Zelensky
    (re.compile(r"(?<=[a-z])i\b"), "y"),  # Dmitri → Dmitry
)


def name_key(name: str) -> str:
    """Lower-case, accent-free, transliteration-folded form of a name, for matching only."""
    decomposed = unicodedata.normalize("NFKD", name)
    ascii_only = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    words = re.findall(r"[a-z0-9]+", ascii_only)
    folded = " ".join(words)
    for pattern, replacement in _TRANSLITERATION:
        folded = pattern.sub(replacement, folded)
    return folded


def new_speaker(speaker: Speaker) -> NewSpeaker:
    """The storage form of a resolved speaker.

    A full name ("Dmitry Peskov") matches an existing row by its folded key only, and
    registers its surname as an alias; a lone surname ("Peskov", when an article never gives
    the first name) matches through those aliases. Two different people sharing a surname
    therefore stay apart unless one of them is only ever named by surname.
    """
    key = name_key(speaker.name)
    aliases = {name_key(a): a for a in speaker.aliases if name_key(a)}
    parts = speaker.name.split()
    if speaker.kind == "person" and len(parts) > 1:
        aliases.setdefault(name_key(parts[-1]), parts[-1])
    aliases.pop(key, None)
    single_word = len(key.split()) == 1
    return NewSpeaker(
        name=speaker.name,
        name_key=key,
        role=speaker.role,
        kind=speaker.kind,
        alias_keys=aliases,
        match_keys=(key,) if not single_word else (key, *aliases),
    )
