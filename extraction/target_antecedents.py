"""The act a statement's "the move" or "the decision" takes up: a side on the target the
sentence before it names.

Wire copy reports an act, then the reactions to it by a noun that names no target: "The
Treasury sanctioned two refineries in Shandong for buying Iranian crude. ¶ Israel's foreign
minister welcomed the move." The reaction takes a side on what the move was — sanctions on
Iran — though its own words name none (docs/positions.md §1.3: a statement continues a
passage through a definite noun). So a definite or demonstrative act noun ("the move",
"this decision", "such actions", "the measures") that says nothing itself of what it is of
(no "of", "on" or "to" phrase, no compound) touches the targets of the act reported by the
nearest earlier sentence of its paragraph that reports one, else by the lead — the act a
story is about, which its reactions follow. Of that sentence's targets, those whose signal
stands highest in its parse (the act the sentence reports, not one it mentions on the way),
of one topic only; and only an act reported plainly: a sentence that says a side on it
("a resolution declaring Maduro's government illegitimate"), denies it or makes it the
target country's own ("China imposed duties") is no act of that target. The noun then counts
as the target's signal word, and the rules read it like one: "welcomed the move" is for,
"the decision was an act of mockery" against; the statement is filed under the act's topic.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from spacy.tokens import Doc, Span, Token

from extraction.layout import headline_end
from extraction.positions_lexicon import lemma_of
from extraction.resources import Target
from extraction.targets import TargetMention
from extraction.topic_index import TopicIndex
from extraction.topic_passage import DEFINITE

# The lead: the first paragraphs with text, after the headline (`layout.headline_end`: too
# terse to say which act the story reports).
LEAD_PARAGRAPHS = 2
ACT_NOUNS = frozenset(
    {"move", "decision", "step", "measure", "action", "announcement", "plan", "proposal",
     "package", "draft", "initiative", "order", "bill", "resolution", "vote", "policy"}
)  # fmt: skip
DETERMINERS = DEFINITE | {"such"}
# Dependents saying what the act is of ("the decision to send troops", "the vote on the
# resolution", "the Cuba policy"): the phrase names its own matter.
OWN_MATTER = frozenset({"prep", "acl", "relcl", "compound", "nmod", "npadvmod"})
# What a verb on the way from the act's signal to its sentence's root says of it: "declaring
# Maduro's government illegitimate", "did not impose". A clause beside it gives the grounds
# ("imposed sanctions on a refinery, accusing it of buying Iranian crude").
SAYS_HOW = frozenset({"neg", "oprd", "acomp", "attr", "advmod"})
# Touches the targets of one sentence: (its tokens, its topic anchors) → mentions.
Toucher = Callable[[list[int], dict[str, tuple[int, ...]]], list[TargetMention]]


def act_nouns(doc: Doc, tokens: Iterable[int]) -> list[Token]:
    """The statement's definite act nouns that say nothing of what they are of."""
    found = []
    for i in tokens:
        noun = doc[i]
        if noun.pos_ != "NOUN" or noun.lemma_.lower() not in ACT_NOUNS:
            continue
        children = list(noun.children)
        if not any(c.dep_ in ("det", "predet", "amod") and c.lower_ in DETERMINERS
                   for c in children):  # fmt: skip
            continue
        if any(c.dep_ in OWN_MATTER for c in children):
            continue
        found.append(noun)
    return found


def taken_up(
    index: TopicIndex,
    tokens: list[int],
    already: Iterable[TargetMention],
    touch: Toucher,
    side_words: frozenset[str],
) -> list[TargetMention]:
    """Mentions of the targets the statement's act nouns take up, at those nouns."""
    doc = index.doc
    nouns = act_nouns(doc, tokens)
    if not nouns:
        return []
    touched_at = {i for m in already for i in range(m.start, m.end)}
    nouns = [n for n in nouns if not touched_at & {t.i for t in n.subtree}]
    if not nouns:
        return []
    targets = _antecedent_targets(index, tokens[0], touch, side_words)
    return [TargetMention(t, n.i, n.i + 1) for n in nouns for t in targets]


def _antecedent_targets(
    index: TopicIndex, first: int, touch: Toucher, side_words: frozenset[str]
) -> list[Target]:
    """The targets of the act the statement's noun takes up: of the nearest earlier sentence
    of its paragraph that reports one, else of the lead's first — unless the paragraphs
    between the lead and the statement speak of another topic's targets ("any use of
    Russian assets would be theft", between a lead on aid and "the decision would undermine
    trust in the euro"): which act is meant is then unclear."""
    doc = index.doc
    start = doc[first].idx
    paragraph = index.paragraph_of(start)
    lead_end = index.end_of_paragraphs(LEAD_PARAGRAPHS)
    body = headline_end(index.text)
    before = [s for s in doc.sents if s.end_char <= start]

    def touched(sentence: Span) -> list[TargetMention]:
        return touch(list(range(sentence.start, sentence.end)), _anchors(index, sentence))

    def act_of(sentence: Span) -> list[Target]:
        return _highest(doc, [m for m in touched(sentence) if _plain(index, m, side_words)])

    for sentence in reversed(before):
        if sentence.start_char < paragraph[0]:
            break
        if targets := act_of(sentence):
            return targets
    for sentence in (s for s in before if body <= s.start_char < lead_end):
        if targets := act_of(sentence):
            topics = {t.topic for t in targets}
            between = [s for s in before if lead_end <= s.start_char < paragraph[0]]
            if any(m.target.topic not in topics for s in between for m in touched(s)):
                return []
            return targets
    return []


def _anchors(index: TopicIndex, sentence: Span) -> dict[str, tuple[int, ...]]:
    """The topics a sentence's target words may belong to: those it names, else the story's."""
    anchors = index.named_between(sentence.start_char, sentence.end_char)
    return anchors or {slug: () for slug in index.story}


def _highest(doc: Doc, mentions: list[TargetMention]) -> list[Target]:
    """The targets whose signal stands highest in the sentence's parse (none when there are
    no mentions)."""
    if not mentions:
        return []

    def depth(m: TargetMention) -> int:
        return sum(1 for _ in m.head(doc).ancestors)

    top = min(depth(m) for m in mentions)
    targets = {m.target.slug: m.target for m in mentions if depth(m) == top}
    if len({t.topic for t in targets.values()}) > 1:
        return []  # "over supplies to Russia" by Iranian firms: whose sanctions is unclear
    return list(targets.values())


def _plain(index: TopicIndex, mention: TargetMention, side_words: frozenset[str]) -> bool:
    """The sentence reports the act itself: no word on the way from its signal to the root
    says a side on it or turns it round (a resolution "declaring Maduro's government
    illegitimate" is no act of his government, "did not impose" no imposing), and the act is
    not the target country's own (China imposing duties is no tariff on China)."""
    doc = index.doc
    path = list(mention.head(doc).ancestors)
    for token in path:
        near = [token, *(c for c in token.children if c.dep_ in SAYS_HOW)]
        if any(t.dep_ == "neg" or lemma_of(t) in side_words for t in near):
            return False
    return not (mention.target.aimed and _its_own(index, mention.target.topic, path))


def _its_own(index: TopicIndex, topic: str, path: list[Token]) -> bool:
    """Is the country the act is aimed at the subject of a verb on the way to the root?"""
    doc = index.doc
    for verb in path:
        for subject in (c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")):
            phrase = doc[subject.left_edge.i : subject.right_edge.i + 1]
            if any(m.slug == topic for m in index.between(phrase.start_char, phrase.end_char)):
                return True
    return False
