"""Who acts in a statement: is the speaker calling for it, or committing their own side?

"Aid must reach Gaza" is a call whoever is to act; "we will strike again" and "Berlin would
increase its military aid" are commitments — but only when the subject is the speaker's own
side ("we", "he" in reported speech, the speaker's country or government): "Israel would
strike", said by Iran's foreign minister, is a prediction, not Iran's side.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from spacy.tokens import Doc, Token

from extraction.position_predicates import readiness_frame, who_is_ready
from extraction.positions_lexicon import NECESSITIES, PositionLexicon, to_infinitive
from extraction.topic_roles import serving

FIRST_PERSON = frozenset({"we", "i", "us", "our", "my"})
THIRD_PERSON = frozenset({"he", "she", "they", "his", "her", "their", "its", "it"})
# Participles a subject holds as a state, not an act done to it: "we are committed to",
# "Moscow was alarmed by".
STATES_HELD = frozenset(
    {"commit", "oppose", "concern", "alarm", "dedicate", "devote", "determine", "worry",
     "disturb", "trouble", "dismay"}
)  # fmt: skip
SIDE_NOUNS = frozenset(
    {"government", "country", "administration", "bloc", "alliance", "union", "ministry",
     "army", "military", "nation", "side", "cabinet", "coalition", "leadership", "team",
     "delegation", "state", "kingdom", "republic", "group", "movement", "party"}
)  # fmt: skip


def obliged(verb: Token, lex: PositionLexicon) -> bool:
    """A call, whoever is to act: "must", "should", "ought to", "need to", "have to"."""
    for child in verb.children:
        if child.dep_ == "aux" and child.lemma_.lower() in lex.obligations:
            return True
    head = verb.head  # "need to send", "have to lift"
    return verb.dep_ == "xcomp" and head.lemma_.lower() in NECESSITIES and to_infinitive(verb)


def committed(verb: Token, home: Collection[int], reported: bool, lex: PositionLexicon) -> bool:
    """Is `verb` something the speaker's own side will, must or is ready to do?"""
    frame = verb
    modal = any(c.dep_ == "aux" and c.lemma_.lower() in lex.modals for c in verb.children)
    if not modal and verb.dep_ == "xcomp" and verb.head.lemma_.lower() in lex.frames:
        # "is ready to strike": the one ready is the subject of "is", not of "ready"
        frame, modal = readiness_frame(verb) or verb.head, True
    if not modal and verb.dep_ == "xcomp":
        head = verb.head  # "is ready to", "are prepared to"
        modal = head.lemma_.lower() in ("be",) and any(
            c.lemma_.lower() in lex.frames for c in head.children if c.dep_ == "acomp"
        )
        frame = head if modal else frame
    return modal and own_act(frame, home, reported)


def ready(verb: Token, home: Collection[int], reported: bool) -> bool:
    """Is `verb` what the speaker's own side stands ready to do ("we stand ready to resume
    negotiations", "Tehran declared its readiness to resume talks")? Readiness is a side
    (docs/positions.md, 1.2), but only the speaker's: "Washington is ready to strike", said
    by Tehran, is none."""
    frame = readiness_frame(verb)
    if frame is None:
        return False
    owners = who_is_ready(frame)
    if not owners:
        return frame.dep_ not in ("relcl", "acl", "advcl")
    return any(speaker_side(o, home, reported) for o in owners)


def own_act(frame: Token, home: Collection[int], reported: bool) -> bool:
    """Is the subject of `frame` (the modal's verb, or "stands" in "stands ready") the
    speaker's own side? With no subject, yes unless the clause describes something else
    ("those who would strike")."""
    subjects = [c for c in frame.children if c.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return frame.dep_ not in ("relcl", "acl", "advcl")
    return any(speaker_side(s, home, reported) for s in subjects)


def speaker_side(subject: Token, home: Collection[int], reported: bool) -> bool:
    """ "we"; "he" or "they" in reported speech; the speaker's country or government."""
    lower = subject.lower_
    if lower in FIRST_PERSON:
        return True
    if lower in THIRD_PERSON:
        return reported
    if any(t.i in home for t in subject.subtree):
        return True
    if subject.lemma_.lower() not in SIDE_NOUNS:
        return False
    children = list(subject.children)
    if any(c.lower_ in FIRST_PERSON | THIRD_PERSON for c in children):
        return True
    # "the administration would keep maximum pressure in place", reported by its official
    return reported and [c.lower_ for c in children] == ["the"]


@dataclass(frozen=True)
class Countries:
    """Which words name the speaker's own country, from the governments table of
    `lexicons/speakers.toml` ("German government" = Germany, Berlin): a German minister's
    "Germany will deliver" is their own side committing, not a third party's wish."""

    words: Mapping[str, str]  # demonym or place, lower case → government
    places: frozenset[str] = frozenset()  # every country and capital named, lower case

    @classmethod
    def from_table(cls, governments: Any) -> Countries:
        words: dict[str, str] = {}
        places: set[str] = set()
        for government, names in (governments if isinstance(governments, dict) else {}).items():
            demonym = str(government).split()[0].lower()
            words[demonym] = government
            for place in (str(n).lower().removeprefix("the ") for n in names):
                places.add(place)
                words[place] = government
        return cls(words, frozenset(places))

    def of_speaker(self, description: str) -> str | None:
        """The government a speaker's role or name points to ("German Foreign Minister"); not
        the place where they serve ("a Western diplomat in Tehran" is no Iranian)."""
        text = serving(description.lower())
        for word in text.replace(",", " ").replace("'s", " ").split():
            if word in self.words:
                return self.words[word]
        return None

    def home_tokens(self, doc: Doc, content: Collection[int], government: str | None) -> set[int]:
        if government is None:
            return set()
        return {i for i in content if self.words.get(doc[i].lower_) == government}


def own_attitude(verb: Token, home: Collection[int], reported: bool) -> bool:
    """Is an attitude word the speaker's own, not someone else's they describe? A verb
    whose subject is a third party ("Moscow keeps demanding") is the latter; nouns,
    subjectless verbs and the speaker's side ("we support") the former; a passive one
    ("aid was blocked") is its agent's."""
    if verb.pos_ not in ("VERB", "AUX"):
        return True
    if any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children):
        # "aid trucks were being blocked": done by whoever the agent is, if named
        agents = [g for c in verb.children if c.dep_ == "agent" for g in c.children]
        if not agents and verb.lemma_.lower() in STATES_HELD:
            # "Israel was committed to the ceasefire": a state its subject is in
            agents = [c for c in verb.children if c.dep_ == "nsubjpass"]
        return any(speaker_side(a, home, reported) for a in agents)
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in ("relcl", "acl"):
        return False  # "those who wanted to bomb Iran"
    return not subjects or any(speaker_side(s, home, reported) for s in subjects)


def sharing_its_subject(verb: Token) -> list[Token]:
    """`verb` and the verbs coordinated with it that have no subject of their own: what they
    say, they say of its subject ("the embargo had caused suffering and should be lifted")."""
    out = [verb]
    for child in verb.children:
        own_subject = any(g.dep_ in ("nsubj", "nsubjpass", "csubj") for g in child.children)
        if child.dep_ == "conj" and child.pos_ in ("VERB", "AUX") and not own_subject:
            out += sharing_its_subject(child)
    return out
