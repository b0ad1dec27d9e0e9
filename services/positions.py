"""Positions over time: repeated quotes across outlets, and a speaker changing their line.

Both are decided before an article is stored, against what is already on record, so that
the new statements, their extra sources and the change events land in one transaction.
"""

from __future__ import annotations

from dataclasses import replace

from rapidfuzz import fuzz, process

from services.speakers import name_key
from storage import NewStatement
from storage.ports import Store

# Two statements by one speaker with this token-sort similarity are the same quote, reported
# by another outlet (wire copy is often trimmed or lightly edited, hence not 100).
SAME_QUOTE_SIMILARITY = 90.0
# A position counts as established after this many stance-bearing statements.
ESTABLISHED_AFTER = 2
OPPOSITE = {"positive": "negative", "negative": "positive"}


def normalised(text: str) -> str:
    return " ".join(text.casefold().strip('"“”«» ').split())


async def _speaker_id(db: Store, statement: NewStatement) -> int | None:
    if statement.speaker is None:
        return None
    keys = list(dict.fromkeys((statement.speaker.name_key, *statement.speaker.match_keys)))
    matches = await db.speakers.speakers_matching(keys)
    return matches[0].id if len(matches) == 1 else None


async def link_to_record(db: Store, statements: list[NewStatement]) -> list[NewStatement]:
    """Mark repeats of known quotes (`duplicate_of`) and breaks with a speaker's position.

    A speaker's recent statements are read and normalised once per article, and compared in
    rapidfuzz's C loop: an article by a prolific speaker costs one query, not one per quote.
    """
    linked: list[NewStatement] = []
    record: dict[int, tuple[list[int], list[str]]] = {}
    for statement in statements:
        speaker_id = await _speaker_id(db, statement)
        if speaker_id is None:
            linked.append(statement)
            continue
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
        changes: dict[str, tuple[str, str]] = {}
        positions = {p.topic: p for p in await db.positions.positions_for_speaker(speaker_id)}
        for topic, stance in statement.topic_stances.items():
            position = positions.get(topic)
            if position is None or stance not in OPPOSITE:
                continue
            established = max(position.positive, position.negative) >= ESTABLISHED_AFTER
            if established and OPPOSITE[stance] == position.stance:
                changes[topic] = (position.stance, stance)
        linked.append(replace(statement, position_changes=changes) if changes else statement)
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
    best = process.extract(key, choices, scorer=fuzz.WRatio, limit=5, score_cutoff=88)
    return list(dict.fromkeys(names[index][0] for _, _, index in best))
