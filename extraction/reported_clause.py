"""The text a cue reports: the clause its relation points at, less what is not the speaker's.

A cue match (`cues.py`) names the head of the reported clause; its subtree is the content,
but not all of it was said: the speaker's own sourcing ("said that, according to
preliminary figures, …"), the speaker's further acts coordinated inside the clause ("said
that X and expressed concern over Y", "…, adding that …"), and the writer's sentence after
a semicolon are cut out, and an object cue takes the complements after its object ("urges
[her husband to come out]").  Kept apart from the cue stage (`attribution.py`), which
decides whether the match is a statement and whose it is.
"""

from __future__ import annotations

from spacy.tokens import Token

from extraction.cue_filters import OBJECT_RELATIONS
from extraction.cues import CueLexicon, CueMatch
from extraction.raw import Spans, token_pieces

_OBJECT_COMPLEMENTS = frozenset({"prep", "oprd", "xcomp", "ccomp"})


def sourcing(cues: CueLexicon, m: CueMatch) -> list[Token]:
    """The "according to X" phrases inside a cue's reported clause: the speaker's own
    sourcing ("said that, according to preliminary figures, 27 people were killed")."""
    head = m.head
    return [
        t
        for t in head.doc[head.left_edge.i : head.right_edge.i + 1]
        if t.lower_ in cues.according and t.dep_ == "prep" and t.i != m.cue.i
    ]


def content_of(cues: CueLexicon, m: CueMatch, text: str) -> Spans:
    """The character spans of what the cue reports (see the module docstring)."""
    cue, head = m.cue, m.head
    own_sourcing = [(t.left_edge.i, t.right_edge.i) for t in sourcing(cues, m)]
    if m.relation.startswith("parent:"):
        return token_pieces(
            cue.doc,
            text,
            head.left_edge.i,
            head.right_edge.i,
            [(cue.left_edge.i, cue.right_edge.i), *own_sourcing],
        )
    holes = list(own_sourcing)
    if head.i > cue.i:  # keep the source and cue out of a right-hand clause
        holes += [
            (t.left_edge.i, t.right_edge.i)
            for t in head.children
            if t.dep_ == "parataxis" and any(c.dep_ in ("nsubj",) for c in t.children)
        ]
    if m.relation == "child:ccomp":
        # "He emphasized that Russia values X and expressed concern over Y": the second
        # verb is the speaker's own act, not part of what he emphasized
        holes += [
            (c.i - 1 if c.nbor(-1).dep_ in ("cc", "punct") else c.i, c.right_edge.i)
            for c in coordinated_cues(cues, head)
        ]
    if head.i > cue.i:
        holes += [(c.i - 1, c.right_edge.i) for c in misattached_acts(cues, head)]
    right = head.right_edge.i
    if m.relation == "child:ccomp" and head.i > cue.i:
        # "said the administration preferred a deal, but that sanctions would stay": the
        # parser hangs the second "that" clause on the cue; it is reported all the same
        for c in cue.rights:
            if (
                c.dep_ == "conj"
                and c.i > right
                and any(k.dep_ == "mark" and k.lower_ == "that" for k in c.children)
            ):
                right = c.right_edge.i
    if m.relation in OBJECT_RELATIONS or m.relation.startswith("prep:"):
        # "compares [his struggles to those of …]", "urges [her husband to come out]"
        claim = cues.claims.get(cue.lemma_.lower(), frozenset())
        for sib in cue.rights:
            if sib.i > right and sib.dep_ in _OBJECT_COMPLEMENTS and sib.left_edge.i == right + 1:
                right = sib.right_edge.i
                if sib.dep_ == "prep" and sib.lower_ in claim:
                    holes.append((sib.i, sib.i))  # "accused [X] of [Y]"
    if head.i > cue.i:
        # "said the timing was not intentional; they only learned …": a semicolon
        # after the reported clause starts the writer's own sentence
        semi = next((t.i for t in cue.doc[head.i : right + 1] if t.text == ";"), None)
        right = semi - 1 if semi is not None else right
    left = head.left_edge.i
    if m.relation.startswith("prep:") and cue.doc[left].dep_ == "mark":
        left += 1  # "called for [the sanctions to be lifted]": the mark is the preposition
    return token_pieces(cue.doc, text, left, right, holes)


def coordinated_cues(cues: CueLexicon, clause: Token) -> list[Token]:
    """Cue verbs inside a reported clause that are the outer speaker's own acts, with no
    subject of their own: conjoined to a that-clause ("said that X and expressed concern
    over Y"), or a participle after a comma ("said the talks were over, adding that …")."""
    marked = any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
    return [
        c
        for c in clause.children
        if (
            (c.dep_ == "conj" and c.pos_ == "VERB" and marked)
            or (c.dep_ == "advcl" and c.tag_ == "VBG" and c.i > clause.i and c.nbor(-1).text == ",")
        )
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        and cues.match(c) is not None
    ]


def misattached_acts(cues: CueLexicon, head: Token) -> list[Token]:
    """Cue verbs in the past tense the parser hung on a noun of the reported words after a
    comma: the subject's next act, not part of what the cue reports ("Orban, who has long
    opposed arming Kyiv, called the talks 'the first sensible thing'" parses "called" as a
    clause of "Kyiv"; a clause of a noun is a participle or an infinitive, never "called")."""
    return [
        t
        for t in head.subtree
        if t.dep_ == "acl"
        and t.tag_ == "VBD"
        and t.i > head.i
        and t.nbor(-1).text == ","
        and cues.match(t) is not None
    ]


def outer_cue(cues: CueLexicon, cue: Token) -> Token | None:
    """For a cue mis-attached inside another cue's reported clause, that other cue: the
    coordinated act is the outer speaker's, so it takes the outer cue's source."""
    clause = cue.head
    if (
        cue.dep_ not in ("conj", "advcl")
        or clause.dep_ != "ccomp"
        or cues.match(clause.head) is None
    ):
        return None
    return clause.head if cue in coordinated_cues(cues, clause) else None
