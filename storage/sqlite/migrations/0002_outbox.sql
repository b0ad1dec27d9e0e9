-- Alerts: a persistent outbox drained by one sender, per-chat alert settings, digest marks,
-- and which story each article belongs to (near-duplicate reports edit the first alert).
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.

-- One row per chat that changed a setting or that Telegram refused; absent means defaults.
CREATE TABLE chat_settings (
    chat_id         INTEGER PRIMARY KEY,
    timezone        TEXT    NOT NULL DEFAULT 'UTC',  -- IANA name, e.g. Europe/Berlin
    muted_until     TEXT,                     -- ISO 8601 UTC; NULL: not muted
    quiet_start     INTEGER,                  -- minutes after local midnight; NULL: no quiet hours
    quiet_end       INTEGER,
    digest_at       INTEGER,                  -- minutes after local midnight: a daily digest
                                              -- instead of instant alerts; NULL: instant alerts
    digest_ran_at   TEXT,                     -- when the daily digest last ran (ISO UTC)
    paused_until    TEXT,                     -- Telegram's RetryAfter for this chat, ISO UTC
    disabled_at     TEXT,                     -- Telegram said Forbidden: no alerts until the
    disabled_reason TEXT                      -- chat subscribes again
);

CREATE TABLE outbox (
    id          INTEGER PRIMARY KEY,
    chat_id     INTEGER NOT NULL,
    kind        TEXT    NOT NULL
                CHECK (kind IN ('article', 'position_change', 'digest', 'summary')),
    article_id  INTEGER REFERENCES articles(id) ON DELETE CASCADE,
    topics      TEXT    NOT NULL DEFAULT '',  -- space-separated slugs the alert is about
    payload     TEXT    NOT NULL DEFAULT '{}',-- JSON: what to render besides the article
    edit_of     INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
                                              -- another report of that alert's story: edit it
    status      TEXT    NOT NULL DEFAULT 'pending'
                CHECK (status IN ('pending', 'held', 'sent', 'failed', 'skipped', 'merged')),
    due_at      TEXT    NOT NULL,             -- ISO UTC, millisecond precision: not before
    attempts    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT    NOT NULL,
    sent_at     TEXT,
    message_id  INTEGER,                      -- Telegram's id, once Telegram accepted it
    merged_into INTEGER REFERENCES outbox(id) ON DELETE SET NULL,
                                              -- the summary that delivered this held alert
    error       TEXT                          -- last failure, or why it was skipped
);
CREATE INDEX outbox_due ON outbox(due_at, id) WHERE status = 'pending';
CREATE INDEX outbox_held ON outbox(chat_id, due_at) WHERE status = 'held';
CREATE INDEX outbox_by_chat ON outbox(chat_id, status);
CREATE INDEX outbox_by_article ON outbox(article_id, chat_id);
CREATE INDEX outbox_edits ON outbox(edit_of) WHERE edit_of IS NOT NULL;

-- The first article of a story (itself, or an earlier near-duplicate's story).
CREATE TABLE article_stories (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id   INTEGER NOT NULL
);
CREATE INDEX article_stories_story ON article_stories(story_id);

-- Digests cover statements after the last one a chat's previous digest on that topic covered.
CREATE TABLE digest_marks (
    chat_id           INTEGER NOT NULL,
    topic             TEXT    NOT NULL,
    last_statement_id INTEGER NOT NULL,
    digested_at       TEXT    NOT NULL,
    PRIMARY KEY (chat_id, topic)
) WITHOUT ROWID;
