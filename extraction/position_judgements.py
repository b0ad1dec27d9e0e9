"""The verdict a clause passes on a target: "the deal is a historic mistake", "sanctions
have failed", "called the attack a flagrant violation", "described the talks as useful".

A judging word of the lexicon (`[judge]` good and bad) in a predicate over the target, or in
a verb's predicative complement over its object, is the speaker's verdict on it — with
three kinds of word around it that are no verdict: harm done to the country a measure is
aimed at ("the sanctions had hurt Russia badly" says it works, not that it is bad), a
success "on paper" or "in theory" (a concession the next words deny), and a clause of when
or on what terms ("until the regime stops funding narco-terrorism" calls nothing terrorism).
"""

from __future__ import annotations

from spacy.tokens import Token

from extraction.positions_lexicon import PositionLexicon, keys_of

# Complements that say what a verb's object is: "called the attack *a violation*", "branded
# the goal *counterproductive*", "described the talks *as useful*".
PREDICATIVE_DEPS = frozenset({"oprd", "xcomp", "ccomp", "acomp", "attr"})
# What a judging word may hang from under its predicate: "is *a* historic *mistake*".
JUDGED_THROUGH = frozenset(
    {"attr", "acomp", "dobj", "xcomp", "relcl", "conj", "amod", "prep", "pobj", "advcl",
     "oprd", "ccomp"}
)  # fmt: skip


def characterisation(verb: Token, obj: Token, lex: PositionLexicon) -> tuple[Token, int] | None:
    """ "called the attack a flagrant violation", "described the talks as useful": the
    judging word of the verb's predicative complement over its object, with its sign."""
    for child in verb.children:
        if child.dep_ in PREDICATIVE_DEPS or (child.dep_ == "prep" and child.lower_ == "as"):
            judge = judgement(child, obj, lex)
            if judge is not None:
                return judge
    return None


def judgement(predicate: Token, subject: Token, lex: PositionLexicon) -> tuple[Token, int] | None:
    """The nearest judging word of a predicate over its subject ("would destabilize",
    "is a mistake", "had been serious and useful"), with its sign; None if neutral."""
    skip = set(t.i for t in subject.subtree)
    queue = [predicate]
    seen: set[int] = set()
    while queue:
        word = queue.pop(0)
        if word.i in seen or word.i in skip:
            continue
        seen.add(word.i)
        if word.dep_ == "amod" and word.head.dep_ == "dobj":
            continue  # "had handed our best customer to Brazil": the customer is judged
        keys = keys_of(word)
        if _in_name_only(word):
            return None  # "the tariff has worked on paper": a concession, not the verdict
        if any(k in lex.bad for k in keys):
            return (word, -1) if not _harms_a_country(word) else None
        if any(k in lex.good for k in keys):
            return word, 1
        queue += [c for c in word.children if c.dep_ in JUDGED_THROUGH and not _a_condition(c)]
    return None


# Clauses that set when or on what terms, not how good: "the blockade would stay in place
# until the regime stops funding narco-terrorism" does not call the blockade terrorism.
CONDITION_MARKS = frozenset({"until", "unless", "while", "if", "once", "when", "before"})


def _a_condition(clause: Token) -> bool:
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in CONDITION_MARKS for c in clause.children
    )


# "worked on paper", "a success in theory": said of the appearance, which the next words
# usually deny ("In practice it has mostly moved the oil to China").
IN_NAME_ONLY = frozenset({("on", "paper"), ("in", "theory"), ("in", "name")})


def _in_name_only(word: Token) -> bool:
    return any(
        (c.lower_, g.lower_) in IN_NAME_ONLY
        for c in word.children
        if c.dep_ == "prep"
        for g in c.children
        if g.dep_ == "pobj"
    )


def _harms_a_country(verb: Token) -> bool:
    """Is a verb of harm done to a country ("the sanctions had hurt Russia badly", "the
    strikes damaged Iran's programme")? Then it says the target works on whom it is aimed,
    which is no judgement of it; harm done to people or anything else ("hurt American
    farmers", "damage the economy") still is."""
    if verb.pos_ != "VERB":
        return False
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    return any(
        t.ent_type_ == "GPE" for o in objects for t in (o, *o.children)
        if t.dep_ in ("dobj", "poss", "compound", "amod")
    )  # fmt: skip
