"""An act the story reports that is two targets at once: what a bare mention of it means.

Some acts fall under two targets of two topics: an Israeli strike on Iran is both Israel's
military operations and military action against Iran (the taxonomy's `for` lines), and the
labellers file a reaction to it under both, with the same side on both, nearly always
(docs/positions.md §3). Where a statement names the act's parties ("Israeli strikes on
Isfahan") the target matcher finds both (`targets.py`, `_nearest_topic`); a reaction that
says only "the raid", "the strikes", "any use of force" names neither party, and touched
only the target its passage named. So when the first sentence of the lead to report an act
(the headline is too terse to say whose act it is) reports one whose signal touches targets
of two topics at one word, its own phrase naming those two parties and no other, a later
signal of either target that names no other party stands for the same act and touches the
other target too.
"""

from __future__ import annotations

from collections.abc import Mapping

from spacy.tokens import Doc, Token

from extraction.layout import headline_end
from extraction.resources import Target
from extraction.target_antecedents import Toucher
from extraction.targets import TargetMention
from extraction.topic_index import TopicIndex

# The lead: the first paragraphs with text, the headline's included, where a story reports
# its act.
LEAD_PARAGRAPHS = 3
# Clauses on an act's noun say what else happened, not whose act it is.
CLAUSES = frozenset({"relcl", "acl", "advcl"})
Twins = Mapping[str, tuple[Target, ...]]


def story_twins(index: TopicIndex, touch: Toucher, named: Mapping[int, str]) -> Twins:
    """Target slug → the other targets the story's act is, read in the first sentence of
    the lead, after the headline, that touches any target."""
    end = index.end_of_paragraphs(LEAD_PARAGRAPHS)
    body = headline_end(index.text)  # a headline is too terse to say whose act it is
    for sentence in index.doc.sents:
        if sentence.start_char < body:
            continue
        if sentence.start_char >= end:
            break
        anchors = index.named_between(sentence.start_char, sentence.end_char)
        mentions = touch(list(range(sentence.start, sentence.end)), anchors)
        if mentions:
            return _two_party_act(index.doc, mentions, named)
    return {}


def _two_party_act(doc: Doc, mentions: list[TargetMention], named: Mapping[int, str]) -> Twins:
    """The targets of two topics touched at one signal word whose own phrase names those
    two parties and no other ("an Israeli air strike on a site outside the Iranian city of
    Tabriz") — unless another signal of the sentence, of one of those targets, names a
    party besides ("U.S. strikes on the Iranian sites, which came nine days into Israel's
    air campaign against Iran": whose strikes the story's "the strikes" are is unclear)."""
    by_word: dict[int, dict[str, Target]] = {}
    for m in mentions:
        by_word.setdefault(m.head(doc).i, {})[m.target.slug] = m.target
    twins: dict[str, Target] = {}
    for i, targets in by_word.items():
        topics = {t.topic for t in targets.values()}
        if len(topics) > 1 and _parties(doc[i], named) == topics:
            twins.update(targets)
    for i, targets in by_word.items():
        if targets.keys() & twins.keys() and _parties(doc[i], named) - {
            t.topic for t in twins.values()
        }:
            return {}
    return {
        slug: tuple(t for t in twins.values() if t.topic != target.topic)
        for slug, target in twins.items()
    }


def _parties(word: Token, named: Mapping[int, str]) -> set[str]:
    """The topics named in a signal word's own phrase, its clauses left out."""
    clauses = [c for c in word.children if c.dep_ in CLAUSES]
    inside = {t.i for c in clauses for t in c.subtree}
    return {named[t.i] for t in word.subtree if t.i in named and t.i not in inside}


def with_twins(
    doc: Doc, mentions: list[TargetMention], twins: Twins, named: Mapping[int, str]
) -> list[TargetMention]:
    """The statement's mentions, each of a lead act's target joined by the act's other
    targets, unless its own phrase names a party outside the act ("American strikes")."""
    if not twins:
        return mentions
    have = {m.target.slug for m in mentions}
    added: list[TargetMention] = []
    for m in mentions:
        others = [t for t in twins.get(m.target.slug, ()) if t.slug not in have]
        if not others:
            continue
        act = {m.target.topic, *(t.topic for t in others)}
        phrase = doc[m.start : m.end].root.subtree
        if any(t.i in named and named[t.i] not in act for t in phrase):
            continue  # "the American strikes": another party's act
        for target in others:
            have.add(target.slug)
            added.append(TargetMention(target, m.start, m.end, m.opposite))
    return sorted([*mentions, *added], key=lambda m: m.start) if added else mentions
