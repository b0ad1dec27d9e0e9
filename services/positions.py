"""Positions over time: repeated quotes across outlets, and a speaker changing their line
on a target.

Both are decided before an article is stored, against what is already on record, so that
the new statements, their extra sources and the change events land in one transaction.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import fuzz, process

from extraction import Resources, Target
from services.speakers import name_key
from storage import NewStatement
from storage.ports import Store

# Two statements by one speaker with this token-sort similarity are the same quote, reported
# by another outlet (wire copy is often trimmed or lightly edited, hence not 100).
SAME_QUOTE_SIMILARITY = 90.0
# A line on a target is established by this many statements on one side (and more of them
# than on the other side).
ESTABLISHED_AFTER = 2
OPPOSITE = {"for": "against", "against": "for"}


@dataclass
class Line:
    """A speaker's record on one target as an article is read: statements per side, and
    the side of the latest one."""

    statements: dict[str, int]
    last: str | None = None

    def change_to(self, side: str) -> tuple[str, str] | None:
        """(previous, new side) when a statement on `side` breaks the established line.

        The line is the other side's, with at least ESTABLISHED_AFTER statements and more
        than on `side`, and the speaker's latest side was still that one: the second
        statement of a new line is not a second change. Only positions count (a statement
        without a side changes nothing), and every stored position is a confident one:
        the extractor emits none below its threshold.
        """
        previous = OPPOSITE[side]
        held = self.statements.get(previous, 0)
        established = held >= ESTABLISHED_AFTER and held > self.statements.get(side, 0)
        return (previous, side) if established and self.last == previous else None

    def add(self, side: str) -> None:
        self.statements[side] = self.statements.get(side, 0) + 1
        self.last = side


def normalised(text: str) -> str:
    return " ".join(text.casefold().strip('"“”«» ').split())


def targets_of(resources: Resources, topic: str) -> tuple[Target, ...]:
    """The targets /TOPIC shows: the topic's own, then those of other topics filed under it
    too (U.S. pressure on Cuba under /usa)."""
    own = next((t.targets for t in resources.topics if t.slug == topic), ())
    also = tuple(g for t in resources.topics for g in t.targets if topic in g.also)
    return own + also


def target_label(resources: Resources, slug: str) -> str:
    target = resources.target(slug)
    return target.label if target else slug


async def _speaker_id(db: Store, statement: NewStatement) -> int | None:
    if statement.speaker is None:
        return None
    keys = list(dict.fromkeys((statement.speaker.name_key, *statement.speaker.match_keys)))
    matches = await db.speakers.speakers_matching(keys)
    return matches[0].id if len(matches) == 1 else None


async def _lines(db: Store, speaker_id: int | None) -> dict[str, Line]:
    if speaker_id is None:
        return {}
    return {
        p.target: Line({"for": p.for_statements, "against": p.against_statements}, p.last_side)
        for p in await db.positions.positions_of_speaker(speaker_id)
    }


async def link_to_record(db: Store, statements: list[NewStatement]) -> list[NewStatement]:
    """Mark repeats of known quotes (`duplicate_of`) and breaks with a speaker's line on a
    target (`line_changes`), statement by statement in article order.

    A speaker's recent statements and their lines are read once per article; a speaker's
    repeat is compared in rapidfuzz's C loop, so an article by a prolific speaker costs a
    few queries, not a few per quote. Statements earlier in the article count toward the
    lines of later ones.
    """
    linked: list[NewStatement] = []
    record: dict[int, tuple[list[int], list[str]]] = {}
    lines: dict[str, dict[str, Line]] = {}
    for statement in statements:
        if statement.speaker is None:
            linked.append(statement)
            continue
        speaker_id = await _speaker_id(db, statement)
        if speaker_id is not None:
            if speaker_id not in record:
                earlier = await db.speakers.recent_statements_by_speaker(speaker_id)
                record[speaker_id] = ([i for i, _ in earlier], [normalised(t) for _, t in earlier])
            ids, texts = record[speaker_id]
            repeat = process.extractOne(
                normalised(statement.text),
                texts,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=SAME_QUOTE_SIMILARITY,
            )
            if repeat is not None:
                linked.append(replace(statement, duplicate_of=ids[repeat[2]]))
                continue
        key = str(speaker_id) if speaker_id is not None else statement.speaker.name_key
        if key not in lines:
            lines[key] = await _lines(db, speaker_id)
        changes: dict[str, tuple[str, str]] = {}
        for position in statement.positions:
            line = lines[key].setdefault(position.target, Line({}))
            change = line.change_to(position.side)
            if change is not None:
                changes[position.target] = change
            line.add(position.side)
        linked.append(replace(statement, line_changes=changes) if changes else statement)
    return linked


async def find_speaker(db: Store, query: str) -> list[int]:
    """Speaker ids for a /who query: exact folded name or alias, else close spellings."""
    key = name_key(query)
    if not key:
        return []
    exact = await db.speakers.speakers_matching([key])
    if exact:
        return [s.id for s in exact]
    names = await db.speakers.all_speaker_names()
    if not names:
        return []
    choices = {index: name_key(alias) for index, (_, alias) in enumerate(names)}
    best = process.extract(key, choices, scorer=whole_words_score, limit=5, score_cutoff=80)
    return list(dict.fromkeys(names[index][0] for _, _, index in best))


def whole_words_score(query: str, name: str, **_: object) -> float:
    """How well `query` spells whole words of `name`: "Peskov" and "Peskow" find "dmitry
    peskov", "it" does not find "witkoff" (a match inside a word is no match). Words of
    three letters or fewer must be spelled exactly."""
    wanted, words = query.split(), name.split()
    if not wanted or len(wanted) > len(words):
        return 0.0
    best = 0.0
    for start in range(len(words) - len(wanted) + 1):
        window = words[start : start + len(wanted)]
        if all(len(w) <= 3 for w in wanted) and window != wanted:
            continue
        best = max(best, fuzz.ratio(query, " ".join(window)))
    return best
