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
_OWNER_LABELS = frozenset({"GPE", "ORG", "NORP"})
_POSSESSIVE = frozenset({"'s", "’s"})
# lower-case words a title-cased role may hold: "Director of National Intelligence"
_ROLE_JOINERS = frozenset({"of", "the", "for", "and", "on", "at"})
_DETERMINERS = ("the ", "a ", "an ", "its ", "his ", "her ", "their ")
_MAX_ROLE_TOKENS = 12


def _strip_article(text: str) -> str:
    """ "the council's deputy leader" → "council's deputy leader"; "its finance chief" →
    "finance chief": the role, not the writer's pointer to it."""
    text = text.strip(" ,")
    for det in _DETERMINERS:
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


def _with_owner(doc: Doc, start: int) -> int:
    """ "Iran's Foreign Minister Abbas Araghchi": the role is the country's; the start of
    the owner when a named place or body owns the role starting at `start`."""
    if (
        start >= 2
        and doc[start - 1].text in _POSSESSIVE
        and doc[start - 2].ent_type_ in _OWNER_LABELS
        and "\n" not in doc[start - 2].whitespace_
    ):
        owner = start - 2
        while owner > 0 and doc[owner].ent_iob_ == "I":
            owner -= 1
        return owner
    return start


class RoleReader:
    def __init__(self, rules: NameRules) -> None:
        self.rules = rules
        # forms of address, no role ("Qatar's prime minister, Sheikh Mohammed …")
        self.honorifics = rules.female_titles | rules.male_titles | {"dr", "prof"}

    def __call__(self, doc: Doc, first: int, last: int) -> str | None:
        return (
            self.before(doc, first) or self.after(doc, first, last) or self.title_case(doc, first)
        )

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
            line_start = k == 0 or "\n" in doc[k - 1].text_with_ws
            if (
                tok.dep_ not in _ROLE_DEPS
                and not (k < end and doc[k + 1].text in HYPHENS)
                and not (line_start and tok.pos_ == "PROPN" and k < end)
            ):
                # a label line's "ECB President Christine Lagarde:" has the parser's root
                # on "ECB": a name opening the line before the role is the role's owner
                break
            is_role = is_role or tok.pos_ == "NOUN" or tok.lower_ in self.rules.roles
            k -= 1
        start = k + 1
        if start > end or not is_role:
            return None
        start = _with_owner(doc, start)
        return doc[start : end + 1].text

    def title_case(self, doc: Doc, first: int) -> str | None:
        """A title-cased role the parser did not hang on the name ("Senior Vice-President
        of the European Commission Teresa Ribera", "Director of National Intelligence
        Tulsi Gabbard"): the capitalised run before the name, with the lower-case joiners
        inside it, holding a person's role noun."""
        k = first - 1
        while k >= 0 and fold(doc[k].text).rstrip(".") in self.honorifics:
            k -= 1
        end = k
        start = first
        has_role = False
        while k >= 0 and end - k < _MAX_ROLE_TOKENS:
            tok = doc[k]
            if "\n" in tok.whitespace_ or tok.ent_type_ == "PERSON" or tok.pos_ == "VERB":
                break
            if _joined_hyphen(doc, k):
                k -= 1
                continue
            if tok.text[:1].isupper() and tok.is_alpha and tok.pos_ in _ROLE_POS:
                has_role = has_role or any(
                    part in self.rules.roles for part in fold(tok.text).split("-")
                )
                start = k
            elif (
                tok.lower_ not in _ROLE_JOINERS
                or k == 0
                or not (doc[k - 1].text[:1].isupper() or doc[k - 1].lower_ in _ROLE_JOINERS)
            ):
                break
            k -= 1
        if not has_role or start > end:
            return None
        return doc[_with_owner(doc, start) : end + 1].text

    def after(self, doc: Doc, first: int, last: int) -> str | None:
        root = doc[last]
        comma = last + 1 < len(doc) and doc[last + 1].text == ","
        for child in root.children:
            # only an apposition set off by a comma: "Harris: no deadline …" is a headline
            if (
                comma
                and child.dep_ == "appos"
                and (child.pos_ == "NOUN" or child.lower_ in self.rules.roles)
            ):
                right = child.i
                for c in child.rights:
                    nxt = doc[c.i + 1] if c.i + 1 < len(doc) else None
                    if c.dep_ in ("cc", "conj", "relcl") or (
                        c.is_punct and nxt is not None and nxt.dep_ in ("cc", "conj")
                    ):
                        break  # "Ms Lind, the deputy leader, and Mr Berg, …": her role only
                    right = c.right_edge.i
                return _strip_article(doc[child.left_edge.i : right + 1].text)
        head: Token = root.head
        if root.dep_ == "appos" and head.pos_ == "NOUN" and head.i < first:
            # "The head of the U.N. nuclear watchdog, Rafael Grossi": up to the comma, and
            # from the noun the role hangs from ("The port of Rotterdam's chief executive")
            while head.dep_ == "pobj" and head.head.dep_ == "prep" and head.head.head.i < head.i:
                head = head.head.head
            end = first - 1
            while end > head.i and (
                doc[end].is_punct
                or doc[end].is_space
                or fold(doc[end].text).rstrip(".") in self.honorifics
            ):
                end -= 1
            return _strip_article(doc[head.left_edge.i : end + 1].text)
        return None
