"""Features of one (statement, target) pair, for the position model.

Sparse string features, read by `extraction/position_model.py` and trained by
`bench/train_positions.py`:

- the target itself (a bias per target) and whether its signal words are in the statement;
- what the rules read (`extraction/position_rules.py`): side, kind of evidence, how sure;
- the statement's words (lemmas and lemma pairs), plainly and tied to the target, so that
  "end the war" can weigh for a ceasefire and against a military campaign;
- counts of the lexicon's attitude, judgement, reversal and negation words;
- the reporting cue, whether the speech is reported, whether the speaker's own side is
  the target's country, and the speaker's home topics tied to the target (which side of a
  target a country's officials usually take);
- the statement's vector (`statement_vectors.py`), each dimension tied to the target, so
  that words near "retaliate" can weigh against strikes on Iran and near "relief" against
  sanctions (`vector_features`).
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from extraction.positions_lexicon import PositionLexicon, lemma_of
from extraction.resources import Target
from extraction.rule_reading import DIVIDED, RuleReading

# Words too common to say anything about a side; negations and modals are kept on purpose.
SKIP_LEMMAS = frozenset(
    {"the", "a", "an", "of", "to", "in", "on", "and", "or", "that", "this", "be", "have",
     "for", "with", "as", "at", "by", "from", "it", "its", "their", "his", "her", "he",
     "she", "they", "we", "i", "there", "which", "who", "what", "said", "say", "-pron-"}
)  # fmt: skip


@dataclass(frozen=True)
class PairContext:
    """Everything about a statement the features of its targets need, computed once."""

    doc: Doc
    content: Collection[int]
    cue: Token | None
    reported: bool
    home_topics: Collection[str]
    # Each topic's share of the story's statements, as the topic rules filed them: a side
    # read on a topic the story only passes through (Iran in a campaign story) is less
    # sure than one read where the story is about it.
    topic_shares: Mapping[str, float]


def lemmas_of(context: PairContext) -> list[str]:
    doc = context.doc
    out = []
    for i in sorted(context.content):
        token = doc[i]
        if token.is_punct or token.is_space or token.like_num:
            continue
        lemma = lemma_of(token)
        if token.dep_ == "neg":
            lemma = "not"
        out.append(lemma)
    return out


def pair_features(
    context: PairContext,
    target: Target,
    touched: bool,
    rule: RuleReading | None,
    lemmas: list[str],
    lex: PositionLexicon,
) -> list[str]:
    """The features of (statement, target); order does not matter, repeats count."""
    slug = target.slug
    feats = ["bias", f"target={slug}", f"touched={touched}"]
    if rule is not None and rule.kind == DIVIDED:
        feats += ["rule=divided", f"rule=divided|{slug}"]
    elif rule is not None:
        feats += [
            f"rule={rule.side}",
            f"rule={rule.side}|kind={rule.kind}",
            f"rule={rule.side}|sure={_bucket(rule.confidence)}",
            f"rule={rule.side}|{slug}",
        ]
    for gram in _grams(lemmas):
        feats.append(f"w={gram}")
        feats.append(f"{slug}|w={gram}")
    counts = _lexicon_counts(lemmas, lex)
    for name, count in counts.items():
        if count:
            feats.append(f"n_{name}={min(count, 3)}")
            feats.append(f"n_{name}={min(count, 3)}|touched={touched}")
    cue = context.cue
    if cue is not None:
        feats.append(f"cue={cue.lemma_.lower()}")
    feats.append(f"reported={context.reported}")
    if target.topic in context.home_topics:
        feats.append("own_side_topic")
        feats.append(f"own_side_topic|{slug}")
    for home in sorted(context.home_topics):
        feats.append(f"home={home}|{slug}")
    share = _share_bucket(context.topic_shares.get(target.topic, 0.0))
    feats += [f"share={share}", f"share={share}|rule={rule is not None}"]
    return feats


def _grams(lemmas: list[str]) -> Iterator[str]:
    kept = [w for w in lemmas if (w not in SKIP_LEMMAS and w.isalpha()) or w == "not"]
    yield from kept
    for a, b in itertools.pairwise(kept):
        yield f"{a}_{b}"


def _lexicon_counts(lemmas: list[str], lex: PositionLexicon) -> dict[str, int]:
    words = set(lemmas)
    pairs = {f"{a} {b}" for a, b in itertools.pairwise(lemmas)}
    found = words | pairs
    return {
        "support": len(found & lex.support),
        "oppose": len(found & lex.oppose),
        "good": len(found & lex.good),
        "bad": len(found & lex.bad),
        "reverse": len(found & lex.reverse),
        "negation": sum(1 for w in lemmas if w in lex.negations),
        "obligation": len(words & lex.obligations),
    }


def _share_bucket(share: float) -> str:
    return "most" if share >= 0.5 else "part" if share >= 0.2 else "passing"


def _bucket(confidence: float) -> str:
    return "high" if confidence >= 0.8 else "mid" if confidence >= 0.65 else "low"


def vector_features(slug: str, vector: Sequence[float], scale: float) -> dict[str, float]:
    """The statement's vector as valued features of the target: `slug|v0`, `slug|v1`…"""
    return {f"{slug}|v{i}": value * scale for i, value in enumerate(vector) if value}
