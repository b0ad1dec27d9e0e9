"""The source mention of a cue: who, syntactically, is doing the saying.

Works on the parse only; resolving the mention to a speaker is `speakers.py`'s job.
The span returned is the mention *as written* nearest the cue ("He", "the Kremlin
official", "Kremlin spokesman Dmitry Peskov"), trimmed of relative clauses and edge
punctuation, because that is what a reader (and PolNeAR) points at.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
# clauses whose subject is their head's subject: "He laughed, saying …", "and added …"
_INHERIT_DEPS = frozenset({"xcomp", "advcl", "conj", "pcomp", "acl"})
_WHEN = frozenset({"DATE", "TIME"})
_RELATIVE = frozenset({"who", "which", "that", "whom"})
_CUT_DEPS = frozenset({"relcl", "acl", "punct", "cc", "advcl"})
_HYPHENS = frozenset({"-", "‐", "‑"})
_OWNER_LABELS = frozenset({"ORG", "GPE", "NORP"})


def mention_span(head: Token) -> Span:
    """The noun phrase headed by `head`, without relative clauses and edge punctuation."""
    doc = head.doc
    left, right = head.left_edge.i, head.i
    for child in head.rights:
        if child.dep_ in _CUT_DEPS and child.dep_ != "punct":
            break
        if _when(child):
            break  # "NATO defence ministers on Thursday pledged": the day is no part of them
        if child.dep_ == "punct" and child.i > right + 1:
            break
        right = max(right, child.right_edge.i)
    for tok in doc[head.i + 1 : right + 1]:
        if tok.dep_ == "relcl" and tok.head.i > head.i:
            # "Iran's foreign minister, Abbas Araghchi, who was visiting Moscow": the
            # relative clause on the apposition is no part of the name
            right = min(right, tok.left_edge.i - 1)
            break
    while right > left and (doc[right].is_punct or doc[right].is_space):
        right -= 1
    while left > 0:
        prv = doc[left - 1]
        if (
            prv.text in _HYPHENS
            and left >= 2
            and not prv.whitespace_
            and not doc[left - 2].whitespace_
            and doc[left - 2].is_alpha
        ):
            # "Ben-Gvir", "Cuban President Miguel Díaz-Canel": the parser hangs the parts apart
            left = doc[left - 2].left_edge.i
        elif (
            (prv.pos_ == "PROPN" or (prv.pos_ == "ADJ" and prv.text[:1].isupper()))
            and prv.head == head.head
            and prv.dep_ == head.dep_ != "ROOT"
        ):
            left = prv.left_edge.i  # "Itamar Ben-Gvir" parsed as three subjects of one verb
        elif (
            head.pos_ == "NOUN"
            and prv.ent_type_ in _OWNER_LABELS
            and prv.ent_iob_ in ("B", "I")
            and prv.dep_ not in ("pobj", "dobj")
            and prv.whitespace_
            and "\n" not in prv.whitespace_
            and doc[left].ent_type_ != prv.ent_type_
        ):
            # "IAEA chief warns …" in a headline the parser reads with "IAEA" as its verb
            left = prv.i
            while left > 0 and doc[left].ent_iob_ == "I":
                left -= 1
            break
        else:
            break
    while left < right and not any(c.isalnum() for c in doc[left].text):
        left += 1  # punctuation, emoji and flags before the name
    # a mis-split sentence (headline + dateline + lead) must not become one huge mention
    for i in range(head.i - 1, left - 1, -1):
        if "\n" in doc[i].text_with_ws:
            left = i + 1
            break
    for i in range(head.i, right):
        if "\n" in doc[i].text_with_ws:
            right = i
            break
    return doc[left : right + 1]


def _when(child: Token) -> bool:
    """A date or time hung on a noun: "on Thursday", "last week", "earlier this month"."""
    if child.dep_ == "prep":
        objects = [c for c in child.children if c.dep_ == "pobj"]
        return bool(objects) and all(o.ent_type_ in _WHEN for o in objects)
    return child.dep_ in ("npadvmod", "advmod") and child.ent_type_ in _WHEN


def _subject(tok: Token) -> Token | None:
    """The subject of `tok` nearest to it (the parser sometimes gives a verb two)."""
    found: list[Token] = []
    for child in tok.children:
        if child.dep_ in SUBJECT_DEPS:
            found.append(child)
        elif child.dep_ == "agent":  # passive: "… was announced by the ministry"
            found.extend(obj for obj in child.children if obj.dep_ == "pobj")
    if not found:
        return None
    nearest = min(found, key=lambda c: abs(c.i - tok.i))
    return _named_before_description(nearest, found) or nearest


def _named_before_description(nearest: Token, subjects: list[Token]) -> Token | None:
    """ "COGAT, the Israeli military body that oversees aid, rejected …": the parser gives
    the verb both as subjects; the description right after the name's comma is the name's,
    and the name is who acts."""
    doc = nearest.doc
    for name in subjects:
        if (
            name.pos_ == "PROPN"
            and name.i + 2 == nearest.left_edge.i
            and doc[name.i + 1].text == ","
            and nearest.pos_ == "NOUN"
        ):
            return name
    return None


def _misparsed_subject(verb: Token) -> Token | None:
    """ "Belgium demanded guarantees and Hungary threatened to block …": the parser joins
    "Hungary" to the first verb's object and leaves the second verb without a subject. A
    name right before a subjectless verb conjunct, hung as a conjunct itself, is its
    subject."""
    if verb.dep_ != "conj" or verb.i == 0:
        return None
    before = verb.doc[verb.i - 1]
    if before.dep_ == "conj" and before.pos_ == "PROPN" and before.ent_type_ in _NAMED:
        return before
    return None


def _in_content(verb: Token) -> bool:
    """Is `verb` a reported clause whose subject cannot speak ("South America must remain a
    zone of peace")? A cue conjoined to it belongs to the verb that reports it; one
    conjoined to "Machado promised …" is still Machado's."""
    subject = _subject(verb)
    return (
        verb.dep_ == "ccomp"
        and subject is not None
        and subject.pos_ != "PRON"
        and subject.ent_type_ not in _NAMED
    )


def source_of(cue: Token) -> Span | None:
    """The subject of `cue`, climbing through infinitives, participles and conjuncts.

    A relative pronoun ("Peskov, who said …") is returned as written: it is the mention
    nearest the cue; `relative_antecedent` gives the person it stands for.
    """
    tok: Token | None = cue
    for _ in range(4):
        if tok is None:
            break
        subj = _subject(tok) or _misparsed_subject(tok)
        if subj is not None:
            return mention_span(subj)
        if tok.dep_ == "relcl" or (tok.dep_ == "acl" and tok.head.pos_ in ("PROPN", "NOUN")):
            # "the official, quoted as saying …"; "“…,” Trump barked" parsed as a modifier
            return mention_span(tok.head)
        if tok.dep_ == "pcomp" and tok.head.dep_ == "prep" and tok.head.head is not tok.head:
            tok = tok.head.head  # "After saying …, she was": the clause the phrase opens
            continue
        if tok.dep_ in _INHERIT_DEPS and tok.head is not tok:
            if tok is cue and tok.dep_ == "conj" and _in_content(tok.head):
                # "He said South America must remain … and warned that …": the parser hung
                # the second cue on the first one's content; its subject is the first cue's
                tok = tok.head.head
                continue
            tok = tok.head
            continue
        break
    # parse fallback: the nearest subject before the cue among its ancestors' subjects
    for anc in cue.ancestors:
        subj = _subject(anc)
        if subj is not None and subj.i < cue.i:
            return mention_span(subj)
    return None


def inverted_subject(verb: Token) -> Span | None:
    """ "…,” said Victor Cha, a Korea scholar": the parser often misses inverted subjects."""
    for child in verb.rights:
        if child.i > verb.i + 3:
            break
        if child.dep_ in ("npadvmod", "prep", "ccomp", "xcomp") or child.ent_type_ in _WHEN:
            continue  # "said Monday", "said on Friday"
        if child.pos_ in ("PROPN", "NOUN"):
            return mention_span(child)
    return None


def preceding_noun(cue: Token, not_before: int) -> Span | None:
    """ "“…,” Brent Bozell III, founder of X, tells": the parse lost the subject; take the
    nearest name or pronoun between the content (ending at char `not_before`) and the cue."""
    for tok in reversed(cue.doc[max(0, cue.i - 12) : cue.i]):
        if tok.idx < not_before or "\n" in tok.text_with_ws:
            break
        if tok.pos_ in ("PROPN", "PRON") or (tok.pos_ == "NOUN" and tok.dep_ != "npadvmod"):
            head = tok
            while head.dep_ in ("compound", "flat", "appos") and head.head.i < cue.i:
                head = head.head
            return mention_span(head)
    return None


def subject_lost_to_a_phrase(cue: Token) -> Span | None:
    """ "In an interview with a German broadcaster, Ukraine's foreign minister Andrii Sybiha
    said …": the parser hangs the name on the fronted phrase's noun as an apposition and
    leaves the verb without a subject. A proper name in apposition right before the cue is
    that subject."""
    if cue.pos_ != "VERB" or cue.i == 0 or any(c.dep_ in SUBJECT_DEPS for c in cue.children):
        return None
    before = cue.doc[cue.i - 1]
    if before.pos_ == "PROPN" and before.dep_ == "appos" and before.head.i < cue.i:
        return mention_span(before)
    return None


def relative_antecedent(mention: Span) -> Span | None:
    """For a relative pronoun mention ("who"), the noun phrase it stands for."""
    if len(mention) != 1 or mention[0].lower_ not in _RELATIVE:
        return None
    clause = mention[0].head
    return mention_span(clause.head) if clause.dep_ == "relcl" else None


def according_source(tok: Token) -> Span | None:
    """The object of "according to": the source of the clause it modifies."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "to":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return mention_span(obj)
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ == "to":
        for obj in nxt.children:
            if obj.dep_ == "pobj":
                return mention_span(obj)
    return None


def char_span(span: Span | None) -> tuple[int, int] | None:
    return (span.start_char, span.end_char) if span is not None and len(span) else None


def token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None
