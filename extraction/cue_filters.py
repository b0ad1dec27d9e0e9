"""Cue matches that are no statement, and statements that duplicate or nest in others.

A cue that matched the parse can still say nothing a reader would call a statement: an
object that only names a view ("expressed their views"), a refusal to speak ("declined
to comment", "refused to say whether …"), a passive whose subject is the content's ("the
talks were expected to last two days"), a clause that is the writer's
comment on a quote ("“…,” he added, a plea allies have heard before"), what is asked of
someone ("demanded that Kyiv renounce NATO membership"), a rubric ("CLAIM:"), a verb of doing
inside someone else's reported clause, or the same content found twice.  Kept apart from
the cue stage so each stays one idea; questions put to the speaker are `questions.py`'s.
"""

from __future__ import annotations

from spacy.tokens import Token

from extraction.cues import CueLexicon, CueMatch
from extraction.raw import RawAttribution, Spans, overlaps

NESTED_SPEECH_PRECISION = 0.7
_SPEECH_RELATIONS = ("parent:",)
OBJECT_RELATIONS = frozenset({"child:dobj"})  # a cue whose object is what was said
_ABOUT = frozenset({"about", "over", "on", "regarding", "concerning", "at", "with", "of"})


def no_statement(m: CueMatch, cues: CueLexicon) -> bool:
    """Whether the cue matched says nothing a reader would call a statement (below)."""
    return (
        says_nothing(m, cues.empty_objects)
        or withheld_speech(m.cue, cues.refusing, cues.withheld)
        or raised_subject(m)
        or mandated(m.cue)
        or rubric(m.cue)
    )


def rubric(cue: Token) -> bool:
    """ "CLAIM: “…” - Name": a word in capitals before a colon is the line's rubric, not a
    verb of its own."""
    nxt = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else None
    return cue.is_upper and len(cue.text) > 1 and nxt is not None and nxt.text == ":"


def says_nothing(m: CueMatch, empty_objects: frozenset[str]) -> bool:
    """ "expressed [their views] to reporters": an object that only names a view, with
    nothing but a determiner or possessive, is no statement (`empty_objects`)."""
    head = m.head
    return (
        m.relation in OBJECT_RELATIONS
        and head.lemma_.lower() in empty_objects
        and all(
            c.dep_ in ("det", "poss") or (c.dep_ == "prep" and c.lower_ not in _ABOUT)
            for c in head.children
        )
        and not any(  # "expressed her concern [over the toll]": what it is about
            c.dep_ == "prep" and c.i == head.i + 1 and c.lower_ in _ABOUT for c in m.cue.children
        )
    )


def raised_subject(m: CueMatch) -> bool:
    """ "The talks were expected to last two days", "Peskov is expected to speak on Monday":
    a passive cue whose infinitive is the content has the content's subject as its own,
    and nobody who expects; with an agent ("is expected by analysts to") someone does."""
    cue = m.cue
    passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in cue.children)
    return (
        passive
        and m.head.dep_ == "xcomp"
        and m.head.head.i == cue.i
        and not any(c.dep_ == "agent" for c in cue.children)
    )


def mandated(cue: Token) -> bool:
    """ "its demand that Ukraine renounce NATO membership": a cue in the bare form with a
    subject, after "that" and with no auxiliary, is what someone asks of that subject, not
    what it said ("let editorials tell them", "hear a candidate say" are no such clause)."""
    subjects = [c for c in cue.children if c.dep_ == "nsubj"]
    # the bare form: tagged so, or present tense after one thing ("Ukraine renounce")
    bare = cue.tag_ == "VB" or (
        cue.tag_ == "VBP" and any(c.tag_ in ("NN", "NNP") for c in subjects)
    )
    return (
        bare
        and cue.dep_ in ("ccomp", "acl")
        and bool(subjects)
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in cue.children)
        and not any(c.dep_ in ("aux", "auxpass") for c in cue.children)
    )


def refusal_to_say(m: CueMatch, refusing: frozenset[str], withheld: frozenset[str]) -> bool:
    """ "declined to comment", "declined to give a date", "refused to say whether …": a
    refusal to speak says nothing (`[refusals]`); the cue stage keeps it off the record."""
    return (
        m.cue.lemma_.lower() in refusing
        and m.relation == "child:xcomp"
        and m.head.lemma_.lower() in withheld
    )


def withheld_speech(cue: Token, refusing: frozenset[str], withheld: frozenset[str]) -> bool:
    """ "refused to [say] whether the navy was on alert": the verb of speaking under a
    refusal reports what was not said, so it is no statement at all."""
    return (
        cue.lemma_.lower() in withheld
        and cue.dep_ == "xcomp"
        and cue.head.lemma_.lower() in refusing
    )


def comment_after_quote(cue: Token, text: str, content: Spans) -> bool:
    """ "“Every day counts,” he added, a plea allies have heard before": after a quote and
    its cue, the clause the parser hangs the cue from is the writer's comment on it."""
    subject = next((c for c in cue.lefts if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is None or content[0][0] < cue.idx:
        return False
    before = text[: subject.left_edge.idx].rstrip().rstrip(",").rstrip()
    return (
        before.endswith(("”", '"', "''", "»"))
        and text[cue.idx + len(cue.text) : content[0][0]].strip() == ","
    )


def drop_nested_acts(found: list[RawAttribution]) -> list[RawAttribution]:
    """Drop object-taking cues inside another statement's content.

    "Merz said the EU must [agree] a package", "according to X, Budapest will [veto] any
    measure": verbs of doing, not saying, once they sit inside reported content.  Nested
    *speech* ("said he believed that …") keeps its clause relation and stays.
    """
    keep = []
    for r in found:
        speech = r.relation.startswith(_SPEECH_RELATIONS) or (
            r.relation == "child:ccomp" and r.precision >= NESTED_SPEECH_PRECISION
        )
        cue = r.cue_char
        if (
            cue is not None
            and r.relation
            and not speech
            and any(o is not r and overlaps(cue, cue + 1, o.content) for o in found)
        ):
            continue
        keep.append(r)
    return keep


def dedupe(found: list[RawAttribution]) -> list[RawAttribution]:
    """Drop a statement whose content is the same as (or inside) a more precise one's."""
    keep: list[RawAttribution] = []
    for r in found:
        s, e = r.content[0][0], r.content[-1][1]
        clash = next(
            (k for k, o in enumerate(keep) if o.content[0][0] == s and o.content[-1][1] == e), None
        )
        if clash is None:
            keep.append(r)
        elif r.precision > keep[clash].precision:
            keep[clash] = r
    return keep
