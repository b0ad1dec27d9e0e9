"""Key-statement score: sides on targets beat facts, quotes beat paraphrase, fragments sink."""

from __future__ import annotations

from extraction import Extractor
from extraction.scoring import WEIGHTS, key_statement_score, substance

BASE = {"kind": "direct", "topics": ("iran",), "has_side": True, "position": 0.5}


def score(**changes: object) -> float:
    return key_statement_score(**{**BASE, "length": 150, **changes})  # type: ignore[arg-type]


def test_weights_add_up_to_one_and_scores_stay_in_range() -> None:
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9
    best = key_statement_score(
        kind="direct", topics=("iran",), has_side=True, position=0.0, length=150
    )
    worst = key_statement_score(kind="indirect", topics=(), has_side=False, position=1.0, length=0)
    assert best == 1.0
    assert 0.0 <= worst < 0.2


def test_a_side_on_a_target_outranks_a_fact() -> None:
    assert score(has_side=True) > score(has_side=False)


def test_a_topic_outranks_no_topic() -> None:
    assert score() > score(topics=())


def test_direct_quotes_outrank_paraphrase() -> None:
    assert score(kind="direct") > score(kind="mixed") > score(kind="indirect")


def test_earlier_outranks_later() -> None:
    assert score(position=0.1) > score(position=0.9)


def test_fragments_sink_and_very_long_contents_ease_off() -> None:
    assert substance(10) < 0.1
    assert substance(80) == substance(300) == 1.0
    assert 0.7 <= substance(2000) < substance(400) < 1.0
    assert score(length=12) < score(length=150)


def test_seed_digest_leads_with_sides_on_targets(extractor: Extractor, seed_text: str) -> None:
    analysis = extractor.analyze(seed_text)
    top = analysis.key_statements(5)
    assert all(s.topics for s in top)
    # every statement that takes a side (the two strike warnings, the blockade) leads
    with_sides = [s for s in analysis.statements if s.positions]
    assert len(with_sides) >= 3 and all(s in top for s in with_sides)
    # what /iran shows first is a warning about the strike
    best_on_iran = max(
        (s for s in analysis.statements if "iran" in s.topics), key=lambda s: s.score
    )
    assert "military strike" in best_on_iran.text
    assert [(p.target, p.side) for p in best_on_iran.positions] == [
        ("iran.military_action", "against")
    ]
