"""Stance: does a statement support (positive) or oppose (negative) what it is about?

The words come from `extraction/lexicons/stance.toml` (lemmas with weights, multi-word
phrases matched on lemmas, cue verbs, negators, reversers); the structure from the parse.

Every token of the document gets a signed weight once per document:

- its lexicon weight (a phrase's weight sits on the phrase's root, its other words count 0);
- flipped by each negation that scopes over it: a `neg` child ("not", "never") on the token
  or on a head above it in the same clause chain ("does *not* support", "would *not* be a
  mistake", "I would *not* say that there was friendliness"), stopping at subjects (the "not"
  of "supporting Ukraine is not charity" says nothing of "supporting"), coordinated and
  adverbial clauses; "no" flips only its own noun ("no progress"), "without" its object;
- halved inside a concession ("while talks are hard, …"), times 1.5 after "but" (the
  speaker's point usually comes last).

The statement's overall stance is the sign of the sum over its content, plus the cue's own
weight ("condemned", "welcomed", "warned"; flipped when the cue is negated, or when the
content is an ending: "called for lifting the sanctions"). |sum| < 0.5 is neutral.

Per topic, the stance is about the topic's own mention: from the mention, walk up through
the clauses that contain it, innermost first, and take the first clause whose own words carry
a stance; else the cue. So in "welcomed the deal with China but condemned Iran's strike"
China gets "welcomed", Iran "condemned". A reverser on the way up ("lifting the sanctions",
"an end to the blockade") flips it. Topics the statement names only through its context get
the overall stance.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spacy.attrs import HEAD, LEMMA
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from extraction.model import Stance
from extraction.stance_lexicon import StanceLexicon, lemmas_of

Spans = tuple[tuple[int, int], ...]
NEUTRAL_BAND = 0.5
_CLAUSE_POS = frozenset({"VERB", "AUX"})
_NOT_CLAUSE_DEPS = frozenset({"aux", "auxpass"})
# Negation does not reach across these relations (a subject, a coordinated or side clause).
_NEGATION_STOPS = frozenset(
    {
        "nsubj",
        "nsubjpass",
        "csubj",
        "csubjpass",
        "expl",
        "agent",
        "conj",
        "advcl",
        "parataxis",
        "relcl",
    }
)


def _clause_head(token: Token) -> Token:
    """The verb heading the clause `token` belongs to (the root for verbless fragments)."""
    while not (token.pos_ in _CLAUSE_POS and token.dep_ not in _NOT_CLAUSE_DEPS):
        if token.head.i == token.i:
            break
        token = token.head
    return token


def _label(score: float) -> Stance:
    if score >= NEUTRAL_BAND:
        return "positive"
    if score <= -NEUTRAL_BAND:
        return "negative"
    return "neutral"


class _DocWeights:
    """Signed stance weights (non-zero ones only) and clause heads of one document's tokens."""

    def __init__(
        self, doc: Doc, lexicon: StanceLexicon, hashes: Mapping[int, float], matcher: Any
    ) -> None:
        self.doc = doc
        self.lexicon = lexicon
        self.heads = [int(h) for h in doc.to_array(HEAD)]  # relative offsets
        self._clause: dict[int, int] = {}
        base = {i: hashes[h] for i, h in enumerate(doc.to_array(LEMMA)) if h in hashes}
        in_phrase: dict[int, range] = {}
        if matcher is not None:
            for match_id, start, end in sorted(matcher(doc), key=lambda m: (m[1] - m[2], m[1])):
                if any(i in in_phrase for i in range(start, end)):
                    continue  # a longer phrase already covers these words
                for i in range(start, end):
                    base.pop(i, None)
                    in_phrase[i] = range(start, end)
                weight = lexicon.phrases[lemmas_of(doc.vocab.strings[match_id])]
                if weight:
                    base[doc[start:end].root.i] = weight
        self.weights: dict[int, float] = {}
        for i, w in base.items():
            token = doc[i]
            if not self._absorbed(token, base):
                sign = self._negation(token, in_phrase.get(i, range(0)))
                self.weights[i] = w * sign * self._clause_weight(token)

    def clause(self, i: int) -> int:
        """The index of the verb heading token i's clause (the root for verbless fragments)."""
        head = self._clause.get(i)
        if head is None:
            head = self._clause[i] = _clause_head(self.doc[i]).i
        return head

    def _absorbed(self, token: Token, base: Mapping[int, float]) -> bool:
        """An evaluative word under another one in its clause says what that one is about:
        "support further escalation", "condemned the blatant aggression" count once."""
        clause = self.clause(token.i)
        current = token
        while current.i != clause and current.head.i != current.i:
            current = current.head
            if current.i in base:
                return True
        return False

    def negated(self, token: Token, phrase: range = range(0)) -> bool:
        negators = self.lexicon.negators
        return any(
            (c.dep_ == "neg" or (c.lower_ in negators and c.dep_ == "advmod")) and c.i not in phrase
            for c in token.children
        )

    def _negation(self, token: Token, phrase: range) -> float:
        """-1 for an odd number of negations over `token` (not counting its own phrase's)."""
        sign = 1.0
        if any(c.dep_ == "det" and c.lower_ == "no" and c.i not in phrase for c in token.children):
            sign = -sign
        current = token
        for _ in range(24):
            if self.negated(current, phrase):
                sign = -sign
            if current.dep_ in _NEGATION_STOPS or current.head.i == current.i:
                break
            current = current.head
            if current.lower_ == "without":
                sign = -sign
        return sign

    def _clause_weight(self, token: Token) -> float:
        weight = 1.0
        lexicon = self.lexicon
        current = token
        for _ in range(24):
            if current.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in lexicon.concessive for c in current.children
            ):
                weight *= lexicon.concessive_weight
            if current.dep_ == "conj" and any(
                c.dep_ == "cc" and c.lower_ in lexicon.contrast and c.i < current.i
                for c in current.head.children
            ):
                weight *= lexicon.contrast_weight
            if current.head.i == current.i:
                if any(
                    c.dep_ in ("cc", "advmod") and c.lower_ in lexicon.contrast
                    and c.is_sent_start
                    for c in current.children
                ):  # fmt: skip
                    weight *= lexicon.contrast_weight
                break
            current = current.head
        return weight


class StanceAssessor:
    """Built once from the stance lexicon table; `assess` scores one statement."""

    def __init__(self, lexicon: Mapping[str, Any]) -> None:
        self.lexicon = StanceLexicon.from_table(lexicon)
        self._vocab: Any = None
        self._hashes: dict[int, float] = {}
        self._matcher: PhraseMatcher | None = None
        self._last: _DocWeights | None = None

    def _weights(self, doc: Doc) -> _DocWeights:
        last = self._last
        if last is not None and last.doc is doc:
            return last
        if self._vocab is not doc.vocab:
            self._prepare(doc.vocab)
        weights = _DocWeights(doc, self.lexicon, self._hashes, self._matcher)
        self._last = weights
        return weights

    def _prepare(self, vocab: Vocab) -> None:
        """Lemma hashes for the word table, a lemma PhraseMatcher for the phrases."""
        strings = vocab.strings
        self._hashes = {}
        for word, weight in self.lexicon.words.items():
            for form in (word, word.capitalize()):
                self._hashes[strings.add(form)] = weight
        self._matcher = None
        if self.lexicon.phrases:
            self._matcher = PhraseMatcher(vocab, attr="LEMMA")
            for phrase in self.lexicon.phrases:
                pattern = Doc(vocab, words=list(phrase), lemmas=list(phrase))
                self._matcher.add(" ".join(phrase), [pattern])
        self._vocab = vocab

    def assess(
        self,
        doc: Doc,
        spans: Spans,
        cue: str | None,
        topics: tuple[str, ...],
        *,
        anchors: Mapping[str, tuple[int, ...]] | None = None,
        cue_char: int | None = None,
    ) -> tuple[Stance | None, dict[str, Stance]]:
        """(overall stance, {topic: stance}); `anchors` are each topic's token ids in the
        statement (from `TopicTagger.anchors`), `cue_char` the cue's offset if known."""
        if not spans:
            return None, {}
        dw = self._weights(doc)
        inside = {i for s, e in spans for i in _token_range(doc, s, e)}
        cue_weight = self._cue_weight(doc, spans, cue, cue_char)
        clause_sums: dict[int, float] = {}
        for i, weight in dw.weights.items():
            if i in inside:
                head = dw.clause(i)
                clause_sums[head] = clause_sums.get(head, 0.0) + weight
        roots = [doc[i] for i in inside if dw.heads[i] == 0 or i + dw.heads[i] not in inside]
        if cue_weight and roots and all(t.pos_ in ("NOUN", "PROPN", "PRON") for t in roots):
            # "condemned [the Israeli strikes]", "criticized [Spain's call for an embargo]":
            # an evaluative cue whose content is a noun phrase judges the phrase as a whole.
            clause_sums = {}
        content = sum(clause_sums.values())
        # "called for lifting the sanctions": the cue's support goes to an ending
        reversed_content = any(t.lemma_.lower() in self.lexicon.reversers for t in roots)
        overall = _label(content + (-cue_weight if reversed_content else cue_weight))
        stances: dict[str, Stance] = {}
        for slug in topics:
            ids = [i for i in (anchors or {}).get(slug, ()) if i in inside]
            if not ids:
                stances[slug] = overall
                continue
            fallback = content + cue_weight
            score = sum(self._topic_score(dw, doc[i], inside, clause_sums, fallback) for i in ids)
            stances[slug] = _label(score)
        return overall, stances

    def _topic_score(
        self,
        dw: _DocWeights,
        anchor: Token,
        inside: set[int],
        clause_sums: Mapping[int, float],
        fallback: float,
    ) -> float:
        """The first clause around `anchor`, innermost out, whose own words carry a stance;
        else the whole statement. A reverser on the way up flips the result."""
        reversers = self.lexicon.reversers
        sign = 1.0
        token = anchor
        passed: set[int] = set()
        for _ in range(24):
            head = dw.doc[dw.clause(token.i)]
            for t in _path(token, head):
                if t.i != anchor.i and t.i in inside and t.i not in passed:
                    if t.lemma_.lower() in reversers:
                        sign = -sign
                    passed.add(t.i)
            score = clause_sums.get(head.i, 0.0)
            if abs(score) >= NEUTRAL_BAND:
                return sign * score
            if head.i not in inside or head.head.i == head.i or head.head.i not in inside:
                break
            token = head.head
        return sign * fallback

    def _cue_weight(self, doc: Doc, spans: Spans, cue: str | None, cue_char: int | None) -> float:
        if not cue:
            return 0.0
        token = _cue_token(doc, spans, cue, cue_char)
        words = lemmas_of(cue)
        if token is not None:
            words = (token.lemma_.lower(), *words[1:])
            following = token.nbor() if token.i + 1 < len(doc) else None
            if len(words) == 1 and following is not None and following.head.i == token.i:
                # a cue given as "called" whose preposition follows: "called for", "warned against"
                with_prep = (*words, following.lower_)
                if with_prep in self.lexicon.cues:
                    words = with_prep
        weight = self.lexicon.cues.get(words, self.lexicon.cues.get(words[:1], 0.0))
        if token is not None and self._weights(doc).negated(token):
            weight = -weight
        return weight


def _token_range(doc: Doc, start: int, end: int) -> range:
    span = doc.char_span(start, end, alignment_mode="expand")
    return range(span.start, span.end) if span is not None else range(0)


def _path(token: Token, up_to: Token) -> list[Token]:
    path = [token]
    while token.i != up_to.i and token.head.i != token.i:
        token = token.head
        path.append(token)
    return path


def _cue_token(doc: Doc, spans: Spans, cue: str, cue_char: int | None) -> Token | None:
    if cue_char is not None:
        span = doc.char_span(cue_char, cue_char + 1, alignment_mode="expand")
        return span[0] if span is not None and len(span) else None
    first = cue.split()[0].lower()
    start = spans[0][0]
    candidates = [t for t in doc if t.lower_ == first]
    if not candidates:
        return None
    return min(candidates, key=lambda t: abs(t.idx - start))
