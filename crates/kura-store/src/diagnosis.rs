//! The facts one diagnosis reads, fetched in one place for every caller
//! (the CLI, the planner's baselines, tests).

use crate::{Store, StoreError};
use kura_core::diagnosis::{DiagnosisFacts, DiagnosisScope};
use kura_core::time::OrgZone;
use std::time::Instant;

/// Fetches what a diagnosis of `scope` reads: every rep, the rollups and
/// lead inflow over the scope's days, the active targets of the 90 days
/// before the window, and the next actions open at its local start. Each
/// query's time and row count is logged at debug level.
pub fn diagnosis_facts(
    store: &dyn Store,
    scope: &DiagnosisScope,
    zone: &OrgZone,
) -> Result<DiagnosisFacts, StoreError> {
    fn timed<T>(
        query: &'static str,
        fetch: impl FnOnce() -> Result<Vec<T>, StoreError>,
    ) -> Result<Vec<T>, StoreError> {
        let started = Instant::now();
        let rows = fetch()?;
        tracing::debug!(query, rows = rows.len(), elapsed = ?started.elapsed(), "fetched");
        Ok(rows)
    }
    let days = scope.rep_days_range();
    let active = scope.active_targets_range();
    Ok(DiagnosisFacts {
        reps: timed("reps", || store.reps())?,
        rep_days: timed("rep_days", || store.rep_days(days.from, days.to))?,
        active_targets: timed("active_targets", || {
            store.active_targets(active.from, active.to)
        })?,
        open_next_actions: timed("open_next_actions", || {
            store.open_next_actions(scope.open_at(zone))
        })?,
        lead_inflow: timed("lead_inflow", || store.lead_inflow(days.from, days.to))?,
    })
}
