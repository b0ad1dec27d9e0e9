"""The part a topic mention plays in its clause, read off the parse.

Topic tagging (`extraction/topics.py`) weighs a mention by it: a person as the main
clause's subject is acting as their country's leader, elsewhere they are named in passing;
a theme word inside an organisation's name is not the theme, nor one used as a yardstick
("2% of GDP" in a story on defence budgets), nor one that is part of a longer term of another
theme ("export controls" are sanctions, not trade), nor one describing a person ("an oil
tycoon"). A country acting in the main clause counts on its own; a weak mention (a person in
passing, /usa) only beside another topic.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from extraction.topic_index import TopicMention

PERCENT_WORDS = frozenset({"percent", "%", "share", "fraction"})
# Measures of a whole economy, used to size something else ("2% of GDP").
YARDSTICKS = frozenset({"gdp", "output", "product", "income"})
GOVERNMENTS = frozenset({"regime", "government", "administration", "cabinet", "forces"})
# Words that name goods moving rather than what moves (a theme in its own sense).
FLOW_WORDS = frozenset({"export", "import", "market", "trade", "buyer", "supply"})
ACTOR_LABELS = frozenset({"GPE", "NORP"})  # people are sometimes tagged ORG
NAME_LABELS = frozenset({"ORG", "FAC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"})
# People and bodies described by the trade or portfolio they are in ("an oil tycoon", "the
# energy minister", "the budget committee"): the statement is about them, not the trade.
PERSON_NOUNS = frozenset(
    {
        "tycoon", "magnate", "baron", "trader", "oligarch", "billionaire", "minister",
        "executive", "committee",
    }
)  # fmt: skip
# Verbs that share a word with a theme but, with an object, mean exchanging anything ("trade
# its land for promises").
EXCHANGE_VERBS = frozenset({"trade"})
# Words after which a description says where someone serves, not whom they serve.
POSTED_AT = frozenset({"in", "at"})
_POSTED_AT_WORD = re.compile(rf"\b(?:{'|'.join(sorted(POSTED_AT))})\b")


def is_main_subject(doc: Doc, mention: TopicMention) -> bool:
    """A person named as the one acting in the statement's main clause ("Trump still wants
    a deal"), not in passing ("a gift to Putin", "as long as Putin believed …")."""
    token = doc[mention.end - 1]
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "poss":
        token = token.head  # "Trump's administration", "Putin's envoy"
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    return head.dep_ in ("ROOT", "ccomp", "conj") or head.head.i == head.i


def is_acting(doc: Doc, mention: TopicMention) -> bool:
    """A country or body (never a person) acting in the statement's main clause:
    "Washington's position had not changed" is US policy on its own."""
    return doc[mention.start].ent_type_ in ACTOR_LABELS and is_main_subject(doc, mention)


def with_weak(
    found: dict[str, tuple[int, ...]], weak: list[TopicMention]
) -> dict[str, tuple[int, ...]]:
    """Weak mentions join `found` beside another topic: a person acting in the main
    clause, a topic that needs company (/usa)."""
    weak_topics = {m.slug for m in weak}
    for m in weak:
        if found.keys() - {m.slug} or len(weak_topics) > 1:
            found = {**found, m.slug: (*found.get(m.slug, ()), m.start)}
    return found


def names_a_government(doc: Doc, mention: TopicMention) -> bool:
    """A leader's name standing for their government: "the Maduro regime", "Putin's
    government", "the Trump administration" are the country acting, not a person in passing."""
    token = doc[mention.end - 1]
    return token.dep_ in ("compound", "poss") and token.head.lemma_.lower() in GOVERNMENTS


def inside_a_name(doc: Doc, mention: TopicMention) -> bool:
    """A theme word that is part of an organisation's or a law's name."""
    token = doc[mention.start]
    if token.ent_type_ in NAME_LABELS:
        return True
    return token.pos_ == "PROPN" and token.head.pos_ == "PROPN" and token.head.i != token.i


def a_yardstick(doc: Doc, mention: TopicMention) -> bool:
    """A theme word that only measures something else: "spend 2.1% of GDP on defence" is
    about defence spending, not the economy."""
    token = doc[mention.end - 1]
    if token.dep_ == "amod" and token.head.lower_ in YARDSTICKS:
        token = token.head  # "5 percent of economic output"
    head = token.head
    if token.lower_ not in YARDSTICKS or token.dep_ != "pobj" or head.lower_ != "of":
        return False
    measured = head.head
    return (
        measured.like_num
        or measured.text == "%"
        or measured.lower_ in PERCENT_WORDS
        or any(c.like_num for c in measured.children)
    )


def describes_a_person(doc: Doc, mention: TopicMention) -> bool:
    """A theme word describing a person ("the imprisoned oil tycoon", "Russia's energy
    minister") or a verb of exchange ("will not trade its land for promises")."""
    token = doc[mention.end - 1]
    if token.pos_ == "VERB" and token.lemma_.lower() in EXCHANGE_VERBS:
        # "trade X for Y" swaps; "shares were trading near $10" is the market
        return any(c.dep_ == "dobj" or c.lower_ == "for" for c in token.children)
    return token.dep_ in ("compound", "amod") and token.head.lemma_.lower() in PERSON_NOUNS


def covered(mention: TopicMention, others: list[TopicMention]) -> bool:
    """A theme word inside a longer match of another topic ("export" in "export controls")."""
    return any(
        o.slug != mention.slug
        and o.start <= mention.start
        and mention.end <= o.end
        and (o.end - o.start) > (mention.end - mention.start)
        for o in others
    )


def without_flows(
    doc: Doc, grouped: dict[str, tuple[int, ...]], themes: frozenset[str]
) -> dict[str, tuple[int, ...]]:
    """A theme named only by a word of flow ("exports", "the market", "trade") beside
    another theme is that theme's flow: "Iranian crude exports" are energy, "trade
    sanctions" sanctions; neither is the economy."""
    named = [slug for slug in grouped if slug in themes]
    if len(named) < 2:
        return grouped
    flows = {
        slug for slug in named
        if all(doc[i].lemma_.lower() in FLOW_WORDS for i in grouped[slug])
    }  # fmt: skip
    if not set(named) - flows:
        return grouped
    return {slug: ids for slug, ids in grouped.items() if slug not in flows}


def phrase_tokens(span: Span) -> set[int]:
    """The noun phrase around a source mention, without its relative clauses and without
    where the source serves ("a Western diplomat in Tehran" is no Iranian)."""
    root = span.root
    while root.dep_ in ("compound", "appos", "amod") and root.head.i != root.i:
        root = root.head
    posted = {t.i for prep in span if _posted_at(prep) for t in prep.subtree}
    tokens = {t.i for t in span} - posted
    stack = [root]
    while stack:
        token = stack.pop()
        tokens.add(token.i)
        stack += [
            c
            for c in token.children
            if c.dep_ not in ("relcl", "acl", "advcl") and not _posted_at(c)
        ]
    return tokens


def _posted_at(token: Token) -> bool:
    return token.dep_ == "prep" and token.lower_ in POSTED_AT


def serving(description: str) -> str:
    """A speaker's description without where they serve: "a Western diplomat in Tehran" →
    "a Western diplomat"."""
    return _POSTED_AT_WORD.split(description, maxsplit=1)[0]


def someone_elses_body(word: Token, description: str) -> bool:
    """Is `word` an organisation of the speaker's topic that is not theirs? A speaker's
    own side is their country's places and people, and a body only when their role or name
    names it (`description`): "Hamas" is a Hamas official's own side, not that of a
    spokesman for a Gaza aid foundation."""
    return word.ent_type_ == "ORG" and word.lower_ not in description.lower().split()


def holders(
    doc: Doc, own: list[TopicMention], homes: frozenset[str], spoken_of: frozenset[str]
) -> set[str]:
    """The speaker's own side as the one holding the statement's attitude: "Moscow was
    deeply concerned by the strike", said by the Kremlin, is about the strike, so a target
    word beside it may join the story's topic (rule 2 of extraction/topics.py) unless one of
    Moscow's own targets is what the word speaks of ("Moscow was ready to continue the
    talks")."""
    return {
        m.slug
        for m in own
        if m.slug in homes and m.slug not in spoken_of and is_main_subject(doc, m)
    }


# A paragraph opening with a label in capitals: "RUSSIA: Kremlin spokesman …".
_RUBRIC = re.compile(r"[^\S\n]*([A-Z][A-Z .'\-]{1,40}):[^\S\n]")


def rubric_of(text: str, paragraph: tuple[int, int]) -> str:
    """The capitals label a paragraph opens with ("RUSSIA:", "UNITED STATES:"), in the case
    the taxonomy's terms are written in; "" when it opens with none. In a reactions round-up
    it says whose reaction the line is."""
    m = _RUBRIC.match(text, paragraph[0], paragraph[1])
    return m.group(1).title() if m else ""
