"""Whether a target's signal word speaks of its target where it stands.

A signal word ("strike", "talks", "bomb") touches a target only in the target's sense: not
as a participle naming a thing ("sites bombed in June"), "talk" as mention, a "round" of
something else, force said of something that is not force ("a diplomatic offensive"), half
of a hyphenated word, the bomb a country may build, or a target to hit ("legitimate
targets") rather than a spending goal. `TargetMatcher` asks
`speaks_of_its_target` of every signal it finds.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

FORCE = frozenset({"war", "warfare", "attack", "offensive", "campaign", "assault", "battle",
                   "fight", "strike", "bombardment", "blitz", "raid"})  # fmt: skip
# What makes "war", "attack" or "campaign" something other than force.
NOT_FORCE = frozenset(
    {"economic", "trade", "tariff", "financial", "information", "propaganda", "media",
     "hybrid", "diplomatic", "legal", "political", "price", "currency", "charm", "pr",
     "smear", "verbal", "rhetorical", "election", "electoral", "advertising", "ad", "lobbying",
     "disinformation", "psychological", "culture"}
)  # fmt: skip

# Prefixes that keep a hyphenated word a kind of the thing ("anti-tank", "pro-sanctions").
HALF_PREFIXES = frozenset({"anti", "counter", "pro"})


def describes_a_thing(word: Token) -> bool:
    """A participle that only says which thing is meant: "access to sites bombed in June",
    "assets of banks sanctioned last year". The sites and banks are the subject there, not
    the bombing or the sanctions, so whatever governs them takes no side on those."""
    return (
        word.dep_ == "acl" and word.tag_ in ("VBN", "VBG") and word.head.pos_ in ("NOUN", "PROPN")
    )


def of_something_else(word: Token) -> bool:
    """ "Talk" in the sense of mention: "any talk of Ukraine joining the alliance", "talk
    about lifting sanctions" is what people say, not a negotiation; and a "round" of
    something is that thing ("a fresh round of sanctions" is no round of talks)."""
    preps = {c.lower_ for c in word.children if c.dep_ == "prep"}
    lemma = word.lemma_.lower()
    if lemma == "round":
        return "of" in preps
    return lemma == "talk" and word.tag_ == "NN" and bool(preps & {"of", "about"})


def figurative_force(word: Token) -> bool:
    """A word of force said of something that is not force: "the enemy's economic war", "a
    diplomatic offensive", "a propaganda campaign". A target listing the longer phrase
    ("trade war") still matches it: only a one-word signal is read so."""
    return word.lemma_.lower() in FORCE and any(
        c.dep_ in ("amod", "compound") and c.lemma_.lower() in NOT_FORCE for c in word.children
    )


def second_half(word: Token) -> bool:
    """The second half of a hyphenated word ("long-arm jurisdiction", "cease-fire"): the
    whole word means something else, unless its first half only turns it against the
    thing ("anti-tank weapons", "counter-drone systems" are still arms)."""
    if word.i < 2 or word.doc[word.i - 1].text != "-":
        return False
    hyphen, first = word.doc[word.i - 1], word.doc[word.i - 2]
    glued = not first.whitespace_ and not hyphen.whitespace_
    return glued and first.lower_ not in HALF_PREFIXES


# What makes a bomb the weapon a country may build rather than one dropped on it.
ARMS_KINDS = frozenset({"nuclear", "atomic", "hydrogen", "one"})
# Verbs and prepositions of getting the weapon: "get the bomb", "racing toward a bomb".
GETTING = frozenset(
    {"get", "acquire", "build", "develop", "obtain", "have", "possess", "make", "pursue",
     "seek", "produce", "toward", "towards", "for", "to"}
)  # fmt: skip


def a_weapon_to_have(word: Token) -> bool:
    """ "Bomb" as the weapon a country may get, not one dropped on it: "we will not allow
    the ayatollahs to get the bomb", "uranium for one bomb", "racing toward a bomb", "a
    nuclear bomb". Strikes are said in the plural ("all those bombs"), with the verb ("bomb
    Fordow") or of a bomb that falls ("every bomb that falls on Iran")."""
    if word.lemma_.lower() != "bomb" or word.pos_ != "NOUN":
        return False
    modifiers = {c.lower_ for c in word.children if c.dep_ in ("amod", "compound", "nummod")}
    if modifiers & ARMS_KINDS:
        return True
    if word.tag_ != "NN":
        return False
    the = any(c.dep_ == "det" and c.lower_ == "the" for c in word.children)
    return the or word.head.lemma_.lower() in GETTING


# What makes a "target" something to hit rather than a spending goal.
TO_HIT = frozenset(
    {"legitimate", "military", "civilian", "easy", "soft", "prime", "strategic", "enemy"}
)
HITTING = frozenset({"strike", "hit", "attack", "bomb", "destroy", "shell"})


def a_target_to_hit(word: Token) -> bool:
    """ "Target" as what force is aimed at, not a goal of spending: "Western troops would be
    legitimate targets", "jets struck targets", "Hamas targets" (but "the NATO target" is
    the alliance's goal)."""
    if word.lemma_.lower() != "target" or word.pos_ != "NOUN":
        return False
    for child in word.children:
        if child.dep_ == "amod" and child.lower_ in TO_HIT:
            return True
        if child.dep_ == "compound" and child.pos_ == "PROPN" and word.tag_ == "NNS":
            return True
    return word.dep_ == "dobj" and word.head.lemma_.lower() in HITTING


# What one joins as a member: "join the alliance", "join the bloc" (and any proper name).
BODIES = frozenset(
    {"alliance", "bloc", "union", "organisation", "organization", "club", "treaty", "pact",
     "community", "group", "membership"}
)  # fmt: skip


def joins_something_else(word: Token) -> bool:
    """ "Join" of what one takes part in, not a body one becomes a member of: "join a
    NATO-led coalition to oust Qaddafi", "join the talks", "join forces". A proper name
    ("join NATO") or a body ("join the alliance") is membership, and so is "join" with no
    object ("Finland wants to join")."""
    if word.lemma_.lower() != "join" or word.pos_ != "VERB":
        return False
    joined = [c for c in word.children if c.dep_ == "dobj"]
    return any(c.pos_ == "NOUN" and c.lemma_.lower() not in BODIES for c in joined)


def speaks_of_its_target(words: Span) -> bool:
    """Do a signal's words speak of their target where they stand? Not as a participle that
    names a thing, "talk" as mention or a "round" of something, a one-word force said of
    something else, one half of a hyphenated word, the bomb a country may have, a target
    to hit or joining something one is no member of."""
    root = words.root
    if describes_a_thing(root) or of_something_else(root):
        return False
    if a_weapon_to_have(root) or a_target_to_hit(root) or joins_something_else(root):
        return False
    return len(words) > 1 or not (figurative_force(root) or second_half(root))
