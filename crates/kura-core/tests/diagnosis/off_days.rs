//! Window days that are not business days, and local dates.

use crate::common::*;
use kura_core::diagnosis::{DiagnosisScope, diagnose};
use kura_core::facts::{DayCounts, RepDay};
use kura_core::model::{Activity, ActivityKind, CallResult, Direction, Outcome};
use kura_core::thresholds::Thresholds;
use kura_core::time::OrgZone;
use std::collections::BTreeMap;

#[test]
fn weekend_activity_inside_the_window_is_off_day_volume_only() {
    // Window 2020-09-23 (Wed) .. 09-27 (Sun): D(W) = 23, 24, 25; the
    // weekend 26–27 is in W but not a business day.
    let cal = cal();
    let scope = DiagnosisScope::new(&cal, d("2020-09-23"), d("2020-09-27")).unwrap();
    let mut f = Facts::default();
    f.days(
        "r",
        scope.baseline_business_days(),
        counts(10, 10, 5, 0, 0, 0),
    );
    // 6 calls (3 connected) a business day in the window; on Saturday 4
    // calls, all connected, and 2 on Sunday.
    f.days(
        "r",
        &dates("2020-09-23", "2020-09-25"),
        counts(6, 6, 3, 0, 0, 0),
    )
    .day("r", d("2020-09-26"), counts(4, 4, 4, 0, 0, 4))
    .day("r", d("2020-09-27"), counts(2, 2, 0, 0, 0, 0));
    let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
    let r = &dx.reps[0].figures;
    // volume 18 over 3 business days; the weekend's 6 only in off_day_volume.
    assert_eq!(r.volume, 18);
    assert_eq!(r.off_day_volume, 6);
    assert_eq!(r.rate, 6.0);
    // Every other window figure is over D(W) only: 18 calls, 9 connected,
    // no outcome (the Saturday's 4 outcomes do not count).
    assert_eq!((r.calls, r.connected), (18, 9));
    assert_eq!(r.connect_rate, Some(0.5));
    assert_eq!(r.outcomes, 0);
    // ri = 6 / 10.
    assert_eq!(r.ri, Some(0.6));
    assert_eq!(dx.window.business_days, dates("2020-09-23", "2020-09-25"));
}

#[test]
fn holidays_inside_the_window_are_off_days_too() {
    // Window 2020-09-19..25: 19–20 weekend, 21–22 holidays, 23–25 business.
    let cal = cal();
    let scope = DiagnosisScope::new(&cal, d("2020-09-19"), d("2020-09-25")).unwrap();
    let mut f = Facts::default();
    f.day("r", d("2020-09-21"), volume(3))
        .day("r", d("2020-09-22"), volume(2))
        .day("r", d("2020-09-23"), volume(7));
    let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
    let r = &dx.reps[0].figures;
    assert_eq!((r.volume, r.off_day_volume), (7, 5));
}

/// The store's rollup in miniature: counted activities only, bucketed by the
/// organisation-local date (METRICS.md §1, §3). Kept here to show what the
/// diagnosis expects of its input; the store owns the real one.
fn rollup(zone: &OrgZone, activities: &[Activity]) -> Vec<RepDay> {
    let mut days: BTreeMap<(String, jiff::civil::Date), DayCounts> = BTreeMap::new();
    for a in activities.iter().filter(|a| a.is_counted()) {
        let c = days
            .entry((a.rep.clone(), zone.local_date(a.occurred_at)))
            .or_default();
        c.volume += 1;
        if a.kind == ActivityKind::Call {
            c.calls += 1;
            c.connected += u64::from(a.call_result == Some(CallResult::Connected));
        }
        c.outcomes += u64::from(a.outcome != Outcome::None);
    }
    days.into_iter()
        .map(|((rep, date), counts)| RepDay { rep, date, counts })
        .collect()
}

fn activity(at: &str, kind: ActivityKind, direction: Direction, personal: bool) -> Activity {
    Activity {
        id: at.into(),
        occurred_at: ts(at),
        rep: "r".into(),
        kind,
        direction,
        personal,
        call_result: Some(CallResult::Connected),
        target: None,
        planned_at: None,
        outcome: Outcome::None,
    }
}

#[test]
fn local_dates_decide_the_window_and_only_counted_activities_enter() {
    // 2020-09-22T15:30Z is 09-23 00:30 in Tokyo: inside the window, though
    // its UTC date is the holiday before it. 2020-09-25T15:10Z is 09-26 00:10
    // JST: the Saturday, an off day. Bulk emails and inbound calls are not
    // counted activities and never reach the rollup.
    use ActivityKind::{Call, Email};
    use Direction::{Inbound, Outbound};
    let zone = OrgZone::tokyo();
    let activities = [
        activity("2020-09-22T15:30:00Z", Call, Outbound, true),
        activity("2020-09-22T14:30:00Z", Call, Outbound, true), // 09-22 23:30 JST: holiday, before W
        activity("2020-09-24T02:00:00Z", Email, Outbound, true),
        activity("2020-09-24T02:00:00Z", Email, Outbound, false), // bulk
        activity("2020-09-24T03:00:00Z", Call, Inbound, true),    // inbound
        activity("2020-09-25T15:10:00Z", Call, Outbound, true),
    ];
    let cal = cal();
    let scope = DiagnosisScope::new(&cal, d("2020-09-23"), d("2020-09-27")).unwrap();
    let mut f = Facts::default();
    f.facts.rep_days = rollup(&zone, &activities);
    let dx = diagnose(&scope, &cal, &f.facts, &Thresholds::default());
    let r = &dx.reps[0].figures;
    // 09-23's call and 09-24's personal email; the Saturday call is off-day.
    assert_eq!((r.volume, r.calls, r.off_day_volume), (2, 1, 1));
}
