"""Attaching quotations to statements: the quote stage of attribution finding.

A cue whose content touches a quote is stretched over it (`absorb_quotes`); a quote no
cue claimed is attached, in this order, to a colon introducer ("He stressed: “…”"), to
the statement it follows in the same paragraph ("“A,” he said. “B.”"), to a cue verb
next to it or a vox-pop signature ("― Name"), or, when it opens the next paragraph, to
the previous quoted statement.  Short unclaimed quotes and quoted titles are dropped.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Token

from extraction.mentions import char_span, inverted_subject, source_of
from extraction.quotes import Quote
from extraction.raw import QUOTE_RE, RawAttribution, cue_text, overlaps, start_of, words

MIN_STANDALONE_QUOTE_WORDS = 6
MIN_CUED_QUOTE_WORDS = 2  # "Absolutely not," he said: 5 of 7 such quotes on train are annotated
JOIN_GAP_CHARS = 140
_NEXT_SENTENCE_TOKENS = 8
_OWN_CUE_CHARS = 40
_CLOSERS = "\"”»'"
# between the halves of one split quote there is no sentence end and no colon: "“A,” he
# said. He added: “B.”" are two statements
_SENTENCE_BREAK = re.compile(r"(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!\b[A-Z])[.!?:;](?=\s)")
_DASH_SIGNATURE = re.compile(
    r"[^\S\n]*([―—–]|--|-(?=[^\S\n]))[^\S\n]*([A-Z][^\n,;(]{0,60}?[^\s.,;(])[^\S\n.]*\.?[^\S\n]*(?=\n|$|,|\()"
)


class QuoteLinker:
    """Built once from the cue lemmas and the cue lexicon's settings; its methods are pure
    given their arguments."""

    def __init__(self, cue_lemmas: frozenset[str], cue_lexicon: dict[str, Any]) -> None:
        self.cue_lemmas = cue_lemmas
        settings = cue_lexicon.get("settings", {})
        self.min_quote_words = int(
            settings.get("min_standalone_quote_words", MIN_STANDALONE_QUOTE_WORDS)
        )

    def colon_quote(self, doc: Doc, text: str, q: Quote) -> RawAttribution | None:
        j = q.start
        while j > 0 and text[j - 1].isspace():
            j -= 1
        if j == 0 or text[j - 1] != ":":
            return None
        colon = doc.char_span(j - 1, j, alignment_mode="expand")
        if colon is None:
            return None
        sent = colon[0].sent
        verbs = [t for t in sent if t.i < colon[0].i and t.pos_ in ("VERB", "AUX")]
        for verb in reversed(verbs):
            src = source_of(verb)
            if src is not None:
                return RawAttribution(
                    ((q.start, q.end),), "direct", cue_text(verb), verb.idx, char_span(src), 0.9
                )
        return None

    def adjacent_quote(
        self, doc: Doc, text: str, q: Quote, after_only: bool = False
    ) -> RawAttribution | None:
        """A quote followed or preceded, in its sentence, by a cue verb with a subject.

        Also the vox-pop signature: a quote followed by "― Name" on the same line.  A
        quote ending in ? or ! ends the parser's sentence, so its cue is looked for in
        the next one (`"Are we winning?" Mary Smith said.`).
        """
        n_words = words(text[q.start : q.end])
        if n_words < MIN_CUED_QUOTE_WORDS or is_title(text[q.start : q.end]):
            return None
        if n_words < 3 and not _standalone(text, q):
            return None  # "the so-called “peace plan” was published": a fragment, not speech
        dash = _DASH_SIGNATURE.match(text, q.end)
        if dash is not None:
            return RawAttribution(
                ((q.start, q.end),), "direct", dash.group(1), dash.start(1), dash.span(2), 0.9
            )
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return None
        last_sent = span[-1].sent
        tail = list(last_sent)
        inner = text[q.start : q.end].rstrip(_CLOSERS + "`")
        if (
            inner.endswith(("?", "!"))
            and last_sent.end < len(doc)
            and last_sent.end_char <= q.end + 2
            and "\n" not in text[q.end : doc[last_sent.end].idx]
        ):
            nxt = doc[last_sent.end].sent
            tail += list(nxt)[:_NEXT_SENTENCE_TOKENS]
            if nxt.root.i - nxt.start >= _NEXT_SENTENCE_TOKENS:
                # "“…?” Tom Reed, an economist at Barclays, said.": the cue after a long name
                tail.append(nxt.root)
        after = [t for t in tail if t.idx >= q.end and t.lemma_ in self.cue_lemmas]
        before = [t for t in span[0].sent if t.idx < q.start and t.lemma_ in self.cue_lemmas]
        if after_only:
            # only a cue right after a quote closed in its paragraph: "“B,” he told …"
            if not q.closed_in_paragraph:
                return None
            after = [t for t in after if len(text[q.end : t.idx]) <= _OWN_CUE_CHARS]
        candidates = after[:3] if after_only else after[:3] + list(reversed(before))[:2]
        for verb in candidates:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            src = source_of(verb)
            if (
                (src is None or src.start_char < q.end <= verb.idx)
                and verb.idx >= q.end
                and not _another_clause_between(doc, q.end, verb)
            ):
                src = inverted_subject(verb) or src
            if src is not None and not (q.start <= src.start_char < q.end):
                return RawAttribution(
                    ((q.start, q.end),), "direct", cue_text(verb), verb.idx, char_span(src), 0.8
                )
        return None

    def signed_under_rubric(
        self, doc: Doc, text: str, q: Quote, label: RawAttribution
    ) -> list[RawAttribution]:
        """ "ISRAELI OPPOSITION: “Where is the plan?” opposition leader Yair Lapid asked on
        X": a cue right after a capitals label's quote, with a subject of its own, names who
        speaks; the label was a round-up's rubric (the statement then displaces it)."""
        if label.source is None or not text[slice(*label.source)].isupper():
            return []
        raw = self.adjacent_quote(doc, text, q, after_only=True)
        if raw is None or raw.source is None or raw.source[0] < q.end:
            return []
        return [raw]

    def join_previous(self, text: str, found: list[RawAttribution], q: Quote) -> bool:
        """ "“A,” he said. “B.”": B joins A's statement as a further span (in place)."""
        k = bisect.bisect_left(found, q.start, key=start_of) - 1
        if k < 0 or found[k].source is None:
            return False
        prev = found[k]
        gap = text[prev.content[-1][1] : q.start]
        if "\n" in gap or len(gap) > JOIN_GAP_CHARS or prev.content[-1][1] > q.start:
            return False
        said = text[prev.content[-1][0] : prev.content[-1][1]].rstrip(_CLOSERS)
        if _opens_inside_a_new_sentence(said[-1:] + gap):
            return False  # "“A,” she said. Caracas called it “piracy.”": Caracas's sentence
        if not QUOTE_RE.search(text, prev.content[0][0], prev.content[-1][1] + 2):
            return False
        found[k] = replace(prev, content=(*prev.content, (q.start, q.end)))
        return True

    def continuation(
        self, text: str, found: list[RawAttribution], q: Quote
    ) -> RawAttribution | None:
        """A long quote nobody introduced, in the paragraph after a statement: same speaker."""
        if words(text[q.start : q.end]) < self.min_quote_words or is_title(text[q.start : q.end]):
            return None
        k = bisect.bisect_left(found, q.start, key=start_of) - 1
        if k < 0 or found[k].source is None:
            return None
        prev = found[k]
        if text.count("\n", prev.content[-1][1], q.start) > 2:
            return None
        quoted = QUOTE_RE.search(text, prev.content[0][0], prev.content[-1][1] + 2)
        if quoted is not None and prev.content[-1][1] < q.start:
            # “A,” Adelson said.  ¶ “B …”: the next paragraph's quote goes on the same
            # statement (PolNeAR joins them), as a further span
            found[k] = replace(prev, content=(*prev.content, (q.start, q.end)))
            return None
        return RawAttribution(((q.start, q.end),), "direct", None, None, prev.source, 0.6)


def _another_clause_between(doc: Doc, end: int, verb: Token) -> bool:
    """'told reporters that Tehran "will not negotiate under threat" and called the draft
    "a political document"': a verb after the quote that a conjunction of verbs joins on
    begins a clause of its own, so what follows it is its object, no inverted speaker of
    the quote ("Smith and Jones said" joins speakers, not clauses)."""
    between = [t for t in doc[max(verb.i - 8, 0) : verb.i] if t.idx >= end]
    return any(t.dep_ == "cc" and t.head.pos_ in ("VERB", "AUX") for t in between)


def _opens_inside_a_new_sentence(gap: str) -> bool:
    """Words between the last sentence end of the gap and the quote: another sentence,
    with its own subject, holds the quote — not a further span of the statement before."""
    ends = list(_SENTENCE_BREAK.finditer(gap))  # gap: the statement's last mark, then on
    return bool(ends) and words(gap[ends[-1].end() :]) > 0


def _standalone(text: str, q: Quote) -> bool:
    """A quote that is a whole utterance: it opens its sentence and closes on its own
    punctuation (`"Absolutely not," Harris said`), unlike a quoted fragment."""
    before = text[text.rfind("\n", 0, q.start) + 1 : q.start].rstrip()
    inner = text[q.start : q.end].rstrip(_CLOSERS + "`")
    return (not before or before[-1] in ".!?:") and inner.endswith((",", ".", "!", "?"))


def is_title(quoted: str) -> bool:
    """ "State of the Union", "Face the Nation": a quoted title, not speech."""
    words = [w for w in quoted.split() if w[:1].isalpha() or w[1:2].isalpha()]
    big = [w for w in words if w.strip("\"“«`'")[:1].isupper()]
    return 0 < len(words) <= 8 and len(big) >= len(words) - 2 and len(big) * 3 >= len(words) * 2


def absorb_quotes(
    text: str, found: list[RawAttribution], quotes: list[Quote]
) -> list[RawAttribution]:
    """Stretch contents to the quotes they touch; add the second half of a split quote."""
    out = []
    for r in found:
        spans = list(r.content)
        touched = [q for q in quotes if overlaps(q.start, q.end, r.content)]
        after = next((q for q in quotes if q.start >= spans[-1][1]), None)
        if (
            not touched
            and after is not None
            and r.cue_char is not None
            and r.cue_char < spans[0][0]
            and not text[spans[-1][1] : after.start].strip()
        ):
            # "warned of mass layoffs “if the shutdown goes ahead,” a threat …": the quote
            # right after the content goes on with it, never to the writer's comment
            touched = [after]
        if touched:
            s = min(spans[0][0], touched[0].start)
            e = max(spans[-1][1], touched[-1].end)
            spans = [(s, e)]
            cue = r.cue_char
            split = next(
                (
                    k
                    for k in range(1, len(touched))
                    if touched[k - 1].end <= (cue or -1) < touched[k].start
                ),
                None,
            )
            prv = next((q for q in reversed(quotes) if q.end <= s), None)
            if (
                split is None
                and prv is not None
                and cue is not None
                and prv.end <= cue < s == touched[0].start
                and "\n" not in text[prv.end : s]
                and len(text[prv.end : s]) <= JOIN_GAP_CHARS
                and text[prv.start : prv.end].rstrip(_CLOSERS).endswith(",")
                and not _SENTENCE_BREAK.search(text, prv.end, s)
            ):
                # “We will not,” he said, “accept it.” parsed with the second half as content
                spans = [(prv.start, prv.end), (s, e)]
            if split is not None and s == touched[0].start and e == touched[-1].end:
                # “The guarantees,” he said, “must be …”: the fragments, not "he said"
                spans = [(touched[0].start, touched[split - 1].end), (touched[split].start, e)]
            elif len(spans) == 1 and (aside := _aside(text, r, spans[0], quotes)) is not None:
                # 'The president, she said, "made a promise …"': the clause around "she said"
                spans = [(s, aside[0]), (aside[1], e)]
            nxt = next((q for q in quotes if q.start >= e), None)
            if nxt is not None and r.cue_char is not None and e <= r.cue_char < nxt.start:
                gap = text[e : nxt.start]
                if "\n" not in gap and len(gap) <= JOIN_GAP_CHARS and gap.rstrip().endswith(","):
                    spans.append((nxt.start, nxt.end))
        out.append(replace(r, content=tuple(spans)))
    return out


def _aside(
    text: str, r: RawAttribution, span: tuple[int, int], quotes: list[Quote]
) -> tuple[int, int] | None:
    """The characters of a parenthetical "she said" (its source and cue, commas around)
    inside a content stretched over a quote, when they stand outside every quotation."""
    if r.source is None or r.cue_char is None or r.cue is None:
        return None
    start, end = r.source[0], r.cue_char + len(r.cue)
    if not (span[0] < start < end < span[1]) or r.cue_char < r.source[1]:
        return None
    if any(q.start < end and start < q.end for q in quotes):
        return None
    if text[start - 2 : start].strip() != "," or text[end : end + 1] != ",":
        return None
    return start - 2 + text[start - 2 : start].index(","), end + 1
