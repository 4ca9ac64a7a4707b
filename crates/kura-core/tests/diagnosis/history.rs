//! Many windows from facts fetched once: the diagnosis reads only the dates
//! of its scope.

use crate::common::*;
use kura_core::diagnosis::{DiagnosisFacts, DiagnosisScope, diagnose};
use kura_core::thresholds::Thresholds;

/// Two reps with activity on every day from June to December 2020, weekends
/// and holidays included, and inbound leads every day.
fn wide_facts() -> DiagnosisFacts {
    let mut f = Facts::default();
    f.rep("r1", Some("t")).rep("r2", None);
    for (i, day) in dates("2020-06-01", "2020-12-31").into_iter().enumerate() {
        let i = i as u64;
        f.day("r1", day, counts(10 + i % 7, 5, 2, 3, 1, 1));
        f.day("r2", day, counts(20 - i % 5, 10, 3, 2, 2, 0));
        f.leads(day, 3 + i % 4);
    }
    f.targets("r1", &["a", "b"]).targets("r2", &["b", "c"]);
    f.open("r1", Some("a"), "2020-09-24", true)
        .open("r2", Some("b"), "2020-08-14", false);
    f.facts
}

#[test]
fn wide_facts_give_the_same_diagnosis_as_exactly_fetched_ones() {
    let cal = cal();
    let wide = wide_facts();
    for (from, to) in [
        ("2020-09-23", "2020-09-25"),
        ("2020-08-13", "2020-08-14"),
        ("2020-12-29", "2021-01-03"),
        ("2020-11-23", "2020-11-27"),
    ] {
        let scope = DiagnosisScope::new(&cal, d(from), d(to)).unwrap();
        let range = scope.rep_days_range();
        let mut exact = wide.clone();
        exact.rep_days.retain(|r| range.contains(r.date));
        exact.lead_inflow.retain(|l| range.contains(l.date));
        assert!(exact.rep_days.len() < wide.rep_days.len());
        let th = Thresholds::default();
        assert_eq!(
            diagnose(&scope, &cal, &wide, &th),
            diagnose(&scope, &cal, &exact, &th),
            "window {from}..{to}"
        );
    }
}
