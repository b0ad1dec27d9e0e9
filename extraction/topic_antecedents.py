"""The noun a statement's definite noun phrase takes up: "the licence" two paragraphs after
"the licence for Iran's enrichment programme".

A statement continues a passage about a topic through a definite noun as often as through
a pronoun (docs/positions.md §1.3): "The licence will be reviewed next month," said the
minister, after a paragraph on the licence for Iran's programme, is about Iran. Reporters
repeat the noun and drop what it was of, so the noun itself points back: a definite noun
phrase ("the licence", "this package", "these talks") takes the topics of the nearest
earlier noun phrase with the same lemma and the same number that names one, in the
statement's paragraph or the three paragraphs with text before it. A same lemma of another
number is usually something else ("the talk" is not "the talks"), and a noun phrase is read
without its relative clauses ("the talks, which Russia opposed" are not Russia's). A phrase
that says itself what it is of ("the war in eastern Ukraine", "the American negotiators")
takes nothing up, nor does another kind of the thing ("this trade war" after "a war with
Venezuela").

The antecedent's own noun lends nothing by itself: it is the statement's word again, which
the statement's tagging has already weighed ("the trade", beside sanctions, is their flow),
but it still makes the phrase the one taken up, so a "global economy" named just before
stops the search for "the global economy". Which of the antecedent's topics count is the
tagger's business (`extraction/topics.py`): it passes `topics_of`, which applies the tests
it applies to the passage before a statement and drops /usa, which never carries over.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from spacy.tokens import Doc, Token

from extraction.topic_index import Spans, TopicIndex, TopicMention
from extraction.topic_passage import DEFINITE

PARAGRAPHS_BACK = 3
# Dependents that add another thing to a noun phrase rather than saying what it is of.
NOT_THE_PHRASE = frozenset({"relcl", "acl", "advcl", "appos", "conj", "cc", "punct"})
# A noun phrase saying itself what it is of ("the war in eastern Ukraine", "the bloc's
# duties") takes nothing up.
OWN_REFERENT = frozenset({"prep", "poss"})
# Modifiers that name a topic do too ("the American negotiators", "the Russian side").
NAMERS = frozenset({"amod", "compound", "nmod"})
# A verb under a noun heads a clause the parser hung on it ("accused the administration of
# sleepwalking into a war"): not part of the phrase.
CLAUSE_HEADS = frozenset({"VERB", "AUX"})


def definite_nouns(doc: Doc, spans: Spans) -> Iterator[Token]:
    """The heads of the statement's definite or demonstrative noun phrases ("the licence",
    "these talks")."""
    for start, end in spans:
        span = doc.char_span(start, end, alignment_mode="expand")
        for t in span if span is not None else ():
            noun = t.head
            if t.dep_ != "det" or t.lower_ not in DEFINITE or noun.pos_ != "NOUN":
                continue
            if noun.i > t.i and not any(c.dep_ in OWN_REFERENT for c in noun.children):
                yield noun


def plural(token: Token) -> bool:
    return token.tag_ in ("NNS", "NNPS") or "Plur" in token.morph.get("Number", [])


def noun_phrase(token: Token) -> set[int]:
    """Token ids of the noun phrase headed by `token`, without its clauses and conjuncts."""
    tokens: set[int] = set()
    stack = [token]
    while stack:
        t = stack.pop()
        tokens.add(t.i)
        stack += [
            c for c in t.children if c.dep_ not in NOT_THE_PHRASE and c.pos_ not in CLAUSE_HEADS
        ]
    return tokens


def kinds_of(noun: Token) -> set[str]:
    """The words saying which kind of thing a noun is ("trade" in "this trade war")."""
    return {c.lemma_.lower() for c in noun.children if c.dep_ == "compound"}


def earliest(index: TopicIndex, start: int, back: int = PARAGRAPHS_BACK) -> int:
    """Where the statement's paragraph, or the `back`-th paragraph with text before it,
    begins."""
    own = index.paragraph_of(start)
    filled = [p for p in index.filled if p[1] < own[0]]
    return filled[-back][0] if len(filled) >= back else (filled or [own])[0][0]


def antecedent_topics(
    index: TopicIndex,
    spans: Spans,
    skip: frozenset[int],
    topics_of: Callable[[list[TopicMention]], list[str]],
) -> list[str]:
    """The topics of the noun phrases the statement's definite nouns take up: for each, the
    nearest earlier phrase with the same lemma and number for which `topics_of` finds any,
    outside the statement and the tokens in `skip` (the speaker's own mention)."""
    doc = index.doc
    if not spans:
        return []
    limit = earliest(index, spans[0][0])
    inside = {t.i for s, e in spans for t in (doc.char_span(s, e, alignment_mode="expand") or ())}
    found: list[str] = []
    for noun in definite_nouns(doc, spans):
        if any(index.between(c.idx, c.idx + 1) for c in noun.children if c.dep_ in NAMERS):
            continue  # "the American negotiators" say whose they are
        lemma, number = noun.lemma_.lower(), plural(noun)
        for i in range(noun.i - 1, -1, -1):
            t = doc[i]
            if t.idx < limit:
                break
            if i in inside or i in skip or t.pos_ != "NOUN":
                continue
            if t.lemma_.lower() != lemma or plural(t) != number:
                continue
            if not kinds_of(noun) <= {w.lemma_.lower() for w in t.children}:
                continue  # "this trade war" does not take up "a war with Venezuela"
            phrase = noun_phrase(t) - skip - inside
            lo, hi = doc[min(phrase)].idx, doc[max(phrase)].idx + 1
            mentions = [m for m in index.between(lo, hi) if m.start in phrase]
            if not mentions or not topics_of(mentions):
                continue
            # the antecedent's noun alone is the statement's word again, which the statement's
            # tagging has already weighed ("the trade" beside sanctions is their flow)
            slugs = topics_of([m for m in mentions if (m.start, m.end) != (i, i + 1)])
            found += [s for s in slugs if s not in found]
            break
    return found
