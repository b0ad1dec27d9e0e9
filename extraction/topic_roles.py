"""The part a topic mention plays in its clause, read off the parse.

Topic tagging (`extraction/topics.py`) weighs a mention by it: a person as the main
clause's subject is acting as their country's leader, elsewhere they are named in passing;
a theme word inside an organisation's name is not the theme.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from extraction.topic_index import TopicMention

NAME_LABELS = frozenset({"ORG", "FAC", "LAW", "EVENT", "WORK_OF_ART", "PRODUCT"})


def is_main_subject(doc: Doc, mention: TopicMention) -> bool:
    """A person named as the one acting in the statement's main clause ("Trump still wants
    a deal"), not in passing ("a gift to Putin", "as long as Putin believed …")."""
    token = doc[mention.end - 1]
    while token.dep_ in ("compound", "flat", "appos") and token.head.i != token.i:
        token = token.head
    if token.dep_ == "poss":
        token = token.head  # "Trump's administration", "Putin's envoy"
    if token.dep_ not in ("nsubj", "nsubjpass"):
        return False
    head = token.head
    return head.dep_ in ("ROOT", "ccomp", "conj") or head.head.i == head.i


def inside_a_name(doc: Doc, mention: TopicMention) -> bool:
    """A theme word that is part of an organisation's or a law's name."""
    token = doc[mention.start]
    if token.ent_type_ in NAME_LABELS:
        return True
    return token.pos_ == "PROPN" and token.head.pos_ == "PROPN" and token.head.i != token.i


def phrase_tokens(span: Span) -> set[int]:
    """The noun phrase around a source mention, without its relative clauses."""
    root = span.root
    while root.dep_ in ("compound", "appos", "amod") and root.head.i != root.i:
        root = root.head
    tokens = {t.i for t in span}
    stack = [root]
    while stack:
        token = stack.pop()
        tokens.add(token.i)
        stack += [c for c in token.children if c.dep_ not in ("relcl", "acl", "advcl")]
    return tokens
