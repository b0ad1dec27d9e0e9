"""Resolving each attribution's source mention to a speaker within the article.

People are found and clustered by `people.py` (whole names, one entry per person), the
kind of source by `sources.py`; descriptions that point back are read by
`descriptions.py`, and a mention that names its speaker by itself is named by
`source_names.py`.  A mention resolves:

* containing a name → that person (role as written there, else the person's), or the
  body or the description the name qualifies ("Benjamin Netanyahu's office");
* "he"/"she" → the most recent person who spoke or was a clause subject and whose
  gender agrees, else the most recent person named whose gender agrees, else the
  nearest person; "it"/"they" → the last body (group) that spoke or the nearest subject
  that fits; "I"/"you", "my grandmother", and a pronoun with nothing to stand for →
  no speaker, and the statement is dropped;
* a document or poll → its author ("a study by X", "X issued a statement saying"),
  else dropped; a place → its government;
* a definite description ("the official", "the Kremlin official") → the last source it
  describes: a described source with the same head ("an Egyptian official"), a person
  whose role shares a word, else the last person who spoke;
* an organisation → its name; anything else ("a senior official") → as written.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Span, Token

from extraction.article_state import Article, Said
from extraction.attribution import RawAttribution
from extraction.descriptions import Descriptions
from extraction.mentions import relative_antecedent
from extraction.model import Speaker, SpeakerKind
from extraction.names import NameRules, Person, fold, name_words
from extraction.people import CastBuilder, Named
from extraction.pronouns import PronounResolver
from extraction.resources import Actor
from extraction.roles import RoleReader
from extraction.source_names import ORG_LABELS, SourceNamer, as_written, no_determiner, plural
from extraction.sources import SourceRules
from extraction.transcripts import TRANSCRIPT, briefer_name

__all__ = ["ResolvedSource", "SpeakerResolver", "fold"]

_MAX_DEPTH = 3
_DEMONSTRATIVES = frozenset({"that", "this", "these", "those"})
_BODY_KINDS = frozenset({"organization", "government"})
_ROLE_JOINERS = frozenset({"of", "the", "for", "and", "-"})


@dataclass(frozen=True)
class ResolvedSource:
    speaker: Speaker | None
    mention: tuple[int, int] | None
    dropped: bool = False  # a source that is no speaker (see the module docstring)


class SpeakerResolver:
    def __init__(self, actors: tuple[Actor, ...], lexicon: dict[str, Any] | None = None) -> None:
        lex = lexicon or {}
        self._rules = NameRules(lex)
        self._builder = CastBuilder(actors, self._rules)
        self._role_at = RoleReader(self._rules)
        self._sources = SourceRules(lex)
        self._pronouns = PronounResolver(lex, self._sources, self._rules.roles)
        self._person_pronouns = frozenset(lex.get("person_pronouns", ["he", "she"]))
        self._roles = self._rules.roles
        self._definite = frozenset(lex.get("definite", ["the"]))
        generic_bodies = frozenset(lex.get("generic_bodies", ["group", "movement"]))
        self._descriptions = Descriptions(self._roles, self._definite, generic_bodies)
        self._namer = SourceNamer(self._rules, self._sources, self._builder, self._definite)

    def resolve(self, doc: Doc, raws: list[RawAttribution]) -> list[ResolvedSource]:
        ents = list(doc.ents)  # Doc.ents and Span.ents rebuild their spans on every access
        art = Article(doc, ents, self._builder.build(doc, ents, self._role_at))
        out: list[ResolvedSource] = []
        for raw in raws:
            art.reported.extend(art.speaking)
            art.speaking = raw.content
            if raw.source is None:
                out.append(ResolvedSource(None, None))
                continue
            mention = doc.char_span(*raw.source, alignment_mode="expand")
            if mention is None or not len(mention):
                written = doc.text[raw.source[0] : raw.source[1]]
                out.append(ResolvedSource(Speaker(written, kind="unresolved"), raw.source))
                continue
            mention = self._sources.without_channel(mention)
            source = (mention.start_char, mention.end_char)
            found = self._labelled_name(art, mention, raw) or self.speaker(
                art, mention, raw.source[0]
            )
            if found is None:
                out.append(ResolvedSource(None, None, dropped=True))
                continue
            speaker, person = found
            if raw.relation == TRANSCRIPT and speaker.name.isupper():
                speaker = Speaker(briefer_name(speaker.name), speaker.role, "person")
            root = mention.root
            art.history.append(
                Said(
                    raw.source[0],
                    speaker,
                    person,
                    root.lemma_.lower(),
                    plural(mention),
                    raw.content[-1][1],
                )
            )
            out.append(ResolvedSource(speaker, self._issuer(mention) or source))
        return out

    def _labelled_name(
        self, art: Article, mention: Span, raw: RawAttribution
    ) -> tuple[Speaker, Person | None] | None:
        """ "Lagarde: “Inflation is not yet beaten”": a headline or round-up label is a name,
        so a lone word the model tags as a place, and no table of places knows, is the person
        of that name (the one the article names in full, if it does), not "Lagarde
        government"."""
        if not raw.relation.startswith("label") or len(mention) != 1:
            return None
        tok = mention[0]
        if tok.ent_type_ != "GPE" or not tok.text[:1].isupper():
            return None
        if fold(tok.text) in self._sources.places:
            return None  # "Moscow: …" speaks as its government
        person = self._builder.find(art.cast.people, tok.text)
        if person is not None:
            return self.person_speaker(art, person), person
        actor = self._builder.actor(tok.text)
        if actor is not None:
            return Speaker(actor.name, actor.role, "person", actor.aliases), None
        return Speaker(tok.text, None, "person"), None

    def _issuer(self, mention: Span) -> tuple[int, int] | None:
        """For "X issued a statement saying …", the mention of X: who did the saying."""
        root = mention.root
        if not self._sources.is_document(root) or root.dep_ != "dobj":
            return None
        author = self._sources.author(root)
        if author is None or author.start_char >= mention.start_char:
            return None
        return (author.start_char, author.end_char)

    def _titled_name(self, mention: Span, n: Named, names: list[Named]) -> bool:
        """ "Israeli National Security Minister Itamar Ben-Gvir" with the parser's head on
        "Minister": a name that ends the mention, after its title or role, is the person."""
        root = mention.root
        if not (n is names[-1] and n.last_token == mention.end - 1 and root.i < n.first_token):
            return False
        before = [t for t in mention.doc[mention.start : n.first_token]]
        if before and before[0].lower_ in self._definite:
            before = before[1:]
        return (
            bool(before)
            and before[0].text[:1].isupper()
            and all(t.text[:1].isupper() or t.lower_ in _ROLE_JOINERS for t in before)
            and any(p in self._roles for t in before for p in fold(t.text).split("-"))
        )

    def person_speaker(self, art: Article, person: Person, role: str | None = None) -> Speaker:
        aliases = tuple(f for f in person.forms if f != person.name)
        if person.actor is not None:
            aliases += tuple(a for a in person.actor.aliases if a not in aliases)
        return Speaker(person.name, role or person.role, "person", aliases)

    def speaker(
        self, art: Article, mention: Span, where: int, depth: int = 0
    ) -> tuple[Speaker, Person | None] | None:
        """The speaker `mention` stands for, with the person if it is one; None: no speaker."""
        doc = art.doc
        antecedent = relative_antecedent(mention)
        if antecedent is not None:
            mention = antecedent
        root = mention.root
        lower = root.lower_
        src = self._sources
        names = art.cast.inside(mention.start_char, mention.end_char) or art.cast.at(root.i)
        for n in names:
            if (
                n.first_token <= root.i <= n.last_token
                or (doc[n.last_token].dep_ == "appos" and _under(doc[n.last_token].head, root))
                or self._titled_name(mention, n, names)
            ):
                role = self._role_at(doc, n.first_token, n.last_token)
                return self.person_speaker(art, n.person, role), n.person
        if names and not src.is_document(root):
            # "Benjamin Netanyahu's office", "the Clinton campaign", "Trump's lawyer"
            n = names[-1]
            rest = doc[n.last_token + 1 : mention.end].text.lstrip()
            if rest.startswith(("'s", "’s")):
                text = f"{n.person.name}{rest}"
            else:
                text = no_determiner(mention.text)
            if src.is_body(root):
                return Speaker(text, None, "organization"), None
            return Speaker(text, None, "group" if plural(mention) else "unresolved"), None
        owned = self._owned(art, mention, where, depth)
        if owned is not None:
            return owned, None
        if root.text[:1].isupper() and root.pos_ != "PRON":
            # a surname the NER missed or mislabelled ("Zelenskyy says …" in a headline)
            p = self._builder.find(art.cast.people, root.text)
            if p is not None and (p.surname == self._rules.surname(root.text) or len(mention) == 1):
                return self.person_speaker(art, p), p
        if len(mention) == 1 and lower in (
            self._person_pronouns | src.writer | src.body_pronouns | src.plural_pronouns
        ):
            return self._pronouns.resolve(self, art, mention, where, depth)
        if len(mention) == 1 and lower in _DEMONSTRATIVES:
            return None  # "That shows …": a fact, not a source
        if len(mention) == 1 and lower in src.unowned:
            # "Forces said …": whose forces the article said before, or nobody's
            said = [s for s in art.history if s.char < where and s.speaker.kind in _BODY_KINDS]
            return (said[-1].speaker, None) if said else None
        if src.is_private(mention):
            return Speaker(mention.text, None, "private"), None
        if src.is_document(root):
            author = src.author(root)
            if author is None and mention[0].lower_ in self._definite:
                author = src.earlier_author(root)
            if author is None or depth >= _MAX_DEPTH or author.root == root:
                return Speaker(mention.text, None, "document"), None
            found = self.speaker(art, author, where, depth + 1)
            if (
                found is not None
                and found[1] is not None
                and root.lemma_.lower() in src.polls
                and len(name_words(found[0].name)) == 1
            ):
                # "a poll by Ipsos": a one-word name that conducts polls is a firm
                return Speaker(found[0].name, None, "organization"), None
            return found
        if root.ent_type_ == "NORP" and root.pos_ == "ADJ":
            government = src.demonym_government(root.text)
            if government is not None:  # "Israeli tallies" → the Israeli government
                return Speaker(government, None, "government"), None
        last = mention[-1]
        if (
            last.pos_ == "NOUN"
            and last.lemma_.lower() in self._roles
            and root.i != last.i
            and root.ent_type_ in ORG_LABELS
        ):
            # "IAEA chief warns …" with the parser's head on "IAEA": a role, as written
            return Speaker(as_written(mention.text), None, "unresolved"), None
        described = self._descriptions.find(art, mention, where)
        if described is not None:
            return described
        return self._namer.name(art, mention), None

    def _owned(self, art: Article, mention: Span, where: int, depth: int) -> Speaker | None:
        """ "its armed wing", "their spokesman's office": a body owned by an organisation
        the pronoun stands for is named with its owner ("Hamas's armed wing")."""
        root = mention.root
        src = self._sources
        poss = mention[0] if mention[0].dep_ == "poss" else None  # "its (secretary-)general"
        if (
            poss is None
            or poss.lower_ not in {"its", "their"}
            or root.pos_ != "NOUN"
            or src.is_document(root)
            or depth >= _MAX_DEPTH
        ):
            return None
        plural = poss.lower_ == "their"
        found = self._pronouns.owner(self, art, poss, where, depth, plural)
        if found is None or found[0].kind not in _BODY_KINDS:
            return None
        owner = found[0].name
        rest = mention.doc[poss.i + 1 : mention.end].text
        kind: SpeakerKind = "organization" if src.is_body(root) else "group"
        if kind == "group" and root.tag_ == "NN" and root.lemma_.lower() in self._roles:
            kind = "unresolved"  # "its secretary-general": one person, by role
        return Speaker(f"{owner}'s {rest}", None, kind)


def _under(head: Token, root: Token) -> bool:
    """ "The port of Rotterdam's chief executive, Boudewijn Siemons": the name is in
    apposition to the role noun, which hangs from the subject through "of"."""
    while head != root and head.dep_ == "pobj" and head.head.dep_ == "prep":
        head = head.head.head
    return head == root
