"""Statements the page layout gives away, headlines that repeat the body, conversations.

Transcript lines ("PENCE: Well, …"), headline labels ("Lagarde: Inflation is not yet
beaten", a label of up to six words that ends in a name), round-up lines whose label is a
role and a name (`Spain's Prime Minister Pedro Sanchez: "…"`, `EU foreign policy chief
Kaja Kallas: "…"`) and press-review lines (`Name, Outlet: "…"`) are statements of their
label; the quote of such a line is never joined to a statement before it.  A headline
statement the body repeats is the same statement once, kept where the body has it.
A text made of `Name: message` lines is a conversation, not news: it has no statements
(`is_conversation`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extraction.raw import QUOTE_RE, RawAttribution, Spans, trim, words

HEADLINE_REPEAT_DICE = 0.6
MAX_LABEL_WORDS = 6
SHORT_LABEL_WORDS = 3
CONVERSATION_SHARE = 0.6
_LABEL_LINE = re.compile(
    r"^[^\S\n]*[\"“]?([A-Z][\w.\-'’ ]{0,60}?)(,[^\S\n][^\n:\"“]{1,60}?)?:[^\S\n]+(\S[^\n]*)$", re.M
)
_CHAT_LINE = re.compile(r"^[^\S\n]*[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*)?:[^\S\n]+\S", re.M)
_PRIVATE = frozenset({"my", "our", "your", "his", "her", "their", "mom", "mum", "dad"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_LABEL_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "PUNCT", "CCONJ"})
_ROLE_PREPOSITIONS = frozenset({"of", "for"})


def content_words(text: str, spans: Spans) -> set[str]:
    return {w.lower().strip(".,;:!?\"“”«»'`") for s, e in spans for w in text[s:e].split()} - {""}


def drop_repeated_headline(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """A headline statement the body repeats ("Peskov: talks will go on" / "Peskov said the
    talks would go on") is the same statement once, kept where the body has it."""
    first = text.lstrip()
    head_end = len(text) - len(first) + (first.find("\n") if "\n" in first else len(first))
    keep = []
    for r in found:
        if r.content[-1][1] <= head_end:
            words = content_words(text, r.content)
            if any(
                o.content[0][0] > head_end
                and 2 * len(words & (body := content_words(text, o.content)))
                >= HEADLINE_REPEAT_DICE * (len(words) + len(body))
                for o in found
            ):
                continue
        keep.append(r)
    return keep


def is_conversation(text: str) -> bool:
    """A chat or message log ("Anna: are we still on?"): most lines open with a name and a
    colon.  Transcripts in capitals ("PENCE:") are news and are not counted."""
    lines = [line for line in text.splitlines() if line.strip()]
    chat = [m for m in _CHAT_LINE.finditer(text) if not m.group().split(":")[0].isupper()]
    return len(chat) >= 2 and len(chat) >= CONVERSATION_SHARE * len(lines)


def _ends_in_name(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is not None and len(span) > 0 and span[-1].ent_type_ in _NAMED


def _role_and_name(doc: Doc, start: int, end: int) -> bool:
    """A label that is only a name and its role ("EU foreign policy chief Kaja Kallas",
    "Spain's Prime Minister Pedro Sanchez"): it ends in a person's name and holds no verb
    and no preposition but "of"/"for", so "He told Peter Smith" or "In a letter to Reuters"
    is no label."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span) or span[-1].ent_type_ != "PERSON":
        return False
    return all(
        t.pos_ in _LABEL_POS or (t.pos_ == "ADP" and t.lower_ in _ROLE_PREPOSITIONS) for t in span
    )


def speaker_labels(doc: Doc, text: str) -> list[RawAttribution]:
    """Transcript lines, headline labels and press-review lines (see the module docstring).
    `text` is `doc.text`, which spaCy rebuilds on every access."""
    out = []
    lead = len(text) - len(text.lstrip())
    for k, m in enumerate(_LABEL_LINE.finditer(text)):
        label, affiliation = m.group(1).strip(), m.group(2)
        n_words = len(label.split())
        if not label or label.split()[0].lower() in _PRIVATE or n_words > MAX_LABEL_WORDS:
            continue
        headline = k == 0 and m.start() == lead
        quoted = QUOTE_RE.match(m.group(3)) is not None
        transcript = label.isupper() and len(label) > 2 and affiliation is None
        capitalised = all(w[:1].isupper() for w in label.split())
        named = capitalised and _ends_in_name(doc, m.start(1), m.end(1))
        press = quoted and capitalised and affiliation is not None and n_words <= 4
        if not (
            transcript
            or (headline and affiliation is None and (n_words <= SHORT_LABEL_WORDS or named))
            or (quoted and (named or _role_and_name(doc, m.start(1), m.end(1))))
            or press  # `Name, Outlet: "…"`: an opinion round-up
        ):
            continue
        s, e = trim(text, m.start(3), m.end(3))
        if words(text[s:e]) >= 3:
            relation = "label-quoted" if quoted else "label"  # unquoted: verbatim speech
            src = (m.start(1), m.start(1) + len(m.group(1).rstrip()))
            out.append(RawAttribution(((s, e),), "direct", ":", m.end(1), src, 0.7, relation))
    return out
