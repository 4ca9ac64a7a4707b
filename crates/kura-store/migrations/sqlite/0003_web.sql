-- Kura schema 3: what a multi-user server needs (`kura serve`): users,
-- sessions, API tokens, sign-in failures, and a counter of fact changes.
-- Only hashes of secrets are stored: password hashes (Argon2id, made by the
-- caller) and hashes of session ids and API tokens. AUTOINCREMENT keeps
-- the ids of removed users and revoked tokens from being given again.

CREATE TABLE users (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    name          TEXT NOT NULL UNIQUE,
    role          TEXT NOT NULL,     -- admin, manager, rep
    rep_id        TEXT,              -- which rep a rep account is
    password_hash TEXT NOT NULL
);

-- The teams a manager manages.
CREATE TABLE user_teams (
    user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team    TEXT NOT NULL,
    PRIMARY KEY (user_id, team)
) WITHOUT ROWID;

-- Signed-in browsers; valid while now < expires_ms.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_ms INTEGER NOT NULL,
    expires_ms INTEGER NOT NULL
) WITHOUT ROWID;

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_ms);

-- Machine access; a revoked token is deleted.
CREATE TABLE api_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    name       TEXT NOT NULL,
    scope      TEXT NOT NULL,        -- ingest, read
    token_hash TEXT NOT NULL UNIQUE,
    created_ms INTEGER NOT NULL
);

-- Failed sign-ins per key (a name, an address), for rate limiting shared
-- by every server process.
CREATE TABLE login_failures (
    key   TEXT NOT NULL,
    at_ms INTEGER NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);

-- One row, bumped in every transaction that changes facts (imports,
-- availability, topics), so a server revalidates a cached diagnosis with
-- one read.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);

INSERT INTO data_version (id, version) VALUES (1, 0);
