"""Definite descriptions that point back to a source the article already resolved.

"The official" names nobody, yet a reader knows who: the last source it describes — a
described source with the same head ("an Egyptian official"), a person whose role
shares a word, else the last person who spoke — unless it names a country or body that
person's name and role do not ("the Russian foreign minister" after Ukraine's
negotiator); and one that qualifies its role ("the former defence minister", "the Kremlin
official") is the speaker of the statement just before it in its paragraph, the reporter
not repeating a name.  "The movement", "the ministry" are the
organisation that spoke before with that head word, or, for a word any body goes by, the
last one in view.  These are read against what the article said before (its `Said`
history), unlike a mention that names its speaker itself (`speakers.py`,
`source_names.py`).
"""

from __future__ import annotations

from spacy.tokens import Span

from extraction.article_state import Article, Said
from extraction.model import Speaker
from extraction.names import Person, fold

# how far back "the campaign" looks for a body described with that word: in a live blog
# of short items, a campaign that spoke an hour's items ago is someone else's
_BODY_LOOKBACK_CHARS = 1000


class Descriptions:
    """Built once from the word lists: role nouns, definite determiners, generic bodies."""

    def __init__(
        self, roles: frozenset[str], definite: frozenset[str], generic_bodies: frozenset[str]
    ) -> None:
        self._roles = roles
        self._definite = definite
        self._generic_bodies = generic_bodies

    def find(self, art: Article, mention: Span, where: int) -> tuple[Speaker, Person | None] | None:
        """The source a definite description at `where` stands for; None: it is none."""
        return self._described(art, mention, where) or self._body_described(art, mention, where)

    def _body_described(
        self, art: Article, mention: Span, where: int
    ) -> tuple[Speaker, Person | None] | None:
        """ "The movement", "the group", "the ministry" → the organisation that spoke
        before it: one whose name has the same head word ("Iran's foreign ministry"), or,
        for a word that names any body ("movement", `generic_bodies`), the last one."""
        root = mention.root
        if (
            mention[0].lower_ not in self._definite
            or root.tag_ != "NN"
            or any(t.pos_ == "PROPN" or t.ent_type_ not in ("", "NORP") for t in mention)
        ):
            return None
        lemma = root.lemma_.lower()
        said = [s for s in art.history if s.char < where and s.speaker.kind == "organization"]
        near = [s.speaker for s in said if where - s.char <= _BODY_LOOKBACK_CHARS]
        for s in reversed(said):
            name = s.speaker.name.split()
            if lemma.title() in name or (s.speaker in near and lemma in {fold(w) for w in name}):
                # a proper name ("International Monetary Fund") is the one fund all along;
                # a description ("Trump's campaign") only while it is the one in view
                return s.speaker, None
        if lemma in self._generic_bodies and near and not any(t.ent_type_ for t in mention):
            # "The Palestinian militant group" says whose it is, and the last body may be
            # another's: only a bare description stands for the body that spoke last
            return near[-1], None
        return None

    def _described(
        self, art: Article, mention: Span, where: int
    ) -> tuple[Speaker, Person | None] | None:
        """ "The official" → the last source it describes (see the module docstring)."""
        root = mention.root
        if not (
            root.lemma_.lower() in self._roles
            and mention[0].lower_ in self._definite
            and not any(t.ent_type_ == "PERSON" for t in mention)
        ):
            return None
        words = {fold(t.text) for t in mention if t.pos_ in ("PROPN", "NOUN", "ADJ")}
        qualifiers = {
            fold(t.text) for t in mention if t.pos_ in ("PROPN", "NOUN") and t.i != root.i
        }
        prior = [s for s in art.history if s.char < where]
        # "the defence minister" is the one whose role holds all its words before one
        # whose role shares only "minister" ("Japan's prime minister", who spoke since)
        for whole in (True, False):
            for s in reversed(prior):
                if s.person is None and s.speaker.kind != "unresolved":
                    continue
                if s.person is None and s.head == root.lemma_.lower():
                    named = {fold(w) for w in s.speaker.name.replace("-", " ").split()}
                    if qualifiers <= named:  # "the representative of China" is not the U.S.'s
                        return s.speaker, None
                    continue
                role = {fold(w) for w in (s.speaker.role or "").replace("-", " ").split()}
                if s.person is not None and (words <= role if whole else words & role):
                    return s.speaker, s.person
        # A bare description ("the official", "the German leader") is the last person who
        # spoke; one that names what the person heads or belongs to ("the alliance's chief",
        # "the defence minister") and matches nobody's role is someone the article has not
        # quoted yet, and stays as written rather than go to whoever spoke last.
        people = [s for s in prior if s.person is not None]
        if people and not qualifiers and _named_in(people[-1], mention):
            return people[-1].speaker, people[-1].person
        if prior and prior[-1].person is not None and _goes_on(art, prior[-1], mention, where):
            return prior[-1].speaker, prior[-1].person
        return None


def _named_in(said: Said, mention: Span) -> bool:
    """Are the description's named words (a country, a body: "the *Russian* foreign
    minister") all in the speaker's name or role? A description that names another country
    is someone else."""
    actor = said.person.actor if said.person is not None else None
    described = (said.speaker.role, said.speaker.name, actor.role if actor else None)
    known = {fold(w) for w in " ".join(filter(None, described)).split()}
    named = [t for t in mention if t.ent_type_ in ("GPE", "ORG", "NORP")]
    return all(fold(t.text) in known for t in named)


def _goes_on(art: Article, last: Said, mention: Span, where: int) -> bool:
    """ "Rustem Umerov said Ukraine would not trade Donbas. The former defence minister
    added …": a description in the paragraph of the statement just before it that names
    nothing the speaker is not (`_named_in`) is the same speaker going on — the reporter's
    way of not repeating a name."""
    return "\n" not in art.doc.text[last.char : where] and _named_in(last, mention)
