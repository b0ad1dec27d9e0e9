"""Resolving each attribution's source mention to a speaker within the article."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from extraction.attribution import RawAttribution
from extraction.model import Speaker
from extraction.resources import Actor


@dataclass(frozen=True)
class ResolvedSource:
    speaker: Speaker | None
    mention: tuple[int, int] | None


class SpeakerResolver:
    def __init__(self, actors: tuple[Actor, ...]) -> None:
        self._actors = actors

    def resolve(self, doc: Doc, raws: list[RawAttribution]) -> list[ResolvedSource]:
        persons = [e for e in doc.ents if e.label_ == "PERSON"]
        out: list[ResolvedSource] = []
        for raw in raws:
            if raw.source is None:
                out.append(ResolvedSource(None, None))
                continue
            s, e = raw.source
            written = doc.text[s:e]
            before = [p for p in persons if p.start_char <= s]
            name = before[-1].text if written.lower() in ("he", "she") and before else written
            full = max((p.text for p in persons if name.split()[-1] in p.text), key=len, default=name)
            out.append(ResolvedSource(Speaker(name=full), raw.source))
        return out
