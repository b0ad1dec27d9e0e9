"""Questions put to a speaker: the reporter's words, never a statement.

News copy quotes the question to make the answer readable — `"Will you resign?" a
reporter asked. "No," she said.`, "Asked by reporters whether X, he said Y", "Hale,
asked if he would sack her, said …" — but the question is nobody's statement on the
record: X is not the speaker's claim, and the reporter is no source.  The word lists are
`[questions]` in `lexicons/cues.toml`.
"""

from __future__ import annotations

from typing import Any

from spacy.tokens import Doc, Token

from extraction.mentions import token_at
from extraction.raw import RawAttribution

_CLOSERS = " \t\n\"'”’»,"


class Questions:
    """Built once from the cue lexicon; every test is pure."""

    def __init__(self, cues: dict[str, Any]) -> None:
        table = cues.get("questions", {})
        self.verbs = frozenset(str(w) for w in table.get("verbs", ["ask"]))
        self.askers = frozenset(str(w) for w in table.get("askers", ["reporter", "journalist"]))

    def put_to(self, cue: Token) -> bool:
        """ "Asked whether …, Harris said", "Asked by reporters whether …", "Harris said when
        asked whether …", "Hale, asked if …, said": a cue in a passive participle clause
        with no subject of its own was put to the speaker.  An agent is the asker ("by
        reporters") only for a verb of asking; for others ("a claim made by X") it is the
        source, and the statement stays."""
        if cue.dep_ not in ("advcl", "acl"):
            return False
        if cue.tag_ != "VBN" and not (cue.tag_ == "VBD" and self._opens_entry(cue)):
            return False
        if any(c.dep_ in ("nsubj", "nsubjpass", "auxpass") for c in cue.children):
            return False
        return cue.lemma_.lower() in self.verbs or not any(c.dep_ == "agent" for c in cue.children)

    def _opens_entry(self, cue: Token) -> bool:
        """ "13:30 GMT — Asked whether …, the minister said": after a time stamp the tagger
        reads the participle as a past tense; a verb of asking that opens its sentence,
        with no subject, is the participle all the same."""
        return cue.lemma_.lower() in self.verbs and (
            cue.is_sent_start or cue.i == 0 or cue.nbor(-1).is_punct
        )

    def asked_by_reporter(self, doc: Doc, raw: RawAttribution) -> bool:
        """`"Will you resign?" a reporter shouted`, "another journalist asked her whether
        …": the one putting questions, asking or quoted asking, is no source."""
        if raw.cue_char is None or raw.source is None:
            return False
        source = doc.char_span(*raw.source, alignment_mode="expand")
        if source is None or not len(source) or source.root.lemma_.lower() not in self.askers:
            return False
        cue = token_at(doc, raw.cue_char)
        asking = cue is not None and cue.lemma_.lower() in self.verbs
        return asking or doc.text[raw.content[-1][0] : raw.content[-1][1]].rstrip(
            _CLOSERS
        ).endswith("?")

    def drop_asked(self, doc: Doc, found: list[RawAttribution]) -> list[RawAttribution]:
        return [r for r in found if not self.asked_by_reporter(doc, r)]
