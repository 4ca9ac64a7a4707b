//! kura-sim's integration tests, in one binary.

mod accuracy;
mod behaviour;
mod properties;
mod records;
mod summary;
