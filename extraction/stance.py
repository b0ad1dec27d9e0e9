"""Stance of a statement toward its topics, from cue and clause words."""

from __future__ import annotations

from spacy.tokens import Doc

from extraction.model import Stance

POSITIVE = frozenset({"welcome", "support", "value", "priority", "praise", "constructive"})
NEGATIVE = frozenset({"condemn", "reject", "warn", "destabilize", "concern", "mistake", "wrong"})


class StanceAssessor:
    def __init__(self, lexicon: dict) -> None:
        self._lexicon = lexicon

    def assess(
        self, doc: Doc, spans: tuple[tuple[int, int], ...], cue: str | None, topics: tuple[str, ...]
    ) -> tuple[Stance | None, dict[str, Stance]]:
        lemmas = {t.lemma_.lower() for t in doc if any(s <= t.idx < e for s, e in spans)}
        if cue:
            lemmas.add(cue.lower())
        pos, neg = len(lemmas & POSITIVE), len(lemmas & NEGATIVE)
        overall: Stance = "positive" if pos > neg else "negative" if neg > pos else "neutral"
        return overall, {t: overall for t in topics}
