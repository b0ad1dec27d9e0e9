"""The position lexicon (`lexicons/positions.toml`) as sets of lemma keys, and the small
token-level tests the rules build on it (negation, questions, the evidence's words).

A key is a lemma, or a lemma and the particle or preposition that goes with it ("call for",
"warn against", "rule out", "concern over"): `keys_of` gives the keys a token can be read as,
given the preposition through which the parse reached it.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from spacy.tokens import Doc, Token


def _words(table: Mapping[str, Any], key: str) -> frozenset[str]:
    return frozenset(str(w).lower() for w in table.get(key, ()))


@dataclass(frozen=True)
class PositionLexicon:
    support: frozenset[str]
    oppose: frozenset[str]
    act: frozenset[str]
    cue_support: frozenset[str]
    cue_oppose: frozenset[str]
    good: frozenset[str]
    bad: frozenset[str]
    reverse: frozenset[str]
    pressure: frozenset[str]
    accusations: frozenset[str]
    modals: frozenset[str]
    obligations: frozenset[str]
    frames: frozenset[str]
    negations: frozenset[str]

    @cached_property
    def side_words(self) -> frozenset[str]:
        """Every word that says a side or turns one round: what keeps a report of an act
        from being plain (`target_antecedents`)."""
        return (
            self.support
            | self.oppose
            | self.cue_support
            | self.cue_oppose
            | self.good
            | self.bad
            | self.reverse
            | self.negations
            | self.accusations
        )

    @cached_property
    def side_taking_cues(self) -> frozenset[str]:
        """Reporting verbs that take a side on what they report ("condemned", "urged",
        "accused"): built once, read for every statement (`positions._vector_of`)."""
        return self.cue_support | self.cue_oppose | self.accusations

    @classmethod
    def from_table(cls, table: Mapping[str, Any]) -> PositionLexicon:
        def section(name: str) -> Mapping[str, Any]:
            return table.get(name, {})

        return cls(
            support=_words(section("support"), "words"),
            oppose=_words(section("oppose"), "words"),
            act=_words(section("act"), "words"),
            cue_support=_words(section("cue"), "support"),
            cue_oppose=_words(section("cue"), "oppose"),
            good=_words(section("judge"), "good"),
            bad=_words(section("judge"), "bad"),
            reverse=_words(section("reverse"), "words"),
            pressure=_words(section("pressure"), "words"),
            accusations=_words(section("cue"), "accusations"),
            modals=_words(section("commit"), "modals"),
            obligations=_words(section("commit"), "obligations"),
            frames=_words(section("commit"), "frames"),
            negations=_words(section("negation"), "words"),
        )


# Plurals that name something other than their singular: "goods" are merchandise, not the
# good a judgement speaks of ("the flow of dual-use goods to Russia").
OWN_LEMMAS = frozenset({"goods"})
# Plural nouns spelt like a verb of attitude: "apartment blocks" block nothing.
NOUN_PLURALS = frozenset({"blocks"})


# Judgement words that name a kind before these nouns: "tariffs on critical minerals" judge
# nothing critical.
KIND_NAMES = {"critical": frozenset({"mineral", "infrastructure", "raw", "technology"})}


def lemma_of(token: Token) -> str:
    """The token's lower-case lemma, except for the plurals of `OWN_LEMMAS`, the
    `NOUN_PLURALS` the parse tags as nouns, and the `KIND_NAMES` (lemma and noun)."""
    lower = token.lower_
    if lower in OWN_LEMMAS or (lower in NOUN_PLURALS and token.tag_ == "NNS"):
        return lower
    if lower in KIND_NAMES and token.i + 1 < len(token.doc):
        following = token.doc[token.i + 1].lemma_.lower()
        if following in KIND_NAMES[lower]:
            return f"{lower} {following}"
    return token.lemma_.lower()


def keys_of(token: Token, via: Token | None = None, next_word: bool = True) -> list[str]:
    """The lexicon keys `token` can stand for: its lemma, lemma + particle ("rule out"),
    lemma + the preposition `via` that led to it ("call for"), and a following preposition
    or adjective's complement ("concerned about")."""
    lemma = lemma_of(token)
    keys = [lemma]
    for child in token.children:
        if child.dep_ == "prt":
            keys.append(f"{lemma} {child.lower_}")
    if via is not None and via.dep_ in ("prep", "agent", "dative"):
        keys.append(f"{lemma} {via.lower_}")
    if next_word:
        # past a closing quote mark: 'was "deeply concerned" by the strike'
        after = next((t for t in token.doc[token.i + 1 : token.i + 3] if not t.is_quote), None)
        if after is not None:
            keys.append(f"{lemma} {after.lower_}")
    if token.pos_ == "NOUN":
        # "a G7 call on the price cap" is a meeting, not an appeal ("called on")
        keys = [k for k in keys if not k.endswith(" on")]
    return keys


def attitude_sign(keys: list[str], lex: PositionLexicon) -> int:
    """The side an attitude word takes on what it governs: 1 for, -1 against, 0 none. A key
    with its preposition or particle is read before the bare lemma: "defend against an
    attack" is against the attack though "defend" alone is for what it defends."""
    for key in sorted(keys, key=lambda k: " " not in k):
        if key in lex.oppose:
            return -1
        if key in lex.support:
            return 1
    return 0


def is_negated(token: Token, negations: frozenset[str]) -> bool:
    """The token is negated — except in a contrast, "more air defence, not promises", where
    the parser hangs the "not" on the first phrase though it denies the second."""
    return any(_negation(c, negations) and not _contrasted(token, c) for c in token.children)


def denied_in_contrast(head: Token, below: Token, negations: frozenset[str]) -> bool:
    """ "We want a ceasefire and negotiations, not another round of sanctions": `below` is
    the phrase the contrast's "not" begins, hung by the parser on the first phrase (`head`),
    so what is said of `head` is denied of it."""
    first = below.left_edge
    return any(
        _negation(c, negations) and _contrasted(head, c) and c.i + 1 == first.i
        for c in head.children
    )


# "have to", "need to": a necessity ("don't have to", "need not": one denied).
NECESSITIES = frozenset({"have", "need"})


def to_infinitive(verb: Token) -> bool:
    """ "to send", "to talk": a verb with its infinitive marker."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)


def waived_condition(head: Token, below: Token, signal: Token) -> bool:
    """ "I don't have to like a guy to talk to him", "we do not need to agree with Beijing
    to talk to it": a denied necessity of two infinitives waives the first, a condition,
    for the second, the goal; the denial says nothing against the goal the signal is in."""
    if head.lemma_.lower() not in NECESSITIES or below.dep_ != "xcomp":
        return False
    conditions = [c for c in head.children if c.dep_ == "xcomp" and _infinitive(c)]
    if len(conditions) > 1 and below.i == conditions[-1].i:
        return True  # the parser hangs the goal on the necessity, beside the condition
    goals = [
        c
        for c in below.children
        if c.dep_ in ("advcl", "xcomp") and _infinitive(c) and c.i > below.i
    ]
    return any(signal.i in {t.i for t in goal.subtree} for goal in goals)


def _infinitive(verb: Token) -> bool:
    return verb.pos_ in ("VERB", "AUX") and to_infinitive(verb)


def _negation(child: Token, negations: frozenset[str]) -> bool:
    """A dependent that negates its head: "not", a negating determiner ("no talks"), or
    "no longer" / "no more", whose "no" the parser hangs on the adverb."""
    if child.dep_ == "neg" or (child.lower_ in negations and child.dep_ == "det"):
        return True
    return _ceasing(child)


# "would no longer oppose the duties": what was done is not done any more.
_CEASING = frozenset({"longer", "more"})


def _ceasing(child: Token) -> bool:
    return child.lower_ in _CEASING and any(g.dep_ == "neg" for g in child.children)


def ceased(token: Token) -> bool:
    """ "no longer", "no more": an attitude given up. Ceasing to oppose is acquiescence, no
    side; ceasing to support is still a side against."""
    return any(_ceasing(c) for c in token.children)


def _contrasted(token: Token, negation: Token) -> bool:
    """ "X, not Y": the negation follows the token after a comma or dash, and begins a phrase
    of its own (the parser may tag "promises" a verb, so any word but an auxiliary)."""
    doc = negation.doc
    return (
        negation.i > token.i
        and negation.i + 1 < len(doc)
        and doc[negation.i - 1].text in (",", "—", "–", "-", ";")
        and doc[negation.i + 1].pos_ not in ("AUX", "PUNCT")
    )


def is_question(doc: Doc, content: Collection[int]) -> bool:
    """The statement is a question: its last words end with a question mark."""
    last = max(content)
    return any(doc[i].text == "?" for i in range(last, min(last + 3, len(doc))))


def quantified_by_no(token: Token, lex: PositionLexicon) -> bool:
    """ "not a single aid truck", "no further sanctions": a negation inside the phrase."""
    return any(
        t.lower_ in lex.negations and t.i < token.i
        for c in token.children
        if c.dep_ in ("det", "amod", "nummod", "quantmod")
        for t in c.subtree
    )


def evidence_text(doc: Doc, tokens: list[Token], lex: PositionLexicon) -> str:
    """The words that carry the side: the strongest evidence word with its negation,
    auxiliaries and particle ("does not support", "called for", "would destabilize")."""
    if not tokens:
        return ""
    word = tokens[0]
    ids = {word.i}
    for child in word.children:
        if child.dep_ in ("neg", "aux", "prt", "auxpass") and abs(child.i - word.i) <= 3:
            ids.add(child.i)
    if word.i + 1 < len(doc) and doc[word.i + 1].dep_ == "prep" and doc[word.i + 1].head == word:
        ids.add(word.i + 1)
    return doc[min(ids) : max(ids) + 1].text


def is_pressure(label: str, pressure: Collection[str]) -> bool:
    """Is a target itself pressure ("U.S. pressure on Cuba", "sanctions on Russia")? Then
    more pressure words around its signal are the target, not against it."""
    words = {w.strip(",.()").lower() for w in label.split()}
    return bool({w.removesuffix("s") for w in words} & set(pressure) or words & set(pressure))
