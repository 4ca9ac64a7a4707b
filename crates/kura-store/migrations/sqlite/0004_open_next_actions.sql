-- Kura schema 4: the next actions open at an instant, read from the index
-- alone. A diagnosis asks for those open at the window's start
-- (created_ms < t <= open_until_ms); the index of schema 1 found them but
-- then looked every one up in the table, a random read per row (about
-- 175,000 of them for 1,000 reps). This index carries every column the
-- query returns (`id` is appended as the table's key), so it replaces the
-- old one, which is its prefix.

CREATE INDEX next_actions_open_covering
    ON next_actions (open_until_ms, created_ms, rep, target, due_day, promised);

DROP INDEX next_actions_open;
