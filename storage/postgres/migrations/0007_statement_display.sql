-- SQLite's 0013: a statement whose content is only a noun phrase keeps the reporter's
-- words from the cue to the content's end, which screens show instead of a quote.
ALTER TABLE statements ADD COLUMN display text;
