//! kura-core's planner (METRICS.md §10, the window plan), tested on a small
//! hand-built dataset and by property tests. One test binary, so the suite
//! links once.

mod capacity;
mod common;
mod feeds;
mod industries;
mod json;
mod properties;
mod states;
mod topics;
mod windows;
