"""The stance lexicon (`extraction/lexicons/stance.toml`) in lookup form.

The table's layout and coverage are described in the file itself and in docs/topics.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_DEFAULT_NEGATORS = ("not", "n't", "never", "no", "without")


def lemmas_of(phrase: str) -> tuple[str, ...]:
    """A lexicon entry as the tokenizer splits it: "de-escalate" is de, -, escalate."""
    return tuple(phrase.lower().replace("-", " - ").split())


@dataclass(frozen=True)
class StanceLexicon:
    """The stance table (`stance.toml`) in lookup form."""

    words: Mapping[str, float]
    phrases: Mapping[tuple[str, ...], float]
    cues: Mapping[tuple[str, ...], float]
    negators: frozenset[str]
    reversers: frozenset[str]
    concessive: frozenset[str]
    concessive_weight: float
    contrast: frozenset[str]
    contrast_weight: float

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> StanceLexicon:
        words: dict[str, float] = {}
        phrases: dict[tuple[str, ...], float] = {}
        for polarity, sign in (("positive", 1.0), ("negative", -1.0)):
            section = table.get(polarity, {})
            for key, weight in (("weak", 0.5), ("words", 1.0), ("strong", 2.0)):
                for entry in section.get(key, []):
                    lemmas = lemmas_of(entry)
                    target = words if len(lemmas) == 1 else phrases
                    name = lemmas[0] if len(lemmas) == 1 else lemmas
                    target[name] = sign * weight  # type: ignore[index]
            for entry in section.get("phrases", []):
                phrases[lemmas_of(entry)] = sign * 1.0
        for entry in table.get("neutral", {}).get("phrases", []):
            phrases[lemmas_of(entry)] = 0.0  # masks its words: "de-escalate" is not "escalate"
        cue_table = table.get("cue", {})
        cues = {lemmas_of(c): 1.0 for c in cue_table.get("positive", [])}
        cues |= {lemmas_of(c): -1.0 for c in cue_table.get("negative", [])}
        clauses = table.get("clauses", {})
        return cls(
            words=words,
            phrases=phrases,
            cues=cues,
            negators=frozenset(table.get("negation", {}).get("words", _DEFAULT_NEGATORS)),
            reversers=frozenset(table.get("reversers", {}).get("words", ())),
            concessive=frozenset(clauses.get("concessive", ())),
            concessive_weight=float(clauses.get("concessive_weight", 1.0)),
            contrast=frozenset(clauses.get("contrast", ())),
            contrast_weight=float(clauses.get("contrast_weight", 1.0)),
        )
