"""What a source is called when it names nobody the article casts and points back to nobody.

The last step of speaker resolution (`speakers.py`): a mention that is no person of the
cast, no pronoun, no document and no description of an earlier source is named by what it
says itself — an entity's organisation, group or government ("Moscow" → its government),
a body noun ("the ministry"), a known actor, a name the model missed, a capitalised name
ending in an organisation's word ("Human Rights Watch") — else kept as written, its
determiner in lower case ("a senior official").  The small text helpers for names as
written (`as_written`, `no_determiner`, `plural`) live here for the resolver too.
"""

from __future__ import annotations

from spacy.tokens import Span

from extraction.article_state import Article
from extraction.model import Speaker
from extraction.names import NameRules, body_named, fold
from extraction.people import CastBuilder
from extraction.sources import SourceRules

ORG_LABELS = frozenset({"ORG", "NORP", "GPE"})
_DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "these ", "those ")


def as_written(text: str) -> str:
    """A described source as written, its leading determiner in lower case."""
    low = text.lower()
    for det in _DETERMINERS:
        if low.startswith(det):
            return det + text[len(det) :]
    return text


def no_determiner(text: str) -> str:
    low = text.lower()
    for det in _DETERMINERS:
        if low.startswith(det):
            return text[len(det) :]
    return text


def plural(mention: Span) -> bool:
    root = mention.root
    return root.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in root.children)


class SourceNamer:
    """Built once with the resolver's word lists and cast builder."""

    def __init__(
        self,
        rules: NameRules,
        sources: SourceRules,
        builder: CastBuilder,
        definite: frozenset[str],
    ) -> None:
        self._rules = rules
        self._sources = sources
        self._builder = builder
        self._definite = definite

    def name(self, art: Article, mention: Span) -> Speaker:
        """The speaker `mention` names by itself (see the module docstring)."""
        doc = art.doc
        root = mention.root
        src = self._sources
        if root.lower_ == "government":
            owner = [c for c in root.children if c.dep_ == "poss" and c.ent_type_ == "GPE"]
            if owner:  # "Cuba's government" is the Cuban government the headline named
                place = doc[owner[0].left_edge.i : owner[0].i + 1].text
                return Speaker(src.government(place), None, "government")
        for ent in art.ents:
            if (
                ent.label_ not in ORG_LABELS and ent.label_ != "PERSON"
            ) or not mention.start <= ent.start < mention.end:
                continue
            if ent.root != root:
                continue
            if ent.label_ == "PERSON" and body_named(ent, self._rules.bodies):
                return Speaker(no_determiner(ent.text), None, "organization")
            if ent.label_ in ORG_LABELS:
                name = no_determiner(ent.text)
                if ent.label_ == "ORG" and any(
                    t.dep_ == "case" for t in doc[mention.start : ent.start]
                ):
                    # "Iran's foreign ministry" with only "foreign ministry" tagged: whose
                    # ministry stays part of its name
                    name = no_determiner(doc[mention.start : ent.end].text)
                if ent.label_ == "GPE":
                    return Speaker(src.government(name), None, "government")
                listed = src.listed_government(name)
                if listed is not None:  # "while Washington said", tagged an organisation
                    return Speaker(listed, None, "government")
                if ent.label_ == "NORP":
                    return Speaker(name, None, "group")
                return Speaker(name, None, "organization")
        if src.is_body(root):
            return Speaker(no_determiner(mention.text), None, "organization")
        actor = self._builder.actor(mention.text)
        if actor is not None:
            return Speaker(actor.name, actor.role, "person", actor.aliases)
        if (
            1 < len(mention) <= 4
            and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in mention)
            and self._rules.given_gender(mention.text)
        ):
            return Speaker(mention.text, None, "person")  # a name the NER missed
        words = [t for t in mention if t.lower_ not in self._definite]
        if (
            1 < len(words) <= 8
            and all(t.text[:1].isupper() and t.pos_ == "PROPN" for t in words)
            and fold(root.text) in src.org_heads | src.bodies
        ):
            # "Human Rights Watch" with no entity: a name ending in an organisation's word
            return Speaker(no_determiner(mention.text), None, "organization")
        if _acronym(mention):
            return Speaker(mention.text, None, "organization")  # "COGAT", "UNRWA"
        written = as_written(mention.text)
        return Speaker(written, None, "group" if plural(mention) else "unresolved")


def _acronym(mention: Span) -> bool:
    """One word of three to six capitals the model tagged as no entity: a body's initials
    ("COGAT", "UNRWA"). A transcript's "LAVROV:" label is a person, not initials."""
    if len(mention) != 1:
        return False
    word = mention[0]
    after = word.nbor(1).text if word.i + 1 < len(word.doc) else ""
    return (
        word.pos_ == "PROPN"
        and 3 <= len(word.text) <= 6
        and word.text.isalpha()
        and word.text.isupper()
        and after != ":"
    )
