//! Speed of the diagnosis on a large generated organisation: 1,000 reps in
//! 40 teams, two years of per-rep-day rollups (about 490k rows), 1M active
//! targets and 200k open next actions. The contract is well under 100 ms.
//!
//! Run with `cargo bench -p kura-core --bench diagnose`. On the project's
//! shared 2-core machine (load about 2) the median was 50–65 ms with rows
//! grouped by rep and 60–70 ms with rows in date and target order.

use divan::Bencher;
use jiff::civil::{Date, date};
use kura_calendar::BusinessCalendar;
use kura_core::diagnosis::binomial::p_value;
use kura_core::diagnosis::{DiagnosisFacts, DiagnosisScope, diagnose};
use kura_core::facts::{ActiveTarget, DayCounts, LeadInflowDay, OpenNextAction, RepDay, RepRef};
use kura_core::thresholds::{Fraction, Thresholds};

fn main() {
    divan::main();
}

const REPS: usize = 1_000;
const TARGETS_PER_REP: usize = 1_000;
const NEXT_ACTIONS_PER_REP: usize = 200;

/// A small deterministic generator (no dependency on `rand` for a bench).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

struct Org {
    cal: BusinessCalendar,
    scope: DiagnosisScope,
    facts: DiagnosisFacts,
}

fn organisation(by_date: bool) -> Org {
    let cal = BusinessCalendar::japan();
    let (from, to) = (date(2026, 9, 24), date(2026, 9, 25));
    let scope = DiagnosisScope::new(&cal, from, to).expect("2026-09-24..25 has business days");
    let days: Vec<Date> = cal.business_days(date(2024, 9, 26), to);
    let mut rng = Lcg(7);
    let mut facts = DiagnosisFacts::default();
    for r in 0..REPS {
        let rep = format!("rep-{r:04}");
        let flow = r % 3 == 0;
        facts.reps.push(RepRef {
            rep: rep.clone(),
            team: Some(format!("team-{:02}", r % 40)),
        });
        for &day in &days {
            let mut volume = 20 + rng.next() % 20;
            if flow && day >= from {
                volume /= 2;
            }
            let calls = volume * 3 / 4;
            facts.rep_days.push(RepDay {
                rep: rep.clone(),
                date: day,
                counts: DayCounts {
                    volume,
                    calls,
                    connected: calls / 4,
                    scheduled: volume / 3,
                    inbound_responses: volume / 5,
                    outcomes: volume / 10,
                },
            });
        }
        for j in 0..TARGETS_PER_REP {
            // Neighbouring reps share some targets.
            let t = (r * 700 + j) % 600_000;
            facts.active_targets.push(ActiveTarget {
                rep: rep.clone(),
                target: format!("lead-{t:06}"),
            });
        }
        for j in 0..NEXT_ACTIONS_PER_REP {
            let t = if j % 4 == 0 {
                rng.next() % 600_000
            } else {
                ((r * 700 + j * 5) % 600_000) as u64
            };
            facts.open_next_actions.push(OpenNextAction {
                id: format!("na-{r}-{j}"),
                rep: rep.clone(),
                target: Some(format!("lead-{t:06}")),
                due_on: date(2026, 9, 1)
                    .checked_add(jiff::Span::new().days((rng.next() % 60) as i64))
                    .expect("in range"),
                promised: j % 5 == 0,
            });
        }
    }
    for &day in &days {
        facts.lead_inflow.push(LeadInflowDay {
            date: day,
            inbound_leads: 30 + rng.next() % 10,
        });
    }
    if by_date {
        // Rows in another key order, as a store may return them (rollups by
        // date, targets by target id), freshly allocated in that order: the
        // rep changes on almost every row.
        facts
            .rep_days
            .sort_by(|a, b| (a.date, &a.rep).cmp(&(b.date, &b.rep)));
        facts.rep_days = facts.rep_days.to_vec();
        facts
            .active_targets
            .sort_by(|a, b| (&a.target, &a.rep).cmp(&(&b.target, &b.rep)));
        facts.active_targets = facts.active_targets.to_vec();
    }
    Org { cal, scope, facts }
}

/// `by_date`: false for rows grouped by rep (the rollup's key order), true
/// for rows in date and target order.
#[divan::bench(args = [false, true], sample_count = 20)]
fn diagnose_1000_reps_two_years(bencher: Bencher, by_date: bool) {
    let org = organisation(by_date);
    let th = Thresholds::default();
    bencher.bench_local(|| diagnose(&org.scope, &org.cal, &org.facts, &th));
}

#[divan::bench]
fn scope_of_a_window(bencher: Bencher) {
    let cal = BusinessCalendar::japan();
    bencher.bench_local(|| {
        DiagnosisScope::new(&cal, divan::black_box(date(2020, 9, 23)), date(2020, 9, 25))
    });
}

#[divan::bench(args = [1_000u64, 1_000_000, 10_000_000])]
fn p_value_near_the_mean(n: u64) -> f64 {
    // About 1.2 standard deviations below the expected window volume.
    let theta = Fraction::new(9, 10).expect("positive denominator");
    let expected = n * 27 / 227;
    let k = expected - (expected as f64).sqrt() as u64;
    p_value(divan::black_box(k), n - k, 3, 20, theta)
}
