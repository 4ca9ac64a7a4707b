-- Kura schema 1 (SQLite): the facts of METRICS.md §3, import batches and the
-- per-rep-day rollup of counted activities.
--
-- Conventions (the same in the PostgreSQL schema):
--   *_ms   an instant, integer Unix milliseconds (UTC);
--   *_day  a local date in the organisation's time zone, as the number of
--          days since 1970-01-01 (so 2020-09-23 is 18528);
--   row_hash  the first 8 bytes of a BLAKE3 hash of the row as imported,
--          used to tell changed rows from unchanged ones on re-import;
--   batch_id  the import batch that last inserted or changed the row.
-- Derived columns (local days, `counted`, `facts`, `inbound`,
-- `response_end_day`, `open_until_ms`) are computed by kura-store when a
-- row is stored.
-- Facts carry no foreign keys on purpose: CRM exports routinely name leads,
-- accounts and reps that are not in the same export, and Kura keeps what it
-- is given.

CREATE TABLE store_settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE import_batches (
    id          INTEGER PRIMARY KEY,
    source_kind TEXT NOT NULL,
    source_hash TEXT,
    started_ms  INTEGER NOT NULL,
    finished_ms INTEGER
);

CREATE TABLE import_batch_files (
    batch_id INTEGER NOT NULL REFERENCES import_batches (id),
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    blake3   TEXT,
    PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;

CREATE TABLE import_batch_counts (
    batch_id  INTEGER NOT NULL REFERENCES import_batches (id),
    entity    TEXT NOT NULL,
    new       INTEGER NOT NULL,
    changed   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    PRIMARY KEY (batch_id, entity)
) WITHOUT ROWID;

CREATE TABLE reps (
    id       TEXT PRIMARY KEY,
    name     TEXT,
    team     TEXT,
    email    TEXT,
    row_hash INTEGER NOT NULL,
    batch_id INTEGER NOT NULL
) WITHOUT ROWID;

-- Teams are whatever team values reps carry.
CREATE VIEW teams AS
    SELECT team AS id, count(*) AS reps FROM reps WHERE team IS NOT NULL GROUP BY team;

CREATE TABLE accounts (
    id       TEXT PRIMARY KEY,
    name     TEXT,
    industry TEXT,
    row_hash INTEGER NOT NULL,
    batch_id INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE leads (
    id          TEXT PRIMARY KEY,
    account_id  TEXT,
    owner       TEXT,
    created_ms  INTEGER NOT NULL,
    created_day INTEGER NOT NULL,
    source      TEXT,
    status      TEXT,
    inbound     INTEGER NOT NULL, -- source = 'inbound'
    -- the local date 72 hours after created: activities answering this lead
    -- (inbound responses) lie on created_day..response_end_day
    response_end_day INTEGER NOT NULL,
    row_hash    INTEGER NOT NULL,
    batch_id    INTEGER NOT NULL
) WITHOUT ROWID;

-- Organisation-wide lead inflow by local date.
CREATE INDEX leads_inbound_day ON leads (created_day) WHERE inbound = 1;

-- The inbound-response lookup of the rollup: small, stays in cache.
CREATE INDEX leads_inbound ON leads (id, created_ms) WHERE inbound = 1;

CREATE TABLE activities (
    id          TEXT PRIMARY KEY,
    occurred_ms INTEGER NOT NULL,
    local_day   INTEGER NOT NULL,
    rep         TEXT NOT NULL,
    kind        TEXT NOT NULL,
    direction   TEXT NOT NULL,
    personal    INTEGER NOT NULL,
    call_result TEXT,
    target      TEXT,
    planned_ms  INTEGER,
    planned_day INTEGER,
    outcome     TEXT NOT NULL,
    counted     INTEGER NOT NULL, -- call or email, outbound, personal (行動量)
    facts       INTEGER NOT NULL, -- bits: 1 call, 2 connected call, 4 scheduled, 8 outcome
    row_hash    INTEGER NOT NULL,
    batch_id    INTEGER NOT NULL
) WITHOUT ROWID;

-- The one secondary index of the largest table. It serves the rollup
-- recomputation of a day or a (day, rep) without touching the table,
-- distinct active targets in a date range, and the first and last
-- activity date.
CREATE INDEX activities_day ON activities (local_day, counted, rep, target, occurred_ms, facts);

-- Counted activities per rep and local date; only rows with volume > 0.
CREATE TABLE rep_days (
    local_day         INTEGER NOT NULL,
    rep               TEXT NOT NULL,
    volume            INTEGER NOT NULL,
    calls             INTEGER NOT NULL,
    connected         INTEGER NOT NULL,
    scheduled         INTEGER NOT NULL,
    inbound_responses INTEGER NOT NULL,
    outcomes          INTEGER NOT NULL,
    PRIMARY KEY (local_day, rep)
) WITHOUT ROWID;

CREATE TABLE next_actions (
    id            TEXT PRIMARY KEY,
    rep           TEXT NOT NULL,
    target        TEXT,
    created_ms    INTEGER NOT NULL,
    due_day       INTEGER NOT NULL,
    completed_ms  INTEGER,
    status        TEXT NOT NULL,
    promised      INTEGER NOT NULL,
    -- open at t exactly when created_ms < t <= open_until_ms: completed_ms
    -- if known, else the largest integer while open, else the smallest
    -- (completed or cancelled without a time is never open).
    open_until_ms INTEGER NOT NULL,
    row_hash      INTEGER NOT NULL,
    batch_id      INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX next_actions_open ON next_actions (open_until_ms, created_ms);

CREATE TABLE availability (
    target   TEXT NOT NULL,
    from_day INTEGER NOT NULL,
    to_day   INTEGER NOT NULL,
    state    TEXT NOT NULL,
    note     TEXT,
    row_hash INTEGER NOT NULL,
    batch_id INTEGER,
    PRIMARY KEY (target, from_day, to_day)
) WITHOUT ROWID;
