-- A statement whose content is only a noun phrase ("condemned [the German decision]")
-- keeps the reporter's words from the cue to the content's end: screens show those, not
-- the bare noun phrase in quote marks (extraction/paraphrase.py). NULL: a clause or a quote.
ALTER TABLE statements ADD COLUMN display TEXT;
