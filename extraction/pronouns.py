"""Pronoun sources: he/she by gender, it/they by number, I/you never.

"he"/"she" take the most recent person who spoke or was a clause subject before the
pronoun and whose gender (people.py) agrees, then the most recent person named whose
gender agrees — unless a delegate known only by a role and a country ("the representative
of the Russian Federation") spoke or stood as a subject since; when the article says
nothing about gender, the nearest person, as a reader would.  "it" takes the last
organisation or government that spoke, or the nearest singular body, place or document
subject in the two sentences before; "they" the last group, organisation or plural
source, or the nearest plural subject.  "I", "we", "you" outside quotation marks are the
writer and the reader: no speaker.  A pronoun with nothing to stand for gives no speaker,
and its statement is dropped.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Span, Token

from extraction.article_state import Article, ResolvesSpeakers, Said
from extraction.mentions import mention_span
from extraction.model import Speaker
from extraction.names import Person, fold, strip_possessive
from extraction.sources import SourceRules

_FEMALE = frozenset({"she", "her"})
_MALE = frozenset({"he", "him"})
_SUBJECT = frozenset({"nsubj", "nsubjpass"})
_BODY_KINDS = frozenset({"organization", "government"})
_LOOKBACK_SENTENCES = 2
# entity kinds of a country or its people: "the representative of China", "the Chinese envoy"
_COUNTRY = frozenset({"GPE", "NORP"})
# roles held by many people at once, one per country, so a description by one of them is
# someone the article need not name: "the representative of the Russian Federation"
_DELEGATES = frozenset(
    {"representative", "delegate", "envoy", "ambassador", "diplomat", "spokesman",
     "spokeswoman", "spokesperson", "official", "minister"}
)  # fmt: skip

Found = tuple[Speaker, Person | None] | None


def _last_described(art: Article, where: int, delegates: frozenset[str]) -> Said | None:
    """The last statement before `where` of a speaker known only by a role and the country
    they speak for ("the representative of the Russian Federation", "the Chinese envoy"):
    "he" in the sentences after it is that speaker, not a person named before it."""
    for s in reversed(art.history):
        if (
            s.char < where
            and s.person is None
            and s.speaker.kind == "unresolved"
            and not s.plural
            and _role_of_a_country(s.speaker.name, delegates)
            and not _a_named_persons_role(art, where, s.speaker.name)
        ):
            return s
    return None


def _role_of_a_country(name: str, delegates: frozenset[str]) -> bool:
    """ "the representative of the United States", "Germany's foreign minister": a
    delegate's role word and a proper name."""
    words = [w for w in name.split() if w.lower() not in ("the", "a", "an")]
    return any(w.lower() in delegates for w in words) and any(w[:1].isupper() for w in words)


def _words(text: str) -> set[str]:
    return {fold(strip_possessive(w)) for w in text.replace("-", " ").split()}


def _a_named_persons_role(art: Article, where: int, description: str) -> bool:
    """Is the description the role of a person named before `where` ("the Israeli defence
    minister", after "Israeli Defence Minister Israel Katz")? Then it is most likely them."""
    wanted = _words(description) - {"the", "a", "an", "of"}
    return any(n.person.role and wanted <= _words(n.person.role) for n in art.cast.before(where))


class PronounResolver:
    def __init__(
        self, lex: dict[str, Any], sources: SourceRules, roles: frozenset[str] = frozenset()
    ) -> None:
        self.sources = sources
        self.delegates = roles & _DELEGATES  # the role words of a country's delegate

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
        near = self._nearest_described(art, mention[0]) if depth < 3 else None
        return self._person(resolver, art, where, gender, near, depth)

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

    def _person(
        self,
        resolver: ResolvesSpeakers,
        art: Article,
        where: int,
        gender: str,
        near: Span | None = None,
        depth: int = 0,
    ) -> Found:
        def agrees(p: Person) -> bool:
            return not gender or not p.gender or p.gender == gender

        recent = [(s.char, s.person) for s in art.history if s.char < where and s.person]
        recent += [(n.start, n.person) for n in art.cast.named if n.subject and n.start < where]
        recent.sort(key=lambda cp: -cp[0])
        named = [(n.start, n.person) for n in reversed(art.cast.before(where))]
        recent = [(c, p) for c, p in recent if not art.spoken_of(c, before=True)]
        named = [(c, p) for c, p in named if not art.spoken_of(c)]
        described = _last_described(art, where, self.delegates)
        for char, p in recent + named:
            if p is not None and agrees(p):
                if near is not None and near.start_char > char:
                    # "The representative of the Russian Federation condemned what he called …"
                    return resolver.speaker(art, near, where, depth + 1)
                if described is not None and max(described.char, described.until) > char:
                    # "The representative of X said Maduro was … He called on …": a name
                    # inside what the description said is what it spoke of
                    return described.speaker, None
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
                (s.speaker.kind in _BODY_KINDS and (plural or not s.plural))
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

    def _nearest_described(self, art: Article, pronoun: Token) -> Span | None:
        """The nearest subject before `pronoun`, in its sentence or the one before, that
        describes one person by a role without naming them ("The representative of the
        Russian Federation condemned what he called …")."""
        doc = art.doc
        sent = pronoun.sent
        start = doc[sent.start - 1].sent.start if sent.start > 0 else 0
        for tok in reversed(doc[start : pronoun.i]):
            if tok.dep_ not in _SUBJECT or tok.tag_ != "NN" or tok.is_quote:
                continue
            if tok.left_edge.i <= pronoun.i <= tok.right_edge.i:
                continue
            kinds = {t.ent_type_ for t in tok.subtree}
            delegate = tok.lemma_.lower() in self.delegates
            if delegate and "PERSON" not in kinds and kinds & _COUNTRY:
                span = mention_span(tok)
                if not _a_named_persons_role(art, pronoun.idx, span.text):
                    return span
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
