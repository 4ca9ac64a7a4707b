-- Kura schema 4: the next actions open at an instant, read from the index
-- alone (an index-only scan once the table is vacuumed). A diagnosis asks
-- for those open at the window's start (created_ms < t <= open_until_ms);
-- the index of schema 1 found them but then fetched every one from the
-- table. This index carries every column the query returns, so it replaces
-- the old one, which is its prefix.

CREATE INDEX next_actions_open_covering
    ON next_actions (open_until_ms, created_ms) INCLUDE (rep, id, target, due_day, promised);

DROP INDEX next_actions_open;
