-- A daily digest is planned from the record, not from a timer in the front: each chat in
-- digest mode keeps when its next digest is due (ISO UTC, computed from its local time and
-- time zone). Any sender takes a due chat (`FOR UPDATE SKIP LOCKED`), writes its digest to
-- the outbox and moves this on, in one transaction. A chat that had a digest before this
-- column keeps NULL until the first sender after the upgrade plans it (a digest then if one
-- was missed, as at a start before), which also sets its next due time.
ALTER TABLE chat_settings ADD COLUMN digest_next_due text;

CREATE INDEX chat_settings_digest_due ON chat_settings (digest_next_due)
    WHERE digest_at IS NOT NULL AND disabled_at IS NULL;
