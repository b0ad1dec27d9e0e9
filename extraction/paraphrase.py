"""What a statement reads as when its content is not the speaker's own words.

"Zakharova condemned [the German decision]": the corpus' content span is the object, and
so is the statement's `text`, but "the German decision" alone, in quote marks, says
neither what she did nor that these are her words (they are not). Reported speech is the
same: "Peskov said [Russia would continue its operation]" is the reporter's wording, and
in quote marks it would read as a quotation. Such a statement gets a `display`: the
reporter's words from the cue to the content's end ("condemned the German decision",
"called for a ceasefire", "said Russia would continue its operation"), shown without quote
marks after the speaker's name. The words start at the cue's auxiliaries and negation
("would not recommend any charges", never "recommend any charges") and must read as a
finite verb after the name: a participle hung on the sentence after a comma ("…, adding
that …", "…, urging Trump to …") reads in its simple past ("added that …", "urged Trump to
…"); another cue that does not ("refused to recommend …") or a whole quotation keeps
`display` None. A clause before its cue ("The harbour will reopen, the mayor said") reads
from the cue verb on, the clause after it ("said the harbour will reopen"), when the cue
stands alone: "…, he told reporters" keeps None. Reported speech with a quoted fragment
keeps the fragment's own marks: 'said the strike would "seriously destabilize the region."'
"""

from __future__ import annotations

import re
from itertools import pairwise

from spacy.tokens import Doc, Span, Token

from extraction.raw import RawAttribution

# the content heads that make it a thing named, not a thing said
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# the reporter's words between the cue and its object: "condemned on Tuesday the …"
_MAX_GAP = 60
_MAX_DISPLAY = 400
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})
# words that join a clause to what came before, by length: "However, …", "In addition, …"
_LINKERS: dict[int, list[list[str]]] = {
    1: [[w] for w in ("however", "meanwhile", "still", "moreover", "furthermore", "also")],
    2: [["in", "addition"], ["by", "contrast"]],
    4: [["at", "the", "same", "time"]],
}
# what may stand between two spans of one content read as one: "blamed [X] for [Y]"
_MAX_JOIN = 25
_NO_JOIN = frozenset('.!?;"“”«»\n')
# reporting verbs whose simple past is not regular
_IRREGULAR_PAST = {
    "say": "said", "tell": "told", "speak": "spoke", "write": "wrote", "think": "thought",
    "hold": "held", "make": "made", "give": "gave", "take": "took", "seek": "sought",
    "feel": "felt", "lay": "laid", "set": "set", "put": "put", "read": "read", "hit": "hit",
    "cut": "cut", "let": "let", "quit": "quit", "get": "got", "bring": "brought",
    "find": "found", "keep": "kept", "lead": "led", "leave": "left", "mean": "meant",
    "stand": "stood", "see": "saw", "know": "knew", "begin": "began", "choose": "chose",
    "swear": "swore", "forecast": "forecast", "foresee": "foresaw", "teach": "taught",
}  # fmt: skip
_DOUBLED_PAST = frozenset({"admit", "regret", "commit", "submit", "omit", "refer", "rebut"})
# one syllable ending consonant-vowel-consonant doubles its last letter: "sum", "plan"
_SHORT_CLOSED = re.compile(r"[^aeiou]{1,2}[aeiou][^aeiouwxy]")
# a cue's own object or complement other than the content: "…, he told reporters"
_OWN_OBJECTS = frozenset({"dobj", "dative", "iobj", "xcomp", "attr"})


def reported_words(doc: Doc, text: str, raw: RawAttribution) -> str | None:
    """The cue and its content as the reporter wrote them, or None for a whole quotation
    and a content that does not follow its cue."""
    if raw.kind == "direct" or raw.cue_char is None:
        return None
    if not raw.relation.startswith(("child:", "prep:")):
        return None
    joined = _one_passage(text, raw.content)
    rest = ""
    if joined is None:  # reported in two passages: the first after its cue, then the next
        first, *more = sorted(raw.content)
        joined, rest = first, "".join(f" … {' '.join(text[s:e].split())}" for s, e in more)
    words = _from_the_cue(doc, text, raw, raw.cue_char, *joined)
    return words + rest if words else None


def _from_the_cue(
    doc: Doc, text: str, raw: RawAttribution, cue_char: int, start: int, end: int
) -> str | None:
    """The reporter's words from the cue to `end`, the content's run (see `reported_words`)."""
    span = doc.char_span(start, end, alignment_mode="expand")
    cue = doc.char_span(cue_char, cue_char + 1, alignment_mode="expand")
    if span is None or not len(span) or cue is None or not len(cue):
        return None
    verb = cue[0]
    if end <= cue_char:
        return _said_before(text, span, end, verb) if len(raw.content) == 1 else None
    gap = start - cue_char
    if gap <= 0 or gap > _MAX_GAP or end - cue_char > _MAX_DISPLAY:
        return None
    first = min(
        (c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg")),
        key=lambda t: t.i,
        default=verb,
    )
    if first is verb and _participle_after_comma(verb):
        # "…, adding that the military was ready": "added that the military was ready"
        rest = text[verb.idx + len(verb.text) : end]
        return " ".join(f"{_past_tense(verb)}{rest}".split())
    if first.tag_ not in _FINITE or first.text[:1] in "'’":
        return None  # "he’s claiming …": a clitic cannot open the words after a name
    return " ".join(text[first.idx : end].split())


def _participle_after_comma(verb: Token) -> bool:
    """A cue that is a participle hung on the sentence after a comma: "…, adding that",
    "…, urging Trump to", and one joined to such a participle by "and" ("…, calling them
    protectionism and warning that …")."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "conj", "acl") or verb.i == 0:
        return False
    before = verb.doc[verb.i - 1].lower_
    if before == ",":
        return True
    return before == "and" and verb.dep_ == "conj" and _participle_after_comma(verb.head)


def _past_tense(verb: Token) -> str:
    """The simple past of a reporting verb's participle ("adding" → "added", "saying" →
    "said"), so the words after a name read as a sentence."""
    lemma = verb.lemma_.lower()
    if lemma in _IRREGULAR_PAST:
        return _IRREGULAR_PAST[lemma]
    if lemma in _DOUBLED_PAST or _SHORT_CLOSED.fullmatch(lemma):
        return f"{lemma}{lemma[-1]}ed"  # "summing up" → "summed up"
    if lemma.endswith("e"):
        return f"{lemma}d"
    if lemma.endswith("y") and lemma[-2:-1] not in ("a", "e", "o", "u"):
        return f"{lemma[:-1]}ied"
    return f"{lemma}ed"


def _one_passage(text: str, content: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
    """The content as one run of the reporter's words: its spans, when the words between
    them only join them ("blamed [the embargo] for [the blackout]"); None when a quotation,
    a sentence end or a long aside comes between."""
    if not content:
        return None
    spans = sorted(content)
    for (_, end), (start, _) in pairwise(spans):
        between = text[end:start]
        if len(between) > _MAX_JOIN or any(c in between for c in _NO_JOIN):
            return None
    return spans[0][0], spans[-1][1]


def _said_before(text: str, span: Span, end: int, verb: Token) -> str | None:
    """'The harbour will reopen on Monday, the mayor said': the cue verb, then the clause
    ("said the harbour will reopen on Monday"), when the cue is a bare finite verb (a cue
    with an object of its own, "told reporters", reads wrong without "that" and keeps None)."""
    doc = span.doc
    nominal = span.root.pos_ in _NOMINAL and not _predicate_hung_on_subject(span.root)
    if nominal or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None
    if not verb.is_lower:  # a headline's "Trump Says …": its words are no sentence
        return None
    if not any(t.tag_ in _FINITE for t in span):  # "Not important enough, I guess"
        return None
    if any(c.dep_ in _OWN_OBJECTS or c.dep_ in ("aux", "neg") for c in verb.children):
        return None
    between = doc[span.end : verb.i]
    if not len(between) or between[0].text not in (",", "—", "–") or len(between) > 8:
        return None  # "…, the mayor said", not a content run into its cue
    first = _clause_start(span)
    if first is None:
        return None
    words = " ".join(text[first.idx : end].split()).rstrip(",;:—– ")
    words = _as_in_a_sentence(first, words)
    if len(words) > _MAX_DISPLAY:
        return None
    return f"{verb.text} {words}"


def _predicate_hung_on_subject(noun: Token) -> bool:
    """ "The resolution, sponsored by four states, passed with 19 votes": the parser may hang
    the clause's finite verb on its long subject as a modifier; a modifier in the past or
    present tense without "that" or "which" is that predicate, not a description."""
    return any(
        c.dep_ == "acl"
        and c.tag_ in ("VBD", "VBZ", "VBP")
        and not any(g.tag_ in ("WDT", "WP") or g.lower_ == "that" for g in c.children)
        for c in noun.children
    )


def _clause_start(span: Span) -> Token | None:
    """The clause's first word after what only joins it to the text before: a dateline
    ("WASHINGTON — "), a conjunction ("But"), a linking word and its comma ("However,",
    "In addition,")."""
    tokens = list(span)
    while tokens:
        head = tokens[0]
        linker = next((n for n in _LINKERS if [t.lower_ for t in tokens[:n]] in _LINKERS[n]), 0)
        if head.dep_ == "cc" or (head.is_punct and not head.is_quote):
            tokens = tokens[1:]
        elif linker:
            tokens = tokens[linker:]
            if tokens and tokens[0].text == ",":
                tokens = tokens[1:]
        elif head.is_upper and len(head) > 1 and any(t.text in "—―–-" for t in tokens[1:4]):
            dash = next(i for i, t in enumerate(tokens[1:4], 1) if t.text in "—―–-")
            tokens = tokens[dash + 1 :]
        else:
            return head
    return None


def _as_in_a_sentence(first: Token, words: str) -> str:
    """The clause as it reads after "said": its capital dropped when the first word is a
    common word (a noun no entity covers, the same word in lower case elsewhere, or a
    function word), kept for a name ("Trump", "NATO") and "I"."""
    if first.text == "I" or first.pos_ == "PROPN" or not first.text[:1].isupper():
        return words
    lower = first.lower_
    common = first.pos_ == "NOUN" and not first.ent_type_  # "Oil prices rose"
    if common or first.is_stop or any(t.text == lower for t in first.doc):
        return words[0].lower() + words[1:]
    return words
