"""What a statement reads as when its content is not the speaker's own words.

"Zakharova condemned [the German decision]": the corpus' content span is the object, and
so is the statement's `text`, but "the German decision" alone, in quote marks, says
neither what she did nor that these are her words (they are not). Reported speech is the
same: "Peskov said [Russia would continue its operation]" is the reporter's wording, and
in quote marks it would read as a quotation. Such a statement gets a `display`: the
reporter's words from the cue to the content's end ("condemned the German decision",
"called for a ceasefire", "said Russia would continue its operation"), shown without quote
marks after the speaker's name. The words start at the cue's auxiliaries and negation
("would not recommend any charges", never "recommend any charges") and must read as a
finite verb after the name; a cue that does not ("urging Trump to …", "refused to
recommend …"), a content before its cue ("…, he said") or a whole quotation keeps
`display` None. Reported speech with a quoted fragment keeps the fragment's own marks:
'said the strike would "seriously destabilize the region."'
"""

from __future__ import annotations

from spacy.tokens import Doc

from extraction.raw import RawAttribution

# the content heads that make it a thing named, not a thing said
_NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
# the reporter's words between the cue and its object: "condemned on Tuesday the …"
_MAX_GAP = 60
_MAX_DISPLAY = 400
_FINITE = frozenset({"VBD", "VBZ", "VBP", "MD"})


def reported_words(doc: Doc, text: str, raw: RawAttribution) -> str | None:
    """The cue and its content as the reporter wrote them, or None for a whole quotation
    and a content that does not follow its cue."""
    if raw.kind == "direct" or raw.cue_char is None or len(raw.content) != 1:
        return None
    if not raw.relation.startswith(("child:", "prep:")):
        return None
    start, end = raw.content[0]
    gap = start - raw.cue_char
    if gap <= 0 or gap > _MAX_GAP or end - raw.cue_char > _MAX_DISPLAY:
        return None
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    clause = span.root.pos_ not in _NOMINAL or any(
        t.pos_ in ("VERB", "AUX") and t.tag_ in _FINITE for t in span
    )
    if clause and raw.kind == "direct":
        return None
    cue = doc.char_span(raw.cue_char, raw.cue_char + 1, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    verb = cue[0]
    first = min(
        (c for c in verb.lefts if c.dep_ in ("aux", "auxpass", "neg")),
        key=lambda t: t.i,
        default=verb,
    )
    if first.tag_ not in _FINITE:
        return None
    return " ".join(text[first.idx : end].split())
