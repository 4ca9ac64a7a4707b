//! A seeded, mechanistic simulation of an inside-sales (インサイドセールス)
//! organisation over the Japanese business calendar: the demo data, the
//! test bed and the benchmark load of Kura.
//!
//! # What it models
//!
//! Teams of reps, each somewhere between **flow-type** (フロー型, テレアポ
//! style: works fresh leads and call lists, keeps nothing) and **stock-type**
//! (ストック型: keeps customer history, states and next actions
//! (ネクストアクション), with promised contact dates). That position,
//! *stockness* in [0, 1], is the rep's ground truth; every habit derives
//! from it.
//!
//! Customers (leads of accounts in Japan Standard Industrial Classification
//! divisions) are at work on business days, mostly absent on weekends and
//! holidays, and in a low-attendance window (bridge days, Obon, year end)
//! each is in one of the essay's states — partners off, colleagues off,
//! catching up, covering, peak season, unchanged, away — drawn from their
//! industry's mix. New leads come in on business days at a rate that falls
//! with attendance.
//!
//! A rep makes 40–60 counted touches (行動量) on an ordinary business day.
//! A stock-type rep keeps the customers they mean to keep with a next
//! action after every touch, answered or not (so most of the customers they
//! worked in the last 90 days have one open: next-action coverage of about
//! 0.6–0.9), works due next actions first, asked customers beforehand how
//! they will spend the coming window (recording it as an availability note)
//! and agreed on calls inside it, so their volume per business day holds in
//! a short week. A flow-type rep keeps next actions for few customers
//! (coverage under 0.1) and their callable list is the last few days' new
//! leads: after a long weekend and with fewer new leads it runs dry, the
//! connect rate (着電率) falls, many of those called turn out to be away on
//! leave, and a discouraged rep stops earlier — so their volume per
//! business day in the window drops clearly. None of this is a multiplier
//! on low-attendance days: it comes out of three mechanisms — where the
//! next call comes from (next actions and a book of contacts, or only the
//! last three days' leads), who picks up (customers' presence and state),
//! and the psychological hurdle (a rep whose recent calls connect less
//! often than usual, or who keeps finding customers away on leave, stops
//! earlier, the more so the more flow-type they are).
//!
//! Around the counted work the simulation adds what makes the counting rules
//! matter: bulk emails (personal = false, a few without a target), inbound
//! calls and email replies, meetings set by appointments, some 08:30 calls
//! (the previous date in UTC) and a little weekend work.
//!
//! # Use
//!
//! ```no_run
//! use kura_calendar::BusinessCalendar;
//! use kura_core::time::OrgZone;
//! use kura_sim::{SimConfig, simulate};
//!
//! let config = SimConfig::demo(jiff::civil::date(2026, 11, 27));
//! let mut activities = 0;
//! let truth = simulate(&config, &BusinessCalendar::japan(), &OrgZone::tokyo(), &mut |record| {
//!     if let kura_core::model::Record::Activity(_) = record {
//!         activities += 1;
//!     }
//! })
//! .expect("the demo settings are valid");
//! println!("{} reps, {activities} activities", truth.reps.len());
//! ```
//!
//! The simulation does no I/O: records go to the caller's sink as they are
//! made, and only per-rep state (open next actions, recent leads, a capped
//! book of contacts) is kept in memory, never the activities.

mod config;
mod customers;
mod days;
mod draw;
mod engine;
mod names;
mod truth;

pub use config::{DEMO_SEED, MAX_PERIOD_DAYS, MAX_REPS, SimConfig, SimConfigError};
pub use customers::industry_names;
pub use truth::{CLEAR_FLOW_MAX, CLEAR_STOCK_MIN, GroundTruth, RepLabel, RepProfile};

use kura_calendar::BusinessCalendar;
use kura_core::model::Record;
use kura_core::time::OrgZone;

/// Simulates the organisation described by `config`, handing every record
/// to `sink` as it is made, and returns the ground truth (each rep's
/// profile).
///
/// Records come in this order: reps, accounts, then leads, activities, next
/// actions (when completed or cancelled) and availability notes day by day,
/// and last the next actions still open at the end. The same settings give
/// the same records in the same order.
pub fn simulate(
    config: &SimConfig,
    calendar: &BusinessCalendar,
    zone: &OrgZone,
    sink: &mut dyn FnMut(Record),
) -> Result<GroundTruth, SimConfigError> {
    config.validate()?;
    Ok(engine::run(config, calendar, zone, sink))
}
