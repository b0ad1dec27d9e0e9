"""Finding topic mentions: the taxonomy's words matched on a document's tokens.

The taxonomy's `terms` go into spaCy `PhraseMatcher`s (on `LOWER`; terms written in
capitals only, "US", "EU", on `ORTH`, so the pronoun "us" is not the USA), its `lemmas` into
one on `LEMMA`. Matching is on whole tokens, never substrings: "Iranian" is a term, so
it matches; "Irania" is not, so it matches nothing. Hyphenated compounds the tokenizer keeps
whole ("U.S.-Russia", "U.S.-brokered") are matched piece by piece. A match inside an `exclude`
phrase ("Latin American", "Persian Gulf") does not count, nor does a dateline ("MOSCOW —").
The matchers run once per document: `TopicTagger` keeps an index of the last document it saw,
so tagging each statement is a few bisections.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from spacy.attrs import IDX
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extraction.resources import Topic
from extraction.transcripts import asked_lines

Spans = tuple[tuple[int, int], ...]
PLACE_OR_PERSON = frozenset({"PERSON", "GPE", "NORP", "LOC"})
_DASHES = frozenset({"—", "–", "--", "-"})


@dataclass(frozen=True)
class TopicMention:
    """One match of a topic's signal words: token range, char offset, kind."""

    slug: str
    start: int
    end: int
    char: int
    context_only: bool = False


class TopicIndex:
    """All topic mentions of one document, with its sentences and paragraphs, for lookups."""

    def __init__(self, doc: Doc, mentions: list[TopicMention]) -> None:
        self.doc = doc
        self.text = doc.text  # spaCy rebuilds `doc.text` from every token on each access
        self.mentions = sorted(mentions, key=lambda m: (m.char, m.slug))
        self.chars = [m.char for m in self.mentions]
        self.paragraphs = _paragraph_bounds(self.text)
        # sentences cut at paragraph breaks: a headline without a full stop runs into the
        # lead's first sentence in the parse, but it is not part of that sentence
        self.units = _units(doc, self.text, self.paragraphs)
        self.unit_starts = [u[0] for u in self.units]
        self.paragraph_starts = [b[0] for b in self.paragraphs]
        # the paragraphs with text (a blank line is a paragraph of no characters)
        self.filled = [p for p in self.paragraphs if p[0] < p[1]]
        self.named = frozenset(m.slug for m in self.mentions if not m.context_only)
        self.named_entities = [e for e in doc.ents if e.label_ in ("PERSON", "ORG", "NORP")]
        # the topics the article is mostly about; set by the tagger
        self.story: frozenset[str] = frozenset()
        self.story_weight: dict[str, int] = {}  # how often each is named, the lead twice
        self.token_slugs: dict[int, str] | None = None
        # countries and capitals by name (lower case), never a person when alone; set by the
        # tagger from the governments table
        self.known_places: frozenset[str] = frozenset()
        self._homes: dict[tuple[str | None, str | None, tuple[int, int] | None], tuple] = {}
        # statement → its anchors: `tag` and `anchors` on the same statement compute once
        self.anchors: dict[tuple, dict[str, tuple[int, ...]]] = {}
        # speaker → (start, topics) of each statement tagged so far, in document order
        self.said: dict[str, list[tuple[int, tuple[str, ...]]]] = {}
        self._place_words: frozenset[str] | None = None
        self._surname_words: frozenset[str] | None = None
        self._other_words: frozenset[str] | None = None

    def between(self, start: int, end: int) -> list[TopicMention]:
        lo = bisect.bisect_left(self.chars, start)
        hi = bisect.bisect_left(self.chars, end)
        return self.mentions[lo:hi]

    def in_spans(self, spans: Spans) -> list[TopicMention]:
        return [m for s, e in spans for m in self.between(s, e)]

    def named_between(self, start: int, end: int) -> dict[str, tuple[int, ...]]:
        """Topic slug → the tokens naming it between two characters (context-only mentions
        left out): the anchors of a sentence read on its own."""
        anchors: dict[str, tuple[int, ...]] = {}
        for m in self.between(start, end):
            if not m.context_only:
                anchors[m.slug] = (*anchors.get(m.slug, ()), m.start)
        return anchors

    def end_of_paragraphs(self, count: int) -> int:
        """Where the first `count` paragraphs with text end (the text's end if it has no
        more): the extent of a story's lead."""
        return self.filled[count][0] if len(self.filled) > count else len(self.text)

    def is_person(self, mention: TopicMention) -> bool:
        """A match on a person's name ("Trump", "Putin", the "Cuban" of Mark Cuban) rather
        than a place or body. The parser's entity type wavers between mentions of one word
        ("Kyiv" is now a place, now a person): a word read as a place more often than as a
        person is a place, unless it is part of a longer name ("Mark Cuban")."""
        token = self.doc[mention.start]
        word = self.doc[mention.start : mention.end].text.lower()
        if token.ent_type_ != "PERSON":
            return word in self._surnames()  # "Cuban said", after "Mark Cuban"
        if token.ent_iob_ == "I":
            return True  # inside "Mark Cuban", "Donald Trump"
        if word in self.known_places and word not in self._surnames():
            return False  # "send ammunition to Kyiv", the parser's one person named Kyiv
        return word not in self._places()

    def is_leader(self, mention: TopicMention) -> bool:
        """A person's name that is the taxonomy's own: "Putin", "Vladimir Putin", "Mr.
        Netanyahu" name the leader; the "Cuban" of Mark Cuban, a full name the taxonomy does
        not hold, is someone else wherever it recurs."""
        word = self.doc[mention.end - 1].text.lower()
        return word not in self._others()

    def _others(self) -> frozenset[str]:
        """Last words of the people named in full whom no topic term names whole."""
        if self._other_words is None:
            whole = {(m.start, m.end) for m in self.mentions}
            self._other_words = frozenset(
                e[-1].text.lower()
                for e in self.doc.ents
                if e.label_ == "PERSON" and len(e) > 1 and (e.start, e.end) not in whole
            )
        return self._other_words

    def _surnames(self) -> frozenset[str]:
        """Last words of the people the document names in full ("Mark Cuban")."""
        if self._surname_words is None:
            self._surname_words = frozenset(
                e[-1].text.lower() for e in self.doc.ents if e.label_ == "PERSON" and len(e) > 1
            )
        return self._surname_words

    def _places(self) -> frozenset[str]:
        """Words of topic mentions the parser reads as places more often than as persons."""
        if self._place_words is None:
            votes: dict[str, int] = {}
            for m in self.mentions:
                kind = self.doc[m.start].ent_type_
                if kind in PLACE_OR_PERSON:
                    word = self.doc[m.start : m.end].text.lower()
                    votes[word] = votes.get(word, 0) + (1 if kind == "PERSON" else -1)
            self._place_words = frozenset(w for w, v in votes.items() if v < 0)
        return self._place_words

    def unit_of(self, char: int) -> int:
        """The index of the sentence (cut at paragraph breaks) holding `char`."""
        return max(bisect.bisect_right(self.unit_starts, char) - 1, 0)

    def paragraph_of(self, char: int) -> tuple[int, int]:
        return self.paragraphs[max(bisect.bisect_right(self.paragraph_starts, char) - 1, 0)]

    def main_story_topics(
        self, candidates: list[str], yields: dict[str, frozenset[str]]
    ) -> list[str]:
        """Of the story topics a target word could join, the one the story names most, and
        those its targets yield the word to ("talks with Putin", in a story about Russia
        and Ukraine, are peace talks on Ukraine, not dialogue with Moscow)."""
        top = max(candidates, key=lambda slug: self.story_weight.get(slug, 0))
        return [slug for slug in candidates if slug == top or slug in yields.get(top, ())]


class TopicMatcher:
    """The taxonomy compiled into spaCy PhraseMatchers; built once per pipeline."""

    def __init__(self, nlp: Language, topics: tuple[Topic, ...]) -> None:
        self._nlp = nlp
        self._lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self._orth = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._pieces: dict[str, set[str]] = {}  # one-word terms, for hyphenated compounds
        for topic in topics:
            for kind, phrases in (
                ("term", topic.terms),
                ("context", topic.context_terms),
                ("exclude", topic.exclude),
            ):
                key = f"{kind}:{topic.slug}"
                for phrase in phrases:
                    cased = phrase.isupper()
                    pattern = nlp.make_doc(phrase)
                    (self._orth if cased else self._lower).add(key, [pattern])
                    if kind == "term" and len(pattern) == 1:
                        self._pieces.setdefault(phrase if cased else phrase.lower(), set()).add(
                            topic.slug
                        )
            for lemma in topic.lemmas:
                words = lemma.lower().split()
                variants = {tuple(words), (words[0].capitalize(), *words[1:])}
                self._lemma.add(
                    f"term:{topic.slug}",
                    [Doc(nlp.vocab, words=list(v), lemmas=list(v)) for v in variants],
                )

    def find(self, doc: Doc) -> list[TopicMention]:
        """Every mention of a topic in `doc`, outside exclusions and datelines."""
        strings = doc.vocab.strings
        raw: list[tuple[str, str, int, int]] = []
        for matcher in (self._lower, self._orth, self._lemma):
            for match_id, start, end in matcher(doc):
                kind, slug = strings[match_id].split(":", 1)
                raw.append((kind, slug, start, end))
        text = doc.text  # rebuilt from every token on each access: read once
        if "-" in text:
            for token in doc:
                if "-" in token.text and len(token.text) > 2:
                    for piece in token.text.split("-"):
                        for slug in self._pieces.get(piece, set()) | self._pieces.get(
                            piece.lower(), set()
                        ):
                            raw.append(("term", slug, token.i, token.i + 1))
        excluded = [(slug, s, e) for kind, slug, s, e in raw if kind == "exclude"]
        cut = _datelines(doc, text)
        mentions: dict[tuple[str, int, int], TopicMention] = {}
        for kind, slug, start, end in raw:
            if kind == "exclude":
                continue
            if any(x == slug and xs <= start and end <= xe for x, xs, xe in excluded):
                continue
            char = doc[start].idx
            if any(a <= char < b for a, b in cut):
                continue
            mentions[(slug, start, end)] = TopicMention(
                slug, start, end, char, context_only=kind == "context"
            )
        return list(mentions.values())

    def slugs_in_text(self, text: str) -> set[str]:
        """Topics whose terms occur in a short text (a speaker's role); no lemmas."""
        doc = self._nlp.make_doc(text)
        found = set()
        for matcher in (self._lower, self._orth):
            for match_id, _s, _e in matcher(doc):
                kind, slug = doc.vocab.strings[match_id].split(":", 1)
                if kind == "term":
                    found.add(slug)
        return found


def _datelines(doc: Doc, text: str) -> list[tuple[int, int]]:
    """Char ranges of datelines ("MOSCOW —", "THE HAGUE —") that open a paragraph."""
    starts = [int(i) for i in doc.to_array(IDX)]
    found = []
    for para_start, _ in _paragraph_bounds(text):
        first = bisect.bisect_left(starts, para_start)
        for i in range(first + 1, min(first + 6, len(doc))):
            token = doc[i]
            if token.text in _DASHES:
                words = [t for t in doc[first:i] if t.is_alpha]
                if words and all(t.is_upper for t in words):
                    found.append((para_start, token.idx + len(token.text)))
                break
    return found


def _paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Char ranges of the text's lines; the line that answers a question ("Q: What does that
    mean for Cuba?" / "A: It is a policy designed to make people suffer") shares the
    question's paragraph, whose subject it takes up without naming it."""
    asked = [start for start, _ in asked_lines(text)]
    bounds: list[tuple[int, int]] = []
    pos, after_question = 0, False
    for line in text.split("\n"):
        end = pos + len(line)
        if after_question:  # blank lines between the two run on to the answer
            bounds[-1] = (bounds[-1][0], end)
            after_question = not line.strip()
        else:
            bounds.append((pos, end))
            if any(pos <= a < end for a in asked):
                after_question = True
        pos = end + 1
    return bounds


def _units(doc: Doc, text: str, paragraphs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Char ranges of the document's sentences (`text` is `doc.text`), cut where a paragraph
    ends."""
    starts = [p[0] for p in paragraphs]
    units = []
    for sent in doc.sents:
        start, end = sent.start_char, sent.end_char
        p = max(bisect.bisect_right(starts, start) - 1, 0)
        while p < len(paragraphs) and paragraphs[p][0] < end:
            lo, hi = max(start, paragraphs[p][0]), min(end, paragraphs[p][1])
            if text[lo:hi].strip():
                units.append((lo, hi))
            p += 1
    return units
