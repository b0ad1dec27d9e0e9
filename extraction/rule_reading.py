"""What the rule layer of positions reads of one target: the evidence met on the path from
the target's signal word, the sign it composes, and how sure that makes the rules.

`extraction/position_rules.py` walks the parse and fills a `Reading`; what it hands on to
`extraction/positions.py` (and the model's features) is the frozen `RuleReading`. The
confidence of a kind of evidence, and what each flip or neutral step costs, live here with
the reading they weigh.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Token

# Base confidence of each kind of evidence (the strongest one found counts).
BASE = {
    "attitude": 0.9,
    "cue": 0.85,
    "judge": 0.8,
    "call": 0.8,
    "amod": 0.75,
    "commit": 0.75,
    "others": 0.6,  # someone else's attitude, reported: "Moscow keeps demanding Donbas"
}
# A target's signals read opposite sides ("backed the tariffs but warned against a trade
# war"): both sides at once, so none, whatever the model weighs.
DIVIDED = "divided"
FLIP_COST = 0.05  # per negation or reverser composed into the side
STEP_COST = 0.1  # per neutral governor crossed between the target and its evidence


@dataclass
class Reading:
    sign: int = 1
    kinds: list[str] = field(default_factory=list)
    evidence: list[Token] = field(default_factory=list)
    flips: int = 0
    steps: int = 0
    # The speaker's own word for the target ("the illegal blockade"): a side of its own,
    # confirmed, not turned round, by what governs it ("firmly opposes illegal sanctions").
    epithet: int = 0

    def flip(self) -> None:
        self.sign = -self.sign
        self.flips += 1

    def found(self, kind: str, token: Token, sign: int = 1) -> None:
        self.sign *= sign
        self.kinds.append(kind)
        self.evidence.append(token)


@dataclass(frozen=True)
class RuleReading:
    """What the rules read of one target in one statement."""

    side: str  # "for" | "against"
    kind: str  # the strongest evidence: attitude, cue, judge, call, amod, commit
    confidence: float
    evidence: str
    flips: int
    steps: int
