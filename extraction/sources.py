"""What kind of source a mention is, before it is resolved to a speaker.

A speaker is a person, a group or an organisation.  A document or a poll is not: it
speaks for its author ("a study by X", "X's report", "a CNN poll", "Israeli tallies",
"X issued a statement saying …", and a later "the statement" for the one mentioned
before); a place speaks as its government ("Moscow said" → Russian government); a
private relation ("my grandmother") and the writer or reader ("I", "you") are no news
source at all.  The word lists are `lexicons/speakers.toml`.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from extraction.mentions import mention_span, source_of
from extraction.names import fold

_NAMED = frozenset({"ORG", "PERSON", "GPE", "NORP"})
_MODIFIER_DEPS = frozenset({"compound", "nmod", "amod"})
_CUE_PREPS = frozenset({"in", "through", "via"})


def _words(lex: dict[str, object], key: str, default: tuple[str, ...] = ()) -> frozenset[str]:
    value = lex.get(key, list(default))
    return frozenset(str(w).lower() for w in value) if isinstance(value, list) else frozenset()


class SourceRules:
    def __init__(self, lex: dict[str, object]) -> None:
        self.documents = _words(lex, "document_nouns")
        self.polls = _words(lex, "poll_nouns", ("poll", "survey"))
        self.unowned = _words(lex, "unowned_sources", ("forces",))
        self.org_heads = _words(lex, "organisation_heads")
        self.issue_verbs = _words(lex, "issue_verbs")
        self.channel_verbs = _words(lex, "channel_verbs")
        self.author_preps = _words(lex, "author_prepositions", ("by", "from"))
        self.bodies = _words(lex, "body_nouns")
        self.private = _words(lex, "private_determiners")
        self.writer = _words(lex, "writer_pronouns")
        self.body_pronouns = _words(lex, "body_pronouns", ("it",))
        self.plural_pronouns = _words(lex, "plural_pronouns", ("they",))
        self.places: dict[str, str] = {}
        governments = lex.get("governments", {})
        for government, places in (governments if isinstance(governments, dict) else {}).items():
            self.places[fold(government)] = government
            for place in places:
                self.places[fold(place)] = government

    def government(self, place: str) -> str:
        """The government a place speaks as ("Moscow" → "Russian government")."""
        listed = self.listed_government(place)
        return listed or f"{place.removeprefix('the ').removeprefix('The ')} government"

    def listed_government(self, place: str) -> str | None:
        """The government of a listed place only ("Washington" → "U.S. government")."""
        key = fold(place)
        return self.places.get(key) or self.places.get(key.removeprefix("the "))

    def demonym_government(self, adjective: str) -> str | None:
        """ "Israeli" → "Israeli government" when that government is listed."""
        return self.places.get(fold(f"{adjective} government"))

    def is_document(self, tok: Token) -> bool:
        return tok.pos_ == "NOUN" and tok.lemma_.lower() in self.documents

    def is_body(self, tok: Token) -> bool:
        return tok.pos_ in ("NOUN", "PROPN") and tok.lemma_.lower() in self.bodies

    def is_private(self, mention: Span) -> bool:
        return any(t.lower_ in self.private and t.dep_ == "poss" for t in mention) or (
            mention[0].lower_ in self.private
        )

    def without_channel(self, mention: Span) -> Span:
        """ "a statement by its armed wing carried by Al Jazeera": the outlet that carried
        a source's words is no part of the source's mention."""
        for tok in mention[1:]:
            if tok.dep_ == "acl" and tok.lemma_.lower() in self.channel_verbs:
                end = tok.i
                while end > mention.start + 1 and mention.doc[end - 1].is_punct:
                    end -= 1
                return mention.doc[mention.start : end]
        return mention

    def author(self, doc_tok: Token) -> Span | None:
        """Who a document speaks for, from its own phrase or the verb that issued it."""
        for child in doc_tok.children:
            if child.dep_ == "prep" and child.lower_ in self.author_preps:
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return mention_span(obj)
            if child.dep_ == "acl" and child.lemma_.lower() not in self.channel_verbs:
                # "a poll conducted by X"; "a statement carried by IRNA" names no author
                for agent in (c for c in child.children if c.dep_ == "agent"):
                    obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                    if obj is not None:
                        return mention_span(obj)
            if child.dep_ == "poss" and child.lower_ not in self.private:
                owner = mention_span(child)
                while len(owner) > 1 and owner[-1].dep_ == "case":
                    owner = owner[:-1]  # "the ministry's report": the ministry
                return owner
        named = [
            c
            for c in doc_tok.lefts
            if c.dep_ in _MODIFIER_DEPS and c.ent_type_ in _NAMED and c.pos_ in ("PROPN", "ADJ")
        ]
        if named:
            doc = doc_tok.doc
            start = min(c.left_edge.i for c in named)
            while start < named[-1].i and not doc[start].ent_type_:
                start += 1
            return doc[start : named[-1].i + 1]
        bodies = [c for c in doc_tok.lefts if c.dep_ in ("compound", "nmod") and self.is_body(c)]
        if bodies:  # "a government proposal", "a police statement"
            return doc_tok.doc[bodies[0].left_edge.i : bodies[-1].i + 1]
        verb = doc_tok.head
        if doc_tok.dep_ in ("dobj", "nsubjpass") and verb.lemma_.lower() in self.issue_verbs:
            if doc_tok.dep_ == "dobj":
                return source_of(verb)
            for agent in (c for c in verb.children if c.dep_ == "agent"):
                obj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return mention_span(obj)
        return None

    def earlier_author(self, doc_tok: Token, limit: int = 400) -> Span | None:
        """For "the statement", the author of the statement mentioned before it: "X said
        in a statement", "X issued a statement", "a statement from X"."""
        doc = doc_tok.doc
        lemma = doc_tok.lemma_.lower()
        for tok in reversed(doc[max(0, doc_tok.i - limit) : doc_tok.i]):
            if tok.lemma_.lower() != lemma or tok.pos_ != "NOUN":
                continue
            found = self.author(tok)
            if found is not None:
                return found
            prep = tok.head
            if tok.dep_ == "pobj" and prep.lower_ in _CUE_PREPS:
                src = source_of(prep.head)
                if src is not None and not self.is_document(src.root):
                    return src
        return None
