//! The per-rep-day rollup (`rep_days`) and its consistency check.
//!
//! Every import recomputes, in its own transaction, the rollup rows of each
//! (rep, local date) it touched: those of the activities it added or
//! changed (before and after the change) and those of the counted
//! activities aimed at a lead whose inbound flag or creation time it
//! changed. [`RollupCheck`] compares the stored rollup with a computation
//! from scratch over the stored facts, using the raw columns rather than the
//! derived ones the maintenance uses.

use jiff::civil::Date;
use kura_core::facts::DayCounts;
use std::collections::BTreeMap;

/// How many mismatches a check lists in full.
pub const MISMATCHES_LISTED: usize = 100;

/// One (rep, date) whose stored rollup differs from the recomputation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RollupMismatch {
    /// Rep id.
    pub rep: String,
    /// Local date.
    pub date: Date,
    /// The stored row, if any.
    pub stored: Option<DayCounts>,
    /// The row computed from the activities, if any.
    pub recomputed: Option<DayCounts>,
}

/// The result of [`crate::Store::verify_rollups`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RollupCheck {
    /// Rollup rows compared (stored and recomputed, each pair once).
    pub rows_checked: u64,
    /// Rows that differ.
    pub mismatch_count: u64,
    /// The first [`MISMATCHES_LISTED`] of them, by date then rep.
    pub mismatches: Vec<RollupMismatch>,
}

impl RollupCheck {
    /// Whether the rollup equals the recomputation.
    pub fn is_consistent(&self) -> bool {
        self.mismatch_count == 0
    }
}

/// Compares stored rows (all loaded, keyed by (day number, rep)) with the
/// recomputed ones, which arrive one by one.
#[derive(Debug, Default)]
pub(crate) struct RollupComparer {
    stored: BTreeMap<(i32, String), DayCounts>,
    check: RollupCheck,
    mismatched: BTreeMap<(i32, String), (Option<DayCounts>, Option<DayCounts>)>,
}

impl RollupComparer {
    pub(crate) fn stored(&mut self, day: i32, rep: String, counts: DayCounts) {
        self.stored.insert((day, rep), counts);
    }

    pub(crate) fn recomputed(&mut self, day: i32, rep: String, counts: DayCounts) {
        self.check.rows_checked += 1;
        let key = (day, rep);
        match self.stored.remove(&key) {
            Some(stored) if stored == counts => {}
            stored => self.mismatch(key, stored, Some(counts)),
        }
    }

    fn mismatch(
        &mut self,
        key: (i32, String),
        stored: Option<DayCounts>,
        recomputed: Option<DayCounts>,
    ) {
        self.check.mismatch_count += 1;
        self.mismatched.insert(key, (stored, recomputed));
        if self.mismatched.len() > MISMATCHES_LISTED {
            self.mismatched.pop_last();
        }
    }

    /// Stored rows never recomputed are mismatches too.
    pub(crate) fn finish(
        mut self,
        date_of: impl Fn(i32) -> Result<Date, crate::StoreError>,
    ) -> Result<RollupCheck, crate::StoreError> {
        let leftover = std::mem::take(&mut self.stored);
        for (key, counts) in leftover {
            self.check.rows_checked += 1;
            self.mismatch(key, Some(counts), None);
        }
        for ((day, rep), (stored, recomputed)) in self.mismatched {
            self.check.mismatches.push(RollupMismatch {
                date: date_of(day)?,
                rep,
                stored,
                recomputed,
            });
        }
        Ok(self.check)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn counts(volume: u64) -> DayCounts {
        DayCounts {
            volume,
            ..DayCounts::default()
        }
    }

    #[test]
    fn missing_extra_and_different_rows_are_all_mismatches() {
        let mut c = RollupComparer::default();
        c.stored(1, "a".into(), counts(2)); // equal
        c.stored(1, "b".into(), counts(3)); // differs
        c.stored(2, "a".into(), counts(1)); // stored only
        c.recomputed(1, "a".into(), counts(2));
        c.recomputed(1, "b".into(), counts(4));
        c.recomputed(3, "a".into(), counts(5)); // recomputed only
        let check = c
            .finish(|d| Ok(jiff::civil::date(1970, 1, 1 + d as i8)))
            .unwrap();
        assert_eq!(check.rows_checked, 4);
        assert_eq!(check.mismatch_count, 3);
        let keys: Vec<_> = check
            .mismatches
            .iter()
            .map(|m| {
                (
                    m.date.day(),
                    m.rep.as_str(),
                    m.stored.map(|s| s.volume),
                    m.recomputed.map(|s| s.volume),
                )
            })
            .collect();
        assert_eq!(
            keys,
            vec![
                (2, "b", Some(3), Some(4)),
                (3, "a", Some(1), None),
                (4, "a", None, Some(5))
            ]
        );
        assert!(!check.is_consistent());
    }
}
