-- One quote, many outlets: a statement reported by several articles is stored once, with
-- every article that carried it in statement_sources. Position changes are recorded as events.

CREATE TABLE statement_sources (
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    article_id   INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    PRIMARY KEY (statement_id, article_id)
) WITHOUT ROWID;
CREATE INDEX statement_sources_by_article ON statement_sources(article_id);

INSERT INTO statement_sources (statement_id, article_id, created_at)
    SELECT id, article_id, created_at FROM statements;

CREATE TABLE position_changes (
    id           INTEGER PRIMARY KEY,
    speaker_id   INTEGER NOT NULL REFERENCES speakers(id) ON DELETE CASCADE,
    topic        TEXT    NOT NULL,
    previous     TEXT    NOT NULL,
    current      TEXT    NOT NULL,
    statement_id INTEGER NOT NULL REFERENCES statements(id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL
);
CREATE INDEX position_changes_by_topic ON position_changes(topic, created_at DESC);
CREATE INDEX position_changes_by_speaker ON position_changes(speaker_id, topic);
