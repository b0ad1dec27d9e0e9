"""Reporting cues: which words introduce an attribution, and where their content hangs.

The lexicon is data (`extraction/lexicons/cues.toml`, hand-curated, and
`cues_learned.toml`, learned from PolNeAR train by `bench/learn_cues.py`).  Each entry
maps a lemma to the dependency *relations* that carry its content, with a precision:

  child:<dep>   the content is the subtree of the cue's child with that dep
                ("said [that …]" ccomp, "called [the plan a disaster]" dobj)
  prep:<word>   the content is the object of a preposition of the cue ("called for [X]")
  parent:<dep>  the cue is attached to the content's head: "X is dead, he said"
  prep-acl      a that-clause the parser hung on the cue's prepositional object:
                "said in a statement [that …]"

A relation is used when its precision reaches `min_precision` in cues.toml; a cue token
yields at most one match, the most precise relation present in the parse.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

CUE_POS = frozenset({"VERB", "NOUN", "AUX", "ADJ"})
_CLAUSE_AS_OBJECT_PRECISION = 0.7
_CLAUSE_DEPS = frozenset({"advcl", "ccomp", "xcomp"})
_PREPOSITION_MARKS = frozenset({"for"})
_SKIP_CHILD_DEPS = frozenset({"punct", "aux", "auxpass", "neg", "det", "cc", "nsubj", "nsubjpass"})


@dataclass(frozen=True)
class CueMatch:
    """A cue token and the token heading its content, by one lexicon relation."""

    cue: Token
    relation: str
    head: Token
    precision: float


def relations(tok: Token) -> Iterator[tuple[str, Token]]:
    """The relations `tok` takes part in, each with the token that would head the content.

    Shared with bench/learn_cues.py so that learning and applying agree.
    """
    for child in tok.children:
        if child.dep_ == "prep":
            for obj in child.children:
                if obj.dep_ in ("pobj", "pcomp"):
                    yield f"prep:{child.lower_}", obj
                # "said in a statement [that …]"
                for acl in obj.children:
                    if acl.dep_ == "acl" and any(m.lower_ == "that" for m in acl.children):
                        yield "prep-acl", acl
        elif child.dep_ not in _SKIP_CHILD_DEPS:
            yield f"child:{child.dep_}", child
            # "called for [the sanctions to be lifted]": the parser makes "for" the mark of
            # a clause, but it is the same preposition as in "called for [an end to them]"
            if child.dep_ in _CLAUSE_DEPS:
                for mark in child.children:
                    if mark.dep_ == "mark" and mark.lower_ in _PREPOSITION_MARKS:
                        yield f"prep:{mark.lower_}", child
    if tok.head is not tok and tok.dep_ in ("parataxis", "ccomp", "advcl", "conj"):
        yield f"parent:{tok.dep_}", tok.head


def _clause_as_object(cue: Token, obj: Token) -> bool:
    """An object right after the cue whose own subtree has a subject: a clause."""
    return obj.left_edge.i == cue.i + 1 and any(
        t.dep_ == "nsubj"
        and t.pos_ in ("PROPN", "NOUN", "PRON")
        and (t.head == obj or (t.head.head == obj and t.head.dep_ in ("amod", "compound")))
        for t in obj.subtree
    )


def _free_relative(cue: Token) -> bool:
    """ "Here is [what they said]", "That is not what Peskov told reporters": the cue's
    content is its wh-word, not the clause the relative hangs from."""
    return any(c.tag_ in ("WP", "WDT") and c.i < cue.i for c in cue.children)


class CueLexicon:
    """Lemma → relation → precision, merged from the hand and the learned tables."""

    def __init__(self, lexicons: dict[str, Any]) -> None:
        hand = lexicons.get("cues", {})
        learned = lexicons.get("cues_learned", {})
        settings = hand.get("settings", {})
        self.min_precision: float = float(settings.get("min_precision", 0.3))
        self.min_support: int = int(settings.get("min_support", 3))
        blocked = {str(x) for x in hand.get("blocked", {}).get("lemmas", [])}
        blocked_rel = {str(x) for x in hand.get("blocked", {}).get("relations", [])}
        self.table: dict[str, dict[str, float]] = {}
        for lemma, rels in learned.get("relations", {}).items():
            if lemma in blocked:
                continue
            for rel, (gold, _seen, precision) in rels.items():
                if rel in blocked_rel or f"{lemma} {rel}" in blocked_rel:
                    continue
                if gold >= self.min_support and precision >= self.min_precision:
                    self.table.setdefault(lemma, {})[rel] = float(precision)
        for lemma, rels in hand.get("relations", {}).items():
            for rel, precision in rels.items():
                self.table.setdefault(lemma, {})[rel] = float(precision)
        # lemma → words one of the cue's children must be ("as she put [it]")
        self.requires: dict[str, frozenset[str]] = {
            lemma: frozenset(words) for lemma, words in hand.get("requires", {}).items()
        }
        self.according = tuple(hand.get("phrases", {}).get("according", ["according"]))
        self.empty_objects = frozenset(hand.get("empty_objects", {}).get("nouns", []))
        refusals = hand.get("refusals", {})
        self.refusing = frozenset(str(w) for w in refusals.get("verbs", []))
        self.withheld = frozenset(str(w) for w in refusals.get("withheld", []))
        # lemma → prepositions that introduce the claim about the object ("accuse X of Y")
        self.claims: dict[str, frozenset[str]] = {
            lemma: frozenset(preps) for lemma, preps in hand.get("claims", {}).items()
        }

    def match(self, tok: Token) -> CueMatch | None:
        rels = self.table.get(tok.lemma_.lower())
        if not rels or tok.pos_ not in CUE_POS:
            return None
        needed = self.requires.get(tok.lemma_.lower())
        if needed is not None and not any(c.lower_ in needed for c in tok.children):
            return None
        best: CueMatch | None = None
        best_key: tuple[float, bool, bool, int] | None = None
        for rel, head in relations(tok):
            p = rels.get(rel)
            if (
                p is None
                and rel == "child:dobj"
                and rels.get("child:ccomp", 0.0) >= _CLAUSE_AS_OBJECT_PRECISION
                and _clause_as_object(tok, head)
            ):
                # "said [Egypt preferred mediation]" parsed as a noun phrase object
                rel, p = "child:ccomp", rels["child:ccomp"]
            if p is None or (rel.startswith("parent:") and _free_relative(tok)):
                continue
            # several clauses under one cue ("… set off fireworks: Republicans said they're
            # convinced …"): a that-clause, then the nearest, is the one reported
            marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in head.children)
            key = (p, marked, not rel.startswith("parent:"), -abs(head.i - tok.i))
            if best_key is None or key > best_key:
                best, best_key = CueMatch(tok, rel, head, p), key
        return best

    def matches(self, doc: Doc) -> list[CueMatch]:
        return [m for m in map(self.match, doc) if m is not None]
