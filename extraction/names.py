"""People named in one article: whole names, repaired entity labels, one entry per person.

The small model's entities are cut short or mislabelled on names from outside the
English-speaking world: "Ursula von der" (PERSON) + "Leyen" (GPE), "Díaz-Canel" (ORG),
"María Corina Machado" (ORG), "Wang" (ORG) next to "Wang Yi" (PERSON).  Names are
therefore rebuilt on tokens: a PERSON entity is widened over particles ("von der",
"da") and hyphens ("Ben-Gvir"); an entity of another label is a person when a given
name opens it, a title or a person's role stands before it ("opposition leader …"), a
role stands in apposition to it, or it is a name the article gives a person elsewhere.
Mentions are then clustered: by surname (accent-folded, fuzzy, with given names kept
apart), a lone word joining the one person whose name contains it ("Wang", "Lula"), and
known actors (seeds/actors.toml) by their aliases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy
from spacy.attrs import LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from extraction.name_rules import NameRules, fold, name_words, strip_possessive
from extraction.resources import Actor

__all__ = ["NameRules", "fold", "name_words", "strip_possessive"]

_FUZZ_MIN = 85.0
HYPHENS = frozenset({"-", "‐", "‑"})
_NON_PERSON_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})
_PLACES = frozenset({"GPE", "NORP", "LOC"})  # a given name may spell one: "Israel"


@dataclass
class Person:
    """One person of the article: fullest name, role, gender evidence, forms seen."""

    name: str
    surname: str
    role: str | None = None
    given: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    forms: list[str] = field(default_factory=list)
    gender: str = ""  # "f", "m" or "" (unknown)
    gender_votes: dict[str, int] = field(default_factory=dict)
    actor: Actor | None = None


@dataclass(frozen=True)
class NameMention:
    start: int  # first token
    end: int  # last token, inclusive
    text: str
    repaired: bool  # rebuilt from a non-PERSON entity or a bare token


def _cap(tok: Token) -> bool:
    return tok.text[:1].isupper() and tok.is_alpha


def widen(doc: Doc, i: int, j: int, rules: NameRules) -> tuple[int, int]:
    """Tokens i..j widened over name particles and hyphens ("von der Leyen", "Díaz-Canel")."""
    n = len(doc)
    while j + 1 < n:
        nxt = doc[j + 1]
        if (
            nxt.text in HYPHENS
            and not doc[j].whitespace_
            and not nxt.whitespace_
            and j + 2 < n
            and doc[j + 2].is_alpha
        ):
            j += 2
        elif (doc[j].lower_ in rules.particles and doc[j].is_lower and _cap(nxt)) or (
            nxt.is_lower
            and nxt.lower_ in rules.particles
            and j + 2 < n
            and (_cap(doc[j + 2]) or doc[j + 2].lower_ in rules.particles)
        ):
            j += 1
        else:
            break
    while i > 0:
        prv = doc[i - 1]
        if prv.text in HYPHENS and not prv.whitespace_ and i >= 2 and not doc[i - 2].whitespace_:
            if not doc[i - 2].is_alpha:
                break
            i -= 2
        elif (prv.is_lower and prv.lower_ in rules.particles) or (
            doc[i].is_lower
            and doc[i].lower_ in rules.particles
            and _cap(prv)
            and not rules.is_title(prv.text)
            and prv.lower_ not in rules.roles
        ):
            i -= 1
        else:
            break
    return i, j


def _surname_end(doc: Doc, j: int, rules: NameRules) -> int:
    """ "Maria Corina" tagged, "Machado" not: a person's entity whose last word is a
    compound of the capitalised, untagged name after it runs on to that name."""
    while (
        j + 1 < len(doc)
        and doc[j].dep_ in ("compound", "flat")
        and doc[j].head.i > j
        and doc[j + 1].pos_ == "PROPN"
        and _cap(doc[j + 1])
        and not doc[j + 1].ent_type_
        and fold(doc[j + 1].text) not in rules.org_words | rules.roles
        and not rules.is_title(doc[j + 1].text)
    ):
        j += 1
    return j


def _titled(doc: Doc, i: int, rules: NameRules) -> bool:
    """A title or a person's role noun directly before token i ("Mr.", "leader")."""
    k = i - 1
    while k >= 0 and doc[k].text == ".":
        k -= 1
    return k >= 0 and (rules.is_title(doc[k].text) or doc[k].lower_ in rules.roles)


def _role_apposition(tok: Token, rules: NameRules) -> bool:
    return any(c.dep_ == "appos" and c.lemma_.lower() in rules.roles for c in tok.children)


def _misread_person(ent: Span, rules: NameRules) -> bool:
    """A PERSON entity that is a verb, a known place ("Kyiv"; "Helping Ukraine", after no
    given name), a family word ("Grandma's eggs") or a body's name ("the union FNV Havens")."""
    text = fold(strip_possessive(ent.text))
    return (
        any(t.tag_.startswith("VB") for t in ent)
        or text in rules.places
        or (fold(ent[-1].text) in rules.places and not rules.given_gender(ent.text))
        or text in rules.kinship
        or body_named(ent, rules.bodies)
        or (len(ent) > 1 and fold(ent[-1].text) in rules.org_words)
    )


def body_named(ent: Span, bodies: frozenset[str]) -> bool:
    """ "the dockworkers' union FNV Havens", "the polling firm Ipsos": a name after a
    body noun names that body, whatever label the model gave it."""
    if ent.start == 0:
        return False
    prv = ent.doc[ent.start - 1]
    return prv.pos_ == "NOUN" and prv.lemma_.lower() in bodies


def _given_name_tail(doc: Doc, i: int, j: int, rules: NameRules) -> NameMention | None:
    """ "National Intelligence Tulsi Gabbard" tagged as one organisation: a known given
    name inside it, followed by capitalised words to its end, is a person at its end."""
    for k in range(i + 1, j):
        if rules.word_gender(doc[k].text) and _cap(doc[k + 1]):
            if any(fold(t.text) in rules.roles for t in doc[k + 1 : j + 1]):
                return None
            return NameMention(k, j, doc[k : j + 1].text, repaired=True)
    return None


def _bare_names(doc: Doc, taken: set[int], rules: NameRules) -> list[NameMention]:
    """ "… Commission Teresa Ribera said" with no entity at all: a known given name and a
    capitalised proper noun after it, neither a title nor a role, are a person."""
    out: list[NameMention] = []
    n = len(doc)
    after = -1
    for tok in _tokens_written(doc, rules.given_ids):
        k = tok.i
        if k <= after or k + 1 >= n or k in taken or k + 1 in taken:
            continue
        nxt = doc[k + 1]
        if (
            nxt.is_title
            and rules.word_gender(tok.text)
            and tok.pos_ == "PROPN"
            and nxt.pos_ == "PROPN"
            and _cap(tok)
            and _cap(nxt)
            and not tok.whitespace_.count("\n")
            and fold(nxt.text) not in rules.roles
            and not rules.is_title(nxt.text)
        ):
            i, j = widen(doc, k, k + 1, rules)
            while (
                j + 1 < n
                and j + 1 not in taken
                and _cap(doc[j + 1])
                and doc[j + 1].pos_ == "PROPN"
                and "\n" not in doc[j].whitespace_
            ):
                j += 1
            if fold(doc[j].text) not in rules.org_words:
                out.append(NameMention(i, j, doc[i : j + 1].text, repaired=True))
            after = j
    return out


def _names_after_roles(doc: Doc, taken: set[int], rules: NameRules) -> list[NameMention]:
    """ "Commerce Ministry spokesperson He Yongqian told …" with no entity: two or three
    capitalised proper nouns right after a role noun, ending its phrase, are the person who
    holds the role. The model misses many names it has seldom seen, Chinese ones most."""
    out: list[NameMention] = []
    n = len(doc)
    for tok in doc:
        if tok.pos_ != "NOUN" or not tok.is_lower or fold(tok.text) not in rules.roles:
            continue
        i = j = tok.i + 1
        while j < n and j not in taken and doc[j].pos_ == "PROPN" and _cap(doc[j]):
            if "\n" in doc[j - 1].whitespace_ or j - i >= 3:
                break
            j += 1
        words = doc[i:j]
        if not 2 <= len(words) <= 3 or words[-1].dep_ == "compound":
            continue
        if any(
            fold(t.text) in rules.roles or fold(t.text) in rules.org_words or rules.is_title(t.text)
            for t in words
        ):
            continue
        out.append(NameMention(i, j - 1, words.text, repaired=True))
        taken.update(range(i, j))
    return out


def _tokens_written(doc: Doc, lowers: frozenset[int]) -> list[Token]:
    """Tokens whose lower-case form is one of `lowers` (string ids), capitalised; found on
    the token array, as walking every token or building Doc.text costs more."""
    if not lowers:
        return []
    found = numpy.nonzero(numpy.isin(doc.to_array(LOWER), list(lowers)))[0]
    return [doc[int(i)] for i in found if doc[int(i)].text[:1].isupper()]


def name_mentions(doc: Doc, ents: list[Span], rules: NameRules) -> list[NameMention]:
    """Every mention of a person, whole; entities of other labels repaired where they are
    plainly people (see the module docstring)."""
    out: list[NameMention] = []
    others: list[Span] = []
    for ent in ents:
        if ent.label_ == "PERSON" and not _misread_person(ent, rules):
            i, j = widen(doc, ent.start, _surname_end(doc, ent.end - 1, rules), rules)
            i += rules.past_titles([t.text for t in doc[i : j + 1]])
            out.append(NameMention(i, j, doc[i : j + 1].text, repaired=False))
        elif ent.label_ in _NON_PERSON_LABELS and any(t.pos_ == "PROPN" for t in ent):
            others.append(ent)
    surnames = {rules.surname(m.text) for m in out}
    words = {fold(w) for m in out for w in name_words(m.text)} - rules.particles
    for ent in others:
        i, j = widen(doc, ent.start, ent.end - 1, rules)
        i += rules.past_titles([t.text for t in doc[i : j + 1]])  # "Spokeswoman …"
        if not all(
            _cap(t) or t.text in HYPHENS or t.lower_ in rules.particles for t in doc[i : j + 1]
        ):
            continue
        text = doc[i : j + 1].text
        if fold(doc[j].text) in rules.org_words:
            continue  # "John Birch Society", "Grace Foundation": a body after a given name
        plainly_person = (
            (j > i and rules.given_gender(text) != "")
            or _titled(doc, i, rules)
            or _role_apposition(doc[j], rules)
            or rules.surname(text) in surnames
            # a one-word place is a person only by surname: "Israel's COGAT" is no Katz's
            or (i == j and fold(strip_possessive(text)) in words and ent.label_ not in _PLACES)
        )
        if plainly_person:
            out.append(NameMention(i, j, text, repaired=True))
        elif j > i:
            inner = _given_name_tail(doc, i, j, rules)
            if inner is not None:
                out.append(inner)
    taken = {t for m in out for t in range(m.start, m.end + 1)}
    taken |= {t for ent in ents if ent.label_ != "PERSON" for t in range(ent.start, ent.end)}
    out.extend(_bare_names(doc, taken, rules))
    out.extend(_names_after_roles(doc, taken, rules))
    # "Ruiz said …" where the model saw no entity: the surname of a person named in full
    full = frozenset(
        get_string_id(doc[m.end].lower_)
        for m in out
        if m.end > m.start and len(name_words(m.text)) > 1
    )
    taken = {t for m in out for t in range(m.start, m.end + 1)} | taken
    out.extend(
        NameMention(t.i, t.i, t.text, repaired=True)
        for t in _tokens_written(doc, full)
        if t.i not in taken and t.pos_ == "PROPN" and _cap(t)
    )
    # widened entities can now cover a neighbour's piece: keep the widest per token
    out.sort(key=lambda m: (m.start, -m.end))
    merged: list[NameMention] = []
    for m in out:
        if merged and m.start <= merged[-1].end:
            continue
        merged.append(m)
    return merged
