"""Whose line a transcript's or an interview's line is.

A briefing transcript names who answers before a colon: in capitals ("PESKOV: The
president has said …"), or by the name the article has already given in full ("Guo:
China's position is consistent", after "spokesman Guo Jiakun").  An interview marks its
answers "A:" and they are the words of the person it introduces: the first person its lead
names before the first question ("Johanna Lind, deputy head of the U.N. humanitarian
office, spoke to Reuters").  The questions ("Q:", "QUESTION:", "Q (Reuters):", a named
interviewer's lines that mostly ask) are the reporter's: nothing inside them is anyone's
statement, and the question itself is found as the asker's words but put on no record
(`questions`).  A reactions round-up uses the capitals for rubrics ("IRAN: Foreign ministry
spokesman Esmail Baghaei said …"): those lines are read for their own speakers (`rubrics`).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from extraction.name_rules import NameRules
from extraction.raw import RawAttribution, trim, words

# a transcript's questioner is the reporter, whose questions are nobody's statements
# (extraction/questions.py): "QUESTION: Is Moscow prepared to be flexible?"; a moderator or
# host only hands the floor on ("MODERATOR: Last question, from the Kyiv Independent.")
ASKERS = frozenset(
    {"question", "questioner", "interviewer", "reporter", "journalist", "moderator", "host",
     "presenter", "anchor"}
)  # fmt: skip
# A transcript's or interview's question line: "QUESTION:", "Q:", "Interviewer (Reuters):".
# "Q. Will allies deliver?": a question's mark may end in a full stop, as an answer's may.
_ASKED_LINE = re.compile(
    rf"^[^\S\n]*(?:Q\.|(?:Q(?!&)|(?i:{'|'.join(sorted(ASKERS))}))\b[^:\n]{{0,40}}:)"
    r"[^\S\n]+(\S[^\n]*)$",
    re.M,
)
# Any line that opens with a label of up to three capitalised words ("Vaitkienė:",
# "MONTALBÁN:", "Guo (spokesman):"): whose it is, `speaker_labels` decides.
_ANY_LABEL = re.compile(
    r"^[^\S\n]*([^\W\d_][\w.'’\-]*(?:[^\S\n][^\W\d_][\w.'’\-]*){0,2})"
    r"[^\S\n]*(?:\([^)\n]{1,40}\))?:[^\S\n]+(\S[^\n]*)$",
    re.M,
)
_CLOSING = " \t\"”’'»)"
_QUOTE_MARKS = '"“”«»'
_LABEL_BEFORE = re.compile(r"[^\S\n]*(\S[^:\n]*?)[^\S\n]*(?:\([^)\n]*\))?[^\S\n]*([:.])[^\S\n]*$")
_ANSWER_LINE = re.compile(
    r"^[^\S\n]*(?:A[^\S\n]*(?=\.)|(?:A|ANSWER|Answer)[^\S\n]*(?=:))([:.])[^\S\n]+(\S[^\n]*)$", re.M
)
MAX_NAME_LABEL_WORDS = 3
# entity kinds a word of an untagged person's name never has (a body's or a date's may)
_NOT_NAMES = frozenset({"GPE", "LOC", "NORP", "FAC", "PERSON"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# what a lead says its interviewee did: "spoke to Reuters", "told us", "sat down with"
_INTERVIEW_VERBS = frozenset({"speak", "talk", "tell", "say", "sit", "answer", "receive"})
TRANSCRIPT = "label-transcript"  # the relation of an answer: verbatim, the whole line
ASKED = "label-asked"  # the relation of a question line


def transcript_label(label: str) -> bool:
    """A transcript's speaker label: a name in capitals ("PENCE", "PESKOV")."""
    return label.isupper() and len(label) > 2


def asked_lines(text: str) -> list[tuple[int, int]]:
    """The question lines of a transcript or interview: the reporter asking, so nothing
    inside them is anyone's statement ("QUESTION: Does the Kremlin still hope to restore
    flights?" is no statement of the Kremlin's).  Besides the lines a questioner's label
    marks, they are the lines of a label that mostly asks ("MONTALBÁN: Including a bombing
    campaign?", the interviewer named by name), and an unlabelled line that asks just
    before the labelled answer of someone who answers more than once ("Should Ukraine be
    invited to join NATO?" / "Vaitkienė: Yes, …")."""
    lines = [m.span(1) for m in _ASKED_LINE.finditer(text)]
    labelled = [m for m in _ANY_LABEL.finditer(text) if m.group(1)[0].isupper()]
    by_label: dict[str, list[re.Match[str]]] = {}
    for m in labelled:
        by_label.setdefault(m.group(1).lower(), []).append(m)
    askers = {
        label
        for label, said in by_label.items()
        if len(said) >= 2 and 2 * sum(_asks(m.group(2)) for m in said) >= len(said)
    }
    lines += [m.span(2) for m in labelled if m.group(1).lower() in askers]
    # an answer's label speaks more than once: one "Update:" line after a paragraph that
    # asks makes no interview
    answerers = {label for label, said in by_label.items() if len(said) >= 2} - askers
    answers = {m.start() for m in labelled if m.group(1).lower() in answerers}
    lines += _asked_before_answers(text, answers)
    return sorted(set(lines))


def _asks(words: str) -> bool:
    return words.rstrip(_CLOSING).endswith("?")


def _asked_before_answers(text: str, answers: set[int]) -> list[tuple[int, int]]:
    """Unlabelled lines that ask, each followed (blank lines apart) by a labelled line."""
    found, asking = [], None
    for m in re.finditer(r"[^\n]+", text):
        if not m.group().strip():
            continue
        if asking is not None and m.start() in answers:
            found.append(asking)
        line = m.group()
        plain = m.start() not in answers and _ASKED_LINE.match(line) is None
        # the reporter's own words: a quotation that asks is someone's statement
        own = not any(mark in line for mark in _QUOTE_MARKS)
        asking = m.span() if plain and own and _asks(line) else None
    return found


def questions(text: str, asked: list[tuple[int, int]]) -> list[RawAttribution]:
    """Each question line as the asker's words, found but not on record (`said=False`):
    the corpus counts "TAPPER: Do you think …?" as Tapper's, the record of who said what
    has no line for a reporter's question.  An unlabelled question has no asker."""
    out = []
    for start, end in asked:
        line_start = text.rfind("\n", 0, start) + 1
        label = _LABEL_BEFORE.match(text, line_start, start)
        s, e = trim(text, start, end)
        if label is None or s >= e:
            continue
        source, colon = label.span(1), label.start(2)
        out.append(RawAttribution(((s, e),), "direct", ":", colon, source, 0.7, ASKED, False))
    return out


# How a briefing transcript addresses its briefer: "MR PIGOTT:", "MS BRUCE:".
_ADDRESS = frozenset({"mr", "ms", "mrs", "dr"})


def briefer_name(label: str) -> str:
    """ "MR PIGOTT" → "Pigott": a capitals label no fuller name stands for is written as a
    name, without its form of address."""
    words = label.split()
    if len(words) > 1 and words[0].lower().rstrip(".") in _ADDRESS:
        words = words[1:]
    return " ".join(w.title() for w in words)


def continued_answers(text: str, labels: list[RawAttribution]) -> list[RawAttribution]:
    """A briefing's answer runs on over the paragraphs after its line, up to the next
    labelled line ("MR PIGOTT: Good afternoon … ¶ The Secretary spoke this morning … ¶
    QUESTION: …"): in a transcript with questions, an unlabelled paragraph between two
    labelled lines is the earlier speaker's, a further span of the answer. After the last
    labelled line the transcript may have ended: nothing is continued there."""
    if _ASKED_LINE.search(text) is None:
        return labels
    lines = (*_ANY_LABEL.finditer(text), *_ASKED_LINE.finditer(text), *_ANSWER_LINE.finditer(text))
    starts = sorted({m.start() for m in lines})
    out = []
    for raw in labels:
        end = raw.content[-1][1]
        following = next((start for start in starts if start > end), None)
        if raw.relation != TRANSCRIPT or following is None:
            out.append(raw)
            continue
        more = [
            (end + p.start() + len(p[0]) - len(p[0].lstrip()), end + p.end())
            for p in re.finditer(r"[^\n]+", text[end:following])
            if words(p[0])
        ]
        if more:
            *spans, last = raw.content
            raw = replace(raw, content=(*spans, _with_full_stop(text, last), *more))
        out.append(raw)
    return out


def _with_full_stop(text: str, span: tuple[int, int]) -> tuple[int, int]:
    """A line's span with the mark that ends its sentence, so the paragraphs joined after
    it read as sentences ("… your questions. The Secretary spoke …")."""
    s, e = span
    while e < len(text) and text[e] in ".!?":
        e += 1
    return s, e


def rubrics(
    doc: Doc, labels: list[RawAttribution], found: list[RawAttribution]
) -> set[tuple[int, int]]:
    """The lines whose capitals label is a round-up's rubric, not who speaks: "IRAN: Foreign
    ministry spokesman Esmail Baghaei called the raid …", "RUSSIA: Kremlin spokesman Dmitry
    Peskov said …". A rubric names no one the article names ("PENCE: Well, Hillary Clinton
    thinks …" is Pence's answer, whoever it reports). Once one line reports a person inside
    it, the article is a round-up, and every capitals line that reports someone inside it
    is a rubric too ("SAUDI ARABIA: The foreign ministry condemned …", "MARKETS: Analysts
    said …"): a round-up keeps its layout."""
    people = {e[-1].text.lower() for e in doc.ents if e.label_ == "PERSON"}
    reporting = {
        raw.content[0]: _reported_inside(raw, found)
        for raw in labels
        if raw.relation == TRANSCRIPT
        and raw.source is not None
        and doc.text[slice(*raw.source)].split()[-1].lower() not in people
    }
    if not any(_names_a_person(doc, r) for inside in reporting.values() for r in inside):
        return set()
    return {line for line, inside in reporting.items() if inside}


def _reported_inside(line: RawAttribution, found: list[RawAttribution]) -> list[RawAttribution]:
    start, end = line.content[0]
    return [
        r
        for r in found
        if r.source is not None
        and start <= r.source[0] < r.source[1] <= end
        and all(start <= s and e <= end for s, e in r.content)
    ]


def _names_a_person(doc: Doc, reported: RawAttribution) -> bool:
    source = doc.char_span(*reported.source, alignment_mode="expand") if reported.source else None
    return any(e.label_ == "PERSON" for e in (source.ents if source is not None else ()))


def named_before(doc: Doc, start: int, end: int) -> bool:
    """A label of a few capitalised words that ends in the surname of a person the text
    has named before it ("Michal" after "Prime Minister Kristen Michal", "Guo" after
    "spokesman Guo Jiakun", family name first): a transcript's speaker, however it is
    cased."""
    label = doc.text[start:end].split()
    if not label or len(label) > MAX_NAME_LABEL_WORDS or not all(w[:1].isupper() for w in label):
        return False
    return any(
        e.label_ == "PERSON"
        and e.end_char <= start
        and len(e) > 1
        and label[-1] in (e[0].text, e[-1].text)
        for e in doc.ents
    )


def answer_lines(doc: Doc, text: str, rules: NameRules) -> list[RawAttribution]:
    """An interview's "A:" lines, each the statement of the person its lead introduces
    (`interviewee`); none when the text asks no question or names nobody before it."""
    asked = asked_lines(text)
    if not asked:
        return []
    person = interviewee(doc, asked[0][0], rules)
    if person is None:
        return []
    out = []
    for m in _ANSWER_LINE.finditer(text):
        s, e = trim(text, m.start(2), m.end(2))
        if words(text[s:e]) >= 1:
            source = (person.start_char, person.end_char)
            answer = RawAttribution(((s, e),), "direct", ":", m.start(1), source, 0.7, TRANSCRIPT)
            out.append(answer)
    return out


def interviewee(doc: Doc, first_question: int, rules: NameRules) -> Span | None:
    """The first person named in full before the first question: an interview's lead
    introduces whom it talks to before anyone else.  Failing that, a name the model tags as
    nothing ("Johanna Lind, deputy head of …, spoke to Reuters") or as a body ("Henrik
    Vestergaard, NATO's assistant secretary general", "July 2 - Miriam Katzir" as a date):
    two or more capitalised proper nouns before the comma of the appositive that says who,
    or that are the subject of the lead's sentence, tagged as the person they are.  With
    no name at all, the description the lead says spoke ("A senior Iranian official …
    spoke to Reuters")."""
    people = (e for e in doc.ents if e.label_ == "PERSON" and len(e) > 1)
    person = next((e for e in people if e.end_char <= first_question), None)
    if person is not None:
        return person
    lead = doc.char_span(0, first_question, alignment_mode="contract") or ()
    for last in lead:
        said_who = last.i + 1 < len(doc) and doc[last.i + 1].text == ","
        if not _name_word(last, rules) or not (said_who or last.dep_ in _SUBJECTS):
            continue
        start, end = last.i, last.i + 1
        while start > 0 and _name_word(doc[start - 1], rules):
            start -= 1
        if end - start >= 2:
            # the interview says who this is: a person, for the speakers' cast as well
            person = Span(doc, start, end, label="PERSON")
            doc.ents = (*(e for e in doc.ents if e.end <= start or e.start >= end), person)
            return person
    # no name at all: "A senior Iranian official … spoke to Reuters on condition of
    # anonymity", the fullest description that speaks
    described = []
    for token in lead:
        speaks = token.head.lemma_.lower() in _INTERVIEW_VERBS
        a_role = token.lemma_.lower() in rules.roles | {"source"} and not any(
            c.dep_ == "poss" for c in token.children
        )  # "Spain's government said …" is no one interviewed
        if token.dep_ in ("nsubj", "nsubjpass") and a_role and speaks:
            words = [t for t in doc[token.left_edge.i : token.i + 1] if not t.is_space]
            described.append(doc[words[0].i : token.i + 1])
    return max(described, key=len, default=None)


def _name_word(token: Token, rules: NameRules) -> bool:
    return token.pos_ == "PROPN" and token.text.istitle() and token.lower_ not in rules.org_words
