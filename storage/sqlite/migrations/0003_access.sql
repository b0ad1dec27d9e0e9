-- Trust: who may use the bot, where it may work, corrections, and what a user may delete.

-- People an admin let in (admins themselves come from ADMIN_USER_IDS, never from here).
CREATE TABLE members (
    user_id    INTEGER PRIMARY KEY,
    added_by   INTEGER NOT NULL,              -- the admin who allowed or invited them
    via        TEXT    NOT NULL CHECK (via IN ('allow', 'invite')),
    name       TEXT,                          -- Telegram name when known, for /members
    added_at   TEXT    NOT NULL
);

-- One-time invite links. Only the SHA-256 of the token is stored: a copy of the database
-- can't be used to join.
CREATE TABLE invites (
    token_hash TEXT    PRIMARY KEY,
    created_by INTEGER NOT NULL,
    created_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    used_by    INTEGER,
    used_at    TEXT
) WITHOUT ROWID;

-- Groups and channels a member added the bot to; updates from any other chat are dropped.
CREATE TABLE approved_chats (
    chat_id    INTEGER PRIMARY KEY,
    kind       TEXT    NOT NULL,              -- group | supergroup | channel
    title      TEXT,
    added_by   INTEGER NOT NULL,
    added_at   TEXT    NOT NULL
);

-- The bot's digest messages, so /delete, /keep and fixes can find the article replied to.
CREATE TABLE digest_messages (
    chat_id    INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX digest_messages_article ON digest_messages(article_id);

-- Articles an admin keeps: /forget_me by their sender leaves these in place.
CREATE TABLE kept_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    kept_by    INTEGER NOT NULL,
    kept_at    TEXT    NOT NULL
);

-- A member's fix to an extracted statement. The statement row is changed so every view reads
-- the corrected value; `original` keeps what the extractor said (JSON), so nothing is lost.
-- statement_id has no foreign key: "not a statement" deletes the statement, the correction
-- stays (until its article is deleted).
CREATE TABLE corrections (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    statement_id INTEGER NOT NULL,
    kind         TEXT    NOT NULL CHECK (kind IN ('speaker', 'stance', 'not_statement')),
    original     TEXT    NOT NULL,
    corrected    TEXT,
    user_id      INTEGER,
    created_at   TEXT    NOT NULL
);
CREATE INDEX corrections_statement ON corrections(statement_id);
CREATE INDEX corrections_article ON corrections(article_id);
CREATE INDEX articles_sender ON articles(sender_id);
