"""Key-statement score: how much a statement deserves a place in a short digest."""

from __future__ import annotations

from extraction.model import Kind, Stance


def key_statement_score(
    *, kind: Kind, topics: tuple[str, ...], stance: Stance | None, position: float, length: int
) -> float:
    """Weighted signals in [0, 1]; `position` is 0 at the article start, 1 at its end."""
    score = 0.25 * (1.0 - position)
    score += 0.25 if topics else 0.0
    score += 0.2 if stance in ("positive", "negative") else 0.0
    score += 0.15 if kind in ("direct", "mixed") else 0.05
    score += 0.15 * min(length, 200) / 200
    return round(min(score, 1.0), 4)
