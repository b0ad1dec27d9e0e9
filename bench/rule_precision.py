"""How often each kind of rule reading is right, on the labelled training articles.

Every (statement, target) pair the rules read a side on, among the statements aligned with
the labels of the `tune` split and `bench/data/positions/` (the data the position model was
trained on), grouped by the reading's kind of evidence and whether it crossed a negation or
a neutral word: the support of each group and the share whose side is the labelled one. A
confidence floor for a kind of reading is measured here before it is adopted.

Usage: python -m bench.rule_precision
"""

from __future__ import annotations

from collections import Counter

from bench.train_positions import examples


def main() -> None:
    _, truth, _, rules = examples()
    seen: Counter[tuple[str, bool, bool]] = Counter()
    right: Counter[tuple[str, bool, bool]] = Counter()
    for side, rule in zip(truth, rules, strict=True):
        if rule is None:
            continue
        key = (rule.kind, rule.flips == 0, rule.steps == 0)
        seen[key] += 1
        right[key] += side == rule.side
    print("kind        no flip  no step  readings  right  precision")
    for key in sorted(seen, key=lambda k: -seen[k]):
        kind, no_flip, no_step = key
        print(
            f"{kind:10}  {no_flip!s:7}  {no_step!s:7}  {seen[key]:8d}  {right[key]:5d}"
            f"  {right[key] / seen[key]:9.3f}"
        )


if __name__ == "__main__":
    main()
