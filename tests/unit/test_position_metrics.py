"""The figures `make eval-positions` prints, on small made-up cases worked out by hand."""

from __future__ import annotations

from bench.label_agreement import cohen_kappa
from bench.position_metrics import (
    Labelled,
    Tally,
    absorb_joined,
    align,
    change_events,
    false_changes,
    same_speaker,
)

TEXT = "Alpha said the strike was wrong. Beta welcomed the talks. Gamma spoke of rain."


def labelled(span: tuple[int, int], topics: set[str], sides: dict[str, str]) -> Labelled:
    return Labelled(span, "x", frozenset(topics), sides, frozenset(sides))


def test_statements_align_by_word_overlap_one_to_one() -> None:
    gold = [labelled((11, 31), set(), {}), labelled((38, 56), set(), {})]
    predicted = [
        labelled((38, 56), set(), {}),
        labelled((15, 31), set(), {}),
        labelled((65, 77), set(), {}),
    ]
    assert align(TEXT, gold, predicted) == [(0, 1), (1, 0)]


def test_a_wrong_side_costs_precision_and_coverage_a_missing_one_only_coverage() -> None:
    gold = [
        labelled((11, 31), {"iran"}, {"iran.military_action": "against"}),
        labelled((38, 56), {"iran"}, {"iran.nuclear_deal": "for"}),
    ]
    predicted = [
        labelled((11, 31), {"iran"}, {"iran.military_action": "for"}),
        labelled((38, 56), {"iran", "usa"}, {}),
    ]
    tally = Tally()
    tally.add_article(gold, predicted, align(TEXT, gold, predicted))
    report = tally.report()
    assert report["position_precision"] == 0.0 and report["emitted"] == 1
    assert report["position_coverage"] == 0.0
    assert report["topic_precision"] == 2 / 3 and report["topic_recall"] == 1.0
    # iran is shown on both statements as labelled; usa is shown where it does not belong.
    assert report["queries_exact"] == 0.5


JOINED = "Alpha said sanctions had failed and that Moscow was open to talks with Washington."


def test_a_side_labelled_in_a_joined_statement_is_the_found_statements() -> None:
    # Labelled as two statements; the extractor found one, aligned with the longer half.
    failed = labelled((11, 31), {"russia"}, {"russia.sanctions": "against"})
    open_to = labelled((41, 82), {"russia"}, {"russia.engagement": "for"})
    found = labelled((11, 82), {"russia"}, {"russia.sanctions": "against"})
    pairs = align(JOINED, [failed, open_to], [found])
    assert pairs == [(1, 0)]
    labels = absorb_joined(JOINED, [failed, open_to], [found], pairs)
    assert labels[1].sides == {"russia.engagement": "for", "russia.sanctions": "against"}
    assert labels[0].sides == {}  # moved, not counted twice
    tally = Tally()
    tally.add_article(labels, [found], pairs)
    report = tally.report()
    assert report["position_precision"] == 1.0 and report["emitted"] == 1
    assert report["position_coverage"] == 0.5  # the dialogue side was not found


def test_a_labelled_statement_mostly_outside_the_found_one_keeps_its_sides() -> None:
    failed = labelled((11, 31), {"russia"}, {"russia.sanctions": "against"})
    open_to = labelled((41, 82), {"russia"}, {"russia.engagement": "for"})
    found = labelled((25, 82), {"russia"}, {})  # from "failed": one word of three
    pairs = align(JOINED, [failed, open_to], [found])
    labels = absorb_joined(JOINED, [failed, open_to], [found], pairs)
    assert labels == [failed, open_to]


def test_a_change_of_line_needs_two_statements_on_the_other_side_first() -> None:
    sides = [{"t": "for"}, {"t": "against"}, {"t": "against"}, {"t": "for"}]
    assert change_events(sides) == [(3, "t")]
    assert change_events([{"t": "for"}, {"t": "against"}]) == []
    replay = {"a": [({"t": "for"}, {"t": "for"}), ({"t": "for"}, {"t": "for"}),
                    ({}, {"t": "against"})]}  # fmt: skip
    assert false_changes(replay) == 1


def test_kappa_is_one_for_identical_raters_and_zero_at_chance() -> None:
    assert cohen_kappa([("for", "for"), ("none", "none"), ("against", "against")]) == 1.0
    assert abs(cohen_kappa([("a", "a"), ("a", "b"), ("b", "a"), ("b", "b")])) < 1e-9


def test_a_speaker_found_names_the_labelled_one_by_a_shared_word() -> None:
    assert same_speaker("Peskov", "Dmitry Peskov")
    assert same_speaker("Carlos Fernández de Cossío", "Carlos Fernandez de Cossio")
    assert not same_speaker("Ghazi Abu Marzouk", "Benjamin Netanyahu")
    assert not same_speaker("the Kremlin", "the White House")
    assert not same_speaker("Ghazi Abu Marzouk", None)
