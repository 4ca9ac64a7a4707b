//! kura-calendar's integration tests: one test binary, one module per topic.

mod config;
mod fixture;
mod holiday_rules;
mod invariants;
mod metrics;
