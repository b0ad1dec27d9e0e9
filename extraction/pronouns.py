"""Pronoun sources: he/she by gender, it/they by number, I/you never.

"he"/"she" take the most recent person who spoke or was a clause subject before the
pronoun and whose gender (people.py) agrees, then the most recent person named whose
gender agrees; when the article says nothing about gender, the nearest person, as a
reader would.  "it" takes the last organisation or government that spoke, or the
nearest singular body, place or document subject in the two sentences before; "they"
the last group, organisation or plural source, or the nearest plural subject.  "I",
"we", "you" outside quotation marks are the writer and the reader: no speaker.  A
pronoun with nothing to stand for gives no speaker, and its statement is dropped.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from extraction.article_state import Article, ResolvesSpeakers
from extraction.mentions import mention_span
from extraction.model import Speaker
from extraction.names import Person
from extraction.sources import SourceRules

_FEMALE = frozenset({"she", "her"})
_MALE = frozenset({"he", "him"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_BODY_KINDS = frozenset({"organization", "government"})
_LOOKBACK_SENTENCES = 2

Found = tuple[Speaker, Person | None] | None


class PronounResolver:
    def __init__(self, lex: dict[str, Any], sources: SourceRules) -> None:
        self.sources = sources

    def resolve(
        self, resolver: ResolvesSpeakers, art: Article, mention: Span, where: int, depth: int
    ) -> Found:
        lower = mention[0].lower_
        src = self.sources
        if lower in src.writer:
            return Speaker(mention.text, None, "writer"), None
        if lower in src.body_pronouns or lower in src.plural_pronouns:
            return self._body(resolver, art, mention, where, depth, lower in src.plural_pronouns)
        gender = "f" if lower in _FEMALE else "m" if lower in _MALE else ""
        return self._person(resolver, art, where, gender)

    def owner(
        self,
        resolver: ResolvesSpeakers,
        art: Article,
        pronoun: Token,
        where: int,
        depth: int,
        plural: bool,
    ) -> Found:
        """The body a possessive "its"/"their" stands for ("its armed wing")."""
        return self._body(
            resolver, art, pronoun.doc[pronoun.i : pronoun.i + 1], where, depth, plural
        )

    def _person(self, resolver: ResolvesSpeakers, art: Article, where: int, gender: str) -> Found:
        def agrees(p: Person) -> bool:
            return not gender or not p.gender or p.gender == gender

        recent = [(s.char, s.person) for s in art.history if s.char < where and s.person]
        recent += [(n.start, n.person) for n in art.cast.named if n.subject and n.start < where]
        recent.sort(key=lambda cp: -cp[0])
        named = [(n.start, n.person) for n in reversed(art.cast.before(where))]
        for _, p in recent + named:
            if p is not None and agrees(p):
                return resolver.person_speaker(art, p), p
        for _, p in recent + named:  # the article gives no agreeing person: the nearest
            if p is not None:
                return resolver.person_speaker(art, p), p
        return None

    def _body(
        self,
        resolver: ResolvesSpeakers,
        art: Article,
        mention: Span,
        where: int,
        depth: int,
        plural: bool,
    ) -> Found:
        said = [
            s
            for s in art.history
            if s.char < where
            and (
                s.speaker.kind in _BODY_KINDS
                or (plural and (s.plural or s.speaker.kind == "group"))
            )
        ]
        near = self._nearest_subject(art.doc, mention[0], plural)
        # a subject inside the last body's own reported clause is what it spoke of: "The
        # Kremlin said the two delegations could meet. They said …" is the Kremlin
        last = max(said[-1].char, said[-1].until) if said else -1
        if near is not None and near.start_char > last and depth < 3:
            if plural and any(c.dep_ == "conj" for c in near.root.children):
                return Speaker(near.text, None, "group"), None
            return resolver.speaker(art, near, where, depth + 1)
        if said:
            return said[-1].speaker, said[-1].person
        return None

    def _nearest_subject(self, doc: Doc, pronoun: Token, plural: bool) -> Span | None:
        """The nearest subject before `pronoun`, within two sentences, that it can stand for."""
        sent = pronoun.sent
        start = sent.start
        for _ in range(_LOOKBACK_SENTENCES):
            if start == 0:
                break
            start = doc[start - 1].sent.start
        for tok in reversed(doc[start : pronoun.i]):
            if tok.dep_ not in _SUBJECT or tok.pos_ == "PRON" or tok.is_quote:
                continue
            if tok.left_edge.i <= pronoun.i <= tok.right_edge.i:
                continue  # "a statement by its armed wing": not the phrase it is inside
            if plural and self._plural_subject(tok):
                return mention_span(tok)
            if not plural and self._body_subject(tok):
                return mention_span(tok)
        return None

    def _plural_subject(self, tok: Token) -> bool:
        return tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children)

    def _body_subject(self, tok: Token) -> bool:
        return tok.tag_ in ("NN", "NNP") and (
            tok.ent_type_ in ("ORG", "GPE")
            or self.sources.is_body(tok)
            or self.sources.is_document(tok)
        )
