"""The cast of one article: each person once, under the fullest name, with gender evidence.

Full names are clustered first (surname, accent-folded and fuzzy, with a different given
name kept apart: Ivana Trump is not Donald Trump), then lone words join the person
they name: a surname, or the one person whose name holds the word ("Wang" → Wang Yi,
"Lula" → Luiz Inácio Lula da Silva); known actors join by their aliases.  Gender comes
from the article first (Mr/Ms/Mrs and gendered roles before a name, pronouns that
follow the person in a sentence where nobody else is named), then a small table of
given names; otherwise it stays unknown.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span

from extraction.names import (
    NameMention,
    NameRules,
    Person,
    fold,
    name_mentions,
    name_words,
    strip_possessive,
)
from extraction.resources import Actor

_FUZZ_MIN = 85.0
RoleOf = Callable[[Doc, int, int], "str | None"]
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_PRONOUN_WINDOW = 40
_GIVEN_WEIGHT = 2
_FEMALE_PRONOUNS = frozenset({"she", "her", "hers", "herself"})
_MALE_PRONOUNS = frozenset({"he", "him", "his", "himself"})


def _same_given(a: str, b: str) -> bool:
    """Dmitry / Dmitri, Volodymyr / Vladimir-style spellings count as one given name."""
    return a == b or (a[:1] == b[:1] and fuzz.ratio(a, b) >= 75) or a[:1] == b[:1] == a


@dataclass(frozen=True)
class Named:
    """A mention of a person in the text: char offsets, person, whether a clause subject."""

    start: int
    end: int
    person: Person
    subject: bool
    first_token: int
    last_token: int


class Cast:
    """People of one article and where each is named; built by `CastBuilder.build`."""

    def __init__(self, people: list[Person], named: list[Named]) -> None:
        self.people = people
        self.named = named
        self._starts = [n.start for n in named]

    def inside(self, start: int, end: int) -> list[Named]:
        """Names within chars start..end, in order."""
        k = bisect.bisect_left(self._starts, start)
        out = []
        while k < len(self.named) and self.named[k].start < end:
            if self.named[k].end <= end:
                out.append(self.named[k])
            k += 1
        return out

    def at(self, token: int) -> list[Named]:
        """The name that token `token` is part of (a mention cut inside a name)."""
        return [n for n in self.named if n.first_token <= token <= n.last_token]

    def before(self, char: int) -> list[Named]:
        return self.named[: bisect.bisect_left(self._starts, char)]


class CastBuilder:
    def __init__(self, actors: tuple[Actor, ...], rules: NameRules) -> None:
        self.rules = rules
        self.actors = actors
        self._alias: dict[str, Actor] = {}
        for actor in actors:
            for form in (actor.name, *actor.aliases):
                self._alias[fold(form)] = actor
                self._alias.setdefault(rules.surname(form), actor)

    def actor(self, name: str) -> Actor | None:
        """The known actor `name` is: by full form, or by surname when no other given
        name contradicts it (Ivana Trump is not Donald Trump)."""
        r = self.rules
        actor = self._alias.get(fold(strip_possessive(name)))
        if actor is not None:
            return actor
        actor = self._alias.get(r.surname(name))
        if actor is None or not r.given(name):
            return actor
        given = {r.given(f) for f in (actor.name, *actor.aliases)} - {""}
        return actor if r.given(name) in given else None

    def find(self, people: list[Person], name: str) -> Person | None:
        r = self.rules
        key, given = r.surname(name), r.given(name)
        family = []
        for p in people:
            if p.surname == key or (
                fuzz.ratio(p.surname, key) >= _FUZZ_MIN and p.surname[:1] == key[:1]
            ):
                if given and p.given and not any(_same_given(given, g) for g in p.given):
                    continue  # same family, another person
                family.append(p)
        if family:
            # a bare "Trump" beside Melania Trump and Donald Trump: the known actor
            return next((p for p in family if p.actor is not None and not given), family[0])
        if not given:
            word = fold(strip_possessive(name)).strip(".")
            holders = [p for p in people if word in p.words]
            if len(holders) == 1:
                return holders[0]
        actor = self.actor(name)
        if actor is not None:
            return next((p for p in people if p.actor is actor), None)
        return None

    def _add(self, people: list[Person], name: str, role: str | None) -> Person:
        r = self.rules
        person = self.find(people, name)
        if person is None:
            actor = self.actor(name)
            person = Person(name, r.surname(name), role, actor=actor)
            if actor is not None:
                person.name, person.role = actor.name, role or actor.role
                person.words |= {fold(w) for f in actor.aliases for w in name_words(f)}
            people.append(person)
        else:
            longer = len(name_words(name)) > len(name_words(person.name))
            if longer and person.actor is None:
                person.name = name
            person.role = person.role or role
        if r.given(name):
            person.given.add(r.given(name))
        person.words |= {fold(w) for w in name_words(name)} - r.particles
        person.words |= {fold(p) for w in name_words(name) for p in w.split("-") if len(p) > 2}
        if name not in person.forms:
            person.forms.append(name)
        return person

    def build(self, doc: Doc, ents: list[Span], role_of: RoleOf) -> Cast:
        """`role_of(doc, first, last)` gives the role written around a name (roles.py)."""
        mentions = name_mentions(doc, ents, self.rules)
        people: list[Person] = []
        by_mention: dict[int, Person] = {}
        # full names first, so that a lone surname before its full name still joins it
        ordered = sorted(mentions, key=lambda m: len(name_words(m.text)) < 2)
        for m in ordered:
            name = strip_possessive(m.text).strip()
            if not name:
                continue
            role = role_of(doc, m.start, m.end)
            by_mention[m.start] = self._add(people, name, role)
        named = []
        for m in mentions:
            person = by_mention.get(m.start)
            if person is None:
                continue
            root = doc[m.end]
            subject = root.dep_ in _SUBJECT or (
                root.dep_ in ("appos", "conj") and root.head.dep_ in _SUBJECT
            )
            named.append(
                Named(doc[m.start].idx, root.idx + len(root.text), person, subject, m.start, m.end)
            )
        self._genders(doc, mentions, named)
        return Cast(people, named)

    # -- gender ------------------------------------------------------------------------

    def _genders(self, doc: Doc, mentions: list[NameMention], named: list[Named]) -> None:
        r = self.rules
        for n in named:
            votes = n.person.gender_votes
            k = n.first_token - 1
            while k >= 0 and doc[k].text == ".":
                k -= 1
            prev = fold(doc[k].text).rstrip(".") if k >= 0 else ""
            role = fold(n.person.role or "")
            role_words = set(role.replace("-", " ").split())
            if prev in r.female_titles or prev in r.female_nouns or role_words & r.female_nouns:
                votes["f"] = votes.get("f", 0) + 3
            if prev in r.male_titles or prev in r.male_nouns or role_words & r.male_nouns:
                votes["m"] = votes.get("m", 0) + 3
        # pronouns after a person named as subject, up to the sentence end, a quotation or
        # another person's name: "Lind said she would …"
        owner = {i: n.person for n in named for i in range(n.first_token, n.last_token + 1)}
        for n in named:
            if not n.subject:
                continue
            for k in range(n.last_token + 1, min(len(doc), n.last_token + _PRONOUN_WINDOW)):
                tok = doc[k]
                if tok.is_sent_start or tok.is_quote or owner.get(k, n.person) is not n.person:
                    break
                if tok.dep_ not in ("nsubj", "nsubjpass", "poss"):
                    continue
                g = (
                    "f"
                    if tok.lower_ in _FEMALE_PRONOUNS
                    else "m"
                    if tok.lower_ in _MALE_PRONOUNS
                    else ""
                )
                if g:
                    n.person.gender_votes[g] = n.person.gender_votes.get(g, 0) + 1
        for p in {id(n.person): n.person for n in named}.values():
            f, m = p.gender_votes.get("f", 0), p.gender_votes.get("m", 0)
            # a known given name outweighs one stray pronoun, not a title or gendered role
            given = next((g for g in map(r.given_gender, [p.name, *p.forms]) if g), "")
            f += _GIVEN_WEIGHT if given == "f" else 0
            m += _GIVEN_WEIGHT if given == "m" else 0
            p.gender = "f" if f > m else "m" if m > f else ""
