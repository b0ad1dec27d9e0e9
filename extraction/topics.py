"""Topic tagging with spaCy's PhraseMatcher over the taxonomy's signal words."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from extraction.resources import Topic


class TopicTagger:
    def __init__(self, nlp: Language, topics: tuple[Topic, ...]) -> None:
        self._matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for topic in topics:
            self._matcher.add(topic.slug, [nlp.make_doc(term) for term in topic.terms])

    def tag(self, doc: Doc, spans: tuple[tuple[int, int], ...]) -> tuple[str, ...]:
        found: list[str] = []
        for match_id, start, _end in self._matcher(doc):
            slug = doc.vocab.strings[match_id]
            idx = doc[start].idx
            if any(s <= idx < e for s, e in spans) and slug not in found:
                found.append(slug)
        return tuple(found)
