"""Positions: the side a statement takes on each target of its topics, or none.

Two layers (method and measured trade-off in docs/positions.md):

1. the rules (`extraction/position_rules.py`) read the parse from a target's signal words
   to the statement's root and cue — "condemned the strike", "sanctions have failed";
2. a logistic regression (`extraction/position_model.py`), trained on labelled articles,
   weighs the rules' reading together with the statement's words for every target of the
   statement's topics, so a side taken without the target's usual words ("every day
   without a deal costs lives") can be found, and a rule reading the words around it
   contradict is not taken on trust.

A side is emitted only when its probability reaches the threshold chosen on the labelled
training data, and only when some word of the statement carries a side — its evidence: a
schedule or a fact ("the summit would take place in Beijing") takes none, whatever the
model weighs. A wrong side is the worst outcome, a missing one the mildest. Without a
model (a pipeline built with bare resources), the rules decide alone.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from extraction.model import Position
from extraction.position_features import (
    PairContext,
    lemmas_of,
    pair_features,
    vector_features,
)
from extraction.position_model import PositionModel
from extraction.position_rules import RuleReader
from extraction.positions_lexicon import PositionLexicon, keys_of, lemma_of
from extraction.resources import Target
from extraction.rule_reading import DIVIDED, RuleReading
from extraction.statement_vectors import statement_vector
from extraction.targets import TargetMention

# The rules' own threshold, used when no model is shipped.
RULE_THRESHOLD = 0.7
# Chosen on the held-out training sets (`bench.train_positions --hold-out y z`, docs/positions.md).
FULL_VECTOR_WORDS = 6


@dataclass(frozen=True)
class PairRecord:
    """One (statement, target) pair as the model saw it: for training and evaluation."""

    span: tuple[int, int]  # the statement's characters
    target: str
    features: tuple[str, ...]
    rule: RuleReading | None
    vector: tuple[float, ...]  # the statement's (`statement_vectors.py`), unscaled


@dataclass
class PositionFinder:
    lexicon: PositionLexicon
    model: PositionModel | None = None
    threshold: float | None = None
    # When a list, every pair scored is appended to it (bench/train_positions.py).
    record: list[PairRecord] | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        self._rules = RuleReader(self.lexicon)
        if self.threshold is None:
            self.threshold = self.model.threshold if self.model else RULE_THRESHOLD

    def find(
        self,
        doc: Doc,
        content: frozenset[int],
        candidates: Iterable[Target],
        touched: list[TargetMention],
        cue: Token | None,
        home: Collection[int],
        home_topics: Collection[str],
        reported: bool,
        topic_shares: Mapping[str, float],
    ) -> tuple[Position, ...]:
        """The positions of one statement on `candidates` (the targets of its topics and
        those its words touch), most confident first. `topic_shares`: each topic's share of
        the story's statements (`topic_model.story_shares`)."""
        context = PairContext(doc, content, cue, reported, home_topics, topic_shares)
        lemmas = lemmas_of(context)
        vector = self._vector_of(context)
        by_target: dict[str, list[TargetMention]] = {}
        for mention in touched:
            by_target.setdefault(mention.target.slug, []).append(mention)
        found = []
        for target in candidates:
            mentions = by_target.get(target.slug, [])
            rule = (
                self._rules.read(doc, content, mentions, cue, home, reported) if mentions else None
            )
            position = self._decide(context, target, mentions, rule, lemmas, vector)
            if position is not None and position.confidence >= (self.threshold or 0.0):
                found.append(position)
        return tuple(sorted(found, key=lambda p: -p.confidence))

    def _decide(
        self,
        context: PairContext,
        target: Target,
        mentions: list[TargetMention],
        rule: RuleReading | None,
        lemmas: list[str],
        vector: tuple[float, ...],
    ) -> Position | None:
        features = None
        if self.record is not None or self.model is not None:
            features = pair_features(context, target, bool(mentions), rule, lemmas, self.lexicon)
        if self.record is not None and features is not None:
            span = _char_span(context)
            self.record.append(PairRecord(span, target.slug, tuple(features), rule, vector))
        if rule is not None and rule.kind == DIVIDED:
            return None  # the statement takes both sides of the target
        if self.model is None or features is None:
            if rule is None:
                return None
            return Position(target.slug, rule.side, rule.confidence, rule.evidence)  # type: ignore[arg-type]
        scale = self.model.vector_scale
        valued = vector_features(target.slug, vector, scale) if scale and vector else None
        probabilities = self.model.probabilities(features, valued)
        side, confidence = combine(probabilities, rule)
        evidence = rule.evidence if rule is not None and rule.side == side else ""
        evidence = evidence or _strongest_word(context, self.lexicon, side)
        if not evidence:
            return None  # no word carries the side: a schedule, a fact, a process
        return Position(target.slug, side, round(confidence, 3), evidence)  # type: ignore[arg-type]

    def _vector_of(self, context: PairContext) -> tuple[float, ...]:
        """The statement's vector when the model weighs it or pairs are recorded; else ()."""
        wanted = self.record is not None or (self.model is not None and self.model.vector_scale)
        if not wanted:
            return ()
        doc = context.doc
        text = doc[min(context.content) : max(context.content) + 1].text
        cue = context.cue
        taking = self.lexicon.side_taking_cues
        if (
            cue is not None
            and cue.i not in context.content
            and any(k in taking for k in keys_of(cue))
        ):
            # "condemned | the Israeli strike on Rafah": the side is in the verb the span
            # leaves out, and without it the vector reads a report of a strike
            text = f"{cue.text} {text}"
        # The mean of two or three words ("the move") says little of a statement: its
        # weight grows with the words, full from FULL_VECTOR_WORDS on.
        weight = min(1.0, len(text.split()) / FULL_VECTOR_WORDS)
        return tuple(x * weight for x in statement_vector(text))


def combine(probabilities: dict[str, float], rule: RuleReading | None) -> tuple[str, float]:
    """The side and its confidence from the model and the rules together: the model's side,
    made surer when the rules read the same side (two independent signs agreeing: the
    chance both are wrong is the product of each being wrong) — unless all the rules read
    is someone else's attitude ("the Iranians want sanctions relief first"), which is no
    sign of the speaker's own. bench/train_positions.py chooses the threshold on exactly
    this confidence."""
    side = "for" if probabilities["for"] >= probabilities["against"] else "against"
    confidence = probabilities[side]
    if rule is not None and rule.side == side and not _someone_elses(rule):
        confidence = 1 - (1 - confidence) * (1 - rule.confidence)
    return side, confidence


def _someone_elses(rule: RuleReading) -> bool:
    """Did the rules read only someone else's wish ("the Iranians want relief first")? What
    a third party needs ("Gaza needs a ceasefire") is still the speaker's judgement."""
    needs = any(w.startswith(("need", "requir")) for w in rule.evidence.lower().split())
    return rule.kind == "others" and not needs


def _char_span(context: PairContext) -> tuple[int, int]:
    doc = context.doc
    first, last = doc[min(context.content)], doc[max(context.content)]
    return first.idx, last.idx + len(last.text)


# "Good afternoon": a greeting judges nothing.
_TIMES_OF_DAY = frozenset({"morning", "afternoon", "evening", "night", "day"})


def _greeting(token: Token) -> bool:
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return token.lower_ == "good" and following is not None and following.lower_ in _TIMES_OF_DAY


def _strongest_word(context: PairContext, lex: PositionLexicon, side: str) -> str:
    """Evidence when no rule read the side: the first attitude, judgement or obligation word
    of the statement, else its cue if the cue takes that side ("urged", "condemned"); empty
    when no word carries a side ("the summit would take place in Beijing")."""
    wanted = (lex.support | lex.good) if side == "for" else (lex.oppose | lex.bad)
    doc = context.doc
    lemmas = {i: lemma_of(doc[i]) for i in sorted(context.content) if not _greeting(doc[i])}
    for i, lemma in lemmas.items():
        if lemma in wanted:
            return doc[i].text
    # a side taken in other words: a call, a readiness, a commitment, a judgement turned
    # round ("is not a mistake"); the model weighed which side
    modal = any(lemma in lex.modals for lemma in lemmas.values())
    carriers = lex.support | lex.good | lex.oppose | lex.bad | lex.obligations | lex.frames
    for i, lemma in lemmas.items():
        if lemma in carriers or (modal and lemma in lex.act):
            return doc[i].text
    cue = context.cue
    cue_side = lex.cue_support if side == "for" else lex.cue_oppose
    if cue is not None and cue.lemma_.lower() in cue_side:
        return cue.text
    return ""
