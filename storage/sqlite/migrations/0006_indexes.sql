-- Answers that stay fast on a large archive (bench/archive_queries.py, 1M statements).
--
-- /iran counted its statements and grouped every one of them by speaker on each request:
-- ~45 ms and ~1.2 s at 1M statements (a topic like iran carries over a quarter of them).
-- Both are now kept as running totals, updated by triggers in the same transaction as the
-- rows they count, so every writer (ingest, corrections, /merge, deletes) keeps them right
-- without knowing about them.
-- The migration runner wraps this file in BEGIN … COMMIT and sets user_version.

CREATE TABLE topic_counts (
    topic      TEXT PRIMARY KEY,
    statements INTEGER NOT NULL
) WITHOUT ROWID;

-- One row per (topic, speaker) with statements on it: what positions_for_topic/_for_speaker
-- used to compute with GROUP BY.
CREATE TABLE topic_positions (
    topic      TEXT    NOT NULL,
    speaker_id INTEGER NOT NULL,
    statements INTEGER NOT NULL,
    positive   INTEGER NOT NULL,
    negative   INTEGER NOT NULL,
    first      TEXT    NOT NULL,
    latest     TEXT    NOT NULL,
    PRIMARY KEY (topic, speaker_id)
) WITHOUT ROWID;
CREATE INDEX topic_positions_ranked ON topic_positions(topic, statements DESC, latest DESC);
CREATE INDEX topic_positions_by_speaker ON topic_positions(speaker_id);

INSERT INTO topic_counts (topic, statements)
    SELECT topic, count(*) FROM statement_topics GROUP BY topic;
INSERT INTO topic_positions (topic, speaker_id, statements, positive, negative, first, latest)
    SELECT t.topic, s.speaker_id, count(*), sum(t.stance IS 'positive'),
           sum(t.stance IS 'negative'), min(t.created_at), max(t.created_at)
    FROM statement_topics t JOIN statements s ON s.id = t.statement_id
    WHERE s.speaker_id IS NOT NULL GROUP BY t.topic, s.speaker_id;

-- Topic counts: every statement_topics row, whoever said it.
CREATE TRIGGER topic_counts_insert AFTER INSERT ON statement_topics BEGIN
    INSERT INTO topic_counts (topic, statements) VALUES (new.topic, 1)
        ON CONFLICT (topic) DO UPDATE SET statements = statements + 1;
END;
CREATE TRIGGER topic_counts_delete AFTER DELETE ON statement_topics BEGIN
    UPDATE topic_counts SET statements = statements - 1 WHERE topic = old.topic;
END;

-- Positions: a topic row joins its statement's speaker's totals.
CREATE TRIGGER topic_positions_insert AFTER INSERT ON statement_topics
WHEN (SELECT speaker_id FROM statements WHERE id = new.statement_id) IS NOT NULL BEGIN
    INSERT INTO topic_positions (topic, speaker_id, statements, positive, negative, first, latest)
        SELECT new.topic, speaker_id, 1, new.stance IS 'positive', new.stance IS 'negative',
               new.created_at, new.created_at
        FROM statements WHERE id = new.statement_id
        ON CONFLICT (topic, speaker_id) DO UPDATE SET
            statements = statements + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            first = min(first, excluded.first),
            latest = max(latest, excluded.latest);
END;

CREATE TRIGGER topic_positions_stance AFTER UPDATE OF stance ON statement_topics BEGIN
    UPDATE topic_positions SET
        positive = positive - (old.stance IS 'positive') + (new.stance IS 'positive'),
        negative = negative - (old.stance IS 'negative') + (new.stance IS 'negative')
    WHERE topic = new.topic
      AND speaker_id = (SELECT speaker_id FROM statements WHERE id = new.statement_id);
END;

-- A statement leaving a speaker (deleted, or its speaker corrected or merged): take its topic
-- rows out of that speaker's totals, recomputing first/latest from what remains (the
-- speaker's statements, through statements_speaker), and drop totals that reach zero.
CREATE TRIGGER topic_positions_statement_delete BEFORE DELETE ON statements
WHEN old.speaker_id IS NOT NULL BEGIN
    UPDATE topic_positions SET
        statements = statements - 1,
        positive = positive - (SELECT t.stance IS 'positive' FROM statement_topics t
                               WHERE t.statement_id = old.id AND t.topic = topic_positions.topic),
        negative = negative - (SELECT t.stance IS 'negative' FROM statement_topics t
                               WHERE t.statement_id = old.id AND t.topic = topic_positions.topic),
        first = coalesce((SELECT min(t.created_at) FROM statements s
                          JOIN statement_topics t ON t.statement_id = s.id
                          WHERE s.speaker_id = old.speaker_id AND s.id != old.id
                            AND t.topic = topic_positions.topic), first),
        latest = coalesce((SELECT max(t.created_at) FROM statements s
                           JOIN statement_topics t ON t.statement_id = s.id
                           WHERE s.speaker_id = old.speaker_id AND s.id != old.id
                             AND t.topic = topic_positions.topic), latest)
    WHERE speaker_id = old.speaker_id
      AND topic IN (SELECT topic FROM statement_topics WHERE statement_id = old.id);
    DELETE FROM topic_positions WHERE speaker_id = old.speaker_id AND statements <= 0;
END;

CREATE TRIGGER topic_positions_speaker_change AFTER UPDATE OF speaker_id ON statements
WHEN old.speaker_id IS NOT new.speaker_id BEGIN
    UPDATE topic_positions SET
        statements = statements - 1,
        positive = positive - (SELECT t.stance IS 'positive' FROM statement_topics t
                               WHERE t.statement_id = old.id AND t.topic = topic_positions.topic),
        negative = negative - (SELECT t.stance IS 'negative' FROM statement_topics t
                               WHERE t.statement_id = old.id AND t.topic = topic_positions.topic),
        first = coalesce((SELECT min(t.created_at) FROM statements s
                          JOIN statement_topics t ON t.statement_id = s.id
                          WHERE s.speaker_id = old.speaker_id
                            AND t.topic = topic_positions.topic), first),
        latest = coalesce((SELECT max(t.created_at) FROM statements s
                           JOIN statement_topics t ON t.statement_id = s.id
                           WHERE s.speaker_id = old.speaker_id
                             AND t.topic = topic_positions.topic), latest)
    WHERE old.speaker_id IS NOT NULL AND speaker_id = old.speaker_id
      AND topic IN (SELECT topic FROM statement_topics WHERE statement_id = old.id);
    DELETE FROM topic_positions WHERE speaker_id = old.speaker_id AND statements <= 0;
    INSERT INTO topic_positions (topic, speaker_id, statements, positive, negative, first, latest)
        SELECT t.topic, new.speaker_id, 1, t.stance IS 'positive', t.stance IS 'negative',
               t.created_at, t.created_at
        FROM statement_topics t WHERE t.statement_id = new.id AND new.speaker_id IS NOT NULL
        ON CONFLICT (topic, speaker_id) DO UPDATE SET
            statements = statements + 1,
            positive = positive + excluded.positive,
            negative = negative + excluded.negative,
            first = min(first, excluded.first),
            latest = max(latest, excluded.latest);
END;
