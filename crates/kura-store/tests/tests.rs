//! kura-store's integration tests: one story told to SQLite always and to
//! PostgreSQL when `KURA_TEST_DATABASE_URL` is set (a fresh schema per
//! test, dropped at the end), plus property tests of the rollup. `web` tells
//! what a multi-user server keeps: users, sessions, tokens, sign-in failures.

mod fixture;
mod model;
mod plan;
mod props;
mod story;
mod web;
