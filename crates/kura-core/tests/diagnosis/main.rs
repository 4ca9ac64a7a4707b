//! kura-core's diagnosis and pacing, tested on small hand-worked examples
//! (METRICS.md §4–§9) and by property tests. One test binary, so the suite
//! links once.

// Reference values keep the digits their source (mpmath) printed.
#![allow(clippy::excessive_precision)]

mod boundaries;
mod common;
mod essay_window;
mod history;
mod json;
mod off_days;
mod pacing;
mod properties;
mod scope;
