"""The position lexicon (`lexicons/positions.toml`) as sets of lemma keys.

A key is a lemma, or a lemma and the particle or preposition that goes with it ("call for",
"warn against", "rule out", "concern over"): `keys_of` gives the keys a token can be read as,
given the preposition through which the parse reached it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Token


def _words(table: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in table.get(key, ()))


@dataclass(frozen=True)
class PositionLexicon:
    support: frozenset[str]
    oppose: frozenset[str]
    act: frozenset[str]
    cue_support: frozenset[str]
    cue_oppose: frozenset[str]
    good: frozenset[str]
    bad: frozenset[str]
    reverse: frozenset[str]
    modals: frozenset[str]
    obligations: frozenset[str]
    frames: frozenset[str]
    negations: frozenset[str]

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> PositionLexicon:
        def section(name: str) -> Mapping[str, Any]:
            return table.get(name, {})

        return cls(
            support=_words(section("support"), "words"),
            oppose=_words(section("oppose"), "words"),
            act=_words(section("act"), "words"),
            cue_support=_words(section("cue"), "support"),
            cue_oppose=_words(section("cue"), "oppose"),
            good=_words(section("judge"), "good"),
            bad=_words(section("judge"), "bad"),
            reverse=_words(section("reverse"), "words"),
            modals=_words(section("commit"), "modals"),
            obligations=_words(section("commit"), "obligations"),
            frames=_words(section("commit"), "frames"),
            negations=_words(section("negation"), "words"),
        )


def keys_of(token: Token, via: Token | None = None, next_word: bool = True) -> list[str]:
    """The lexicon keys `token` can stand for: its lemma, lemma + particle ("rule out"),
    lemma + the preposition `via` that led to it ("call for"), and a following preposition
    or adjective's complement ("concerned about")."""
    lemma = token.lemma_.lower()
    keys = [lemma]
    for child in token.children:
        if child.dep_ == "prt":
            keys.append(f"{lemma} {child.lower_}")
    if via is not None and via.dep_ in ("prep", "agent", "dative"):
        keys.append(f"{lemma} {via.lower_}")
    if next_word and token.i + 1 < len(token.doc):
        keys.append(f"{lemma} {token.doc[token.i + 1].lower_}")
    return keys


def is_negated(token: Token, negations: frozenset[str]) -> bool:
    return any(
        c.dep_ == "neg" or (c.lower_ in negations and c.dep_ == "det") for c in token.children
    )
