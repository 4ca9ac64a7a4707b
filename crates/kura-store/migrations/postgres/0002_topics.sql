-- Kura schema 2: topics for the window planner's Why-you-now lines
-- (METRICS.md §10). Each row is one topic; `raw` holds the whole topics
-- file it came from (TOML), so the planner re-reads it with the same
-- parser and the same checks. The other columns are for listing.

CREATE TABLE topics (
    id         TEXT PRIMARY KEY,
    title_ja   TEXT NOT NULL,
    title_en   TEXT NOT NULL,
    date_day   INTEGER,          -- local date published; NULL for evergreen
    source     TEXT NOT NULL,
    file       TEXT NOT NULL,    -- the file or feed it was added from
    provenance TEXT,             -- JSON of the feed provenance, if any
    raw        TEXT NOT NULL,
    added_ms   BIGINT NOT NULL
);
