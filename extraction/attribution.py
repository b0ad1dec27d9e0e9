"""Finding attributions (source, cue, content) in a parsed document: the cue stage.

Cue matches come from the parse (`cues.py`): a reporting word whose content hangs off it
by a learned dependency relation; the source is its subject (`mentions.py`), the text it
reports is cut by `reported_clause.py`, and the matches that are no statement are
`cue_filters.py`'s. Quotations (`quotes.py`) are then attached by `quote_links.py`, and
layout statements (transcript lines, headline labels) by `layout.py`. A statement whose
content is entirely quoted is `direct`, partly `mixed`, otherwise `indirect`; a quote split
by "he said" is one statement with two spans.
"""

from __future__ import annotations

import bisect
from dataclasses import replace
from typing import Any

from spacy.tokens import Doc, Span, Token

from extraction.content import exact
from extraction.cue_filters import (
    NESTED_SPEECH_PRECISION,
    comment_after_quote,
    dedupe,
    drop_nested_acts,
    no_statement,
    refusal_to_say,
)
from extraction.cues import CueLexicon, CueMatch
from extraction.headline_subject import shared_subject
from extraction.layout import (
    drop_repeated_headline,
    headline_end,
    headline_fragment,
    is_conversation,
    speaker_labels,
)
from extraction.mentions import (
    according_source,
    char_span,
    inverted_subject,
    mention_span,
    preceding_noun,
    source_of,
    subject_lost_to_a_phrase,
)
from extraction.name_rules import NameRules
from extraction.questions import Questions
from extraction.quote_links import QuoteLinker, absorb_quotes
from extraction.quotes import find_quotes, in_intervals, kind_of, quoted_chars
from extraction.raw import (
    RawAttribution,
    bare_thing,
    cue_text,
    overlaps,
    spans_without,
    start_of,
    token_pieces,
    words,
)
from extraction.reported_clause import content_of, outer_cue, sourcing
from extraction.timestamps import is_stamp
from extraction.transcripts import (
    ASKED,
    TRANSCRIPT,
    answer_lines,
    asked_lines,
    continued_answers,
    questions,
    rubrics,
)

__all__ = ["AttributionFinder", "RawAttribution"]

MIN_CONTENT_WORDS = 2
SOURCELESS_MIN_PRECISION = 0.5


class AttributionFinder:
    """Built once from the lexicons; `find(doc)` is pure."""

    def __init__(self, lexicons: dict[str, Any]) -> None:
        self.cues = CueLexicon(lexicons)
        self.questions = Questions(lexicons.get("cues", {}))
        speakers = lexicons.get("speakers", {})
        self.names = NameRules(speakers)
        self.documents = frozenset(str(w) for w in speakers.get("document_nouns", []))
        self.cited = frozenset(str(w) for w in speakers.get("citing_verbs", ["cite", "quote"]))
        # who may be named after a headline's "says": "…, says official", "…, says report"
        self.sayers = self.names.roles | self.names.org_words | self.documents
        self.quotes = QuoteLinker(frozenset(self.cues.table), lexicons.get("cues", {}))

    # -- cue matches -------------------------------------------------------------------

    def _cited_document(self, cue: Token) -> Span | None:
        """ "citing a statement by the army": a participle citing a document names who
        issued the statement it comes with; the citing itself is no statement."""
        if cue.tag_ != "VBG" or cue.lemma_.lower() not in self.cited or cue.dep_ != "advcl":
            return None
        for obj in cue.children:
            if obj.dep_ == "dobj" and obj.lemma_.lower() in self.documents:
                for prep in obj.children:
                    if prep.dep_ == "prep" and prep.lower_ in ("by", "from"):
                        author = next((c for c in prep.children if c.dep_ == "pobj"), None)
                        if author is not None:
                            return mention_span(author)
        return None

    def _from_cue(self, m: CueMatch, text: str) -> RawAttribution | None:
        if self.questions.put_to(m.cue) or no_statement(m, self.cues):
            return None
        content = content_of(self.cues, m, text)
        if not content or words(" ".join(text[s:e] for s, e in content)) < MIN_CONTENT_WORDS:
            return None
        if m.relation.startswith("parent:") and comment_after_quote(m.cue, text, content):
            return None
        if self._cited_document(m.cue) is not None:
            return None  # "…, state media reported, citing a statement by the army"
        outer = outer_cue(self.cues, m.cue)
        src = source_of(outer if outer is not None else m.cue)
        issuer = next(
            (
                self._cited_document(c)
                for c in m.cue.children
                if c.dep_ == "advcl" and self._cited_document(c) is not None
            ),
            None,
        )
        if issuer is not None:
            # the outlet that reported, citing X's statement, only carried it: X said it
            src = issuer
        if (speaker := shared_subject(m.cue, src, self.sayers)) is not None and src is not None:
            # "Iran rejects IAEA resolution, says cooperation with inspectors under review"
            content = token_pieces(m.cue.doc, text, src.start, m.cue.right_edge.i, [])
            src = mention_span(speaker)
        if src is None and m.cue.pos_ == "NOUN":
            src = next((mention_span(c) for c in m.cue.children if c.dep_ == "poss"), None)
        if src is None:
            # "But Trump claims that …" parsed as a noun compound: the name is the subject
            src = next(
                (
                    mention_span(c)
                    for c in m.cue.lefts
                    if c.dep_ in ("compound", "dep") and c.pos_ in ("PROPN", "PRON")
                ),
                None,
            )
        if src is not None and any(s <= src.start_char < e for s, e in content):
            # "…, which he said were accompanied by …": source and cue are cut out of it
            content = spans_without(text, content, src.start_char, m.cue.idx + len(m.cue.text))
            if not content or words(" ".join(text[s:e] for s, e in content)) < MIN_CONTENT_WORDS:
                return None
            if any(s <= src.start_char < e for s, e in content):
                src = None
        if src is None and content[-1][1] <= m.cue.idx:
            src = preceding_noun(m.cue, content[-1][1]) or inverted_subject(m.cue)
        src = src or subject_lost_to_a_phrase(m.cue)
        if src is not None and is_stamp(src.text):
            src = None  # "13:30 GMT": when the entry was posted, never who spoke
        if m.precision < SOURCELESS_MIN_PRECISION and (src is None or bare_thing(src)):
            # a weak cue with nobody doing it is rarely an attribution, nor one done by a
            # bare thing: "Ceasefire talks resume in Cairo" is a headline, not speech
            return None
        return RawAttribution(
            content,
            "indirect",
            cue_text(m.cue),
            m.cue.idx,
            char_span(src),
            m.precision,
            m.relation,
            not refusal_to_say(m, self.cues.refusing, self.cues.withheld),
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
        said = self.cues.match(clause)
        if (
            src.root.lemma_.lower() in self.documents
            and said is not None
            and said.precision >= NESTED_SPEECH_PRECISION
            and source_of(clause) is not None
        ):
            # "Hezbollah said …, according to a statement reported by Al Manar": the
            # document the speaker's own statement was carried in, no statement of its own
            return None
        content = token_pieces(
            tok.doc,
            text,
            clause.left_edge.i,
            clause.right_edge.i,
            [(tok.left_edge.i, max(tok.right_edge.i, src.end - 1))],
        )
        if not content or words(" ".join(text[s:e] for s, e in content)) < 3:
            return None
        return RawAttribution(content, "indirect", "according to", tok.idx, char_span(src), 0.9)

    # -- quotes ------------------------------------------------------------------------

    def find(self, doc: Doc) -> list[RawAttribution]:
        text = doc.text
        if is_conversation(text):
            return []  # a chat log quotes nobody for the record
        quotes = find_quotes(text)
        found: list[RawAttribution] = []
        quoted = quoted_chars(quotes)
        sourcing_at: set[int] = set()  # "according to" phrases inside a speaker's own clause
        for tok in doc:
            if in_intervals(quoted, tok.idx):
                continue  # a cue inside a quotation is the speaker's own words
            m = self.cues.match(tok)
            raw = self._from_cue(m, text) if m is not None else None
            if raw is not None and m is not None and raw.source is not None:
                sourcing_at.update(t.idx for t in sourcing(self.cues, m))
            if raw is None and tok.lower_ in self.cues.according:
                raw = self._according(tok, text)
            if raw is not None:
                found.append(raw)
        # the speaker cites X: X's "according to" is part of the speaker's statement
        found = [r for r in found if r.cue != "according to" or r.cue_char not in sourcing_at]
        found = sorted(absorb_quotes(text, found, quotes), key=start_of)
        found = drop_nested_acts(dedupe(found))
        labels = speaker_labels(doc, text) + answer_lines(doc, text, self.names)
        labels = continued_answers(text, sorted(labels, key=start_of))
        for q in quotes:
            if any(overlaps(q.start, q.end, r.content) for r in found):
                continue  # claimed by a cue
            label = next((r for r in labels if overlaps(q.start, q.end, r.content)), None)
            if label is not None:  # the quote of a label ("Merz: “…”"), unless signed after
                for raw in self.quotes.signed_under_rubric(doc, text, q, label):
                    bisect.insort(found, raw, key=start_of)
                continue
            raw = self.quotes.colon_quote(doc, text, q)
            if raw is not None:
                # "He laid out the plan: “…”": the quote, not the object, is what he said
                found = [r for r in found if r.cue_char != raw.cue_char]
            if raw is None:
                # "“A,” he said. “B,” she replied.": B's own cue wins over joining A
                raw = self.quotes.adjacent_quote(doc, text, q, after_only=True)
            if raw is None and not self.quotes.join_previous(text, found, q):
                raw = self.quotes.adjacent_quote(doc, text, q) or self.quotes.continuation(
                    text, found, q
                )
                if raw is not None and raw.cue_char is not None:
                    same = next((r for r in found if r.cue_char == raw.cue_char), None)
                    if same is not None and same.content[-1][1] <= q.start:
                        # "called on X to “…”": the quote ends the statement its cue began
                        k = found.index(same)
                        found[k] = replace(same, content=((same.content[0][0], q.end),))
                        continue
            if raw is not None:
                bisect.insort(found, raw, key=start_of)
        found = self.questions.drop_asked(doc, found)
        asked = asked_lines(text)
        found = [r for r in found if not any(_inside(r, line) for line in asked)]
        found = sorted(found + questions(text, asked), key=start_of)
        rubric = rubrics(doc, labels, found)
        for raw in labels:
            if any(_inside(raw, line) for line in asked):
                continue  # "MONTALBÁN: Including a bombing campaign?": the interviewer asks
            if raw.content[0] in rubric:
                continue  # "IRAN: Foreign ministry spokesman Esmail Baghaei said …"
            if raw.relation == TRANSCRIPT:
                # "PESKOV: The president has said he does not refuse a meeting. But …": the
                # whole answer is the speaker's, what it reports included
                found = [r for r in found if not any(_inside(r, s) for s in raw.content)]
            if not any(overlaps(*raw.content[0], r.content) for r in found):
                bisect.insort(found, raw, key=start_of)
        head_end = headline_end(text)
        whole = tuple((q.start, q.end) for q in quotes)
        found = [
            replace(r, said=False) if headline_fragment(doc, r, head_end, whole) else r
            for r in found
        ]
        found = exact(text, drop_repeated_headline(text, found), quotes)
        # a transcript line is verbatim speech without quote marks
        return [
            r
            if r.relation in ("label", TRANSCRIPT, ASKED)
            else replace(r, kind=kind_of(text, r.content, quotes))
            for r in found
        ]


def _inside(raw: RawAttribution, span: tuple[int, int]) -> bool:
    return all(span[0] <= s and e <= span[1] for s, e in raw.content)
