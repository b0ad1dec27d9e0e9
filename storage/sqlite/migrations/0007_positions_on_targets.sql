-- Positions on targets replace the generic stance (docs/positions.md): a statement takes a
-- side, for or against, on named targets ("iran.military_action"), or none. The record keeps
-- each (statement, target) side, running totals per (target, speaker) for /TOPIC and /who,
-- and changes of line per (speaker, target).
--
-- The stance goes: its columns, the positive/negative totals of 0006 (topic_positions, read
-- only for "who stands where" per topic) and the stance changes, which the issue showed to
-- reverse people and to alert on changes that never happened. Statements, their topics and
-- topic_counts stay as they are; a stance correction stays in `corrections` as history.
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.

DROP TRIGGER topic_positions_insert;
DROP TRIGGER topic_positions_stance;
DROP TRIGGER topic_positions_statement_delete;
DROP TRIGGER topic_positions_speaker_change;
DROP TABLE topic_positions;
ALTER TABLE statements DROP COLUMN stance;
ALTER TABLE statement_topics DROP COLUMN stance;

-- Stance changes and their unsent alerts: not translatable into sides on targets.
DROP TABLE position_changes;
UPDATE outbox SET status = 'skipped', error = 'stance changes were retired'
    WHERE kind = 'position_change' AND status IN ('pending', 'held');

-- One row per side a statement takes. `speaker_id` mirrors statements.speaker_id (kept by
-- the trigger below) so the totals can be kept without a join; `created_at` is the
-- statement's. A member's fix is marked `corrected` (by `corrected_by`, cleared by
-- /forget_me); what the extractor said stays in `corrections.original`.
CREATE TABLE statement_positions (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    target       TEXT    NOT NULL,              -- a slug of seeds/topics.toml
    side         TEXT    NOT NULL CHECK (side IN ('for', 'against')),
    confidence   REAL    NOT NULL,
    evidence     TEXT    NOT NULL DEFAULT '',   -- the words that carry the side
    corrected    INTEGER NOT NULL DEFAULT 0 CHECK (corrected IN (0, 1)),
    corrected_by INTEGER,
    speaker_id   INTEGER,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (statement_id, target)
) WITHOUT ROWID;
-- A speaker's sides on a target, in order: the totals' first/latest, a change of line's
-- previous side, /who's strongest quote.
CREATE INDEX statement_positions_by_speaker
    ON statement_positions(speaker_id, target, created_at);
-- A side's strongest quote on /TOPIC (the surest, then the newest), and /search target:.
CREATE INDEX statement_positions_by_target
    ON statement_positions(target, side, confidence DESC, created_at DESC);
CREATE INDEX statement_positions_corrected_by
    ON statement_positions(corrected_by) WHERE corrected_by IS NOT NULL;

-- Running totals per (target, speaker): what /TOPIC ranks and /who lists, never a GROUP BY
-- over a busy target's statements. A statement reported by several outlets is one row in
-- statements (statement_sources holds the outlets), so it counts once.
CREATE TABLE target_positions (
    target             TEXT    NOT NULL,
    speaker_id         INTEGER NOT NULL,
    for_statements     INTEGER NOT NULL DEFAULT 0,
    for_first          TEXT,
    for_latest         TEXT,
    against_statements INTEGER NOT NULL DEFAULT 0,
    against_first      TEXT,
    against_latest     TEXT,
    PRIMARY KEY (target, speaker_id)
) WITHOUT ROWID;
CREATE INDEX target_positions_for
    ON target_positions(target, for_statements DESC, for_latest DESC) WHERE for_statements > 0;
CREATE INDEX target_positions_against
    ON target_positions(target, against_statements DESC, against_latest DESC)
    WHERE against_statements > 0;
CREATE INDEX target_positions_by_speaker ON target_positions(speaker_id);

CREATE TRIGGER target_positions_insert AFTER INSERT ON statement_positions
WHEN new.speaker_id IS NOT NULL BEGIN
    INSERT INTO target_positions (target, speaker_id) VALUES (new.target, new.speaker_id)
        ON CONFLICT (target, speaker_id) DO NOTHING;
    UPDATE target_positions SET
        for_statements = for_statements + (new.side = 'for'),
        for_first = CASE WHEN new.side = 'for'
            THEN min(coalesce(for_first, new.created_at), new.created_at) ELSE for_first END,
        for_latest = CASE WHEN new.side = 'for'
            THEN max(coalesce(for_latest, new.created_at), new.created_at) ELSE for_latest END,
        against_statements = against_statements + (new.side = 'against'),
        against_first = CASE WHEN new.side = 'against'
            THEN min(coalesce(against_first, new.created_at), new.created_at)
            ELSE against_first END,
        against_latest = CASE WHEN new.side = 'against'
            THEN max(coalesce(against_latest, new.created_at), new.created_at)
            ELSE against_latest END
    WHERE target = new.target AND speaker_id = new.speaker_id;
END;

-- A side leaving a speaker's totals (its statement deleted, its side corrected away): that
-- (target, speaker) is recounted from what remains, through statement_positions_by_speaker.
CREATE TRIGGER target_positions_delete AFTER DELETE ON statement_positions
WHEN old.speaker_id IS NOT NULL BEGIN
    UPDATE target_positions SET
        for_statements = (SELECT count(*) FROM statement_positions
            WHERE speaker_id = old.speaker_id AND target = old.target AND side = 'for'),
        for_first = (SELECT min(created_at) FROM statement_positions
            WHERE speaker_id = old.speaker_id AND target = old.target AND side = 'for'),
        for_latest = (SELECT max(created_at) FROM statement_positions
            WHERE speaker_id = old.speaker_id AND target = old.target AND side = 'for'),
        against_statements = (SELECT count(*) FROM statement_positions
            WHERE speaker_id = old.speaker_id AND target = old.target AND side = 'against'),
        against_first = (SELECT min(created_at) FROM statement_positions
            WHERE speaker_id = old.speaker_id AND target = old.target AND side = 'against'),
        against_latest = (SELECT max(created_at) FROM statement_positions
            WHERE speaker_id = old.speaker_id AND target = old.target AND side = 'against')
    WHERE target = old.target AND speaker_id = old.speaker_id;
    DELETE FROM target_positions WHERE target = old.target AND speaker_id = old.speaker_id
        AND for_statements = 0 AND against_statements = 0;
END;

-- A side moving to another speaker (the statement's speaker corrected or merged) or to the
-- other side: both (target, speaker) totals are recounted.
CREATE TRIGGER target_positions_update AFTER UPDATE OF speaker_id, side, target
ON statement_positions BEGIN
    INSERT INTO target_positions (target, speaker_id)
        SELECT new.target, new.speaker_id WHERE new.speaker_id IS NOT NULL
        ON CONFLICT (target, speaker_id) DO NOTHING;
    UPDATE target_positions SET
        for_statements = (SELECT count(*) FROM statement_positions p
            WHERE p.speaker_id = target_positions.speaker_id
              AND p.target = target_positions.target AND p.side = 'for'),
        for_first = (SELECT min(p.created_at) FROM statement_positions p
            WHERE p.speaker_id = target_positions.speaker_id
              AND p.target = target_positions.target AND p.side = 'for'),
        for_latest = (SELECT max(p.created_at) FROM statement_positions p
            WHERE p.speaker_id = target_positions.speaker_id
              AND p.target = target_positions.target AND p.side = 'for'),
        against_statements = (SELECT count(*) FROM statement_positions p
            WHERE p.speaker_id = target_positions.speaker_id
              AND p.target = target_positions.target AND p.side = 'against'),
        against_first = (SELECT min(p.created_at) FROM statement_positions p
            WHERE p.speaker_id = target_positions.speaker_id
              AND p.target = target_positions.target AND p.side = 'against'),
        against_latest = (SELECT max(p.created_at) FROM statement_positions p
            WHERE p.speaker_id = target_positions.speaker_id
              AND p.target = target_positions.target AND p.side = 'against')
    WHERE (target = old.target AND speaker_id IS old.speaker_id)
       OR (target = new.target AND speaker_id IS new.speaker_id);
    DELETE FROM target_positions
        WHERE ((target = old.target AND speaker_id IS old.speaker_id)
            OR (target = new.target AND speaker_id IS new.speaker_id))
          AND for_statements = 0 AND against_statements = 0;
END;

-- statement_positions.speaker_id follows its statement's speaker.
CREATE TRIGGER statement_positions_follow_speaker AFTER UPDATE OF speaker_id ON statements
WHEN old.speaker_id IS NOT new.speaker_id BEGIN
    UPDATE statement_positions SET speaker_id = new.speaker_id WHERE statement_id = new.id;
END;

-- A speaker breaking with their line on a target (services/positions.py decides when).
CREATE TABLE position_changes (
    id           INTEGER PRIMARY KEY,
    speaker_id   INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    target       TEXT    NOT NULL,
    previous     TEXT    NOT NULL CHECK (previous IN ('for', 'against')),
    current      TEXT    NOT NULL CHECK (current IN ('for', 'against')),
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL
);
CREATE INDEX position_changes_by_target ON position_changes(target, created_at DESC);
CREATE INDEX position_changes_by_speaker ON position_changes(speaker_id, target);
CREATE INDEX position_changes_by_statement ON position_changes(statement_id);

-- Corrections gain the kind 'position' (a member setting or removing a side on a target);
-- 'stance' stays for the fixes already made. SQLite changes a CHECK by rebuilding the table.
CREATE TABLE corrections_new (
    id           INTEGER PRIMARY KEY,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    statement_id INTEGER NOT NULL,
    kind         TEXT    NOT NULL
                 CHECK (kind IN ('speaker', 'stance', 'position', 'not_statement')),
    original     TEXT    NOT NULL,
    corrected    TEXT,
    user_id      INTEGER,
    created_at   TEXT    NOT NULL
);
INSERT INTO corrections_new (id, article_id, statement_id, kind, original, corrected, user_id,
                             created_at)
    SELECT id, article_id, statement_id, kind, original, corrected, user_id, created_at
    FROM corrections;
DROP TABLE corrections;
ALTER TABLE corrections_new RENAME TO corrections;
CREATE INDEX corrections_statement ON corrections(statement_id);
CREATE INDEX corrections_article ON corrections(article_id);
