-- Kura schema 3: what a multi-user server needs (`kura serve`): users,
-- sessions, API tokens, sign-in failures, and a counter of fact changes.
-- Only hashes of secrets are stored: password hashes (Argon2id, made by the
-- caller) and hashes of session ids and API tokens. Identity columns never
-- give the id of a removed user or a revoked token again.

CREATE TABLE users (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name          TEXT COLLATE "C" NOT NULL UNIQUE,
    role          TEXT NOT NULL,     -- admin, manager, rep
    rep_id        TEXT COLLATE "C",  -- which rep a rep account is
    password_hash TEXT NOT NULL
);

-- The teams a manager manages.
CREATE TABLE user_teams (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    team    TEXT COLLATE "C" NOT NULL,
    PRIMARY KEY (user_id, team)
);

-- Signed-in browsers; valid while now < expires_ms.
CREATE TABLE sessions (
    token_hash TEXT COLLATE "C" PRIMARY KEY,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_ms BIGINT NOT NULL,
    expires_ms BIGINT NOT NULL
);

CREATE INDEX sessions_user ON sessions (user_id);
CREATE INDEX sessions_expires ON sessions (expires_ms);

-- Machine access; a revoked token is deleted.
CREATE TABLE api_tokens (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    scope      TEXT NOT NULL,        -- ingest, read
    token_hash TEXT COLLATE "C" NOT NULL UNIQUE,
    created_ms BIGINT NOT NULL
);

-- Failed sign-ins per key (a name, an address), for rate limiting shared
-- by every server process.
CREATE TABLE login_failures (
    key   TEXT COLLATE "C" NOT NULL,
    at_ms BIGINT NOT NULL
);

CREATE INDEX login_failures_key ON login_failures (key, at_ms);
CREATE INDEX login_failures_at ON login_failures (at_ms);

-- One row, bumped in every transaction that changes facts (imports,
-- availability, topics), so a server revalidates a cached diagnosis with
-- one read. A counter row, not a sequence: a sequence also moves when a
-- transaction rolls back.
CREATE TABLE data_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version BIGINT NOT NULL
);

INSERT INTO data_version (id, version) VALUES (1, 0);
