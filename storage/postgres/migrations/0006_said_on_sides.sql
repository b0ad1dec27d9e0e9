-- SQLite's 0012: each side keeps the day its statement was said (statement_rows.SAID_AT),
-- so `/search side:… target:…` reads a target's sides newest first through one index
-- instead of looking up every match's statement and article to sort them.
ALTER TABLE statement_positions ADD COLUMN said_on text;

UPDATE statement_positions p SET said_on = substr(COALESCE(a.published_at, s.created_at), 1, 10)
FROM statements s JOIN articles a ON a.id = s.article_id
WHERE s.id = p.statement_id;

CREATE INDEX statement_positions_said
    ON statement_positions(target, side, said_on DESC, statement_id DESC);

CREATE FUNCTION statement_positions_said_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.said_on := (SELECT substr(COALESCE(a.published_at, s.created_at), 1, 10)
                    FROM statements s JOIN articles a ON a.id = s.article_id
                    WHERE s.id = NEW.statement_id);
    RETURN NEW;
END $$;
CREATE TRIGGER statement_positions_said_written BEFORE INSERT ON statement_positions
    FOR EACH ROW EXECUTE FUNCTION statement_positions_said_written();

CREATE FUNCTION statement_positions_said_moved() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statement_positions SET said_on = (
        SELECT substr(COALESCE(a.published_at, NEW.created_at), 1, 10)
        FROM articles a WHERE a.id = NEW.article_id)
    WHERE statement_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER statement_positions_said_moved AFTER UPDATE OF article_id, created_at
    ON statements FOR EACH ROW EXECUTE FUNCTION statement_positions_said_moved();

CREATE FUNCTION statement_positions_said_dated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE statement_positions p SET said_on = substr(COALESCE(NEW.published_at, s.created_at), 1, 10)
    FROM statements s WHERE s.id = p.statement_id AND s.article_id = NEW.id;
    RETURN NULL;
END $$;
CREATE TRIGGER statement_positions_said_dated AFTER UPDATE OF published_at ON articles
    FOR EACH ROW EXECUTE FUNCTION statement_positions_said_dated();
