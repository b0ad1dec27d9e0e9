"""/compare A | B [TOPIC]: two speakers' sides on the same targets, side by side."""

from __future__ import annotations

from dataclasses import dataclass

from services.context import Services
from services.positions import find_speaker, targets_of
from services.topics import SpeakerSides, speaker_sides
from storage.models import SpeakerRow


class NoSuchSpeaker(LookupError):
    """A name that matches nobody on record; str(exc) is the name as typed."""


@dataclass(frozen=True)
class TargetCompared:
    slug: str
    label: str
    first: SpeakerSides | None  # None: the first speaker took no side on it
    second: SpeakerSides | None

    @property
    def both(self) -> bool:
        return self.first is not None and self.second is not None

    @property
    def agree(self) -> bool:
        return self.both and self.first.side == self.second.side  # type: ignore[union-attr]


@dataclass(frozen=True)
class Comparison:
    first: SpeakerRow
    second: SpeakerRow
    topic: str | None
    targets: tuple[TargetCompared, ...]  # targets both took a side on first


async def _speaker(services: Services, name: str) -> SpeakerRow:
    ids = await find_speaker(services.db, name)
    rows = await services.db.speakers.speakers_by_id(ids[:1]) if ids else []
    if not rows:
        raise NoSuchSpeaker(name)
    return rows[0]


async def compare_speakers(
    services: Services, first_name: str, second_name: str, topic: str | None = None
) -> Comparison:
    first = await _speaker(services, first_name)
    second = await _speaker(services, second_name)
    firsts = {s.slug: s for s in await speaker_sides(services, first.id, topic)}
    seconds = {s.slug: s for s in await speaker_sides(services, second.id, topic)}
    order = [g.slug for t in services.resources.topics for g in t.targets]
    if topic:
        order = [t.slug for t in targets_of(services.resources, topic)]
    slugs = [s for s in dict.fromkeys([*order, *firsts, *seconds]) if s in firsts or s in seconds]
    compared = [
        TargetCompared(
            slug,
            (firsts.get(slug) or seconds[slug]).label,
            firsts.get(slug),
            seconds.get(slug),
        )
        for slug in slugs
    ]
    compared.sort(key=lambda c: not c.both)  # stable: taxonomy order within each group
    return Comparison(first, second, topic, tuple(compared))
