//! Kura's pure core.
//!
//! An inside-sales (インサイドセールス) rep or team is either **stock-type**
//! (ストック型: it keeps customer history, relationships and scheduled next
//! actions, so its call list never runs dry) or **flow-type** (フロー型: it
//! works fresh leads and call lists and keeps nothing). The difference shows
//! in a short, low-attendance week: a stock-type rep's activity volume per
//! business day (行動量) holds, a flow-type rep's falls.
//!
//! This crate holds the sales domain model ([`model`]), the one conversion
//! between instants and the organisation's local dates ([`time`]), the facts
//! the store hands to the analysis ([`facts`]), and the analysis itself.
//!
//! **Invariant:** no I/O, no system clock, no database. "Today" and the data
//! come in as arguments, so everything here is tested with plain values.

pub mod diagnosis;
pub mod explain;
pub mod facts;
pub mod model;
pub mod pacing;
pub mod plan;
pub mod thresholds;
pub mod time;
