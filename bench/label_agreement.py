"""Agreement between two labellers of the same statements (Cohen's kappa).

`tests/golden/positions/labels-second/` holds a sample of the articles labelled again,
independently, from docs/positions.md alone, over the same statement spans. Two figures:

- sides: one item per (statement, target) that either labeller touched, the category being
  for / against / none (a target one labeller did not list is none for them);
- topics: one item per (statement, topic of the taxonomy), the category being in or out.

Usage: python -m bench.label_agreement
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIRST = ROOT / "tests" / "golden" / "positions" / "labels"
SECOND = ROOT / "tests" / "golden" / "positions" / "labels-second"


def cohen_kappa(pairs: Sequence[tuple[str, str]]) -> float:
    """Kappa for two raters' categories over the same items; 1.0 when both are constant."""
    n = len(pairs)
    if n == 0:
        return 0.0
    observed = sum(a == b for a, b in pairs) / n
    first, second = Counter(a for a, _ in pairs), Counter(b for _, b in pairs)
    expected = sum(first[c] * second[c] for c in first) / (n * n)
    return 1.0 if expected == 1 else (observed - expected) / (1 - expected)


def sides(statement: dict) -> dict[str, str]:
    return {t["target"]: t["side"] for t in statement["targets"]}


def collect(topics: Sequence[str]) -> tuple[list[tuple[str, str]], list[tuple[str, str]], int]:
    side_pairs: list[tuple[str, str]] = []
    topic_pairs: list[tuple[str, str]] = []
    statements = 0
    for second_path in sorted(SECOND.glob("*.json")):
        first = json.loads((FIRST / second_path.name).read_text(encoding="utf-8"))
        second = json.loads(second_path.read_text(encoding="utf-8"))
        by_span = {tuple(s["span"]): s for s in first["statements"]}
        for b in second["statements"]:
            a = by_span[tuple(b["span"])]
            statements += 1
            sa, sb = sides(a), sides(b)
            side_pairs += [(sa.get(t, "none"), sb.get(t, "none")) for t in sorted({*sa, *sb})]
            topic_pairs += [(str(t in a["topics"]), str(t in b["topics"])) for t in topics]
    return side_pairs, topic_pairs, statements


def main() -> None:
    topics = sorted(
        {t for p in FIRST.glob("*.json") for s in json.loads(p.read_text())["statements"]
         for t in s["topics"]}
    )  # fmt: skip
    side_pairs, topic_pairs, statements = collect(topics)
    articles = len(list(SECOND.glob("*.json")))
    total = len(list(FIRST.glob("*.json")))
    print(f"{articles} of {total} articles labelled twice ({statements} statements)")
    agree = sum(a == b for a, b in side_pairs) / max(len(side_pairs), 1)
    print(
        f"sides:  kappa {cohen_kappa(side_pairs):.3f} over {len(side_pairs)} (statement, "
        f"target) items, raw agreement {agree:.3f}"
    )
    polar = [(a, b) for a, b in side_pairs if a != "none" and b != "none"]
    print(f"        where both took a side: same side in {sum(a == b for a, b in polar)}"
          f" of {len(polar)}")  # fmt: skip
    print(f"topics: kappa {cohen_kappa(topic_pairs):.3f} over {len(topic_pairs)} items")


if __name__ == "__main__":
    main()
