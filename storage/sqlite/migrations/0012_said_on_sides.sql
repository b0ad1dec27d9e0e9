-- `/search side:… target:…` lists statements newest first by the day they were said (the
-- article's date, else when the statement was recorded: statement_rows.SAID_AT). Each side
-- now keeps that day, so a target's sides are read in that order through one index; before,
-- every match's statement and article were looked up to sort them (15k of each for
-- "side:against target:iran.military_action" at 1M statements, 130 ms). Triggers keep it
-- equal to SAID_AT: a side gets it when written, and again when its statement moves to
-- another article (a deletion keeps statements under a surviving article) or its article's
-- date changes.
ALTER TABLE statement_positions ADD COLUMN said_on TEXT;

UPDATE statement_positions SET said_on = (
    SELECT substr(COALESCE(a.published_at, s.created_at), 1, 10)
    FROM statements s JOIN articles a ON a.id = s.article_id
    WHERE s.id = statement_positions.statement_id
);

CREATE INDEX statement_positions_said
    ON statement_positions(target, side, said_on DESC, statement_id DESC);

CREATE TRIGGER statement_positions_said_written AFTER INSERT ON statement_positions BEGIN
    UPDATE statement_positions SET said_on = (
        SELECT substr(COALESCE(a.published_at, s.created_at), 1, 10)
        FROM statements s JOIN articles a ON a.id = s.article_id
        WHERE s.id = new.statement_id
    ) WHERE statement_id = new.statement_id AND target = new.target;
END;

CREATE TRIGGER statement_positions_said_moved AFTER UPDATE OF article_id, created_at
ON statements BEGIN
    UPDATE statement_positions SET said_on = (
        SELECT substr(COALESCE(a.published_at, new.created_at), 1, 10)
        FROM articles a WHERE a.id = new.article_id
    ) WHERE statement_id = new.id;
END;

CREATE TRIGGER statement_positions_said_dated AFTER UPDATE OF published_at ON articles BEGIN
    UPDATE statement_positions SET said_on = (
        SELECT substr(COALESCE(new.published_at, s.created_at), 1, 10)
        FROM statements s WHERE s.id = statement_positions.statement_id
    ) WHERE statement_id IN (SELECT id FROM statements WHERE article_id = new.id);
END;

-- Where the record has statistics (ANALYZE), the new index needs its own, or the planner
-- takes it for the sides' other orders (by confidence) and sorts a whole target's sides.
ANALYZE statement_positions;
