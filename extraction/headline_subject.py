"""A headline's two predicates on one subject: "Iran rejects IAEA resolution, says
cooperation with inspectors under review".

Wire headlines drop the second subject and the verb after "says": the parser then makes
the words after "says" its subject and the first predicate what was said, so the speaker
was "cooperation with inspectors under review" and the words "Iran rejects IAEA
resolution". The shape is told apart from the inverted source of "…, says official" or
"…, says report" by what follows the cue: a common noun that is no role, body or document
and names nothing, while the clause before the comma has a named subject of its own.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Span, Token

# Who may speak in a headline's first clause: a country, a body, a people, a person.
NAMED = frozenset({"GPE", "ORG", "NORP", "PERSON"})
COMMAS = frozenset({",", ";", "—", "–"})


def shared_subject(cue: Token, source: Span | None, sources: Collection[str]) -> Token | None:
    """The subject the headline's first clause shares with `cue`, when the parser took the
    words after the cue for its subject (`source`); None in any other shape. `sources`:
    lemmas that name who speaks (official, ministry, report, …)."""
    if source is None or source.start <= cue.i or cue.dep_ != "ROOT" or cue.i == 0:
        return None
    if cue.doc[cue.i - 1].text not in COMMAS:
        return None
    head = source.root
    if head.pos_ != "NOUN" or head.ent_type_ or head.lemma_.lower() in sources:
        return None
    said = next((c for c in cue.lefts if c.dep_ == "ccomp"), None)
    if said is None:
        return None
    subject = next((c for c in said.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.ent_type_ not in NAMED:
        return None
    return subject
