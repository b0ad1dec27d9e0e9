"""Resolving each attribution's source mention to a speaker within the article.

Within one article, people are clustered by surname (accent- and transliteration-folded,
so Zelensky / Zelenskyy / Zelenskiy meet), and each cluster's canonical name is its
fullest form seen, or the known actor's name from seeds/actors.toml.  A mention resolves:

* containing a name → that person (role from "Kremlin spokesman Dmitry Peskov", an
  apposition, or actors.toml);
* a pronoun ("he", "she") → the last person speaker before it, else the last person named;
* a definite role ("the Kremlin official", "the minister") → the last person speaker whose
  role shares a word with it, else the last person speaker;
* an organisation → its name; anything else ("a senior official", "sources") → as written.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from spacy.tokens import Doc, Span

from extraction.attribution import RawAttribution
from extraction.mentions import relative_antecedent
from extraction.model import Speaker
from extraction.resources import Actor

_FUZZ_MIN = 85.0
_ORG_LABELS = frozenset({"ORG", "NORP", "GPE"})


def fold(name: str) -> str:
    """Lower-case, accents stripped: the key variants of one name share."""
    norm = unicodedata.normalize("NFKD", name)
    return "".join(c for c in norm if not unicodedata.combining(c)).lower().strip()


def _surname(name: str) -> str:
    words = [w for w in name.replace("’s", "").replace("'s", "").split() if w[:1].isalpha()]
    return fold(words[-1]) if words else fold(name)


_TITLES = frozenset({"mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "president", "sheikh"})


def _given(name: str) -> str:
    """The folded first given name of a multi-word name ("" for a bare surname)."""
    words = [w.strip(".,") for w in name.split() if w[:1].isalpha()]
    words = [w for w in words if fold(w) not in _TITLES]
    return fold(words[0]) if len(words) >= 2 else ""


def _same_given(a: str, b: str) -> bool:
    """Dmitry / Dmitri, Volodymyr / Vladimir-style spellings count as one given name."""
    return a == b or (a[:1] == b[:1] and fuzz.ratio(a, b) >= 75) or a[:1] == b[:1] == a


@dataclass(frozen=True)
class ResolvedSource:
    speaker: Speaker | None
    mention: tuple[int, int] | None


@dataclass
class _Person:
    name: str
    role: str | None
    surname: str
    given: set[str]


class SpeakerResolver:
    def __init__(self, actors: tuple[Actor, ...], lexicon: dict[str, Any] | None = None) -> None:
        lex = lexicon or {}
        self._actors = actors
        self._alias: dict[str, Actor] = {}
        for actor in actors:
            for form in (actor.name, *actor.aliases):
                self._alias[fold(form)] = actor
                self._alias.setdefault(_surname(form), actor)
        self._person_pronouns = frozenset(lex.get("person_pronouns", ["he", "she", "i"]))
        self._group_pronouns = frozenset(lex.get("group_pronouns", ["they", "we"]))
        self._roles = frozenset(lex.get("role_nouns", ["official", "spokesman", "minister"]))
        self._definite = frozenset(lex.get("definite", ["the"]))

    # -- people of one article -----------------------------------------------------------

    def _people(self, ents: list[Span]) -> list[_Person]:
        people: list[_Person] = []
        for ent in ents:
            if ent.label_ != "PERSON":
                continue
            name = ent.text.replace("’s", "").replace("'s", "").strip()
            if not name:
                continue
            person = self._find(people, name)
            role = _role_of(ent, self._roles)
            if person is None:
                actor = self._actor(name)
                person = _Person(name, role, _surname(name), set())
                if actor is not None:
                    person.name, person.role = actor.name, role or actor.role
                people.append(person)
            else:
                longer = len(name.split()) > len(person.name.split())
                is_actor = any(fold(a.name) == fold(person.name) for a in self._actors)
                if longer and fold(name) not in self._alias and not is_actor:
                    person.name = name
                person.role = person.role or role
            if _given(name):
                person.given.add(_given(name))
        return people

    def _actor(self, name: str) -> Actor | None:
        """The known actor `name` is: by full form, or by surname when no other given
        name contradicts it (Ivana Trump is not Donald Trump)."""
        actor = self._alias.get(fold(name))
        if actor is not None:
            return actor
        actor = self._alias.get(_surname(name))
        if actor is None or not _given(name):
            return actor
        given = {_given(f) for f in (actor.name, *actor.aliases)} - {""}
        return actor if _given(name) in given else None

    def _find(self, people: list[_Person], name: str) -> _Person | None:
        key, given = _surname(name), _given(name)
        for p in people:
            if p.surname == key or (
                fuzz.ratio(p.surname, key) >= _FUZZ_MIN and p.surname[:1] == key[:1]
            ):
                if given and p.given and not any(_same_given(given, g) for g in p.given):
                    continue  # same family, another person
                return p
        actor = self._actor(name)
        if actor is not None:
            return next((p for p in people if p.name == actor.name), None)
        return None

    # -- mentions ----------------------------------------------------------------------

    def resolve(self, doc: Doc, raws: list[RawAttribution]) -> list[ResolvedSource]:
        ents = list(doc.ents)  # Doc.ents and Span.ents rebuild their spans on every access
        people = self._people(ents)
        # (char, person, is a clause subject) of PERSON mentions, in order
        named: list[tuple[int, _Person, bool]] = []
        for ent in ents:
            if ent.label_ == "PERSON":
                p = self._find(people, ent.text)
                if p is not None:
                    subject = ent.root.dep_ in ("nsubj", "nsubjpass") or (
                        ent.root.dep_ == "appos" and ent.root.head.dep_ in ("nsubj", "nsubjpass")
                    )
                    named.append((ent.start_char, p, subject))
        history: list[tuple[int, Speaker]] = []
        out: list[ResolvedSource] = []
        text = doc.text  # Doc.text is rebuilt from the tokens on every access
        for raw in raws:
            if raw.source is None:
                out.append(ResolvedSource(None, None))
                continue
            mention = doc.char_span(*raw.source, alignment_mode="expand")
            written = text[raw.source[0] : raw.source[1]]
            inside = [
                e for e in ents if raw.source[0] <= e.start_char and e.end_char <= raw.source[1]
            ]
            speaker = self._speaker(mention, inside, written, raw.source, people, named, history)
            history.append((raw.source[0], speaker))
            out.append(ResolvedSource(speaker, raw.source))
        return out

    def _speaker(
        self,
        mention: Span | None,
        mention_ents: list[Span],
        written: str,
        where: tuple[int, int],
        people: list[_Person],
        named: list[tuple[int, _Person, bool]],
        history: list[tuple[int, Speaker]],
    ) -> Speaker:
        if mention is None or not len(mention):
            return Speaker(name=written, kind="unresolved")
        antecedent = relative_antecedent(mention)
        if antecedent is not None:
            mention, written, mention_ents = antecedent, antecedent.text, list(antecedent.ents)
        for ent in mention_ents:
            if ent.label_ == "PERSON":
                p = self._find(people, ent.text)
                if p is not None:
                    return Speaker(p.name, _role_of(ent, self._roles) or p.role, "person")
        root = mention.root
        lower = root.lower_
        if root.text[:1].isupper() and root.lower_ not in self._person_pronouns:
            # a surname the NER missed or mislabelled ("Zelenskyy says …" in a headline)
            p = self._find(people, root.text)
            if (p is not None and p.surname == _surname(root.text)) or (
                p is not None and len(mention) == 1
            ):
                return Speaker(p.name, p.role, "person")
        prior = [s for c, s in history if c < where[0] and s.kind == "person"]
        if lower in self._person_pronouns and len(mention) == 1:
            # the later of: the last person speaker, the last person named as a subject
            last_said = max(
                (c for c, s in history if c < where[0] and s.kind == "person"), default=-1
            )
            subjects = [(c, p) for c, p, is_subj in named if is_subj and last_said < c < where[0]]
            if subjects:
                return Speaker(subjects[-1][1].name, subjects[-1][1].role, "person")
            if prior:
                return prior[-1]
            before = [p for c, p, _ in named if c < where[0]]
            if before:
                return Speaker(before[-1].name, before[-1].role, "person")
            return Speaker(written, kind="unresolved")
        first = mention[0].lower_
        if (
            root.lemma_.lower() in self._roles
            and first in self._definite
            and not any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in mention)
        ):
            words = {fold(t.text) for t in mention if t.pos_ in ("PROPN", "NOUN", "ADJ")}
            for s in reversed(prior):
                if s.role and words & {fold(w) for w in s.role.split()}:
                    return s
            if prior:
                return prior[-1]
        for ent in mention_ents:
            if ent.label_ in _ORG_LABELS and ent.root == root:
                name = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
                return Speaker(name, None, "organization")
        if lower == "it" and len(mention) == 1:
            # "The ministry said … It added that …": the last body that spoke
            bodies = [s for c, s in history if c < where[0] and s.kind == "organization"]
            if bodies:
                return bodies[-1]
        if lower in self._group_pronouns:
            return Speaker(written, kind="unresolved")
        actor = self._alias.get(fold(written))
        if actor is not None:
            return Speaker(actor.name, actor.role, "person")
        return Speaker(written, kind="group" if root.tag_ in ("NNS", "NNPS") else "unresolved")


def _role_of(ent: Span, roles: frozenset[str]) -> str | None:
    """ "Kremlin spokesman Dmitry Peskov" → "Kremlin spokesman"; "X, the minister," → "minister"."""
    doc = ent.doc
    i = ent.start - 1
    words: list[str] = []
    is_role = False
    while i >= 0 and doc[i].pos_ in ("PROPN", "NOUN", "ADJ") and doc[i].ent_type_ != "PERSON":
        if doc[i].dep_ not in ("compound", "amod", "nmod"):
            break
        words.insert(0, doc[i].text)
        is_role = is_role or doc[i].pos_ == "NOUN" or doc[i].lower_ in roles
        i -= 1
    if words and is_role:
        return " ".join(words)
    for child in ent.root.children:
        if child.dep_ == "appos" and (child.pos_ == "NOUN" or child.lower_ in roles):
            span = doc[child.left_edge.i : child.right_edge.i + 1]
            text = span.text.strip(" ,")
            return text[4:] if text.lower().startswith("the ") else text
    head = ent.root.head
    if ent.root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < ent.start:
        # "Qatar's prime minister, Sheikh Mohammed …": the name is the apposition
        text = doc[head.left_edge.i : head.i + 1].text
        return text[4:] if text.lower().startswith("the ") else text
    return None
