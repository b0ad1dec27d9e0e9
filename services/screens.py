"""What the bot's screens read back from the record to draw (or draw again) a statement:
an article's statements for its pages, one statement after a member fixed it."""

from __future__ import annotations

from services.context import Services
from storage import StatementRow


async def article_statements(services: Services, article_id: int) -> list[StatementRow]:
    """Every statement the article carries, as the record has it now, in article order."""
    return await services.db.statements.statements_of_article(article_id)


async def statement_now(services: Services, statement_id: int) -> StatementRow | None:
    """One statement as the record has it now; None when it is gone (or marked "not a
    statement")."""
    found = await services.db.statements.statement_in_article(statement_id)
    return found[0] if found is not None else None
