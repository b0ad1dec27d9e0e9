"""Articles: storing one with its statements (and, through a draft, the alerts they cause,
in the same transaction), and finding them again."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime

from storage.alert_models import (
    AlertRecipient,
    ArticleAlertContext,
    NewAlert,
    Said,
    StoryCandidate,
)
from storage.database import Database, Writes, from_row, marks
from storage.models import NewArticle, NewStatement, StoredArticle
from storage.sqlite.alert_rows import Outbox
from storage.sqlite.writing import insert_statement
from storage.team_models import ArticleRef

# An alert's headline is read from the opening of its article: a dateline or a channel's
# banner and a first sentence fit in it.
OPENING_CHARS = 1500


ARTICLE_INSERT = (
    "INSERT INTO articles (sha256, text, gist, source, source_url, sender_id, chat_id,"
    " received_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


def article_values(article: NewArticle) -> tuple[object, ...]:
    return (
        article.sha256,
        article.text,
        article.gist,
        article.source,
        article.source_url,
        article.sender_id,
        article.chat_id,
        article.received_at,
        article.published_at,
    )


class SqliteDraft:
    """`storage.ports.ArticleDraft`: an article written, its transaction still open."""

    def __init__(
        self,
        tx: Writes,
        outbox: Outbox,
        stored: StoredArticle,
        chat_id: int | None,
        story_of: int | None,
    ) -> None:
        self._tx = tx
        self._outbox = outbox
        self.stored = stored
        self._chat_id = chat_id
        self._story_of = story_of

    async def alert_context(self) -> ArticleAlertContext:
        """Records the article's story and reads who subscribes to what its statements say."""
        tx, article_id = self._tx, self.stored.id
        story_id = article_id
        if self._story_of is not None:
            row = await tx.fetchone(
                "SELECT story_id FROM article_stories WHERE article_id = ?", (self._story_of,)
            )
            story_id = row["story_id"] if row else self._story_of
        await tx.execute(
            "INSERT INTO article_stories (article_id, story_id) VALUES (?, ?)",
            (article_id, story_id),
        )
        ids = list(dict.fromkeys(self.stored.statement_ids))
        statement_topics: dict[int, tuple[str, ...]] = {}
        speakers: dict[int, str] = {}
        speaker_ids: dict[int, int] = {}
        for row in await tx.fetchall(
            "SELECT s.id AS statement_id, t.topic, sp.id AS speaker_id, sp.name AS speaker"
            " FROM statements s LEFT JOIN statement_topics t ON t.statement_id = s.id"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id"
            f" WHERE s.id IN ({marks(ids)}) ORDER BY s.id, t.topic",
            ids,
        ):
            sid = row["statement_id"]
            if row["topic"] is not None:
                statement_topics[sid] = (*statement_topics.get(sid, ()), row["topic"])
            if row["speaker"] is not None:
                speakers[sid] = row["speaker"]
                speaker_ids[sid] = row["speaker_id"]
        topics = sorted({t for ts in statement_topics.values() for t in ts})
        quoted = sorted(set(speaker_ids.values()))
        story_alerts: dict[int, int] = {}
        if story_id != article_id and (topics or quoted):
            rows = await tx.fetchall(
                "SELECT o.chat_id, min(o.id) AS first FROM outbox o"
                " JOIN article_stories st ON st.article_id = o.article_id"
                " WHERE st.story_id = ? AND o.kind = 'article' AND o.edit_of IS NULL"
                " GROUP BY o.chat_id",
                (story_id,),
            )
            story_alerts = {r["chat_id"]: r["first"] for r in rows}
        by_chat: dict[int, list[str]] = {}
        follows: dict[int, list[int]] = {}
        disabled: set[int] = set()
        for row in await tx.fetchall(
            "SELECT s.chat_id, s.topic, NULL AS speaker_id, c.disabled_at FROM subscriptions s"
            " LEFT JOIN chat_settings c ON c.chat_id = s.chat_id"
            f" WHERE s.topic IN ({marks(topics)})"
            " UNION ALL SELECT f.chat_id, NULL, f.speaker_id, c.disabled_at FROM follows f"
            " LEFT JOIN chat_settings c ON c.chat_id = f.chat_id"
            f" WHERE f.speaker_id IN ({marks(quoted)}) ORDER BY 1, 2, 3",
            (*topics, *quoted),
        ):
            chat = row["chat_id"]
            by_chat.setdefault(chat, [])
            if row["topic"] is not None:
                by_chat[chat].append(row["topic"])
            else:
                follows.setdefault(chat, []).append(row["speaker_id"])
            if row["disabled_at"] is not None:
                disabled.add(chat)
        return ArticleAlertContext(
            article_id=article_id,
            sender_chat_id=self._chat_id,
            story_id=story_id,
            statement_topics={i: statement_topics[i] for i in ids if i in statement_topics},
            recipients=[
                AlertRecipient(
                    chat,
                    tuple(ts),
                    story_alerts.get(chat),
                    chat in disabled,
                    tuple(follows.get(chat, ())),
                )
                for chat, ts in by_chat.items()
            ],
            speakers=speakers,
            speaker_ids=speaker_ids,
        )

    async def enqueue(self, alerts: Sequence[NewAlert], now: datetime) -> None:
        await self._outbox.insert(self._tx, alerts, now)


class SqliteArticles:
    """`storage.ports.ArticleStore` on SQLite."""

    def __init__(self, db: Database, outbox: Outbox) -> None:
        self._db = db
        self._outbox = outbox

    async def store_article(
        self, article: NewArticle, statements: Sequence[NewStatement]
    ) -> StoredArticle:
        async with self.storing(article, statements) as draft:
            return draft.stored

    @contextlib.asynccontextmanager
    async def storing(
        self,
        article: NewArticle,
        statements: Sequence[NewStatement],
        story_of: int | None = None,
    ) -> AsyncIterator[SqliteDraft]:
        """Store an article and its statements atomically; a known text is not stored again
        (`stored.created` is False). The transaction commits when the block ends."""
        async with self._db.transaction() as tx:
            stored = await self._existing(tx, article) or await self._insert(
                tx, article, statements
            )
            yield SqliteDraft(tx, self._outbox, stored, article.chat_id, story_of)

    async def _existing(self, tx: Writes, article: NewArticle) -> StoredArticle | None:
        row = await tx.fetchone(
            "SELECT id, received_at, source FROM articles WHERE sha256 = ?", (article.sha256,)
        )
        if row is None:
            return None
        ids = await tx.fetchall(
            "SELECT statement_id FROM statement_sources WHERE article_id = ? ORDER BY statement_id",
            (row["id"],),
        )
        statement_ids = tuple(r["statement_id"] for r in ids)
        return StoredArticle(row["id"], False, row["received_at"], row["source"], statement_ids)

    async def _add_article(self, tx: Writes, article: NewArticle) -> int | None:
        """The new article's id; None if another writer stored the same text first (never
        on SQLite, whose one writer has just looked)."""
        return await tx.insert(ARTICLE_INSERT, article_values(article))

    async def _insert(
        self, tx: Writes, article: NewArticle, statements: Sequence[NewStatement]
    ) -> StoredArticle:
        article_id = await self._add_article(tx, article)
        if article_id is None:
            existing = await self._existing(tx, article)
            assert existing is not None
            return existing
        statement_ids: list[int] = []
        reported_before: list[int] = []
        for statement in statements:
            if statement.duplicate_of is not None:
                await tx.execute(
                    "INSERT OR IGNORE INTO statement_sources (statement_id, article_id,"
                    " created_at) VALUES (?, ?, ?)",
                    (statement.duplicate_of, article_id, article.received_at),
                )
                reported_before.append(statement.duplicate_of)
                statement_ids.append(statement.duplicate_of)
            else:
                statement_ids.append(await insert_statement(tx, article_id, article, statement))
        return StoredArticle(
            article_id,
            True,
            article.received_at,
            article.source,
            tuple(statement_ids),
            tuple(reported_before),
        )

    async def article_ref(self, article_id: int) -> ArticleRef | None:
        row = await self._db.fetchone(
            "SELECT a.id, a.sender_id, a.chat_id,"
            " (SELECT count(*) FROM statements WHERE article_id = a.id) AS statements,"
            " EXISTS (SELECT 1 FROM kept_articles WHERE article_id = a.id) AS kept"
            " FROM articles a WHERE a.id = ?",
            (article_id,),
        )
        return from_row(ArticleRef, row, kept=bool(row["kept"])) if row else None

    async def article_header(self, article_id: int) -> tuple[str, str | None, str | None] | None:
        """(the opening of its text, source, source_url) of an article, for its alert's
        headline (found past a dateline or a channel's banner in the opening)."""
        row = await self._db.fetchone(
            "SELECT substr(text, 1, ?) AS opening, source, source_url FROM articles WHERE id = ?",
            (OPENING_CHARS, article_id),
        )
        return (row["opening"], row["source"], row["source_url"]) if row else None

    async def story_candidates(self, since: datetime, limit: int = 200) -> list[StoryCandidate]:
        """Articles received since `since`, newest first, with who said what in them."""
        rows = await self._db.fetchall(
            "SELECT a.id AS article_id, COALESCE(st.story_id, a.id) AS story_id, a.source,"
            " COALESCE(a.gist, '') AS gist"
            " FROM articles a LEFT JOIN article_stories st ON st.article_id = a.id"
            " WHERE a.received_at >= ? ORDER BY a.id DESC LIMIT ?",
            (since.astimezone(UTC).isoformat(timespec="seconds"), limit),
        )
        ids = [r["article_id"] for r in rows]
        statements = await self._db.fetchall(
            "SELECT ss.article_id, s.text, s.speaker_text, s.speaker_id, sp.name_key"
            " FROM statement_sources ss JOIN statements s ON s.id = ss.statement_id"
            " LEFT JOIN speakers sp ON sp.id = s.speaker_id"
            f" WHERE ss.article_id IN ({marks(ids)}) ORDER BY ss.article_id, s.id",
            ids,
        )
        # Each speaker's aliases in one query, read the same way on every engine.
        speaker_ids = sorted({r["speaker_id"] for r in statements if r["speaker_id"] is not None})
        aliases: dict[int, list[str]] = {}
        for r in await self._db.fetchall(
            "SELECT speaker_id, alias_key FROM speaker_aliases"
            f" WHERE speaker_id IN ({marks(speaker_ids)}) ORDER BY speaker_id, alias_key",
            speaker_ids,
        ):
            aliases.setdefault(r["speaker_id"], []).append(r["alias_key"])
        said: dict[int, list[Said]] = {}
        for r in statements:
            keys = (r["name_key"], *aliases.get(r["speaker_id"], ())) if r["name_key"] else ()
            said.setdefault(r["article_id"], []).append(Said(r["text"], keys, r["speaker_text"]))
        return [
            from_row(StoryCandidate, r, statements=tuple(said.get(r["article_id"], ())))
            for r in rows
        ]

    # -- the bot's digest messages ------------------------------------------------------

    async def remember_digest(self, chat_id: int, message_id: int, article_id: int) -> None:
        await self._db.execute(
            "INSERT OR REPLACE INTO digest_messages (chat_id, message_id, article_id)"
            " VALUES (?, ?, ?)",
            (chat_id, message_id, article_id),
        )

    async def article_for_digest(self, chat_id: int, message_id: int) -> ArticleRef | None:
        row = await self._db.fetchone(
            "SELECT article_id FROM digest_messages WHERE chat_id = ? AND message_id = ?",
            (chat_id, message_id),
        )
        return await self.article_ref(int(row["article_id"])) if row else None
