-- Every way an article arrives goes through the parse-job queue, not only pasted text:
-- a job now says what was received (`kind`) and, for a link or a file, what the bot must
-- fetch before a parser can take it (`input`, JSON: the URL, or the file's id and name).
-- The bot fetches (network waits stay on its event loop, beside other updates) and keeps
-- the fetched bytes in `payload` while the job is 'receiving'; the parser reads the
-- article out of them (lxml, pypdf: CPU, under the parse budget) and the payload is dropped
-- with the text when the job ends.
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.
ALTER TABLE parse_jobs ADD COLUMN kind TEXT NOT NULL DEFAULT 'text'
    CHECK (kind IN ('text', 'link', 'file'));
ALTER TABLE parse_jobs ADD COLUMN input TEXT NOT NULL DEFAULT '{}';
ALTER TABLE parse_jobs ADD COLUMN payload BLOB;

-- Answered jobs are deleted once past the retention (oldest first).
CREATE INDEX parse_jobs_answered ON parse_jobs (created_at) WHERE job_id IS NULL AND replied = 1;
