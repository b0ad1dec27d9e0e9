"""What speaker resolution knows about one article while it works through it: the parse,
its named entities, the people cast in it, and the sources already resolved (for "he", "the
official" and other mentions that point back)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from spacy.tokens import Doc, Span

from extraction.model import Speaker
from extraction.names import Person
from extraction.people import Cast


@dataclass(frozen=True)
class Said:
    """A source already resolved in this article, for the mentions that point back."""

    char: int
    speaker: Speaker
    person: Person | None
    head: str  # the lemma of the mention's head ("official")
    plural: bool
    until: int = -1  # where the statement's content ends


@dataclass
class Article:
    doc: Doc
    ents: list[Span]
    cast: Cast
    history: list[Said] = field(default_factory=list)
    # the content of the statement whose source is being resolved: a name inside it is
    # what the speaker spoke of ("“Netanyahu does not want a deal,” he said"), not them
    speaking: tuple[tuple[int, int], ...] = ()
    # the contents of the statements before it: a subject inside one ("Trump said Zelensky
    # should take the deal. He said …") was spoken of, and the next "he" is the speaker
    reported: list[tuple[int, int]] = field(default_factory=list)

    def spoken_of(self, char: int, *, before: bool = False) -> bool:
        spans = [*self.speaking, *self.reported] if before else self.speaking
        return any(start <= char < end for start, end in spans)


class ResolvesSpeakers(Protocol):
    """What pronoun resolution asks of the speaker resolver (kept as a protocol so the two
    modules do not import each other)."""

    def person_speaker(self, art: Article, person: Person, role: str | None = None) -> Speaker: ...

    def speaker(
        self, art: Article, mention: Span, where: int, depth: int = 0
    ) -> tuple[Speaker, Person | None] | None: ...
