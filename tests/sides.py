"""The sides an extractor reads on one target in a text: what the position tests compare."""

from __future__ import annotations

from extraction import Extractor


def sides(extractor: Extractor, text: str, target: str) -> set[str]:
    analysis = extractor.analyze(text)
    return {
        position.side
        for statement in analysis.statements
        for position in statement.positions
        if position.target == target
    }
