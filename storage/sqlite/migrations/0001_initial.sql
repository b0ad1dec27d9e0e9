-- The first schema: articles, speakers, statements with topics, subscriptions, FTS5 index.
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.

CREATE TABLE articles (
    id           INTEGER PRIMARY KEY,
    sha256       TEXT    NOT NULL UNIQUE,     -- of the normalised text: the dedupe key
    text         TEXT    NOT NULL,
    gist         TEXT    NOT NULL,
    source       TEXT,                        -- channel / user it was forwarded from, or a URL
    source_url   TEXT,
    sender_id    INTEGER,                     -- the Telegram user who sent it (NULL from the CLI)
    chat_id      INTEGER,
    received_at  TEXT    NOT NULL,            -- ISO 8601 UTC
    published_at TEXT
);

CREATE TABLE speakers (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,                -- canonical: the fullest form seen
    name_key    TEXT NOT NULL UNIQUE,         -- folded name used for matching
    role        TEXT,
    kind        TEXT NOT NULL DEFAULT 'person'
);

CREATE TABLE speaker_aliases (
    alias_key   TEXT PRIMARY KEY,
    alias       TEXT NOT NULL,
    speaker_id  INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX speaker_aliases_speaker ON speaker_aliases(speaker_id);

CREATE TABLE statements (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    speaker_id   INTEGER REFERENCES speakers(id),
    speaker_text TEXT,                        -- the source as written when it has no name
    kind         TEXT NOT NULL CHECK (kind IN ('direct', 'indirect', 'mixed')),
    text         TEXT NOT NULL,
    span_start   INTEGER NOT NULL,
    span_end     INTEGER NOT NULL,
    cue          TEXT,
    stance       TEXT CHECK (stance IN ('positive', 'negative', 'neutral')),
    score        REAL NOT NULL DEFAULT 0,
    created_at   TEXT NOT NULL
);
CREATE INDEX statements_article ON statements(article_id);
CREATE INDEX statements_speaker ON statements(speaker_id, created_at);

CREATE TABLE statement_topics (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    topic        TEXT NOT NULL,
    stance       TEXT CHECK (stance IN ('positive', 'negative', 'neutral')),
    created_at   TEXT NOT NULL,               -- copied from the statement: topic pages sort by it
    PRIMARY KEY (statement_id, topic)
) WITHOUT ROWID;
CREATE INDEX statement_topics_by_topic ON statement_topics(topic, created_at DESC, statement_id);

CREATE TABLE subscriptions (
    chat_id    INTEGER NOT NULL,
    topic      TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (chat_id, topic)
) WITHOUT ROWID;
CREATE INDEX subscriptions_by_topic ON subscriptions(topic);

CREATE VIRTUAL TABLE statements_fts USING fts5(
    text, content='statements', content_rowid='id', tokenize='porter unicode61'
);
CREATE TRIGGER statements_fts_insert AFTER INSERT ON statements BEGIN
    INSERT INTO statements_fts(rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER statements_fts_delete AFTER DELETE ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER statements_fts_update AFTER UPDATE OF text ON statements BEGIN
    INSERT INTO statements_fts(statements_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO statements_fts(rowid, text) VALUES (new.id, new.text);
END;
