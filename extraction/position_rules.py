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
from dataclasses import replace

from spacy.tokens import Doc, Token

from extraction.position_agency import committed, obliged, own_attitude, ready, sharing_its_subject
from extraction.position_judgements import characterisation, judgement
from extraction.position_predicates import (
    agreeing,
    as_clause,
    attitude_of_copula,
    beyond_reach,
    ending_complement,
    ends_its_subject,
    frames_readiness,
    no_side_of_ours,
    picked_out,
    refused_in_manner,
    takes_part,
)
from extraction.positions_lexicon import (
    PositionLexicon,
    attitude_sign,
    ceased,
    denied_in_contrast,
    evidence_text,
    is_negated,
    is_pressure,
    is_question,
    keys_of,
    quantified_by_no,
    waived_condition,
)
from extraction.rule_reading import BASE, DIVIDED, FLIP_COST, STEP_COST, Reading, RuleReading
from extraction.targets import TargetMention

SUBJECT_DEPS = frozenset({"nsubj", "csubj", "expl"})
MAX_STEPS = 12
# What governs "at the summit", "after the talks", "under pressure" says nothing of them.
SETTING_PREPOSITIONS = frozenset({"at", "during", "after", "before", "amid", "since", "until",
                                  "under"})  # fmt: skip


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
        """The reading of one target's longest signal in a statement (the first of the
        longest); None when it reads no side. When another signal of the target reads the
        opposite ("backed the tariffs but warned against a trade war") the reading is
        `divided`: the statement takes both sides, which is none.

        `content`: the statement's token ids; `home`: ids of words naming the speaker's own
        side; `reported`: indirect speech, where "he" and "they" are the speaker."""
        mentions = [m for m in mentions if not refused_in_manner(m.head(doc), self.lex.negations)]
        if not mentions:
            return None
        ranked = sorted(mentions, key=lambda m: (m.start - m.end, m.start))
        readings = [self._read_one(doc, content, m, cue, home, reported) for m in ranked]
        best = readings[0]
        if best is None:
            return None
        if any(r is not None and r.side != best.side for r in readings):
            return replace(best, kind=DIVIDED, confidence=0.0)
        return best

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
        token = signal = mention.head(doc)
        pressure_target = is_pressure(mention.target.label, self.lex.pressure)
        self._read_signal(token, reading, home, reported)
        for _ in range(MAX_STEPS):
            head = token.head
            if head.i == token.i:
                break
            via = None
            if token.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
                if head.lower_ in SETTING_PREPOSITIONS or as_clause(head, token):
                    break  # "approve the loan at the summit": the summit is only the setting
                if head.lower_ == "for" and head.head.dep_ in ("nmod", "compound"):
                    break  # "rejects land-for-peace terms": the price asked, not the peace
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
                    self._read_at_cue(content, cue, token, via, reading)
                break
            if no_side_of_ours(token, head, via, pressure_target):
                return None
            if beyond_reach(token):
                break
            restricted = token.i == signal.i and picked_out(token)
            waived = waived_condition(head, token, signal)
            self._read_governor(token, head, via, reading, home, reported, restricted, waived)
            token = head
        if reading.epithet:
            if reading.kinds and reading.sign != reading.epithet:
                return None  # "welcomed the illegal blockade": the words pull both ways
            reading.sign = reading.epithet
            reading.kinds.append("amod")
        if not reading.kinds:
            return None
        if mention.opposite:
            reading.sign = -reading.sign  # "the blockade was collective punishment": for aid
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
        restricted: bool = False,
        waived: bool = False,
    ) -> None:
        """`restricted`: `below` is the signal, picked out by "every" and a relative clause
        ("every truck that waits at the border is a failure" judges the waiting, not the
        aid); `waived`: `head`'s negation waives a condition (`waived_condition`)."""
        lex = self.lex
        word = attitude_of_copula(head, via) or head  # 'was "concerned" by the strike'
        keys = keys_of(word, via)
        if head.pos_ == "NOUN" and head.lemma_.lower() in lex.pressure:
            # "the pressure campaign against the regime": a measure, not someone campaigning
            keys = [head.lemma_.lower()]
        negated = is_negated(head, lex.negations) and not waived
        negated = negated or denied_in_contrast(head, below, lex.negations)
        if ceased(head) and attitude_sign(keys, lex) < 0:
            keys, negated = [], False  # "would no longer oppose the duties": no side at all
        if below.dep_ in SUBJECT_DEPS:
            judge = None if restricted else judgement(head, below, self.lex)
            if judge is not None:
                word, sign = judge
                reading.found("judge", word, sign)
            elif called := next((v for v in sharing_its_subject(head) if obliged(v, lex)), None):
                # "aid must reach Gaza", "the war must end", "the embargo had caused suffering
                # and should be lifted"
                reverse = any(
                    k in lex.reverse for k in (keys if called is head else keys_of(called))
                )
                reading.found("call", called, -1 if reverse else 1)
            elif ends_its_subject(head, lex):  # "wants the sanctions lifted"
                reading.flip()
            else:
                reading.steps += 1
        elif (sign := attitude_sign(keys, lex)) and not own_attitude(head, home, reported):
            reading.found("others", word, sign)  # "Moscow keeps demanding Donbas": reported
        elif sign:
            reading.found("attitude", word, sign)
        elif any(k in lex.reverse for k in keys) and below.dep_ != "amod":
            # "lifting the sanctions"; but "a negotiated end to the war" is no end of talks
            reading.flip()
            if obliged(head, self.lex):  # "the sanctions should be lifted"
                reading.found("call", head)
            elif ready(head, home, reported):  # "ready to lift the sanctions"
                reading.found("commit", head)
        elif below.dep_ == "dobj" and (judged := characterisation(head, below, lex)):
            reading.found("judge", judged[0], judged[1])
        elif any(k in lex.act for k in keys) and obliged(head, self.lex):
            reading.found("call", head)
        elif any(k in lex.act for k in keys) and committed(head, home, reported, self.lex):
            reading.found("commit", head)
        elif takes_part(head, lex) and ready(head, home, reported):
            reading.found("commit", head)  # "stands ready to host talks"
        elif frames_readiness(below, head):
            pass  # "stands ready to": the frame of a readiness already read below
        elif head.pos_ in ("VERB", "AUX", "ADJ") or (head.pos_ == "NOUN" and via is None):
            reading.steps += 1
        if (
            (below.dep_ == "dobj" or via is not None)
            and attitude_sign(keys, lex)
            and ending_complement(head, below, lex) is not None
        ):
            reading.flip()  # "called for the sanctions to be lifted"
        if negated:
            reading.flip()

    def _read_at_cue(
        self, content: Collection[int], cue: Token, below: Token, via: Token | None, r: Reading
    ) -> None:
        """The reporting cue the walk ends at: its side on the content, its own
        characterisation of the object ("denounced the strikes as a threat": one side, not
        two negatives), and an ending said of the object ("called for the sanctions to be
        lifted"). The word after the cue completes it ("called for") unless the content
        already read it — a "for" that opens the content's clause still does."""
        after = cue.doc[cue.i + 1] if cue.i + 1 < len(cue.doc) else cue
        next_word = cue.i + 1 not in content or after.dep_ == "mark"
        characterised = characterisation(cue, below, self.lex) if below.dep_ == "dobj" else None
        sign, kinds = r.sign, len(r.kinds)
        self._read_cue(cue, via, r, next_word)
        cue_read = len(r.kinds) > kinds
        if characterised is not None and not cue_read:
            r.found("judge", *characterised)
        elif characterised is not None:
            if agreeing(r.sign * sign, characterised[1]) is None:  # the cue's own sign
                r.kinds.clear()  # "praised the deal as a threat": no clear side
                return
            r.kinds.append("judge")
        if cue_read and ending_complement(cue, below, self.lex):
            r.flip()

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
