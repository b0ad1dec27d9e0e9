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

import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from extraction.resources import Actor

_FUZZ_MIN = 85.0
HYPHENS = frozenset({"-", "‐", "‑"})
_NON_PERSON_LABELS = frozenset({"ORG", "GPE", "NORP", "LOC", "FAC", "PRODUCT", "WORK_OF_ART"})


@lru_cache(maxsize=8192)
def fold(name: str) -> str:
    """Lower-case, accents stripped: the key variants of one name share."""
    norm = unicodedata.normalize("NFKD", name)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower().strip()


def strip_possessive(name: str) -> str:
    for suffix in ("’s", "'s", "’", "'"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=8192)
def name_words(name: str) -> tuple[str, ...]:
    """The words of a name, possessive removed, hyphenated parts kept together."""
    return tuple(w for w in strip_possessive(name).replace(".", ". ").split() if w[:1].isalpha())


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


class NameRules:
    """The word lists names are read with (from `lexicons/speakers.toml`)."""

    def __init__(self, lex: dict[str, object]) -> None:
        def words(key: str) -> frozenset[str]:
            value = lex.get(key, [])
            return (
                frozenset(str(w).lower() for w in value)
                if isinstance(value, list)
                else (frozenset())
            )

        self.particles = words("name_particles")
        self.kinship = words("kinship_names")
        self.titles = words("titles")
        self.roles = words("role_nouns")
        gender = lex.get("gender", {})
        g = gender if isinstance(gender, dict) else {}
        self.female_titles = frozenset(fold(w) for w in g.get("female_titles", []))
        self.male_titles = frozenset(fold(w) for w in g.get("male_titles", []))
        self.female_nouns = frozenset(fold(w) for w in g.get("female_nouns", []))
        self.male_nouns = frozenset(fold(w) for w in g.get("male_nouns", []))
        governments = lex.get("governments", {})
        self.places = frozenset(
            fold(place)
            for places in (governments.values() if isinstance(governments, dict) else [])
            for place in places
        )
        self.female_given = frozenset(fold(w) for w in g.get("female_given", []))
        self.male_given = frozenset(fold(w) for w in g.get("male_given", []))

    def is_title(self, word: str) -> bool:
        w = fold(word).rstrip(".")
        return w in self.titles or w in self.female_titles or w in self.male_titles

    def surname(self, name: str) -> str:
        words = [w for w in name_words(name) if not self.is_title(w)]
        while len(words) > 1 and fold(words[-1]) in self.particles:
            words.pop()
        return fold(words[-1]) if words else fold(name)

    def given(self, name: str) -> str:
        """The folded first given name of a multi-word name ("" for a bare surname)."""
        words = [w.strip(".,") for w in name_words(name) if not self.is_title(w)]
        if len(words) < 2 or fold(words[0]) in self.particles:
            return ""  # "von der Leyen" is a surname alone
        return fold(words[0])

    def given_gender(self, name: str) -> str:
        g = self.given(name)
        if g in self.female_given and g not in self.male_given:
            return "f"
        if g in self.male_given and g not in self.female_given:
            return "m"
        return ""


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


def _titled(doc: Doc, i: int, rules: NameRules) -> bool:
    """A title or a person's role noun directly before token i ("Mr.", "leader")."""
    k = i - 1
    while k >= 0 and doc[k].text == ".":
        k -= 1
    return k >= 0 and (rules.is_title(doc[k].text) or doc[k].lower_ in rules.roles)


def _role_apposition(tok: Token, rules: NameRules) -> bool:
    return any(c.dep_ == "appos" and c.lemma_.lower() in rules.roles for c in tok.children)


def _misread_person(ent: Span, rules: NameRules) -> bool:
    """A PERSON entity that is a verb ("Melt the butter"), a known place ("Kyiv") or a
    family word used as a name ("Grandma's eggs"): nobody the news would quote."""
    text = fold(strip_possessive(ent.text))
    return (
        any(t.tag_.startswith("VB") for t in ent) or text in rules.places or text in rules.kinship
    )


def name_mentions(doc: Doc, ents: list[Span], rules: NameRules) -> list[NameMention]:
    """Every mention of a person, whole; entities of other labels repaired where they are
    plainly people (see the module docstring)."""
    out: list[NameMention] = []
    others: list[Span] = []
    for ent in ents:
        if ent.label_ == "PERSON" and not _misread_person(ent, rules):
            i, j = widen(doc, ent.start, ent.end - 1, rules)
            while i < j and rules.is_title(doc[i].text):
                i += 1
            out.append(NameMention(i, j, doc[i : j + 1].text, repaired=False))
        elif ent.label_ in _NON_PERSON_LABELS and any(t.pos_ == "PROPN" for t in ent):
            others.append(ent)
    surnames = {rules.surname(m.text) for m in out}
    words = {fold(w) for m in out for w in name_words(m.text)} - rules.particles
    for ent in others:
        i, j = widen(doc, ent.start, ent.end - 1, rules)
        if not all(
            _cap(t) or t.text in HYPHENS or t.lower_ in rules.particles for t in doc[i : j + 1]
        ):
            continue
        text = doc[i : j + 1].text
        plainly_person = (
            (j > i and rules.given_gender(text) != "")
            or _titled(doc, i, rules)
            or _role_apposition(doc[j], rules)
            or rules.surname(text) in surnames
            or (i == j and fold(strip_possessive(text)) in words)
        )
        if plainly_person:
            out.append(NameMention(i, j, text, repaired=True))
    # widened entities can now cover a neighbour's piece: keep the widest per token
    out.sort(key=lambda m: (m.start, -m.end))
    merged: list[NameMention] = []
    for m in out:
        if merged and m.start <= merged[-1].end:
            continue
        merged.append(m)
    return merged
