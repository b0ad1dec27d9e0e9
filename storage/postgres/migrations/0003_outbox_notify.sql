-- Alerts written by any process wake the senders listening on the record
-- (storage/postgres/listen.py): one notification per statement that adds outbox rows, sent
-- when its transaction commits. The payload is the record's schema, so records in separate
-- schemas of one database wake only their own senders.
CREATE FUNCTION notify_outbox() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('onrecord_outbox', current_schema());
    RETURN NULL;
END;
$$;

CREATE TRIGGER outbox_notify AFTER INSERT ON outbox
    FOR EACH STATEMENT EXECUTE FUNCTION notify_outbox();
