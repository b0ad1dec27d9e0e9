"""What a clause says happens to a target, when the parse hangs it beside the target rather
than above it: the shapes where the walk up from a target's signal word (`position_rules.py`)
would otherwise meet an attitude without the words that turn it round, or turn it twice.

- **An end asked for**: "called for the sanctions on Russia to be lifted", "wants the
  tariffs removed", "the sanctions were eased". A call for a target's end, lifting, halt or
  removal is against it (docs/positions.md, 1.2), also when the target is the object or
  subject and the ending verb its infinitive or passive complement: the parser puts "to be
  lifted" under "called", beside "for the sanctions", not above it.
- **A characterisation that agrees**: "denounced the strikes as a threat to peace",
  "praised the aid as a lifeline". The complement says why the speaker takes the side; it
  is not a second sign to multiply (condemnation × threat is not `for`). The judging word
  itself is found by `position_judgements.py`.
- **A supposition**: what is read inside a condition ("if it wanted peace") or an embedded
  question ("whether we wanted this war") is not asserted, so it takes no side.
- **A combination**: "objected to bundling the Russia measures with new sanctions on Iran",
  "opposed tying aid to border security": the side is on putting the two together, not on
  either of them.
- **A claim**: "rejects the false claim of deliberate starvation", "rejected allegations
  that it was blocking aid" reject a claim; what is read inside it is not asserted.
- **Readiness**: "stands ready to resume negotiations", "was willing to host peace talks",
  "is prepared to return to the talks". The speaker's own side being ready to take part in
  the target is for it (1.2: readiness is a side) — for the verbs of taking part only:
  "ready to respond to any attack" is no side on the attack.
"""

from __future__ import annotations

from spacy.tokens import Token

from extraction.positions_lexicon import PositionLexicon, is_negated, keys_of, to_infinitive

# What is alleged of something, not the thing: rejecting a claim is no side on its matter.
# Not "reports": concern over reports of blockades is concern over the blockades.
CLAIMS = frozenset({"claim", "allegation", "accusation", "charge", "rumour", "rumor", "assertion"})

# Clausal complements that may predicate on a verb's object: "called for X to be lifted"
# (xcomp or advcl), "wants X lifted" (ccomp), "declared X ended" (oprd).
CLAUSAL_DEPS = frozenset({"xcomp", "advcl", "ccomp", "oprd"})
# Verbs of putting two matters together: an objection to them is to the package.
COMBINING = frozenset(
    {"bundle", "link", "tie", "attach", "lump", "package", "pair", "couple", "combine", "merge"}
)
# What a refusal can be of rather than of the act: "will not negotiate under threat".
COERCION = frozenset(
    {"threat", "pressure", "duress", "ultimatum", "fire", "blackmail", "sanction", "coercion",
     "gunpoint", "gun", "dictation"}
)  # fmt: skip
# Subordinators that make a clause a supposition: "if it wanted peace".
CONDITIONS = frozenset({"if", "unless", "whether"})
OWN_ACTORS = frozenset({"nsubj", "nsubjpass", "csubj", "dobj"})
# Verbs that a copula or "stand" turns into a state the subject is in: "is / stands /
# remains ready to".
STATE_VERBS = frozenset({"be", "stand", "remain", "stay", "declare", "say", "seem", "appear"})
READINESS = frozenset({"ready", "prepared", "willing", "open", "eager", "keen", "available"})
READINESS_NOUNS = frozenset({"readiness", "willingness", "openness", "preparedness"})
# What one is ready to do that takes part in the target (beyond the lexicon's action verbs):
# "host talks", "return to the table", "engage in dialogue".
TAKING_PART = frozenset(
    {"host", "hold", "facilitate", "mediate", "broker", "discuss", "consider", "start",
     "begin", "launch", "enter", "return to", "engage in", "join", "participate in",
     "take part in", "sit down", "work on", "work toward", "work towards", "work for",
     "explore", "examine", "study", "offer", "guarantee", "work with", "cooperate",
     "cooperate with", "continue", "keep"}
)  # fmt: skip


def ending_complement(verb: Token, below: Token, lex: PositionLexicon) -> Token | None:
    """The ending word of a clause under `verb` that predicates on `below`, the target's
    phrase the walk came up through: "called for [the sanctions] *to be lifted*". None when
    the clause has its own subject or object (then it is about something else: "urged
    Israel to lift restrictions" is read on its own path) or comes before the target."""
    for child in verb.children:
        if child.dep_ not in CLAUSAL_DEPS or child.i < below.i:
            continue
        if any(c.dep_ in OWN_ACTORS and c.i != below.i for c in child.children):
            continue
        if any(k in lex.reverse for k in keys_of(child, next_word=False)):
            return child
    return None


def ends_its_subject(verb: Token, lex: PositionLexicon) -> bool:
    """Is `verb` an ending said of its subject — "the sanctions (were) lifted", "the talks
    collapsed" — rather than done to an object by it ("the strikes ended the talks")?"""
    if any(c.dep_ == "dobj" for c in verb.children):
        return False
    return any(k in lex.reverse for k in keys_of(verb, next_word=False))


def agreeing(attitude: int, characterisation: int) -> int | None:
    """The side of an attitude verb and its own characterisation of the object
    ("condemned X as dangerous"): the same side once, not multiplied; None when they pull
    apart ("praised X as a threat" is no clear side)."""
    return attitude if attitude == characterisation else None


def takes_part(verb: Token, lex: PositionLexicon) -> bool:
    """Is `verb` a way of taking part in what it governs: an action of the lexicon ("resume
    negotiations") or a verb of taking part ("host talks", "return to the table", "take part
    in talks")?"""
    lemma = verb.lemma_.lower()
    keys = keys_of(verb, next_word=False)
    preps = [c.lower_ for c in verb.children if c.dep_ == "prep"]
    objects = [c.lower_ for c in verb.children if c.dep_ == "dobj"]
    keys += [f"{lemma} {p}" for p in preps] + [f"{lemma} {o} {p}" for o in objects for p in preps]
    return any(k in TAKING_PART or k in lex.act for k in keys)


def readiness_frame(verb: Token) -> Token | None:
    """The word whose subject is ready to do `verb`: "stand" in "we stand ready to resume
    negotiations", "was" in "Ankara was willing to host talks", "readiness" in "expressed
    readiness to resume talks"; else None. Whose readiness it is, `who_is_ready` says."""
    if verb.dep_ not in ("xcomp", "acl") or not to_infinitive(verb):
        return None
    ready = verb.head
    if verb.dep_ == "acl":
        return ready if ready.lemma_.lower() in READINESS_NOUNS else None
    if ready.lemma_.lower() not in READINESS:
        return None
    if ready.dep_ in ("acomp", "oprd"):
        state = ready.head
        return state if state.lemma_.lower() in STATE_VERBS else None
    return ready if ready.pos_ == "ADJ" else None


def who_is_ready(frame: Token) -> list[Token]:
    """The words naming who is ready: the subject of "stands ready"; the owner of a
    readiness ("*its* readiness", "*Washington's* readiness"), else the subject of the verb
    that declares it ("*Tehran* declared its readiness"). Empty when the frame names nobody
    (the speaker's own words: "expressed readiness to resume talks")."""
    subjects = ("nsubj", "nsubjpass")
    if frame.lemma_.lower() not in READINESS_NOUNS:
        return [c for c in frame.children if c.dep_ in subjects]
    owners = [c for c in frame.children if c.dep_ == "poss"]
    declared = frame.dep_ in ("dobj", "pobj")
    declarer = frame.head.head if frame.dep_ == "pobj" else frame.head
    named = [c for c in declarer.children if c.dep_ in subjects] if declared else []
    if owners and named and all(o.pos_ == "PRON" for o in owners):
        return named  # "Washington declared *its* readiness": its is Washington's
    return owners or named


def frames_readiness(below: Token, head: Token) -> bool:
    """Is `head` part of a readiness frame over `below` ("ready" over "to host", "was" over
    "ready", "declared" over "its readiness")? Such words carry the side read below them,
    so crossing them is no neutral step."""
    if head.lemma_.lower() in READINESS | READINESS_NOUNS:
        return below.dep_ in ("xcomp", "acl")
    if below.lemma_.lower() in READINESS_NOUNS:
        return below.dep_ in ("dobj", "pobj")
    return (
        below.dep_ in ("acomp", "oprd")
        and below.lemma_.lower() in READINESS
        and head.lemma_.lower() in STATE_VERBS
    )


def supposed(clause: Token) -> bool:
    """Is the clause a condition ("if it wanted peace") or an embedded question ("whether
    we wanted this war", "asked if Kyiv would accept")? A second conjunct is what its first
    is ("whether Washington was fighting drugs or fighting Maduro")."""
    while clause.dep_ == "conj" and clause.head.i != clause.i:
        clause = clause.head
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    if not marks and clause.dep_ == "csubj":  # "whether A is … or B is the question"
        earlier = [c for c in clause.head.children if c.dep_ == "csubj" and c.i < clause.i]
        marks = {m.lower_ for c in earlier for m in c.children if m.dep_ == "mark"}
    if clause.dep_ == "advcl":
        return bool(marks & CONDITIONS)
    return "whether" in marks or (clause.dep_ == "ccomp" and "if" in marks)


def refused_in_manner(signal: Token, negations: frozenset[str]) -> bool:
    """Is the act the signal names refused only in its manner? "Will not negotiate under
    threat", "no talks under pressure", "would not hold talks at gunpoint", "with a gun to
    its head": a condition set on the talks, not a side against them; the rest of the
    statement says what the side is ("ready to resume talks, but will not negotiate under
    threat" is for them)."""
    acts = [signal] + ([signal.head] if signal.dep_ in ("dobj", "nsubjpass") else [])
    if signal.dep_ == "pobj" and signal.head.dep_ == "prep":
        acts.append(signal.head.head)  # "would not return to talks under threat"
    negated = any(is_negated(act, negations) for act in acts)
    return negated and any(
        (c.dep_ == "prep" and c.lower_ in ("under", "at", "with")
         and any(o.lemma_.lower() in COERCION for o in c.children if o.dep_ == "pobj"))
        or _while_coerced(c)
        for act in acts
        for c in act.children
    )  # fmt: skip


def _while_coerced(clause: Token) -> bool:
    """ "… while the United States threatened new military action": a clause of the time
    the act is refused for, that speaks of a threat or pressure."""
    return (
        clause.dep_ == "advcl"
        and any(c.dep_ == "mark" and c.lower_ == "while" for c in clause.children)
        and (clause.lemma_.lower() == "threaten"
             or any(t.lemma_.lower() in COERCION for t in clause.subtree))
    )  # fmt: skip


def picked_out(noun: Token) -> bool:
    """Does "every" with a relative clause pick out the cases of the noun its predicate
    judges ("every truck that waits at the border is a failure")? "Any deal that left Hamas
    standing would be a surrender" still judges the deal, and so does a noun the clause only
    describes ("the talks, which started a decade ago")."""
    every = any(c.dep_ == "det" and c.lower_ in ("every", "each") for c in noun.children)
    return every and any(c.dep_ == "relcl" for c in noun.children)


def of_a_claim(word: Token, noun: Token) -> bool:
    """Is `word` ("of", "about", a clause) what a claim is about? "Rejects the false claim of
    deliberate starvation", "rejected allegations that it was blocking aid": the claim is
    denied; what is read inside it is the claim's, not the speaker's side."""
    linked = word.dep_ == "prep" and word.lower_ in ("of", "about")
    return (linked or word.dep_ in ("acl", "ccomp")) and noun.lemma_.lower() in CLAIMS


def as_clause(prep: Token, noun: Token) -> bool:
    """ "… as new Ukraine talks open in Geneva", parsed as a phrase: a clause of the scene
    (a modifier after the noun is its predicate); "as a threat to" and "such as" are not."""
    if prep.lower_ != "as" or prep.nbor(-1).lower_ == "such":
        return False
    return any(c.i > noun.i and c.dep_ in ("advmod", "amod", "acl") for c in noun.children)


def attitude_of_copula(verb: Token, via: Token | None) -> Token | None:
    """The adjective a copula's preposition belongs to: in 'the bloc was "deeply concerned"
    by the strikes' the parser hangs "by" on "was", beside the quoted "concerned", so the
    attitude the walk reaches through "by" is the adjective's."""
    if via is None or verb.lemma_.lower() != "be":
        return None
    return next((c for c in verb.children if c.dep_ == "acomp" and c.i < via.i), None)


def on_the_table(verb: Token) -> bool:
    """ "… must be on the table", "remain on the table": put up for talks or kept possible.
    Said of pressure ("export controls must be on the table") it takes no side on it; said
    of an offer ("the invitation should be on the table") it is for it."""
    preps = (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "on")
    return any(g.lemma_.lower() == "table" for c in preps for g in c.children)


def backdrop(clause: Token) -> bool:
    """Is the clause the time of the main act ("keep weapons flowing while talks continue")?
    What governs the main act says nothing of it; what the clause says of itself still
    counts ("while the talks are welcome"). "Until" and "only after" set a condition, which
    is what the speaker asks for ("would agree only after Ukrainian forces had left")."""
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ == "while" for c in clause.children
    )


def no_side_of_ours(token: Token, head: Token, via: Token | None, pressure: bool) -> bool:
    """Does the speaker take no side on what the walk has read, whatever governs it? A
    supposition ("if it wanted peace"), a question ("whether we wanted this war"), a claim
    ("allegations that it was blocking aid"), pressure put up for talks ("controls must be
    on the table"), a combination ("objected to bundling the Russia measures with new
    sanctions on Iran"). `pressure`: the target is itself pressure."""
    return (
        supposed(token)
        or of_a_claim(via or token, head)
        or (pressure and on_the_table(head))
        or combined(head)
    )


def combined(verb: Token) -> bool:
    """Is `verb` one of putting matters together ("bundling", "tying … to")? Whatever
    governs it speaks of the package, not of what is put in it."""
    return verb.pos_ == "VERB" and verb.lemma_.lower() in COMBINING


def beyond_reach(token: Token) -> bool:
    """Does what governs `token` say nothing of it, so the walk ends with what it read? A
    time clause ("keep weapons flowing while talks continue"), or a verb's second conjunct:
    the first conjunct is its sibling, not its governor — in "has always opposed the use of
    force and said they should talk", "opposed" says nothing of the talks; nor is what
    governs the first conjunct sure to reach the second ("should stop sending arms and push
    for a ceasefire" is not against the ceasefire)."""
    return backdrop(token) or (token.dep_ == "conj" and token.pos_ in ("VERB", "AUX"))
