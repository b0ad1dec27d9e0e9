"""The data extraction works from: topic taxonomy, known actors, lexicons.

Built by the caller (see `services.resources`) from the TOML files in `seeds/` and
`extraction/lexicons/`; extraction itself never opens a file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Target:
    """A proposition a speaker can be for or against ("iran.military_action").

    `label` is what users read after the side ("against military strikes on Iran"), `means`
    says what `for` means, `signals` are the words that name the target's subject,
    `opposites` those of them that name its denial (a "blockade" of aid: condemning it is
    for the aid), `also`
    the other topics a statement touching it belongs to (U.S. pressure on Cuba: usa),
    `yields_to` the targets that take a signal word both could claim, `party` whether the
    topic's country must be a party to what a signal names (dialogue with Beijing), `aimed`
    whether the target is a measure aimed at the topic's country, so that the country's own
    such measures are not it ("China's export restrictions on rare earths")."""

    slug: str
    label: str
    means: str
    signals: tuple[str, ...]
    opposites: tuple[str, ...] = ()
    also: tuple[str, ...] = ()
    yields_to: tuple[str, ...] = ()
    party: bool = False
    aimed: bool = False

    @property
    def topic(self) -> str:
        return self.slug.split(".", 1)[0]


@dataclass(frozen=True)
class Topic:
    """One entry of the taxonomy (`seeds/topics.toml`; the keys are explained there).

    `terms` are matched on tokens, `lemmas` on lemmas, `context_terms` only confirm a topic
    the article already named, and a match inside an `exclude` phrase does not count.
    """

    slug: str
    name: str
    emoji: str
    terms: tuple[str, ...]
    description: str = ""
    lemmas: tuple[str, ...] = ()
    context_terms: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    theme: bool = False
    needs_company: bool = False
    targets: tuple[Target, ...] = ()


@dataclass(frozen=True)
class Actor:
    """A speaker known in advance: canonical name, role, other spellings."""

    name: str
    role: str | None = None
    aliases: tuple[str, ...] = ()
    kind: str = "person"


@dataclass(frozen=True)
class Resources:
    topics: tuple[Topic, ...] = ()
    actors: tuple[Actor, ...] = ()
    # Free-form lexicon tables keyed by name ("cues", "positions", ...), parsed TOML.
    lexicons: dict[str, Any] = field(default_factory=dict)

    def topic(self, slug: str) -> Topic | None:
        return next((t for t in self.topics if t.slug == slug), None)

    def target(self, slug: str) -> Target | None:
        return next((g for t in self.topics for g in t.targets if g.slug == slug), None)
