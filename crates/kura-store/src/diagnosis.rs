//! The facts one diagnosis reads, fetched in one place for every caller
//! (the CLI, the planner's baselines, tests).

use crate::{Store, StoreError};
use kura_core::diagnosis::{DiagnosisFacts, DiagnosisScope};
use kura_core::facts::ActiveTarget;
use kura_core::time::OrgZone;
use std::collections::HashMap;
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

/// Distinct (rep, target) pairs gathered from rows in any order: the rows
/// are bucketed by rep, then each rep's targets are sorted and deduplicated
/// on their own. Measured on 2.8 million rows (0.9 million pairs, 1,000
/// reps over 90 days): a hash set per rep spent most of its time on cache
/// misses, since rows read by day visit every rep's set each day; appending
/// to a rep's list touches one cache line, and one rep's targets sort in
/// cache. Ids up to 15 bytes are kept inline (no allocation per row) and
/// handled as bytes, checked to be UTF-8 once, on the way out.
#[derive(Debug, Default)]
pub(crate) struct TargetsByRep {
    reps: Vec<(Vec<u8>, Vec<TargetKey>)>,
    index: HashMap<Vec<u8>, usize>,
    last: usize,
}

/// A target id: inline up to [`TargetKey::INLINE`] bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
enum TargetKey {
    /// The bytes, zero-padded, and the length in the last byte.
    Inline([u8; TargetKey::INLINE + 1]),
    /// A longer id.
    Boxed(Box<[u8]>),
}

impl TargetKey {
    const INLINE: usize = 15;

    fn new(id: &[u8]) -> TargetKey {
        if id.len() > Self::INLINE {
            return TargetKey::Boxed(id.into());
        }
        let mut inline = [0; Self::INLINE + 1];
        inline[..id.len()].copy_from_slice(id);
        inline[Self::INLINE] = id.len() as u8;
        TargetKey::Inline(inline)
    }

    fn as_bytes(&self) -> &[u8] {
        match self {
            TargetKey::Inline(b) => &b[..usize::from(b[Self::INLINE])],
            TargetKey::Boxed(b) => b,
        }
    }
}

/// Byte order. Two inline keys compare as one big-endian integer: the zero
/// padding sorts a prefix first, and the length byte breaks the tie between
/// ids that differ only by trailing NUL bytes.
impl Ord for TargetKey {
    fn cmp(&self, other: &TargetKey) -> std::cmp::Ordering {
        match (self, other) {
            (TargetKey::Inline(a), TargetKey::Inline(b)) => {
                u128::from_be_bytes(*a).cmp(&u128::from_be_bytes(*b))
            }
            _ => self.as_bytes().cmp(other.as_bytes()),
        }
    }
}

impl PartialOrd for TargetKey {
    fn partial_cmp(&self, other: &TargetKey) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl TargetsByRep {
    /// Notes one (rep, target) row.
    pub(crate) fn add(&mut self, rep: &[u8], target: &[u8]) {
        if self.reps.get(self.last).is_none_or(|(r, _)| r != rep) {
            self.last = match self.index.get(rep) {
                Some(&i) => i,
                None => {
                    self.reps.push((rep.to_vec(), Vec::new()));
                    self.index.insert(rep.to_vec(), self.reps.len() - 1);
                    self.reps.len() - 1
                }
            };
        }
        let targets = &mut self.reps[self.last].1;
        // Rows of one rep and day come sorted by target: skip repeats.
        if targets.last().is_none_or(|t| t.as_bytes() != target) {
            targets.push(TargetKey::new(target));
        }
    }

    /// The distinct pairs sorted by rep, then target (byte order, as SQL's
    /// binary collation and PostgreSQL's "C" sort them).
    pub(crate) fn into_sorted(self) -> Result<Vec<ActiveTarget>, StoreError> {
        let text = |bytes: &[u8]| {
            String::from_utf8(bytes.to_vec()).map_err(|e| StoreError::Corrupt {
                table: "activities",
                id: "?".into(),
                reason: format!("a rep or target id is not UTF-8: {e}"),
            })
        };
        let mut reps = self.reps;
        reps.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut out = Vec::new();
        for (rep, mut targets) in reps {
            let rep = text(&rep)?;
            targets.sort_unstable();
            targets.dedup();
            out.reserve(targets.len());
            for target in targets {
                out.push(ActiveTarget {
                    rep: rep.clone(),
                    target: text(target.as_bytes())?,
                });
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_come_out_distinct_and_sorted_by_rep_then_target() {
        let mut pairs = TargetsByRep::default();
        for (rep, target) in [
            ("r2", "L9"),
            ("r1", "L2"),
            ("r1", "L10"),
            ("r2", "L9"),
            ("r1", "L2"),
            ("r10", "L1"),
            // Longer than the inline keys, once twice.
            ("r1", "L0123456789abcdef"),
            ("r1", "L0123456789abcdef"),
            ("r1", "L0123456789abcde"),
            ("r1", ""),
        ] {
            pairs.add(rep.as_bytes(), target.as_bytes());
        }
        let got: Vec<(String, String)> = pairs
            .into_sorted()
            .unwrap()
            .into_iter()
            .map(|a| (a.rep, a.target))
            .collect();
        let want = [
            ("r1", ""),
            ("r1", "L0123456789abcde"),
            ("r1", "L0123456789abcdef"),
            ("r1", "L10"),
            ("r1", "L2"),
            ("r10", "L1"),
            ("r2", "L9"),
        ];
        assert_eq!(
            got,
            want.map(|(r, t)| (r.to_string(), t.to_string())).to_vec()
        );
        // Inline keys order exactly as their bytes, prefixes and NULs too.
        let ids: [&[u8]; 8] = [
            b"",
            b"\0",
            b"a",
            b"a\0",
            b"a\0\0",
            b"ab",
            b"b",
            b"0123456789abcdefg",
        ];
        for x in ids {
            for y in ids {
                assert_eq!(
                    TargetKey::new(x).cmp(&TargetKey::new(y)),
                    x.cmp(y),
                    "{x:?} {y:?}"
                );
            }
        }
        let mut bad = TargetsByRep::default();
        bad.add(b"r1", &[0xff]);
        assert!(matches!(
            bad.into_sorted(),
            Err(StoreError::Corrupt {
                table: "activities",
                ..
            })
        ));
    }
}
