"""Scoring topics and positions against the hand labels in `tests/golden/positions/`.

Pure functions over plain data, so the figures `make eval-positions` prints can be unit-tested
on small made-up cases (tests/unit/test_position_metrics.py).

Statements are aligned the way the shared extraction scorer aligns them: token sets of the
article (whitespace pieces stripped of punctuation), Dice ≥ 0.5, greedy one-to-one in order of
descending Dice. Topic and position figures are computed on the aligned pairs; what extraction
missed or added is reported beside them, never hidden in them.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

SIDES = ("for", "against")
DICE_THRESHOLD = 0.5
# Change of line: after this many confident statements on one side, one on the other.
ESTABLISHED_AFTER = 2


@dataclass(frozen=True)
class Labelled:
    """One statement as labelled, or as the extractor gave it."""

    span: tuple[int, int]
    speaker: str | None
    topics: frozenset[str]
    sides: dict[str, str] = field(default_factory=dict)  # target → for|against (none omitted)
    touched: frozenset[str] = frozenset()  # targets labelled at all, none included


def _strip(piece: str) -> tuple[int, int]:
    start, end = 0, len(piece)
    while start < end and unicodedata.category(piece[start])[0] in "PS":
        start += 1
    while end > start and unicodedata.category(piece[end - 1])[0] in "PS":
        end -= 1
    return start, end


def token_ranges(text: str) -> list[tuple[int, int]]:
    ranges = []
    for match in re.finditer(r"\S+", text):
        start, end = _strip(match.group())
        if start < end:
            ranges.append((match.start() + start, match.start() + end))
    return ranges


def tokens_in(ranges: list[tuple[int, int]], span: tuple[int, int]) -> frozenset[int]:
    return frozenset(i for i, (s, e) in enumerate(ranges) if s < span[1] and e > span[0])


def align(
    text: str, gold: Sequence[Labelled], predicted: Sequence[Labelled]
) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs, one-to-one, Dice ≥ 0.5, best first."""
    ranges = token_ranges(text)
    gold_sets = [tokens_in(ranges, g.span) for g in gold]
    pred_sets = [tokens_in(ranges, p.span) for p in predicted]
    candidates = []
    for gi, gs in enumerate(gold_sets):
        for pi, ps in enumerate(pred_sets):
            if not gs and not ps:
                continue
            dice = 2 * len(gs & ps) / (len(gs) + len(ps))
            if dice >= DICE_THRESHOLD:
                candidates.append((-dice, gi, pi))
    pairs, used_gold, used_pred = [], set(), set()
    for _, gi, pi in sorted(candidates):
        if gi in used_gold or pi in used_pred:
            continue
        used_gold.add(gi)
        used_pred.add(pi)
        pairs.append((gi, pi))
    return sorted(pairs)


# A labelled statement the extractor joined to another counts as inside the found one when
# this share of its words is.
INSIDE = 0.5


def absorb_joined(
    text: str, gold: Sequence[Labelled], predicted: Sequence[Labelled], pairs: list[tuple[int, int]]
) -> list[Labelled]:
    """The labels with the sides of statements the extractor joined moved onto the one it
    aligned: "sanctions had failed completely and Moscow was open to talks" is one found
    statement, two labelled ones, and aligns with only one of them. The other's sides (what
    a labeller read in those very words) are then the aligned one's, where it takes no side
    on their target itself, and leave the unaligned statement, so a side is neither counted
    wrong for being read on the joined statement nor counted twice."""
    ranges = token_ranges(text)
    words = [tokens_in(ranges, g.span) for g in gold]
    aligned = {gi for gi, _ in pairs}
    out = list(gold)
    for gi, pi in pairs:
        found = tokens_in(ranges, predicted[pi].span)
        sides, touched = dict(gold[gi].sides), set(gold[gi].touched)
        for other, other_words in enumerate(words):
            if other in aligned or not other_words or not gold[other].sides:
                continue
            if len(other_words & found) < INSIDE * len(other_words):
                continue
            for target, side in gold[other].sides.items():
                sides.setdefault(target, side)
            touched |= gold[other].touched
            out[other] = replace(gold[other], sides={}, touched=frozenset())
        out[gi] = replace(gold[gi], sides=sides, touched=frozenset(touched))
    return out


@dataclass
class Tally:
    """Counts accumulated over articles; `report()` turns them into the printed figures."""

    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    queries: int = 0
    queries_exact: int = 0
    queries_e2e: int = 0
    queries_e2e_exact: int = 0
    emitted: int = 0
    emitted_right: int = 0
    gold_sides: int = 0
    gold_sides_unmatched: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    per_target: dict[str, Counter[str]] = field(default_factory=dict)
    statements_gold: int = 0
    statements_matched: int = 0
    statements_extra: int = 0
    speakers_right: int = 0

    def add_article(
        self, gold: Sequence[Labelled], predicted: Sequence[Labelled], pairs: list[tuple[int, int]]
    ) -> None:
        self.statements_gold += len(gold)
        self.statements_matched += len(pairs)
        self.statements_extra += len(predicted) - len(pairs)
        matched_gold = {gi for gi, _ in pairs}
        for gi, pi in pairs:
            g, p = gold[gi], predicted[pi]
            self.speakers_right += same_speaker(g.speaker, p.speaker)
            self.topic_tp += len(g.topics & p.topics)
            self.topic_fp += len(p.topics - g.topics)
            self.topic_fn += len(g.topics - p.topics)
            self._add_sides(g, p)
        self.gold_sides_unmatched += sum(
            len(g.sides) for gi, g in enumerate(gold) if gi not in matched_gold
        )
        self._add_queries(gold, predicted, pairs)

    def _add_sides(self, g: Labelled, p: Labelled) -> None:
        self.gold_sides += len(g.sides)
        for target in g.touched | set(g.sides) | set(p.sides):
            truth, guess = g.sides.get(target, "none"), p.sides.get(target, "none")
            self.confusion[(truth, guess)] += 1
            counts = self.per_target.setdefault(target, Counter())
            counts[f"gold_{truth}"] += 1
            if guess != "none":
                self.emitted += 1
                counts["emitted"] += 1
                if guess == truth:
                    self.emitted_right += 1
                    counts["right"] += 1

    def _add_queries(
        self, gold: Sequence[Labelled], predicted: Sequence[Labelled], pairs: list[tuple[int, int]]
    ) -> None:
        """A /TOPIC query on this article: exactly the right statements, or not.

        On aligned statements only (the tagging), and end to end (an unaligned statement
        under the topic, or a labelled one extraction missed, makes the query wrong)."""
        pred_of = dict(pairs)
        gold_of = {pi: gi for gi, pi in pairs}
        topics = {t for s in gold for t in s.topics} | {t for s in predicted for t in s.topics}
        for topic in topics:
            want = {gi for gi, g in enumerate(gold) if topic in g.topics}
            shown = {pi for pi, p in enumerate(predicted) if topic in p.topics}
            shown_gold = {gold_of[pi] for pi in shown if pi in gold_of}
            aligned_want = {gi for gi in want if gi in pred_of}
            if aligned_want or shown_gold:
                self.queries += 1
                self.queries_exact += aligned_want == shown_gold
            self.queries_e2e += 1
            self.queries_e2e_exact += want == shown_gold and len(shown_gold) == len(shown)

    def report(self) -> dict[str, float]:
        def ratio(a: float, b: float) -> float:
            return a / b if b else 0.0

        right_sides = sum(n for (t, g), n in self.confusion.items() if t == g and t != "none")
        f1s = []
        for side in ("for", "against", "none"):
            tp = self.confusion[(side, side)]
            fp = sum(n for (t, g), n in self.confusion.items() if g == side and t != side)
            fn = sum(n for (t, g), n in self.confusion.items() if t == side and g != side)
            f1s.append(ratio(2 * tp, 2 * tp + fp + fn))
        return {
            "position_precision": ratio(self.emitted_right, self.emitted),
            "position_coverage": ratio(right_sides, self.gold_sides),
            "position_coverage_all": ratio(
                right_sides, self.gold_sides + self.gold_sides_unmatched
            ),
            "macro_f1": sum(f1s) / 3,
            "emitted": self.emitted,
            "gold_sides": self.gold_sides,
            "topic_precision": ratio(self.topic_tp, self.topic_tp + self.topic_fp),
            "topic_recall": ratio(self.topic_tp, self.topic_tp + self.topic_fn),
            "queries_exact": ratio(self.queries_exact, self.queries),
            "queries": self.queries,
            "queries_e2e_exact": ratio(self.queries_e2e_exact, self.queries_e2e),
            "statements_matched": ratio(self.statements_matched, self.statements_gold),
            "speakers_right": ratio(self.speakers_right, self.statements_matched),
        }


_NOT_NAMES = frozenset({"the", "a", "an", "of", "s"})


def _name_words(name: str | None) -> set[str]:
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", name or "") if not unicodedata.combining(c)
    )
    words = re.findall(r"\w+", plain.lower())
    return {w for w in words if w not in _NOT_NAMES}


def same_speaker(labelled: str | None, found: str | None) -> bool:
    """Does the speaker found name the labelled one? They share a word of the name
    ("Peskov" and "Dmitry Peskov", "Kremlin spokesman" and "Dmitry Peskov, Kremlin
    spokesman"); accents, case and "the"/"of" aside."""
    return bool(_name_words(labelled) & _name_words(found))


def change_events(sequence: Iterable[dict[str, str]]) -> list[tuple[int, str]]:
    """(index, target) of each change of line in one speaker's statements, in order.

    A change: the target's established side (at least `ESTABLISHED_AFTER` statements on it,
    more than on the other side) meets a statement on the other side."""
    counts: dict[str, Counter[str]] = {}
    events = []
    for index, sides in enumerate(sequence):
        for target, side in sides.items():
            seen = counts.setdefault(target, Counter())
            other = "against" if side == "for" else "for"
            if seen[other] >= ESTABLISHED_AFTER and seen[other] > seen[side]:
                events.append((index, target))
            seen[side] += 1
    return events


def false_changes(by_speaker: dict[str, list[tuple[dict[str, str], dict[str, str]]]]) -> int:
    """Change events raised from the predicted sides that the labelled sides do not raise."""
    false = 0
    for statements in by_speaker.values():
        truth = set(change_events(g for g, _ in statements))
        false += sum(1 for event in change_events(p for _, p in statements) if event not in truth)
    return false
