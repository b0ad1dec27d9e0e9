"""Finding attributions (source, cue, content) in a parsed document.

Two evidence streams meet here:

* cue matches from the parse (`cues.py`): a reporting word whose content hangs off it
  by a learned dependency relation; the source is its subject (`mentions.py`);
* quotations from the characters (`quotes.py`): a quote that no cue claimed is
  attached through a colon ("He stressed: “…”"), a neighbouring "he said", or as the
  continuation of the previous speaker's quote; short unclaimed quotes (scare quotes,
  titles) are dropped.

A statement whose content is entirely quoted is `direct`, partly quoted `mixed`,
otherwise `indirect`.  A quote split by "he said" is one statement with two spans.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from extraction.cues import CueLexicon, CueMatch
from extraction.mentions import (
    according_source,
    char_span,
    inverted_subject,
    mention_span,
    preceding_noun,
    source_of,
)
from extraction.model import Kind
from extraction.quotes import Quote, find_quotes

Spans = tuple[tuple[int, int], ...]
_EDGE_PUNCT = ",.;:—–-()[]…!? \n\r\t"
_QUOTE_CHARS = "\"“”«»„`'"
MIN_CONTENT_WORDS = 2
MIN_STANDALONE_QUOTE_WORDS = 6
JOIN_GAP_CHARS = 140
NESTED_SPEECH_PRECISION = 0.7
HEADLINE_REPEAT_DICE = 0.6
SOURCELESS_MIN_PRECISION = 0.5
_OBJECT_RELATIONS = frozenset({"child:dobj"})
_SPEECH_RELATIONS = ("parent:",)
_OBJECT_COMPLEMENTS = frozenset({"prep", "oprd", "xcomp", "ccomp"})
_LABEL_LINE = re.compile(r"^[^\S\n]*[\"“]?([A-Z][\w.\-' ]{1,40}?):[^\S\n]+(\S[^\n]*)$", re.M)
_CLOSERS = "\"”»'"
_QUOTE_RE = re.compile(r"``|''|[\"“”«»„]")
_DASH_SIGNATURE = re.compile(
    r"[^\S\n]*([―—–]|--)[^\S\n]*([A-Z][^\n,;(]{0,60}?[^\s.,;(])[^\S\n.]*\.?[^\S\n]*(?=\n|$|,|\()"
)


@dataclass(frozen=True)
class RawAttribution:
    """An attribution before speaker resolution: spans are char offsets into doc.text."""

    content: Spans
    kind: Kind
    cue: str | None
    cue_char: int | None
    source: tuple[int, int] | None
    precision: float = 1.0
    relation: str = ""


def _words(text: str) -> int:
    return sum(1 for w in text.split() if any(c.isalnum() for c in w))


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start and text[end - 1] in _EDGE_PUNCT:
        end -= 1
    return start, end


def _pieces(doc: Doc, text: str, left: int, right: int, holes: list[tuple[int, int]]) -> Spans:
    """Char spans of tokens left..right (inclusive) minus token ranges in `holes`."""
    out: list[tuple[int, int]] = []
    i = left
    for h_left, h_right in sorted(holes):
        if h_left > i:
            out.append((i, h_left - 1))
        i = max(i, h_right + 1)
    if i <= right:
        out.append((i, right))
    spans = []
    for a, b in out:
        s, e = _trim(text, doc[a].idx, doc[b].idx + len(doc[b].text))
        if e > s:
            spans.append((s, e))
    return tuple(spans)


class AttributionFinder:
    """Built once from the lexicons; `find(doc)` is pure."""

    def __init__(self, lexicons: dict[str, Any]) -> None:
        self.cues = CueLexicon(lexicons)
        settings = lexicons.get("cues", {}).get("settings", {})
        self.colon_verbs = frozenset(lexicons.get("cues", {}).get("colon", {}).get("lemmas", []))
        self.min_quote_words = int(
            settings.get("min_standalone_quote_words", MIN_STANDALONE_QUOTE_WORDS)
        )

    # -- cue matches -------------------------------------------------------------------

    def _content_of(self, m: CueMatch, text: str) -> Spans:
        cue, head = m.cue, m.head
        if m.relation.startswith("parent:"):
            return _pieces(
                cue.doc,
                text,
                head.left_edge.i,
                head.right_edge.i,
                [(cue.left_edge.i, cue.right_edge.i)],
            )
        holes = []
        if head.i > cue.i:  # keep the source and cue out of a right-hand clause
            holes = [
                (t.left_edge.i, t.right_edge.i)
                for t in head.children
                if t.dep_ == "parataxis" and any(c.dep_ in ("nsubj",) for c in t.children)
            ]
        if m.relation == "child:ccomp":
            # "He emphasized that Russia values X and expressed concern over Y": the second
            # verb is the speaker's own act, not part of what he emphasized
            holes += [
                (c.i - 1 if c.nbor(-1).dep_ == "cc" else c.i, c.right_edge.i)
                for c in _coordinated_cues(self.cues, head)
            ]
        right = head.right_edge.i
        if m.relation in _OBJECT_RELATIONS or m.relation.startswith("prep:"):
            # "compares [his struggles to those of …]", "urges [her husband to come out]"
            for sib in cue.rights:
                if (
                    sib.i > right
                    and sib.dep_ in _OBJECT_COMPLEMENTS
                    and sib.left_edge.i == right + 1
                ):
                    right = sib.right_edge.i
        if head.i > cue.i:
            # "said the timing was not intentional; they only learned …": a semicolon
            # after the reported clause starts the writer's own sentence
            semi = next((t.i for t in cue.doc[head.i : right + 1] if t.text == ";"), None)
            right = semi - 1 if semi is not None else right
        return _pieces(cue.doc, text, head.left_edge.i, right, holes)

    def _from_cue(self, m: CueMatch, text: str) -> RawAttribution | None:
        content = self._content_of(m, text)
        if not content or _words(" ".join(text[s:e] for s, e in content)) < MIN_CONTENT_WORDS:
            return None
        outer = _outer_cue(self.cues, m.cue)
        src = source_of(outer if outer is not None else m.cue)
        if src is None and m.cue.pos_ == "NOUN":
            src = next((mention_span(c) for c in m.cue.children if c.dep_ == "poss"), None)
        if src is not None and any(s <= src.start_char < e for s, e in content):
            src = None
        if src is None and content[-1][1] <= m.cue.idx:
            src = preceding_noun(m.cue, content[-1][1]) or inverted_subject(m.cue)
        if src is None and m.precision < SOURCELESS_MIN_PRECISION:
            return None  # a weak cue with nobody doing it is rarely an attribution
        return RawAttribution(
            content,
            "indirect",
            _cue_text(m.cue),
            m.cue.idx,
            char_span(src),
            m.precision,
            m.relation,
        )

    def _according(self, tok: Token, text: str) -> RawAttribution | None:
        if tok.lower_ not in self.cues.according:
            return None
        src = according_source(tok)
        if src is None:
            return None
        clause = tok.head
        while clause.dep_ in ("prep", "pobj") and clause.head is not clause:
            clause = clause.head
        content = _pieces(
            tok.doc,
            text,
            clause.left_edge.i,
            clause.right_edge.i,
            [(tok.left_edge.i, max(tok.right_edge.i, src.end - 1))],
        )
        if not content or _words(" ".join(text[s:e] for s, e in content)) < 3:
            return None
        return RawAttribution(content, "indirect", "according to", tok.idx, char_span(src), 0.9)

    # -- quotes ------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[RawAttribution]:
        text = doc.text
        quotes = find_quotes(text)
        found: list[RawAttribution] = []
        inside = _quoted_chars(quotes)
        for tok in doc:
            if _in(inside, tok.idx):
                continue  # a cue inside a quotation is the speaker's own words
            m = self.cues.match(tok)
            raw = self._from_cue(m, text) if m is not None else None
            if raw is None and tok.lower_ in self.cues.according:
                raw = self._according(tok, text)
            if raw is not None:
                found.append(raw)
        found = _drop_nested_acts(_dedupe(sorted(_absorb_quotes(text, found, quotes), key=_start)))
        for q in quotes:
            if any(_overlaps(q.start, q.end, r.content) for r in found):
                continue
            raw = self._colon_quote(doc, text, q)
            if raw is not None:
                # "He laid out the plan: “…”": the quote, not the object, is what he said
                found = [r for r in found if r.cue_char != raw.cue_char]
            if raw is None and not self._join_previous(text, found, q):
                raw = self._adjacent_quote(doc, text, q) or self._continuation(text, found, q)
                if raw is not None and raw.cue_char is not None:
                    same = next((r for r in found if r.cue_char == raw.cue_char), None)
                    if same is not None and same.content[-1][1] <= q.start:
                        # "called on X to “…”": the quote ends the statement its cue began
                        k = found.index(same)
                        found[k] = replace(same, content=((same.content[0][0], q.end),))
                        continue
            if raw is not None:
                bisect.insort(found, raw, key=_start)
        for raw in _speaker_labels(text):
            if not any(_overlaps(*raw.content[0], r.content) for r in found):
                bisect.insort(found, raw, key=_start)
        found = _drop_repeated_headline(text, found)
        # a transcript line is verbatim speech without quote marks
        return [
            r if r.relation == "label" else replace(r, kind=_kind_of(text, r.content, quotes))
            for r in found
        ]

    def _colon_quote(self, doc: Doc, text: str, q: Quote) -> RawAttribution | None:
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
                    ((q.start, q.end),), "direct", _cue_text(verb), verb.idx, char_span(src), 0.9
                )
        return None

    def _adjacent_quote(self, doc: Doc, text: str, q: Quote) -> RawAttribution | None:
        """A quote followed or preceded, in its sentence, by a cue verb with a subject.

        Also the vox-pop signature: a quote followed by "― Name" on the same line.
        """
        if _words(text[q.start : q.end]) < 3 or _is_title(text[q.start : q.end]):
            return None
        dash = _DASH_SIGNATURE.match(text, q.end)
        if dash is not None:
            return RawAttribution(
                ((q.start, q.end),), "direct", dash.group(1), dash.start(1), dash.span(2), 0.9
            )
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None:
            return None
        last_sent = span[-1].sent
        after = [t for t in last_sent if t.idx >= q.end and t.lemma_ in self.cues.table]
        before = [t for t in span[0].sent if t.idx < q.start and t.lemma_ in self.cues.table]
        for verb in after[:3] + list(reversed(before))[:2]:
            if verb.pos_ not in ("VERB", "AUX"):
                continue
            src = source_of(verb)
            if (src is None or src.start_char < q.end <= verb.idx) and verb.idx >= q.end:
                src = inverted_subject(verb) or src
            if src is not None and not (q.start <= src.start_char < q.end):
                return RawAttribution(
                    ((q.start, q.end),), "direct", _cue_text(verb), verb.idx, char_span(src), 0.8
                )
        return None

    def _join_previous(self, text: str, found: list[RawAttribution], q: Quote) -> bool:
        """ "“A,” he said. “B.”": B joins A's statement as a further span (in place)."""
        k = bisect.bisect_left(found, q.start, key=_start) - 1
        if k < 0 or found[k].source is None:
            return False
        prev = found[k]
        gap = text[prev.content[-1][1] : q.start]
        if "\n" in gap or len(gap) > JOIN_GAP_CHARS or prev.content[-1][1] > q.start:
            return False
        if not _QUOTE_RE.search(text, prev.content[0][0], prev.content[-1][1] + 2):
            return False
        found[k] = replace(prev, content=(*prev.content, (q.start, q.end)))
        return True

    def _continuation(
        self, text: str, found: list[RawAttribution], q: Quote
    ) -> RawAttribution | None:
        """A long quote nobody introduced, in the paragraph after a statement: same speaker."""
        if _words(text[q.start : q.end]) < self.min_quote_words or _is_title(text[q.start : q.end]):
            return None
        k = bisect.bisect_left(found, q.start, key=_start) - 1
        if k < 0 or found[k].source is None:
            return None
        prev = found[k]
        if text.count("\n", prev.content[-1][1], q.start) > 2:
            return None
        quoted = _QUOTE_RE.search(text, prev.content[0][0], prev.content[-1][1] + 2)
        if quoted is not None and prev.content[-1][1] < q.start:
            # “A,” Adelson said.  ¶ “B …”: the next paragraph's quote goes on the same
            # statement (PolNeAR joins them), as a further span
            found[k] = replace(prev, content=(*prev.content, (q.start, q.end)))
            return None
        return RawAttribution(((q.start, q.end),), "direct", None, None, prev.source, 0.6)


def _coordinated_cues(cues: CueLexicon, clause: Token) -> list[Token]:
    """Cue verbs conjoined to a that-clause without their own subject (see `_outer_cue`)."""
    if not any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children):
        return []
    return [
        c
        for c in clause.children
        if c.dep_ == "conj"
        and c.pos_ == "VERB"
        and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        and cues.match(c) is not None
    ]


def _outer_cue(cues: CueLexicon, cue: Token) -> Token | None:
    """For a cue mis-attached inside another cue's that-clause, that other cue."""
    clause = cue.head
    if cue.dep_ != "conj" or clause.dep_ != "ccomp" or cues.match(clause.head) is None:
        return None
    return clause.head if cue in _coordinated_cues(cues, clause) else None


def _is_title(quoted: str) -> bool:
    """ "State of the Union", "Face the Nation": a quoted title, not speech."""
    words = [w for w in quoted.split() if w[:1].isalpha() or w[1:2].isalpha()]
    big = [w for w in words if w.strip("\"“«`'")[:1].isupper()]
    return 0 < len(words) <= 8 and len(big) >= len(words) - 2 and len(big) * 3 >= len(words) * 2


def _content_words(text: str, spans: Spans) -> set[str]:
    return {w.lower().strip(".,;:!?\"“”«»'`") for s, e in spans for w in text[s:e].split()} - {""}


def _drop_repeated_headline(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """A headline statement the body repeats ("Peskov: talks will go on" / "Peskov said the
    talks would go on") is the same statement once, kept where the body has it."""
    first = text.lstrip()
    head_end = len(text) - len(first) + (first.find("\n") if "\n" in first else len(first))
    keep = []
    for r in found:
        if r.content[-1][1] <= head_end:
            words = _content_words(text, r.content)
            if any(
                o.content[0][0] > head_end
                and 2 * len(words & (body := _content_words(text, o.content)))
                >= HEADLINE_REPEAT_DICE * (len(words) + len(body))
                for o in found
            ):
                continue
        keep.append(r)
    return keep


def _speaker_labels(text: str) -> list[RawAttribution]:
    """Transcript lines ("PENCE: Well, look, …") and headline labels ("Clinton: Trump …")."""
    out = []
    for k, m in enumerate(_LABEL_LINE.finditer(text)):
        label = m.group(1)
        headline = k == 0 and m.start() == len(text) - len(text.lstrip())
        if not (label.isupper() and len(label) > 2) and not (headline and len(label.split()) <= 3):
            continue
        s, e = _trim(text, m.start(2), m.end(2))
        if _words(text[s:e]) >= 3:
            out.append(RawAttribution(((s, e),), "direct", ":", m.end(1), m.span(1), 0.7, "label"))
    return out


def _start(r: RawAttribution) -> int:
    return r.content[0][0]


def _quoted_chars(quotes: list[Quote]) -> list[tuple[int, int]]:
    return [(q.start, q.end) for q in quotes]


def _in(intervals: list[tuple[int, int]], char: int) -> bool:
    k = bisect.bisect_right(intervals, (char, 1 << 62)) - 1
    return k >= 0 and intervals[k][0] < char < intervals[k][1]


def _cue_text(tok: Token) -> str:
    parts = [t for t in tok.children if t.dep_ in ("aux", "neg", "prt") and abs(t.i - tok.i) <= 2]
    toks = sorted([tok, *[t for t in parts if t.dep_ == "prt"]], key=lambda t: t.i)
    return " ".join(t.text for t in toks)


def _overlaps(s: int, e: int, spans: Spans) -> bool:
    return any(s < b and a < e for a, b in spans)


def _absorb_quotes(
    text: str, found: list[RawAttribution], quotes: list[Quote]
) -> list[RawAttribution]:
    """Stretch contents to the quotes they touch; add the second half of a split quote."""
    out = []
    for r in found:
        spans = list(r.content)
        touched = [q for q in quotes if _overlaps(q.start, q.end, r.content)]
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
            ):
                # “We will not,” he said, “accept it.” parsed with the second half as content
                spans = [(prv.start, prv.end), (s, e)]
            if split is not None and s == touched[0].start and e == touched[-1].end:
                # “The guarantees,” he said, “must be …”: the fragments, not "he said"
                spans = [(touched[0].start, touched[split - 1].end), (touched[split].start, e)]
            nxt = next((q for q in quotes if q.start >= e), None)
            if nxt is not None and r.cue_char is not None and e <= r.cue_char < nxt.start:
                gap = text[e : nxt.start]
                if "\n" not in gap and len(gap) <= JOIN_GAP_CHARS and gap.rstrip().endswith(","):
                    spans.append((nxt.start, nxt.end))
        out.append(replace(r, content=tuple(spans)))
    return out


def _drop_nested_acts(found: list[RawAttribution]) -> list[RawAttribution]:
    """Drop object-taking cues inside another statement's content.

    "Merz said the EU must [agree] a package", "according to X, Budapest will [veto] any
    measure": verbs of doing, not saying, once they sit inside reported content.  Nested
    *speech* ("said he believed that …") keeps its clause relation and stays.
    """
    keep = []
    for r in found:
        speech = r.relation.startswith(_SPEECH_RELATIONS) or (
            r.relation == "child:ccomp" and r.precision >= NESTED_SPEECH_PRECISION
        )
        cue = r.cue_char
        if (
            cue is not None
            and r.relation
            and not speech
            and any(o is not r and _overlaps(cue, cue + 1, o.content) for o in found)
        ):
            continue
        keep.append(r)
    return keep


def _dedupe(found: list[RawAttribution]) -> list[RawAttribution]:
    """Drop a statement whose content is the same as (or inside) a more precise one's."""
    keep: list[RawAttribution] = []
    for r in found:
        s, e = r.content[0][0], r.content[-1][1]
        clash = next(
            (k for k, o in enumerate(keep) if o.content[0][0] == s and o.content[-1][1] == e), None
        )
        if clash is None:
            keep.append(r)
        elif r.precision > keep[clash].precision:
            keep[clash] = r
    return keep


def _kind_of(text: str, content: Spans, quotes: list[Quote]) -> Kind:
    inside = outside = 0
    for s, e in content:
        i = s
        for q in quotes:
            if q.end <= s or q.start >= e:
                continue
            outside += _words(text[i : max(i, q.start)])
            inside += _words(text[max(q.start, s) : min(q.end, e)])
            i = max(i, q.end)
        outside += _words(text[i:e]) if i < e else 0
    if inside and not outside:
        return "direct"
    return "mixed" if inside else "indirect"


def sentence_of(doc: Doc, char: int) -> Span | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0].sent if span is not None and len(span) else None
