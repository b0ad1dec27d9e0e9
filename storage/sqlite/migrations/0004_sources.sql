-- Channels the bot watches and the posts they became. A channel is watched only when a team
-- member made the bot its administrator; posts from any other channel are never stored.

CREATE TABLE watched_channels (
    chat_id    INTEGER PRIMARY KEY,
    title      TEXT    NOT NULL,
    username   TEXT,
    added_by   INTEGER NOT NULL,                -- the team member who made the bot an admin
    added_at   TEXT    NOT NULL,
    status     TEXT    NOT NULL DEFAULT 'active'
               CHECK (status IN ('active', 'paused', 'removed')),
    changed_at TEXT    NOT NULL,
    posts      INTEGER NOT NULL DEFAULT 0       -- posts stored as articles
);

-- Which article a channel post became, so an edited post replaces its first version.
CREATE TABLE channel_posts (
    chat_id    INTEGER NOT NULL REFERENCES watched_channels(chat_id) ON DELETE CASCADE,
    message_id INTEGER NOT NULL,
    article_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,
    PRIMARY KEY (chat_id, message_id)
) WITHOUT ROWID;
CREATE INDEX channel_posts_by_article ON channel_posts(article_id);

-- /search since:, /chart and the /who timeline group statements by when they were said.
CREATE INDEX statements_created ON statements(created_at);
