"""Fixing and removing what is on record: corrections, /delete, /keep and /forget_me.

A correction changes the stored statement (so every view — topics, positions, speakers,
search, export — reads the corrected value without knowing about corrections) and keeps
the extractor's original in the corrections table.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING, cast

if TYPE_CHECKING:
    from extraction.model import Side

from extraction import Position, Speaker, Target
from services.access import NotAllowed, is_admin
from services.context import Services
from services.ingest import IngestResult, clean_text, now_iso
from services.positions import targets_of
from services.speakers import new_speaker
from storage.models import SIDES, StatementToFix
from storage.team_models import ArticleRef, Forgotten

MAX_SPEAKER_CHARS = 80


class BadCorrection(ValueError):
    """The correction can't be applied; str(exc) is the reply."""


def clean_speaker_name(raw: str) -> str:
    name = " ".join(clean_text(raw).split())
    if not any(c.isalpha() for c in name) or len(name) > MAX_SPEAKER_CHARS:
        raise BadCorrection(
            f"A speaker's name should be letters, at most {MAX_SPEAKER_CHARS} characters "
            "(e.g. Dmitry Peskov)."
        )
    return name


async def as_on_record(services: Services, result: IngestResult) -> IngestResult:
    """For a text already on record, the analysis as the record now has it.

    The extractor's fresh guess would undo members' fixes in the reply; instead show the
    stored statements with their corrected speaker and sides, and leave out what a member
    marked "not a statement". A new article is returned as it is.
    """
    if not result.duplicate:
        return result
    rows = await services.db.statements.statements_of_article(result.stored.id)
    recorded = {row.text: row for row in rows}
    statements = []
    ids = []
    for statement in result.analysis.statements:
        row = recorded.get(statement.text)
        if row is None:
            continue
        ids.append(row.id)
        positions = tuple(
            Position(p.target, cast("Side", p.side), p.confidence, p.evidence)
            for p in row.positions
        )
        statements.append(
            dataclasses.replace(
                statement,
                speaker=row.speaker,
                speaker_role=row.speaker_role,
                positions=positions,
            )
        )
    analysis = dataclasses.replace(result.analysis, statements=tuple(statements))
    return dataclasses.replace(result, analysis=analysis, statement_ids=tuple(ids))


async def remember_digest(
    services: Services, messages: Sequence[tuple[int, int]], article_id: int
) -> None:
    """The bot's digest messages (chat id, message id) of an article: a reply to any of them
    (/delete, /keep) finds the article."""
    for chat_id, message_id in messages:
        await services.db.articles.remember_digest(chat_id, message_id, article_id)


async def article_of_digest(services: Services, chat_id: int, message_id: int) -> ArticleRef | None:
    return await services.db.articles.article_for_digest(chat_id, message_id)


async def statement_to_fix(services: Services, statement_id: int) -> StatementToFix | None:
    return await services.db.corrections.statement_to_fix(statement_id)


async def speakers_of_article(services: Services, article_id: int) -> list[tuple[int, str]]:
    """(speaker id, name) of the speakers an article's statements resolved to: the choices a
    "wrong speaker" fix offers first."""
    return await services.db.speakers.article_speakers(article_id)


async def correct_speaker(
    services: Services,
    statement_id: int,
    user_id: int,
    *,
    name: str | None = None,
    speaker_id: int | None = None,
) -> str:
    """Set the statement's speaker to a typed `name` or a known `speaker_id`; the new name."""
    if name is not None:
        name = clean_speaker_name(name)
        speaker = new_speaker(Speaker(name=name))
        done = await services.db.corrections.correct_statement(
            statement_id, "speaker", user_id, now_iso(), speaker=speaker
        )
    else:
        name = (
            await services.db.speakers.speaker_name(speaker_id) if speaker_id is not None else None
        )
        done = name is not None and await services.db.corrections.correct_statement(
            statement_id, "speaker", user_id, now_iso(), speaker_id=speaker_id
        )
    if not done or name is None:
        raise BadCorrection("That statement or speaker is no longer on record.")
    return name


def targets_to_fix(services: Services, statement: StatementToFix) -> tuple[Target, ...]:
    """The targets a member may set a side on: those of the statement's topics, and any it
    already takes a side on."""
    found = {t.slug: t for topic in statement.topics for t in targets_of(services.resources, topic)}
    for position in statement.positions:
        target = services.resources.target(position.target)
        if target is not None:
            found.setdefault(target.slug, target)
    return tuple(found.values())


async def correct_position(
    services: Services, statement_id: int, user_id: int, target: str, side: str | None
) -> Target:
    """Set the statement's side on `target` (None: no side); the target, for the reply."""
    found = services.resources.target(target)
    if found is None:
        raise BadCorrection("That target is no longer in the taxonomy; press ✏️ again.")
    if side is not None and side not in SIDES:
        raise BadCorrection("A side is for or against (or no side).")
    if not await services.db.corrections.correct_position(
        statement_id, target, side, user_id, now_iso()
    ):
        raise BadCorrection("That statement is no longer on record.")
    return found


async def not_a_statement(services: Services, statement_id: int, user_id: int) -> None:
    if not await services.db.corrections.correct_statement(
        statement_id, "not_statement", user_id, now_iso()
    ):
        raise BadCorrection("That statement is no longer on record.")


def check_may_delete(services: Services, article: ArticleRef, user_id: int) -> None:
    if article.sender_id != user_id and not is_admin(services, user_id):
        raise NotAllowed("Only the person who sent that article, or an admin, can delete it.")


async def delete_article(services: Services, article: ArticleRef, user_id: int) -> bool:
    check_may_delete(services, article, user_id)
    return await services.db.deletion.delete_article(article.id)


async def keep_article(services: Services, article: ArticleRef, admin_id: int) -> bool:
    if not is_admin(services, admin_id):
        raise NotAllowed("Only an admin can keep an article.")
    return await services.db.deletion.keep_article(article.id, admin_id, now_iso())


async def forget_user(services: Services, user_id: int) -> Forgotten:
    return await services.db.deletion.forget_user(user_id)
