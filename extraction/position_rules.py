"""The rule layer of positions: what the parse says of a target a statement touches.

A target is touched where its signal word sits in the statement (`extraction/targets.py`).
From that word the parse is climbed, head by head, to the statement's root and on to its
reporting cue, and every word met on the way that bears on what lies below it is read from
`lexicons/positions.toml`:

- an attitude toward its object: "supports | rejected | called for | warned against X";
- a judgement of its subject: "X would destabilize the region", "X is a historic mistake",
  "X had been serious and useful";
- a judgement in the noun phrase itself: "the illegal blockade";
- a commitment by the speaker's own side to do it: "we will strike again", "Berlin would
  increase its military aid", "the bloc would phase out Russian gas" (action verbs count only
  so, with a modal or a frame such as "ready to", and a subject that is the speaker's side);
- a reporting cue that takes a side on its content: "condemned", "welcomed", "urged";
- and what turns those around: negation ("does not support"), reversers ("lifting the
  sanctions", "an end to the war", "prevent a strike").

The side is the product of the signs met (for × reverser = against). No side without at
least one attitude, judgement, commitment or cue: negations and reversers alone say nothing.
Confidence starts from the kind of the strongest evidence and falls with every sign flip and
every neutral word the path crosses. `extraction/positions.py` weighs the reading together
with the rest of the statement.
"""

from __future__ import annotations

from collections.abc import Collection

from spacy.tokens import Doc, Token

from extraction.position_agency import committed, obliged, speaker_side
from extraction.positions_lexicon import (
    PositionLexicon,
    evidence_text,
    is_negated,
    is_question,
    keys_of,
    quantified_by_no,
)
from extraction.rule_reading import BASE, FLIP_COST, STEP_COST, Reading, RuleReading
from extraction.targets import TargetMention

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
MAX_STEPS = 12
# Prepositions that give an event its setting, not its object: what governs "at the summit"
# or "after the talks" says nothing of the summit or the talks.
CONDITIONS = frozenset({"if", "unless", "whether"})
SETTING_PREPOSITIONS = frozenset({"at", "during", "after", "before", "amid", "since", "until"})
# Complements that say what a verb's object is: "called the attack *a violation*", "branded
# the goal *counterproductive*", "described the talks *as useful*".
PREDICATIVE_DEPS = frozenset({"oprd", "xcomp", "ccomp", "acomp", "attr"})


def _is_pressure(label: str, pressure: Collection[str]) -> bool:
    """Is a target itself pressure ("U.S. pressure on Cuba", "sanctions on Russia")? Then
    more pressure words around its signal are the target, not against it."""
    words = {w.strip(",.()").lower() for w in label.split()}
    return bool({w.removesuffix("s") for w in words} & set(pressure) or words & set(pressure))


class RuleReader:
    def __init__(self, lexicon: PositionLexicon) -> None:
        self.lex = lexicon

    def read(
        self,
        doc: Doc,
        content: Collection[int],
        mentions: list[TargetMention],
        cue: Token | None,
        home: Collection[int],
        reported: bool,
    ) -> RuleReading | None:
        """The best reading of one target's mentions in a statement; None when none reads a
        side, or when two read opposite sides.

        `content`: the statement's token ids; `home`: ids of words naming the speaker's own
        side; `reported`: indirect speech, where "he" and "they" are the speaker."""
        readings = [self._read_one(doc, content, m, cue, home, reported) for m in mentions]
        found = [r for r in readings if r is not None]
        if not found or len({r.side for r in found}) > 1:
            return None
        return max(found, key=lambda r: r.confidence)

    def _read_one(
        self,
        doc: Doc,
        content: Collection[int],
        mention: TargetMention,
        cue: Token | None,
        home: Collection[int],
        reported: bool,
    ) -> RuleReading | None:
        reading = Reading()
        token = mention.head(doc)
        pressure_target = _is_pressure(mention.target.label, self.lex.pressure)
        self._read_signal(token, reading, home, reported)
        for _ in range(MAX_STEPS):
            head = token.head
            if head.i == token.i:
                break
            via = None
            if token.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
                if head.lower_ in SETTING_PREPOSITIONS:
                    break  # "approve the loan at the summit": the summit is only the setting
                via, head = head, head.head
                if via.lower_ in self.lex.reverse:
                    reading.flip()
                elif (
                    via.lower_ in ("on", "against")
                    and head.lemma_.lower() in self.lex.pressure
                    and not pressure_target
                ):
                    # "sanctions on the Maduro regime" are against it; "restrictions on aid"
                    # against aid — unless the target is itself pressure ("limits on
                    # remittances" are U.S. pressure on Cuba)
                    reading.flip()
            if head.i not in content:
                if cue is not None and head.i == cue.i:
                    if token.dep_ == "dobj":
                        self._read_complement(head, token, reading)
                    self._read_cue(cue, via, reading, cue.i + 1 not in content)
                break
            if token.dep_ == "advcl" and any(
                c.dep_ == "mark" and c.lower_ in CONDITIONS for c in token.children
            ):
                # "should accept the reality if it wanted peace": what is read inside a
                # condition is a supposition, not the speaker's side
                return None
            if token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"):
                # a verb's first conjunct is its sibling, not its governor: in "has always
                # opposed the use of force and said they should talk", "opposed" says
                # nothing of the talks. Nor is what governs the first conjunct sure to reach
                # the second ("should stop sending arms and push for a ceasefire" is not
                # against the ceasefire): the walk ends with what the conjunct says itself
                break
            else:
                self._read_governor(token, head, via, reading, home, reported)
            token = head
        if reading.epithet:
            if reading.kinds and reading.sign != reading.epithet:
                return None  # "welcomed the illegal blockade": the words pull both ways
            reading.sign = reading.epithet
            reading.kinds.append("amod")
        if not reading.kinds:
            return None
        if cue is not None and any(k in self.lex.accusations for k in keys_of(cue)):
            reading.sign = -reading.sign  # "accused Israel of sabotaging the talks"
        if is_question(doc, content):
            return None  # a question takes no side
        kind = max(reading.kinds, key=BASE.__getitem__)
        confidence = BASE[kind] - FLIP_COST * reading.flips - STEP_COST * reading.steps
        return RuleReading(
            side="for" if reading.sign > 0 else "against",
            kind=kind,
            confidence=round(max(confidence, 0.0), 3),
            evidence=evidence_text(doc, reading.evidence, self.lex),
            flips=reading.flips,
            steps=reading.steps,
        )

    # -- what each word on the path says ---------------------------------------------------

    def _read_signal(
        self, token: Token, reading: Reading, home: Collection[int], reported: bool
    ) -> None:
        if is_negated(token, self.lex.negations) or quantified_by_no(token, self.lex):
            reading.flip()
        for child in token.children:
            if child.dep_ in ("amod", "acomp") and child.lemma_.lower() in self.lex.bad:
                reading.epithet = -1
                reading.evidence.append(child)
            elif child.dep_ == "amod" and child.lemma_.lower() in self.lex.good:
                reading.epithet = 1
                reading.evidence.append(child)
        if token.pos_ == "VERB":
            if obliged(token, self.lex):
                reading.found("call", token)
            elif committed(token, home, reported, self.lex):
                reading.found("commit", token)

    def _read_governor(
        self,
        below: Token,
        head: Token,
        via: Token | None,
        reading: Reading,
        home: Collection[int],
        reported: bool,
    ) -> None:
        lex = self.lex
        keys = keys_of(head, via)
        negated = is_negated(head, lex.negations)
        if below.dep_ in SUBJECT_DEPS:
            judge = self._judgement(head, below)
            if judge is not None:
                word, sign = judge
                reading.found("judge", word, sign)
            elif obliged(head, self.lex):  # "aid must reach Gaza", "the war must end"
                reverse = any(k in lex.reverse for k in keys)
                reading.found("call", head, -1 if reverse else 1)
            else:
                reading.steps += 1
        elif any(k in lex.support | lex.oppose for k in keys) and not self._own_attitude(
            head, home, reported
        ):  # "Moscow keeps demanding Donbas": someone else's wish, reported
            reading.found("others", head, 1 if any(k in lex.support for k in keys) else -1)
        elif any(k in lex.support for k in keys):
            reading.found("attitude", head)
        elif any(k in lex.oppose for k in keys):
            reading.found("attitude", head, -1)
        elif any(k in lex.reverse for k in keys):
            reading.flip()
            if obliged(head, self.lex):  # "the sanctions should be lifted"
                reading.found("call", head)
        elif below.dep_ == "dobj" and self._read_complement(head, below, reading):
            pass
        elif any(k in lex.act for k in keys) and obliged(head, self.lex):
            reading.found("call", head)
        elif any(k in lex.act for k in keys) and committed(head, home, reported, self.lex):
            reading.found("commit", head)
        elif head.pos_ in ("VERB", "AUX", "ADJ") or (head.pos_ == "NOUN" and via is None):
            reading.steps += 1
        if negated:
            reading.flip()

    def _own_attitude(self, verb: Token, home: Collection[int], reported: bool) -> bool:
        """Is an attitude word the speaker's own, not someone else's they describe? A verb
        whose subject is a third party ("Moscow keeps demanding") is the latter; nouns,
        subjectless verbs and the speaker's side ("we support") the former."""
        if verb.pos_ not in ("VERB", "AUX"):
            return True
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if not subjects and verb.dep_ in ("relcl", "acl"):
            return False  # "those who wanted to bomb Iran"
        return not subjects or any(speaker_side(s, home, reported) for s in subjects)

    def _read_complement(self, verb: Token, obj: Token, reading: Reading) -> bool:
        """ "called the attack a flagrant violation", "described the talks as useful": the
        verb's predicative complement judges its object. True if one did."""
        for child in verb.children:
            if child.dep_ in PREDICATIVE_DEPS or (child.dep_ == "prep" and child.lower_ == "as"):
                judge = self._judgement(child, obj)
                if judge is not None:
                    word, sign = judge
                    reading.found("judge", word, sign)
                    return True
        return False

    def _read_cue(self, cue: Token, via: Token | None, reading: Reading, next_word: bool) -> None:
        """`next_word`: may the word after the cue complete it ("expressed concern")? Not
        when that word is the content's own, already read on the way up."""
        keys = keys_of(cue, via, next_word)
        if any(k in self.lex.cue_support for k in keys):
            reading.found("cue", cue)
        elif any(k in self.lex.cue_oppose for k in keys):
            reading.found("cue", cue, -1)
        if reading.kinds and is_negated(cue, self.lex.negations):
            reading.flip()

    def _judgement(self, predicate: Token, subject: Token) -> tuple[Token, int] | None:
        """The nearest judging word of a predicate over its subject ("would destabilize",
        "is a mistake", "had been serious and useful"), with its sign; None if neutral."""
        skip = set(t.i for t in subject.subtree)
        queue = [predicate]
        seen: set[int] = set()
        while queue:
            word = queue.pop(0)
            if word.i in seen or word.i in skip:
                continue
            seen.add(word.i)
            keys = keys_of(word)
            if any(k in self.lex.bad for k in keys):
                return word, -1
            if any(k in self.lex.good for k in keys):
                return word, 1
            queue += [
                c
                for c in word.children
                if c.dep_ in ("attr", "acomp", "dobj", "xcomp", "relcl", "conj", "amod", "prep",
                              "pobj", "advcl", "oprd", "ccomp")
            ]  # fmt: skip
        return None
