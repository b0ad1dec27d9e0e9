-- A parse job ready for a parser wakes the workers listening on the record
-- (storage/postgres/listen.py): a notification when a job becomes 'pending' (its last part
-- recorded, or what it links to fetched), sent when that transaction commits. The payload
-- is the record's schema, as for the outbox (0003). Workers still poll, more slowly, for a
-- notification lost with a dropped connection and for leases that run out.
CREATE FUNCTION notify_parse_jobs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('onrecord_jobs', current_schema());
    RETURN NULL;
END;
$$;

CREATE TRIGGER parse_jobs_notify AFTER INSERT OR UPDATE OF state ON parse_jobs
    FOR EACH ROW WHEN (NEW.state = 'pending') EXECUTE FUNCTION notify_parse_jobs();
