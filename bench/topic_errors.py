"""Topic errors sorted into categories, to see which rule of `extraction/topics.py` to change.

Each wrong topic of an aligned statement (a labelled topic the extractor missed, or one it
added) is put in one category by where the topic's words stand relative to the statement:
in its own words, in the rest of its sentence, in its paragraph, in the paragraph before,
among the article's story topics, or nowhere near. The kind of mention (a person's name, a
theme word, /usa) is added for own-word cases, and `cause` folds the categories into the
causes docs/topics.md counts. Run with `python -m bench.eval_positions --split tune
--topic-errors`.
"""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc

from bench.position_metrics import Labelled
from extraction.topic_index import TopicIndex, TopicMention
from extraction.topics import TopicTagger


def _where(index: TopicIndex, slug: str, start: int, end: int) -> str:
    """Where the nearest mention of `slug` lies, seen from the statement [start, end)."""

    def named(lo: int, hi: int) -> list[TopicMention]:
        return [m for m in index.between(lo, hi) if m.slug == slug]

    own = named(start, end)
    if own:
        m = own[0]
        kind = "person" if index.is_person(m) else "context" if m.context_only else "word"
        return f"own words ({kind}: {index.doc[m.start : m.end].text.lower()})"
    first, last = index.unit_of(start), index.unit_of(max(end - 1, start))
    if named(index.units[first][0], max(index.units[last][1], end)):
        return "its sentence"
    p_start, p_end = index.paragraph_of(start)
    if named(p_start, p_end + 1):
        return "its paragraph"
    before = [p for p in index.paragraphs if p[1] < p_start and p[1] > p[0]]
    if before and named(before[-1][0], before[-1][1] + 1):
        return "paragraph before"
    if slug in index.story:
        return "story topic, not near"
    if named(0, len(index.doc.text)):
        return "elsewhere in the article"
    return "never named"


def categorise(
    tagger: TopicTagger,
    doc: Doc,
    gold: list[Labelled],
    predicted: list[Labelled],
    pairs: list[tuple[int, int]],
    counts: Counter[str],
    name: str,
) -> None:
    """Print this article's topic errors and add them to `counts`."""
    index = tagger.index(doc)
    for gi, pi in pairs:
        g, p = gold[gi], predicted[pi]
        if g.topics == p.topics:
            continue
        start, end = p.span
        snippet = doc.text[start:end][:100].replace("\n", " ")
        for slug in sorted(g.topics - p.topics):
            where = _where(index, slug, start, end)
            counts[f"missed {_kind(tagger, slug)} {_coarse(where)}"] += 1
            counts[f"query {name} {slug}"] += 1
            print(f"- {slug:9} [{where}] {name}: {snippet}")
        for slug in sorted(p.topics - g.topics):
            where = _where(index, slug, start, end)
            counts[f"added {_kind(tagger, slug)} {_coarse(where)}"] += 1
            counts[f"query {name} {slug}"] += 1
            print(f"+ {slug:9} [{where}] {name}: {snippet}")


def _coarse(where: str) -> str:
    if where.startswith("own words"):
        return where.split(":")[0] + ")"
    return where


def _kind(tagger: TopicTagger, slug: str) -> str:
    if slug in tagger.themes:
        return "theme"
    return "usa" if slug in tagger.needs_company else "country"


def cause(category: str) -> str:
    """The cause a category of `categorise` stands for (docs/topics.md, "What is left")."""
    missed, kind = category.startswith("missed"), category.split()[1]
    if not missed:
        if "own words" in category:
            return "added: a word of its own, in passing"
        return "added: borrowed from its passage or the story"
    if "paragraph before" in category:
        return "missed: continues the paragraph before"
    if "its sentence" in category or "its paragraph" in category:
        return "missed: named in its sentence or paragraph, not lent"
    if "own words" in category:
        return "missed: in its own words, not counted"
    if kind == "usa":
        return "missed: /usa of a U.S. story, named far away"
    return "missed: a story topic, named far away"
