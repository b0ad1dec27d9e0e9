"""Who holds the dialogue a signal word names, for targets that are dialogue with a country.

"dialogue", "talks" and "cooperation" are signals of `china.engagement` ("dialogue, trade
and cooperation with Beijing") and `russia.engagement`, but a Chinese spokesman who "urged
all parties to return to dialogue" over Iran, or "urged North Korea to resume talks", speaks
of talks Beijing is not a party to. A target marked `party = true` in `seeds/topics.toml` is
touched by such a word unless the parse names its parties and its country is not among
them. The parties are the signal's own phrase ("talks with Beijing", "China's talks",
"between Beijing and Washington") and the actor of the clause that governs it: its subject
("Beijing was ready for dialogue", "we are negotiating"), or for a verb that is a
complement, whoever is asked to act ("urged North Korea to resume talks"); a clause
reported by another verb keeps its own actor, not the reporter's. A pronoun or no actor at
all names nobody, so the word still touches the target as before ("we are open to
dialogue").
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from spacy.tokens import Token

SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# "called on all sides to …", "appealed to both parties to …": who is asked.
ASKED_VIA = frozenset({"on", "upon", "to"})
# Named entity kinds that name a party; "all parties", "both sides" name them too.
PARTY_ENTITIES = frozenset({"GPE", "NORP", "ORG", "PERSON"})
# Named entity kinds that name a country or its people: "Mexico", "Mexican".
NATIONS = frozenset({"GPE", "NORP"})
PARTY_WORDS = frozenset({"party", "side", "country", "nation"})
# Qualifiers that make a dialogue everyone's: "international relations", "global cooperation".
WORLDWIDE = frozenset({"international", "global", "multilateral", "world"})
# Verbs of backing what others do: their subject takes a side on talks, not a seat at them.
BACKING_VERBS = frozenset(
    {"support", "back", "endorse", "favour", "favor", "welcome", "encourage", "advocate",
     "work", "strive"}
)  # fmt: skip
# Prepositions that name the other side of a dialogue, not what it is about.
COUNTERPART_PREPS = frozenset({"with", "between", "among"})
# A signal that only qualifies a noun ("negotiated", "trade") shares the noun's phrase.
MODIFIERS = frozenset({"amod", "compound"})
# Measures whose owner is who imposes them: "China's tariffs", "Russia's counter-sanctions".
IMPOSED = frozenset(
    {"tariff", "duty", "levy", "sanction", "countersanction", "restriction", "control", "curb",
     "ban", "embargo", "quota", "measure", "countermeasure", "blacklist"}
)  # fmt: skip
# Steps from the signal word up to the clause that governs it.
MAX_CLIMB = 8


def actor(word: Token) -> Token | None:
    """The one who holds what `word` names, by the clause above it; None when the clause
    has no expressed actor or `word` is itself that clause's subject."""
    if word.pos_ in ("VERB", "AUX"):
        return _actor_of(word)  # "we are negotiating"
    token = word
    for _ in range(MAX_CLIMB):
        if token.dep_ in SUBJECTS or token.head.i == token.i:
            return None
        head = token.head
        if head.pos_ in ("VERB", "AUX", "ADJ"):
            return _actor_of(head)
        token = head
    return None


def _actor_of(verb: Token) -> Token | None:
    for _ in range(MAX_CLIMB):
        subjects = [c for c in verb.children if c.dep_ in SUBJECTS]
        if subjects:
            return subjects[0]
        head = verb.head
        if head.i == verb.i:
            return None
        if verb.dep_ == "xcomp":
            # "urged North Korea to resume talks", "called on all sides to return to
            # dialogue": the one asked acts
            objects = [c for c in head.children if c.dep_ == "dobj"] + [
                o
                for c in head.children
                if c.dep_ == "prep" and c.lower_ in ASKED_VIA
                for o in c.children
                if o.dep_ == "pobj"
            ]
            if objects:
                return objects[0]
        elif verb.dep_ not in ("acomp", "conj", "advcl"):
            return None
        verb = head
    return None


def names_party(tokens: Iterable[Token]) -> bool:
    return any(
        t.ent_type_ in PARTY_ENTITIES or t.lemma_.lower() in PARTY_WORDS
        for t in tokens
        if t.pos_ != "PRON"
    )


def _backed_matter_of_others(word: Token) -> bool:
    """ "Beijing supported a negotiated solution to the Iranian nuclear issue", "China
    welcomes the ceasefire agreement": what is backed is named in a phrase that names no
    counterpart ("with", "between"), and the one who backs it is no party to it."""
    verb = word.head
    for _ in range(MAX_CLIMB):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    if verb.lemma_.lower() not in BACKING_VERBS:
        return False
    # "talks with Washington": the parties are named, the backer may be one
    return not any(t.lower_ in COUNTERPART_PREPS for t in word.subtree)


def country_is_party(word: Token, country: Collection[int]) -> bool:
    """May the dialogue `word` names be one the country (token ids naming it) takes part
    in? False only when the parse names its parties and the country is not one."""
    if word.dep_ in MODIFIERS:
        word = word.head  # "a negotiated solution with Beijing": the noun holds the phrase
    phrase = list(word.subtree)
    if any(t.i in country for t in phrase):
        return True
    if _backed_matter_of_others(word):
        return False
    if any(c.dep_ == "amod" and c.lower_ in WORLDWIDE for c in word.children):
        return False  # "the use of force in international relations": nobody's in particular
    held_by = actor(word)
    if held_by is None or held_by.pos_ == "PRON":
        return True
    parties = list(held_by.subtree)
    if any(t.i in country for t in parties):
        return True
    return not names_party(parties)


def aimed_elsewhere(word: Token, country: Collection[int]) -> bool:
    """Is the measure `word` names not one aimed at the country: its own, or one aimed at
    another?"""
    measure = _measure(word)
    if measure is None:
        return False  # "Russia's assets" are Russia's, frozen by others
    aims = [t for c in measure.children if c.lower_ in ("on", "against") for t in c.subtree]
    return its_own_measure(measure, aims, country) or aimed_at_another(measure, aims, country)


def _measure(word: Token) -> Token | None:
    """The noun of a measure imposed by someone that `word` names or qualifies ("China's
    export controls": the noun holds the owner and the aim); None for anything else."""
    if word.dep_ in MODIFIERS:
        word = word.head
    return word if word.lemma_.lower() in IMPOSED else None


def its_own_measure(measure: Token, aims: list[Token], country: Collection[int]) -> bool:
    """Is the measure the country's own ("China's new export restrictions on rare earths",
    "Russia's counter-sanctions"), not one aimed at it? Its owner names the country and no
    "on" or "against" phrase (`aims`) names it as the aim."""
    owners = [t for c in measure.children if c.dep_ == "poss" for t in c.subtree]
    if not any(t.i in country for t in owners):
        return False
    return not any(t.i in country for t in aims)


def aimed_at_another(measure: Token, aims: list[Token], country: Collection[int]) -> bool:
    """Does the measure say it is aimed at another country ("tariffs on Mexican-made goods",
    "sanctions against Venezuela") and its sentence does not name this one? A story about
    China's trade lends its topic to a call for tariffs on Mexico; the call is no side on
    tariffs on China. Sanctions on "a refinery in China" for "buying Iranian crude" are
    still sanctions on Iran. A relative clause only describes what is aimed at ("every
    factory that builds a Shahed")."""
    if any(t.i in country for t in measure.sent):
        return False
    described = {t.i for a in aims if a.dep_ == "relcl" for t in a.subtree}
    return any(t.ent_type_ in NATIONS and t.i not in described for t in aims)
