"""Statements the page layout gives away, headlines that repeat the body, conversations.

Transcript lines ("PENCE: Well, …"), headline labels ("Lagarde: Inflation is not yet
beaten", a label of up to six words that ends in a name), round-up lines whose label is a
role and a name (`Spain's Prime Minister Pedro Sanchez: "…"`, `EU foreign policy chief
Kaja Kallas: "…"`, also after a list's dash or bullet) and press-review lines (`Name,
Outlet: "…"`) are statements of their label; the quote of such a line is never joined to a
statement before it.  A headline statement the body repeats is the same statement once,
kept where the body has it.
A text made of `Name: message` lines is a conversation, not news: it has no statements
(`is_conversation`).  A banner before the colon ("LIVE:", "BREAKING:") is no label, and a
cue inside a headline counts only in the "X says …" form or with a whole quotation
(`headline_fragment`).
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from extraction.raw import QUOTE_RE, RawAttribution, Spans, trim, words
from extraction.transcripts import ASKERS, TRANSCRIPT, named_before, transcript_label

HEADLINE_REPEAT_DICE = 0.6
MAX_LABEL_WORDS = 6
SHORT_LABEL_WORDS = 3
CONVERSATION_SHARE = 0.6
MAX_CHAT_WORDS = 20  # a chat message is a line of a few words, not a paragraph
# a line may open with a list's bullet, dash or number: `— EU foreign policy chief Kaja
# Kallas: "…"`, `1. Emmanuel Macron, French president: "…"`
_LABEL_LINE = re.compile(
    r"^[^\S\n]*(?:(?:[—–•*·-]|\d{1,2}[.)])[^\S\n]+)?"
    r"[\"“]?([A-Z][\w.\-'’ ]{0,60}?)(,[^\S\n][^\n:\"“]{1,60}?)?:"
    r"[^\S\n]+(\S[^\n]*)$",
    re.M,
)
_CHAT_LINE = re.compile(r"^[^\S\n]*[A-Z][\w.'’\-]*(?: [A-Z][\w.'’\-]*)?:[^\S\n]+\S", re.M)
_PRIVATE = frozenset({"my", "our", "your", "his", "her", "their", "mom", "mum", "dad"})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "NORP"})
_LABEL_POS = frozenset({"PROPN", "NOUN", "ADJ", "DET", "PART", "PUNCT", "CCONJ"})
_ROLE_PREPOSITIONS = frozenset({"of", "for"})
MAX_HEADLINE_WORDS = 20
MAX_STOPPED_HEADLINE_WORDS = 12
_ENDS = (".", "!", "?", ";", "…")
_SUBORDINATE = frozenset({"advcl", "conj", "relcl", "acl"})
_FINITE = frozenset({"VBP", "VBZ", "VBD"})
_PLACES = frozenset({"GPE", "LOC"})
# Marks that open a list item (a dash may open a transcript's line, so it is not one).
_BULLETS = frozenset("•*·")
_WEAK = 0.5
# a live page's or a channel's banner before the colon is no speaker: "LIVE: talks in …"
_BANNERS = frozenset(
    [
        "live",
        "breaking",
        "watch",
        "update",
        "updates",
        "exclusive",
        "analysis",
        "opinion",
        "explainer",
        "video",
        "photos",
        "factbox",
        "timeline",
        "urgent",
        "flash",
        "alert",
        "latest",
        "clarification",
        "correction",
        "interview",
        "excerpts",
        "transcript",
        "text",
        # a fact check's rubrics: "CLAIM: “…” - Name", "VERDICT: Misleading. …"
        "claim",
        "verdict",
        "rating",
    ]
)


def content_words(text: str, spans: Spans) -> set[str]:
    return {w.lower().strip(".,;:!?\"“”«»'`") for s, e in spans for w in text[s:e].split()} - {""}


def drop_repeated_headline(text: str, found: list[RawAttribution]) -> list[RawAttribution]:
    """A headline statement the body repeats ("Peskov: talks will go on" / "Peskov said the
    talks would go on") is the same statement once, kept where the body has it; so is one
    whose words the body's statement holds all of and more ('Beijing vows "firm
    countermeasures"' / 'vowed to take "firm countermeasures" after Washington …')."""
    head_end = headline_end(text)  # a lead sentence that ends in a full stop is no headline
    keep = []
    for r in found:
        if r.content[-1][1] <= head_end:
            words = content_words(text, r.content)
            if any(
                o.content[0][0] > head_end
                and (
                    2 * len(words & (body := content_words(text, o.content)))
                    >= HEADLINE_REPEAT_DICE * (len(words) + len(body))
                    or (len(words) >= 2 and words <= body)
                )
                for o in found
            ):
                continue
        keep.append(r)
    return keep


def headline_end(text: str) -> int:
    """Where the headlines above an article's body end: its first lines that are short
    and end in no full stop, "!" or "?" (a lead paragraph does; a headline does not), the
    first line also when it is shorter than a lead ("Poll: Clinton and Trump in dead
    heat.").  0 when no body follows: a lone sentence is no headline."""
    at = 0
    for m in re.finditer(r"[^\n]+", text):
        line = m.group().strip()
        n = len(line.split())
        if not line:
            continue
        stopped = line.rstrip("\"”»'’").endswith(_ENDS)
        if n > MAX_HEADLINE_WORDS or (stopped and (at or n > MAX_STOPPED_HEADLINE_WORDS)):
            return at
        at = m.end()
    return 0


def headline_fragment(doc: Doc, r: RawAttribution, head_end: int, quotes: Spans) -> bool:
    """A cue in a headline that reports no statement: "Ankara talks stall …" (the noun read
    as a verb, with a place as its subject, a weak cue and a noun phrase), "Ministers meet
    as Kyiv [presses] for air defence" (a verb in a clause of its own, given the main
    clause's subject), "Kyiv presses for [air defence]" (a noun phrase after a preposition,
    no verb, no quotation).  Headline grammar drops the words that tell a
    statement from a report of events, so what is left must be said plainly: "X says …",
    "X urges Y to …", a whole quotation.  Labels (`Speaker: "…"`) are `speaker_labels`'."""
    if r.cue_char is None or r.cue_char >= head_end or r.relation.startswith("label"):
        return False
    cue = doc.char_span(r.cue_char, r.cue_char + 1, alignment_mode="expand")
    if cue is None or not r.relation:
        return False
    tok = cue[0]
    if tok.pos_ != "VERB" or tok.dep_ in _SUBORDINATE:
        return True
    first = doc.char_span(r.content[0][0], r.content[0][1], alignment_mode="expand")
    if first is not None and len(first) and first[0].tag_ in _FINITE:
        return True  # "Oslo talks [stall] over …": the noun read as a verb, its verb as content
    s, e = r.content[0][0], r.content[-1][1]
    if any(a <= s < b or a < e <= b for a, b in quotes):
        return False
    content = doc.char_span(s, e, alignment_mode="expand")
    if content is None or any(t.pos_ in ("VERB", "AUX") for t in content):
        return False
    source = doc.char_span(*r.source, alignment_mode="expand") if r.source else None
    # "Ankara talks stall over …": a place with a weak cue and a noun phrase is an event
    place = source is not None and len(source) > 0 and source.root.ent_type_ in _PLACES
    return r.relation.startswith("prep") or (place and r.precision < _WEAK)


def is_conversation(text: str) -> bool:
    """A chat or message log ("Anna: are we still on?"): most lines open with a name and a
    colon and say a few words.  Transcripts in capitals ("PENCE:") are news and are not
    counted, nor is a round-up's paragraph after a label ("Egypt: President Abdel Fattah
    el-Sisi said the deal …"), which runs to sentences no chat message does."""
    lines = [line for line in text.splitlines() if line.strip()]
    chat = [
        line
        for line in lines
        if _CHAT_LINE.match(line)
        and not line.split(":")[0].isupper()
        and len(line.split()) <= MAX_CHAT_WORDS
    ]
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
        if label.split()[-1].lower() in _BANNERS | ASKERS:
            continue  # "LIVE:", "BREAKING:", "The Latest:", "QUESTION:"
        headline = k == 0 and m.start() == lead
        quoted = QUOTE_RE.match(m.group(3)) is not None
        # "• VENEZUELA: Opposition leader … told supporters …": a briefing's bulleted
        # rubric in capitals, not a transcript's speaker
        rubric = m.group(0).lstrip()[:1] in _BULLETS and label.isupper()
        transcript = (
            affiliation is None
            and not rubric
            and (transcript_label(label) or named_before(doc, m.start(1), m.end(1)))
        )
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
            # unquoted: verbatim speech; a transcript's answer is the whole line
            relation = "label-quoted" if quoted else TRANSCRIPT if transcript else "label"
            src = (m.start(1), m.start(1) + len(m.group(1).rstrip()))
            # a headline's label speaks with a whole quotation, or is a name, every word
            # capitalised ("Harris: no deadline for …"); `NATO ministers: "air defence" top
            # of agenda` is a report of events
            said = not headline or transcript or capitalised or _whole_quote(text[s:e])
            out.append(RawAttribution(((s, e),), "direct", ":", m.end(1), src, 0.7, relation, said))
    return out


def _whole_quote(content: str) -> bool:
    marks = QUOTE_RE.findall(content)
    return len(marks) == 2 and content.startswith(marks[0]) and content.endswith(marks[1])
