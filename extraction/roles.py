"""The role a person is given where they are named, whole and as written.

Three shapes: a role before the name ("UN Secretary-General António Guterres", "Kremlin
spokesman Dmitry Peskov"), an apposition after it ("Rafael Grossi, Director General of
the International Atomic Energy Agency"), and the name in apposition to the role ("The
head of the U.N. nuclear watchdog, Rafael Grossi").  Hyphenated words stay joined and
flags or emoji before a role are left out whole.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from extraction.names import HYPHENS, NameRules, fold

_ROLE_DEPS = frozenset({"compound", "amod", "nmod"})
_ROLE_POS = frozenset({"PROPN", "NOUN", "ADJ"})


def _strip_article(text: str) -> str:
    text = text.strip(" ,")
    for det in ("the ", "a ", "an "):
        if text.lower().startswith(det):
            return text[len(det) :]
    return text


def _joined_hyphen(doc: Doc, k: int) -> bool:
    """Token k is a hyphen written without spaces between two words ("Secretary-General")."""
    return (
        doc[k].text in HYPHENS
        and k > 0
        and not doc[k - 1].whitespace_
        and not doc[k].whitespace_
        and doc[k - 1].is_alpha
    )


class RoleReader:
    def __init__(self, rules: NameRules) -> None:
        self.rules = rules
        self.honorifics = rules.female_titles | rules.male_titles | {"dr", "prof"}

    def __call__(self, doc: Doc, first: int, last: int) -> str | None:
        return self.before(doc, first) or self.after(doc, first, last)

    def before(self, doc: Doc, first: int) -> str | None:
        """ "Kremlin spokesman Dmitry Peskov" → "Kremlin spokesman"."""
        k = first - 1
        while k >= 0 and fold(doc[k].text).rstrip(".") in self.honorifics:
            k -= 1  # "President Mr. X" is rare; "Mr." alone is no role
        end = k
        is_role = False
        while k >= 0:
            tok = doc[k]
            if _joined_hyphen(doc, k):
                k -= 1
                continue
            if (
                tok.dep_ == "pobj"
                and k >= 2
                and doc[k - 1].lower_ == "of"
                and tok.head.i == k - 1
                and doc[k - 1].head.i == k - 2
            ):
                k -= 2  # "Deputy Secretary of State Wendy Sherman"
                continue
            if (
                tok.pos_ not in _ROLE_POS
                or tok.ent_type_ == "PERSON"
                or not any(c.isalnum() for c in tok.text)
                or "\n" in tok.whitespace_
            ):
                break
            if tok.dep_ not in _ROLE_DEPS and not (k < end and doc[k + 1].text in HYPHENS):
                break
            is_role = is_role or tok.pos_ == "NOUN" or tok.lower_ in self.rules.roles
            k -= 1
        start = k + 1
        if start > end or not is_role:
            return None
        return doc[start : end + 1].text

    def after(self, doc: Doc, first: int, last: int) -> str | None:
        root = doc[last]
        for child in root.children:
            if child.dep_ == "appos" and (child.pos_ == "NOUN" or child.lower_ in self.rules.roles):
                span = doc[child.left_edge.i : child.right_edge.i + 1]
                return _strip_article(span.text)
        head: Token = root.head
        if root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < first:
            # "The head of the U.N. nuclear watchdog, Rafael Grossi": up to the comma
            end = first - 1
            while end > head.i and (doc[end].is_punct or doc[end].is_space):
                end -= 1
            return _strip_article(doc[head.left_edge.i : end + 1].text)
        return None
