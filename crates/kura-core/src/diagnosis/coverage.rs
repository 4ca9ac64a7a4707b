//! Next-action coverage (ネクストアクション設定率) for reps, teams and the
//! organisation (METRICS.md §5, §8).
//!
//! A target counts once per rep active on it (covered when that rep has an
//! open next action on it), once per team with an active rep (covered when
//! any rep of the team has one) and once for the organisation (covered when
//! anyone has one). So targets must be matched across reps: a million active
//! (rep, target) pairs in a large diagnosis.
//!
//! Matching them through a hash map keyed by the id strings costs a cache
//! miss or two per row (the table, and the key it compares with); at a
//! million rows that alone took several hundred milliseconds on our 2-core
//! machine. Instead:
//!
//! 1. each (target, rep) row is packed into one 128-bit integer led by the
//!    target's fingerprint, and pushed straight into one of up to 256
//!    partitions by its top bits (few enough write streams for the cache
//!    and the TLB; the partitions are sized from the expected row count, so
//!    the buffers are allocated once and, being small, reused by the
//!    allocator from one diagnosis to the next instead of being mapped anew);
//! 2. each partition, a few thousand rows that fit in cache, is sorted by a
//!    counting sort on the next bits and insertion sorts of the tiny buckets
//!    that leaves;
//! 3. the sorted rows are walked once: a target's rows are adjacent, its next
//!    actions before its active rows.
//!
//! No step touches memory at random: 1M active rows and 200k next actions
//! take 30–40 ms on our shared 2-core machine (`benches/diagnose.rs`).
//!
//! Rows hold 96 bits of the target's fingerprint: two different ids among n
//! share them with probability about n²/2⁹⁷ (below 1e-17 for a million ids),
//! far below any other source of error in the data.

use super::index::fingerprint;

/// One (target, rep) row packed into a u128, so that rows sort as plain
/// integers: 96 bits of the target's fingerprint, then one bit for the kind
/// (0 for an open next action, 1 for an active pair, so a target's next
/// actions come before its active rows), then 31 bits of rep index.
type Row = u128;

const KIND_BIT: u128 = 1 << 31;
const REP_MASK: u128 = (1 << 31) - 1;

fn row(target: &str, open_next_action: bool, rep: u32) -> Row {
    let (high, low) = fingerprint(target);
    let key = (u128::from(high) << 64) | (u128::from(low >> 32) << 32);
    key | if open_next_action { 0 } else { KIND_BIT } | (u128::from(rep) & REP_MASK)
}

/// The target part of a row.
fn target_of(r: Row) -> u128 {
    r >> 32
}

fn is_active(r: Row) -> bool {
    r & KIND_BIT != 0
}

fn rep_of(r: Row) -> u32 {
    (r & REP_MASK) as u32
}

/// (targets, covered) counts per rep, per team and for the organisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Coverage {
    pub(crate) reps: Vec<(u64, u64)>,
    pub(crate) teams: Vec<(u64, u64)>,
    pub(crate) organisation: (u64, u64),
}

/// Collects the rows of one diagnosis straight into radix partitions by the
/// top bits of the target fingerprint: the partitions are in key order, so
/// sorting each one sorts them all.
#[derive(Debug)]
pub(crate) struct CoverageRows {
    partitions: Vec<Vec<Row>>,
    /// A row's partition is its top `128 - shift` bits.
    shift: u32,
}

/// At most 2⁸ partitions: few enough write streams to stay within the cache
/// and the TLB while rows are collected.
const MAX_PARTITION_BITS: u32 = 8;

/// At most 2¹² buckets when a partition is sorted.
const MAX_BUCKET_BITS: u32 = 12;

impl CoverageRows {
    /// Room for about `capacity` rows, in partitions of a few thousand rows
    /// (small enough to sort in cache).
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        let bits = (usize::BITS - (capacity / 4096).leading_zeros()).min(MAX_PARTITION_BITS);
        let count = 1usize << bits;
        // Fingerprints are uniform, so partition sizes are Poisson around
        // the mean: six standard deviations of headroom make regrowth rare.
        let mean = capacity / count;
        let room = mean + 6 * mean.isqrt() + 16;
        CoverageRows {
            partitions: (0..count).map(|_| Vec::with_capacity(room)).collect(),
            shift: 128 - bits,
        }
    }

    #[inline]
    fn push(&mut self, r: Row) {
        // A shift of 128 (a single partition) is out of range for u128.
        let p = r.checked_shr(self.shift).unwrap_or(0) as usize;
        self.partitions[p].push(r);
    }

    /// A target of the rep's counted activities in the 90 days before A.
    /// Rep indices must be below 2³¹.
    pub(crate) fn active(&mut self, rep: u32, target: &str) {
        self.push(row(target, false, rep));
    }

    /// An open next action of the rep on a target.
    pub(crate) fn open_next_action(&mut self, rep: u32, target: &str) {
        self.push(row(target, true, rep));
    }

    /// Sorts every partition (a counting sort on the bits below the
    /// partition's, into about one bucket per row, whose buckets are then
    /// finished by insertion sort) and hands the sorted rows, in order, to
    /// `f`, one partition at a time while it is in cache.
    fn for_each_sorted(self, mut f: impl FnMut(&[Row])) {
        let mut scratch = Scratch::default();
        for mut part in self.partitions {
            f(sort_partition(&mut part, self.shift, &mut scratch));
        }
    }

    /// Counts coverage, given each rep's team index, in one pass over the
    /// sorted rows: within a target, its open next actions come first, so
    /// each active row can be judged as it is met.
    pub(crate) fn count(self, team_of_rep: &[Option<u32>], team_count: usize) -> Coverage {
        let mut out = Coverage {
            reps: vec![(0, 0); team_of_rep.len()],
            teams: vec![(0, 0); team_count],
            organisation: (0, 0),
        };
        // The current target's next-action reps, and the teams already
        // counted for it.
        let mut open_reps: Vec<u32> = Vec::new();
        let mut teams_seen: Vec<u32> = Vec::new();
        let mut current = None;
        let mut previous_rep = None;
        self.for_each_sorted(|rows| {
            for &r in rows {
                let target = target_of(r);
                if current != Some(target) {
                    current = Some(target);
                    open_reps.clear();
                    teams_seen.clear();
                    previous_rep = None;
                }
                let rep = rep_of(r);
                if !is_active(r) {
                    open_reps.push(rep);
                    continue;
                }
                if previous_rep.is_none() {
                    // The target's first active row: it counts for everyone.
                    out.organisation.0 += 1;
                    out.organisation.1 += u64::from(!open_reps.is_empty());
                }
                if previous_rep == Some(rep) {
                    continue;
                }
                previous_rep = Some(rep);
                let counts = &mut out.reps[rep as usize];
                counts.0 += 1;
                counts.1 += u64::from(open_reps.contains(&rep));
                if let Some(g) = team_of_rep[rep as usize]
                    && !teams_seen.contains(&g)
                {
                    teams_seen.push(g);
                    let counts = &mut out.teams[g as usize];
                    counts.0 += 1;
                    counts.1 += u64::from(
                        open_reps
                            .iter()
                            .any(|&o| team_of_rep[o as usize] == Some(g)),
                    );
                }
            }
        });
        out
    }
}

/// Buffers reused from one partition to the next.
#[derive(Debug, Default)]
struct Scratch {
    rows: Vec<Row>,
    starts: Vec<usize>,
}

/// Sorts one partition whose rows share every bit from `above` up: a
/// counting sort on the bits just below into `scratch`, about one bucket
/// per row, then insertion sorts of the buckets. Returns the sorted rows
/// (in `scratch`, or in `part` when it was short enough to sort in place).
fn sort_partition<'a>(part: &'a mut [Row], above: u32, scratch: &'a mut Scratch) -> &'a [Row] {
    if part.len() <= 16 {
        insertion_sort(part);
        return part;
    }
    let bits = (usize::BITS - part.len().leading_zeros())
        .min(MAX_BUCKET_BITS)
        .min(above);
    let shift = above - bits;
    let mask = (1u128 << bits) - 1;
    let starts = &mut scratch.starts;
    starts.clear();
    starts.resize((1 << bits) + 1, 0);
    for &r in part.iter() {
        starts[((r >> shift) & mask) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let rows = &mut scratch.rows;
    rows.clear();
    rows.resize(part.len(), 0);
    // Place each row at its bucket's next free slot, counting the slots
    // from the bucket's end back (so no second cursor array is needed).
    for &r in part.iter().rev() {
        let b = ((r >> shift) & mask) as usize + 1;
        starts[b] -= 1;
        rows[starts[b]] = r;
    }
    // Now starts[b + 1] is the start of bucket b, and starts[b + 2] its end.
    for b in 0..(1usize << bits) {
        let from = starts[b + 1];
        let to = if b + 2 < starts.len() {
            starts[b + 2]
        } else {
            part.len()
        };
        let bucket = &mut rows[from..to];
        if bucket.len() > 24 {
            // Many rows of one target (a customer every rep works on).
            bucket.sort_unstable();
        } else if bucket.len() > 1 {
            insertion_sort(bucket);
        }
    }
    rows
}

/// Sorts a short slice in place.
fn insertion_sort(rows: &mut [Row]) {
    for i in 1..rows.len() {
        let mut j = i;
        while j > 0 && rows[j - 1] > rows[j] {
            rows.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// The definition, with sets of strings.
    fn by_definition(
        active: &[(u32, String)],
        open: &[(u32, String)],
        team_of_rep: &[Option<u32>],
        team_count: usize,
    ) -> Coverage {
        let mut out = Coverage {
            reps: vec![(0, 0); team_of_rep.len()],
            teams: vec![(0, 0); team_count],
            organisation: (0, 0),
        };
        let covered: BTreeSet<(u32, &str)> = open.iter().map(|(r, t)| (*r, t.as_str())).collect();
        let mut reps_of: BTreeMap<&str, BTreeSet<u32>> = BTreeMap::new();
        for (r, t) in active {
            reps_of.entry(t.as_str()).or_default().insert(*r);
        }
        for (t, reps) in &reps_of {
            let anyone = open.iter().any(|(_, o)| o == t);
            out.organisation.0 += 1;
            out.organisation.1 += u64::from(anyone);
            let mut teams = BTreeSet::new();
            for &r in reps {
                out.reps[r as usize].0 += 1;
                out.reps[r as usize].1 += u64::from(covered.contains(&(r, *t)));
                if let Some(g) = team_of_rep[r as usize] {
                    teams.insert(g);
                }
            }
            for g in teams {
                out.teams[g as usize].0 += 1;
                let team_covers = open
                    .iter()
                    .any(|(r, o)| o == t && team_of_rep[*r as usize] == Some(g));
                out.teams[g as usize].1 += u64::from(team_covers);
            }
        }
        out
    }

    proptest! {
        #[test]
        fn counts_match_the_definition(
            active in prop::collection::vec((0u32..6, 0u32..40), 0..3_000),
            open in prop::collection::vec((0u32..6, 0u32..60), 0..300),
            teams in prop::collection::vec(prop::option::of(0u32..2), 6),
        ) {
            let active: Vec<(u32, String)> = active.into_iter().map(|(r, t)| (r, format!("lead-{t}"))).collect();
            let open: Vec<(u32, String)> = open.into_iter().map(|(r, t)| (r, format!("lead-{t}"))).collect();
            let mut rows = CoverageRows::with_capacity(active.len() + open.len());
            for (r, t) in &active {
                rows.active(*r, t);
            }
            for (r, t) in &open {
                rows.open_next_action(*r, t);
            }
            prop_assert_eq!(rows.count(&teams, 2), by_definition(&active, &open, &teams, 2));
        }
    }

    /// The rows as `count` sees them.
    fn sorted(rows: CoverageRows) -> Vec<Row> {
        let mut out = Vec::new();
        rows.for_each_sorted(|part| out.extend_from_slice(part));
        out
    }

    #[test]
    fn partitions_sorted_in_turn_are_one_sorted_sequence() {
        for capacity in [0, 100, 5_000, 100_000, 2_000_000] {
            let mut rows = CoverageRows::with_capacity(capacity);
            let mut all = Vec::new();
            for i in 0..5_000u32 {
                let target = format!("t{}", i % 1_234);
                all.push(row(&target, i % 3 == 0, i % 7));
                rows.push(row(&target, i % 3 == 0, i % 7));
            }
            all.sort_unstable();
            assert_eq!(sorted(rows), all, "{capacity}");
        }
    }

    proptest! {
        #[test]
        fn the_radix_sort_sorts(
            mut rows in prop::collection::vec(any::<u128>(), 0..5_000),
            same_top in any::<bool>(),
            repeats in 0usize..200,
            capacity in 0usize..2_000_000,
        ) {
            if same_top {
                // Rows that share their top 20 bits stress the second level.
                rows.iter_mut().for_each(|r| *r = (*r >> 20) | (0xabcde_u128 << 108));
            }
            // Many rows of one target land in one bucket.
            if let Some(&first) = rows.first() {
                rows.extend(std::iter::repeat_n(first, repeats));
            }
            let mut parts = CoverageRows::with_capacity(capacity);
            for &r in &rows {
                parts.push(r);
            }
            rows.sort_unstable();
            prop_assert_eq!(sorted(parts), rows);
        }
    }
}
