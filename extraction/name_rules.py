"""The word lists names are read with, and the one key variants of a name share.

Kept apart from `names.py` (which finds the names) so both stay small; `names` re-exports
both.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

from spacy.strings import get_string_id


@lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """Lower-case, accents stripped: the key variants of one name share."""
    norm = unicodedata.normalize("NFKD", name)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower().strip()


def strip_possessive(name: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=8192)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, possessive removed, hyphenated parts kept together."""
    return tuple(w for w in strip_possessive(name).replace(".", ". ").split() if w[:1].isalpha())


class NameRules:
    """The word lists names are read with (from `lexicons/speakers.toml`)."""

    def __init__(self, lex: dict[str, object]) -> None:
        def words(key: str) -> frozenset[str]:
            value = lex.get(key, [])
            return (
                frozenset(str(w).lower() for w in value)
                if isinstance(value, list)
                else (frozenset())
            )

        self.particles = words("name_particles")
        self.kinship = words("kinship_names")
        self.titles = words("titles")
        self.roles = words("role_nouns")
        self.bodies = words("body_nouns")
        self.org_words = self.bodies | words("organisation_heads")
        gender = lex.get("gender", {})
        g = gender if isinstance(gender, dict) else {}
        self.female_titles = frozenset(fold(w) for w in g.get("female_titles", []))
        self.male_titles = frozenset(fold(w) for w in g.get("male_titles", []))
        self.female_nouns = frozenset(fold(w) for w in g.get("female_nouns", []))
        self.male_nouns = frozenset(fold(w) for w in g.get("male_nouns", []))
        governments = lex.get("governments", {})
        self.places = frozenset(
            fold(place)
            for places in (governments.values() if isinstance(governments, dict) else [])
            for place in places
        )
        self.female_given = frozenset(fold(w) for w in g.get("female_given", []))
        self.male_given = frozenset(fold(w) for w in g.get("male_given", []))
        # string ids of the given names as written in lower case, to find them on a doc
        self.given_ids = frozenset(
            get_string_id(str(w).lower())
            for w in [*g.get("female_given", []), *g.get("male_given", [])]
        )

    def is_title(self, word: str) -> bool:
        w = fold(word).rstrip(".")
        return w in self.titles or w in self.female_titles or w in self.male_titles

    def past_titles(self, words: list[str]) -> int:
        """How many of `words` open the name as titles ("Spokeswoman Elena Vidal": 1); the
        last word is kept whatever it is."""
        k = 0
        while k < len(words) - 1 and self.is_title(words[k]):
            k += 1
        return k

    def surname(self, name: str) -> str:
        words = [w for w in name_words(name) if not self.is_title(w)]
        while len(words) > 1 and fold(words[-1]) in self.particles:
            words.pop()
        return fold(words[-1]) if words else fold(name)

    def given(self, name: str) -> str:
        """The folded first given name of a multi-word name ("" for a bare surname)."""
        words = [w.strip(".,") for w in name_words(name) if not self.is_title(w)]
        if len(words) < 2 or fold(words[0]) in self.particles:
            return ""  # "von der Leyen" is a surname alone
        return fold(words[0])

    def word_gender(self, word: str) -> str:
        """The gender of one word as a known given name ("" when it is none or both)."""
        w = fold(word)
        if w in self.female_given and w not in self.male_given:
            return "f"
        if w in self.male_given and w not in self.female_given:
            return "m"
        return ""

    def given_gender(self, name: str) -> str:
        g = self.given(name)
        if g in self.female_given and g not in self.male_given:
            return "f"
        if g in self.male_given and g not in self.female_given:
            return "m"
        return ""
