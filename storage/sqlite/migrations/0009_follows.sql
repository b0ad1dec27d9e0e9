-- Chats following speakers: a followed speaker's new statements and changes of line alert
-- the chat, planned in the article's transaction like topic alerts.
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.

CREATE TABLE follows (
    chat_id    INTEGER NOT NULL,
    speaker_id INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    PRIMARY KEY (chat_id, speaker_id)
) WITHOUT ROWID;
CREATE INDEX follows_by_speaker ON follows(speaker_id);
