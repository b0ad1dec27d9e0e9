-- Received means recorded: every article part the bot accepts is written here before its
-- update is confirmed to Telegram, and parsed from here, by the bot or a worker process.
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.
--
-- A row with `job_id` NULL is a job: the first part of an article and its state. A later part
-- of the same article (a long text Telegram split into several messages) is a row of its own
-- pointing at its job, in state 'part'. States of a job:
--   receiving  parts may still arrive (the join window); nobody parses it yet
--   pending    ready to be claimed
--   running    claimed by a parser until lease_until (seconds since the epoch); an expired
--              lease makes it claimable again
--   done       stored as article_id; the article text is gone from the job
--   failed     not stored, `error` says why; the text is gone too
-- `replied` is set once the sender of the article has had the digest (or the failure).
CREATE TABLE parse_jobs (
    id                  INTEGER PRIMARY KEY,
    job_id              INTEGER REFERENCES parse_jobs(id) ON DELETE CASCADE,
    state               TEXT    NOT NULL DEFAULT 'receiving'
                        CHECK (state IN ('receiving', 'pending', 'running', 'done', 'failed', 'part')),
    text                TEXT,
    chat_id             INTEGER NOT NULL,
    message_id          INTEGER NOT NULL,
    update_id           INTEGER NOT NULL,
    user_id             INTEGER,
    source              TEXT    NOT NULL DEFAULT '{}',
    progress_message_id INTEGER,
    attempts            INTEGER NOT NULL DEFAULT 0,
    lease_until         REAL,
    created_at          TEXT    NOT NULL,
    article_id          INTEGER,
    result              BLOB,
    error               TEXT,
    replied             INTEGER NOT NULL DEFAULT 0
);

-- A message is recorded once, however often Telegram delivers its update (the same update id
-- each time; the update id alone is not kept unique because Telegram may restart its count).
CREATE UNIQUE INDEX parse_jobs_message ON parse_jobs (chat_id, message_id, update_id);
CREATE INDEX parse_jobs_open ON parse_jobs (state, id) WHERE job_id IS NULL AND replied = 0;
CREATE INDEX parse_jobs_parts ON parse_jobs (job_id) WHERE job_id IS NOT NULL;
CREATE INDEX parse_jobs_user ON parse_jobs (user_id);
