-- Turns at Telegram shared by every alert sender (storage/postgres/pacing.py): the next free
-- turn of the bot ("bot") and of each group ("chat:<id>").
CREATE TABLE send_turns (
    key text PRIMARY KEY,
    next_turn timestamptz NOT NULL
);
