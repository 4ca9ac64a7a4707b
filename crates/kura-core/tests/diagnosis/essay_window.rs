//! The essay's window, 2020-09-23..25, on a small organisation whose every
//! figure is worked out by hand below.
//!
//! Calendar: 09-19..22 is a four-day weekend (Sat, Sun, Respect-for-the-Aged
//! Day, Autumnal Equinox Day), so D(W) = {09-23, 09-24, 09-25}, |D(W)| = 3.
//! The 12 ISO weeks before the week of 09-21 are 06-29 … 09-14; the latest
//! normal ones are 09-14, 09-07, 08-31 and 08-24 (all five-day weeks without
//! a low-attendance day), so the baseline is those 4 weeks, 20 business days,
//! and prev_week is 09-14.
//!
//! Reps:
//! - alice (team t1), stock-like: 10 a day in the baseline and in the window;
//! - bob (team t1), flow-like: 10 a day in the baseline, 4, 3, 2 in the window;
//! - carol (no team), emails only, 1 a day: too little baseline volume;
//! - dave (team t2): in the reps table, no data at all;
//! - erin: not in the reps table, named only by a next action.
//!
//! Counted activities, the local date of each, "scheduled", "inbound
//! response", and the exclusion of bulk emails and inbound calls are the
//! store's work (its rollups already hold only counted activities, bucketed
//! by local date); here the rollups are used as given.

use crate::common::*;
use kura_core::diagnosis::{Class, Diagnosis, DiagnosisScope, Driver, diagnose};
use kura_core::thresholds::Thresholds;
use kura_core::time::OrgZone;

/// Builds the organisation and diagnoses 2020-09-23..25.
pub fn essay_diagnosis() -> Diagnosis {
    let cal = cal();
    let scope = DiagnosisScope::new(&cal, d("2020-09-23"), d("2020-09-25")).unwrap();
    let at = scope.open_at(&OrgZone::tokyo());
    let baseline_days: Vec<_> = scope.baseline_business_days().to_vec();
    let window = [d("2020-09-23"), d("2020-09-24"), d("2020-09-25")];

    let mut f = Facts::default();
    f.rep("alice", Some("t1"))
        .rep("bob", Some("t1"))
        .rep("carol", None)
        .rep("dave", Some("t2"));

    // alice, per business day: 10 activities, 8 calls, 2 connected, 6
    // scheduled, 1 inbound response, 1 outcome in the baseline; in the window
    // 10 activities, 8 calls, 1 connected, 8 scheduled, 0 inbound, 1 outcome.
    f.days("alice", &baseline_days, counts(10, 8, 2, 6, 1, 1));
    f.days("alice", &window, counts(10, 8, 1, 8, 0, 1));
    // Outside every range the diagnosis reads: ignored.
    f.day("alice", d("2020-08-17"), volume(99)); // a normal week, but the 5th latest
    f.day("alice", d("2020-09-28"), volume(99)); // after the window

    // bob: 10 activities, 10 calls, 2 connected, 1 scheduled, 5 inbound, 1
    // outcome a day in the baseline; the window falls to 4, 3, 2.
    f.days("bob", &baseline_days, counts(10, 10, 2, 1, 5, 1));
    f.day("bob", window[0], counts(4, 4, 1, 0, 2, 0));
    f.day("bob", window[1], counts(3, 3, 0, 0, 1, 0));
    f.day("bob", window[2], counts(2, 2, 0, 0, 1, 0));

    // carol: one email a day; also on the Saturday and the holiday before the
    // window, which are in no range the diagnosis reads.
    f.days("carol", &baseline_days, volume(1));
    f.days("carol", &window, volume(1));
    f.day("carol", d("2020-09-19"), volume(7));
    f.day("carol", d("2020-09-21"), volume(7));

    // Targets of counted activities in 06-25..09-22 (the 90 days before A).
    f.targets("alice", &["a1", "a2", "a3", "s1", "a1"]) // a1 twice: counted once
        .targets("bob", &["b1", "b2", "s1"])
        .targets("carol", &["c1"]);

    // Next actions, filtered by the open-at-A predicate at 2020-09-23 00:00 JST
    // = 2020-09-22T15:00:00Z, as the store does.
    let created = "2020-09-10T01:00:00Z";
    let actions = [
        next_action("n1", "alice", Some("a1"), created, "2020-09-23", None, true),
        next_action(
            "n2",
            "alice",
            Some("a1"),
            created,
            "2020-09-24",
            None,
            false,
        ),
        next_action("n3", "alice", Some("a2"), created, "2020-09-24", None, true),
        next_action(
            "n4",
            "alice",
            Some("a2"),
            created,
            "2020-09-25",
            None,
            false,
        ),
        next_action("n5", "alice", Some("s1"), created, "2020-09-25", None, true),
        next_action("n6", "alice", None, created, "2020-09-23", None, false),
        next_action("n7", "alice", None, created, "2020-09-24", None, false),
        next_action(
            "n8",
            "alice",
            Some("x9"),
            created,
            "2020-09-25",
            None,
            false,
        ),
        // Completed exactly at A 00:00: still open then.
        next_action(
            "n9",
            "alice",
            Some("c1"),
            created,
            "2020-09-25",
            Some("2020-09-22T15:00:00Z"),
            false,
        ),
        // Due after the window: not due in it, but it covers a1.
        next_action(
            "n10",
            "alice",
            Some("a1"),
            created,
            "2020-09-28",
            None,
            false,
        ),
        // Completed one second before A 00:00: not open.
        next_action(
            "n11",
            "alice",
            Some("a3"),
            created,
            "2020-09-23",
            Some("2020-09-22T14:59:59Z"),
            true,
        ),
        // Created exactly at A 00:00: not open (created_at must be before it).
        next_action(
            "n12",
            "alice",
            Some("a3"),
            "2020-09-22T15:00:00Z",
            "2020-09-23",
            None,
            true,
        ),
        // erin, known only from this next action.
        next_action("n13", "erin", Some("e1"), created, "2020-09-24", None, true),
    ];
    f.open_at(at, &actions);

    // Inbound leads: 2, 1, 0 in the window; 2 on each baseline business day;
    // none of the other rows is on a business day of D(W) or D(base).
    f.leads(window[0], 2)
        .leads(window[1], 1)
        .leads(window[2], 0);
    for &day in &baseline_days {
        f.leads(day, 2);
    }
    f.leads(d("2020-09-22"), 5) // holiday
        .leads(d("2020-09-12"), 4) // Saturday of a baseline week
        .leads(d("2020-08-17"), 7); // before the baseline

    diagnose(&scope, &cal, &f.facts, &Thresholds::default())
}

/// p-values: mpmath 50 digits, betainc(n−k, k+1, 0, 1−p0, regularized), with
/// p0 = 0.9·3 / (0.9·3 + 20) = 27/227.
const P_ALICE: f64 = 0.743_917_759_473_223_604_469_2; // k = 30, n = 230
const P_BOB: f64 = 0.000_122_756_971_772_140_779_83; // k = 9, n = 209
const P_CAROL: f64 = 0.710_360_365_536_223_350_371_3; // k = 3, n = 23
const P_T1: f64 = 0.026_878_468_456_642_427_281_27; // k = 39, n = 439
const P_ORG: f64 = 0.033_231_969_237_979_105_160_47; // k = 42, n = 462

#[test]
fn window_and_baseline_are_the_essays() {
    let dx = essay_diagnosis();
    assert_eq!(dx.window.from, d("2020-09-23"));
    assert_eq!(dx.window.to, d("2020-09-25"));
    assert_eq!(dx.window.business_days, dates("2020-09-23", "2020-09-25"));
    assert_eq!(dx.baseline.prev_week, Some(d("2020-09-14")));
    assert_eq!(
        dx.baseline.trailing_weeks,
        vec![
            d("2020-08-24"),
            d("2020-08-31"),
            d("2020-09-07"),
            d("2020-09-14")
        ]
    );
    assert_eq!(dx.baseline.business_days, 20);
    assert!(dx.baseline_warning().is_none());
}

#[test]
fn every_rep_known_is_listed_in_id_order() {
    let dx = essay_diagnosis();
    let ids: Vec<_> = dx.reps.iter().map(|r| r.rep.as_str()).collect();
    assert_eq!(ids, ["alice", "bob", "carol", "dave", "erin"]);
    let teams: Vec<_> = dx.reps.iter().map(|r| r.team.as_deref()).collect();
    assert_eq!(teams, [Some("t1"), Some("t1"), None, Some("t2"), None]);
    let team_ids: Vec<_> = dx.teams.iter().map(|t| t.team.as_str()).collect();
    assert_eq!(team_ids, ["t1", "t2"]);
}

#[test]
fn alice_holds_her_pace_and_is_stock() {
    let dx = essay_diagnosis();
    let a = &dx.rep("alice").unwrap().figures;
    // 10 a day on 3 window days; 10 a day on 20 baseline days.
    assert_eq!(a.volume, 30);
    assert_eq!(a.off_day_volume, 0);
    assert_eq!(a.rate, 10.0);
    assert_eq!(a.baseline_volume, 200);
    assert_eq!(a.baseline_days, 20);
    assert_eq!(a.baseline_rate, Some(10.0));
    assert_eq!(a.ri, Some(1.0));
    // prev_week 09-14..18: 50 on 5 days.
    assert_eq!(a.prev_week_rate, Some(10.0));
    assert_eq!(a.ri_prev_week, Some(1.0));
    // 24 calls, 3 connected; baseline 160 calls, 40 connected.
    assert_eq!((a.calls, a.connected), (24, 3));
    assert_eq!(a.connect_rate, Some(0.125));
    assert_eq!(a.baseline_connect_rate, Some(0.25));
    // 24/30 scheduled, 120/200 in the baseline; 0/30 and 20/200 inbound.
    assert_eq!(a.scheduled_share, Some(0.8));
    assert_eq!(a.baseline_scheduled_share, Some(0.6));
    assert_eq!(a.inbound_response_share, Some(0.0));
    assert_eq!(a.baseline_inbound_response_share, Some(0.1));
    // Targets a1, a2, a3, s1; open next actions on a1, a2, s1 (a3's were
    // closed a second before A or created at A): 3/4.
    assert_eq!(a.nac, Some(0.75));
    // Due in 09-23..25 and open: n1–n9 = 9; promised n1, n3, n5 = 3.
    assert_eq!(a.due_in_window, 9);
    assert_eq!(a.promised_in_window, 3);
    // 3 outcomes of 30; 20 of 200.
    assert_eq!(a.outcomes, 3);
    assert_eq!(a.outcome_rate, Some(0.1));
    assert_eq!(a.baseline_outcome_rate, Some(0.1));
    assert!(rel(a.p_value, P_ALICE) < 1e-12, "{}", a.p_value);
    assert_eq!(a.class, Class::Stock);
    // connect rate 0.125 − 0.25 = −0.125 ≤ −0.05 with 24 ≥ 20 calls;
    // due 9/3 = 3 ≥ 0.25 × 10: not thin; promised 3 ≥ 3 days: prepared.
    assert_eq!(a.drivers, [Driver::ConnectRateDrop, Driver::Prepared]);
}

#[test]
fn bob_runs_dry_and_is_flow() {
    let dx = essay_diagnosis();
    let b = &dx.rep("bob").unwrap().figures;
    assert_eq!(b.volume, 9);
    assert_eq!(b.rate, 3.0);
    assert_eq!(b.baseline_volume, 200);
    // ri = (9/3) / (200/20) = 0.3.
    assert_eq!(b.ri, Some(0.3));
    assert_eq!(b.prev_week_rate, Some(10.0));
    assert_eq!(b.ri_prev_week, Some(0.3));
    assert_eq!((b.calls, b.connected), (9, 1));
    assert_eq!(b.connect_rate, Some(1.0 / 9.0));
    assert_eq!(b.baseline_connect_rate, Some(0.2));
    assert_eq!(b.scheduled_share, Some(0.0));
    assert_eq!(b.baseline_scheduled_share, Some(0.1));
    assert_eq!(b.inbound_response_share, Some(4.0 / 9.0));
    assert_eq!(b.baseline_inbound_response_share, Some(0.5));
    // Targets b1, b2, s1, none with a next action of bob's (alice's on s1
    // does not count for him).
    assert_eq!(b.nac, Some(0.0));
    assert_eq!((b.due_in_window, b.promised_in_window), (0, 0));
    assert_eq!(b.outcome_rate, Some(0.0));
    assert_eq!(b.baseline_outcome_rate, Some(0.1));
    assert!(rel(b.p_value, P_BOB) < 1e-12, "{}", b.p_value);
    assert_eq!(b.class, Class::Flow);
    // 9 calls < 20: no connect-rate driver. 0/3 < 0.25 × 10: thin. nac 0 <
    // 0.5. Baseline scheduled 0.1 < 0.3. Baseline inbound 0.5 ≥ 0.4.
    // Outcomes 0 < 0.7 × 0.1.
    assert_eq!(
        b.drivers,
        [
            Driver::VolumeDrop,
            Driver::ThinPipeline,
            Driver::LowNextActionCoverage,
            Driver::UnscheduledWork,
            Driver::InboundDependent,
            Driver::ResultsDrop,
        ]
    );
}

#[test]
fn carol_sends_only_emails_and_has_too_little_baseline() {
    let dx = essay_diagnosis();
    let c = &dx.rep("carol").unwrap().figures;
    // The Saturday and holiday activities are in no range: volume 3, not 17.
    assert_eq!(c.volume, 3);
    assert_eq!(c.off_day_volume, 0);
    assert_eq!(c.baseline_volume, 20);
    assert_eq!(c.ri, Some(1.0));
    // Zero calls: connect rates are null, and so is the driver.
    assert_eq!((c.calls, c.connected), (0, 0));
    assert_eq!(c.connect_rate, None);
    assert_eq!(c.baseline_connect_rate, None);
    assert_eq!(c.scheduled_share, Some(0.0));
    // Target c1 is covered by alice's n9, not by carol: 0/1.
    assert_eq!(c.nac, Some(0.0));
    assert!(rel(c.p_value, P_CAROL) < 1e-12, "{}", c.p_value);
    // 20 < 30 baseline activities, though ri = 1.
    assert_eq!(c.class, Class::InsufficientData);
    // Drivers are evaluated whatever the class: due 0/3 < 0.25 × 1; nac 0;
    // baseline scheduled 0 < 0.3; baseline outcome rate 0: no results_drop.
    assert_eq!(
        c.drivers,
        [
            Driver::ThinPipeline,
            Driver::LowNextActionCoverage,
            Driver::UnscheduledWork
        ]
    );
}

#[test]
fn reps_without_data_have_nulls_and_insufficient_data() {
    let dx = essay_diagnosis();
    for id in ["dave", "erin"] {
        let x = &dx.rep(id).unwrap().figures;
        assert_eq!(x.volume, 0);
        assert_eq!(x.rate, 0.0);
        // 0 activities over 20 baseline days is a rate of 0, not null …
        assert_eq!(x.baseline_rate, Some(0.0));
        assert_eq!(x.prev_week_rate, Some(0.0));
        // … so ri, against a rate of 0, is null.
        assert_eq!(x.ri, None);
        assert_eq!(x.ri_prev_week, None);
        assert_eq!(x.connect_rate, None);
        assert_eq!(x.scheduled_share, None);
        assert_eq!(x.baseline_inbound_response_share, None);
        assert_eq!(x.nac, None);
        assert_eq!(x.outcome_rate, None);
        assert_eq!(x.baseline_outcome_rate, None);
        // n = 0: P(X ≤ 0) = 1.
        assert_eq!(x.p_value, 1.0);
        assert_eq!(x.class, Class::InsufficientData);
        // thin_pipeline: due/3 < 0.25 × 0 never holds; the rest are null.
        assert!(x.drivers.is_empty(), "{id}: {:?}", x.drivers);
    }
    let e = &dx.rep("erin").unwrap().figures;
    assert_eq!((e.due_in_window, e.promised_in_window), (1, 1));
}

#[test]
fn a_team_sums_first_then_takes_ratios() {
    let dx = essay_diagnosis();
    let t = dx.team("t1").unwrap();
    let f = &t.figures;
    // alice + bob: 39 in the window, 400 in the baseline.
    assert_eq!(f.volume, 39);
    // 39 / 3 = 13 per business day: the team's rate, not the mean of its
    // reps' rates (6.5).
    assert_eq!(f.rate, 13.0);
    assert_eq!(f.baseline_rate, Some(20.0));
    // ri = 13 / 20.
    assert_eq!(f.ri, Some(0.65));
    assert_eq!(f.ri_prev_week, Some(0.65));
    assert_eq!((f.calls, f.connected), (33, 4));
    assert_eq!(f.connect_rate, Some(4.0 / 33.0));
    assert_eq!(f.baseline_connect_rate, Some(80.0 / 360.0));
    assert_eq!(f.baseline_scheduled_share, Some(0.35));
    assert_eq!(f.baseline_inbound_response_share, Some(0.3));
    // Union of targets: a1, a2, a3, s1, b1, b2 = 6 (s1 once); covered by a
    // next action of any team member: a1, a2, s1 = 3.
    assert_eq!(f.nac, Some(0.5));
    assert_eq!((f.due_in_window, f.promised_in_window), (9, 3));
    assert_eq!(f.outcome_rate, Some(3.0 / 39.0));
    assert!(rel(f.p_value, P_T1) < 1e-12, "{}", f.p_value);
    // 0.65 < 0.9 and p = 0.0269 < 0.05.
    assert_eq!(f.class, Class::Flow);
    // connect 4/33 − 80/360 = −0.101 ≤ −0.05 (33 calls); due 3 a day < 0.25 ×
    // 20 = 5; nac exactly 0.5 is not < 0.5; baseline scheduled 0.35 and
    // inbound 0.3 are on the safe sides; 3/39 = 0.077 ≥ 0.7 × 0.1; promised 3.
    assert_eq!(
        f.drivers,
        [
            Driver::VolumeDrop,
            Driver::ConnectRateDrop,
            Driver::ThinPipeline,
            Driver::Prepared
        ]
    );
    assert_eq!(
        (
            t.reps_by_class.stock,
            t.reps_by_class.flow,
            t.reps_by_class.inconclusive,
            t.reps_by_class.insufficient_data
        ),
        (1, 1, 0, 0)
    );
    let t2 = dx.team("t2").unwrap();
    assert_eq!(t2.figures.class, Class::InsufficientData);
    assert_eq!(t2.reps_by_class.insufficient_data, 1);
    assert_eq!(t2.reps_by_class.total(), 1);
}

#[test]
fn the_organisation_is_everyone_with_lead_inflow() {
    let dx = essay_diagnosis();
    let o = &dx.organisation;
    let f = &o.figures;
    // alice 30 + bob 9 + carol 3.
    assert_eq!(f.volume, 42);
    assert_eq!(f.baseline_volume, 420);
    assert_eq!(f.rate, 14.0);
    assert_eq!(f.baseline_rate, Some(21.0));
    assert_eq!(f.ri, Some(2.0 / 3.0));
    // Targets a1, a2, a3, s1, b1, b2, c1 = 7; covered by anyone: a1, a2, s1,
    // and c1 (alice's n9) = 4.
    assert_eq!(f.nac, Some(4.0 / 7.0));
    // alice's 9 and erin's 1; promised 3 + 1.
    assert_eq!((f.due_in_window, f.promised_in_window), (10, 4));
    assert!(rel(f.p_value, P_ORG) < 1e-12, "{}", f.p_value);
    assert_eq!(f.class, Class::Flow);
    // thin: 10/3 < 0.25 × 21; nac 4/7 ≥ 0.5; scheduled 140/420 = 1/3 ≥ 0.3;
    // inbound 120/420 < 0.4; outcomes 3/42 = 0.0714 ≥ 0.7 × 40/420 = 0.0667.
    assert_eq!(
        f.drivers,
        [
            Driver::VolumeDrop,
            Driver::ConnectRateDrop,
            Driver::ThinPipeline,
            Driver::Prepared
        ]
    );
    let c = o.reps_by_class;
    assert_eq!(
        (c.stock, c.flow, c.inconclusive, c.insufficient_data),
        (1, 1, 0, 3)
    );
    // Inbound leads 2 + 1 + 0 on 3 window days; 2 × 20 on 20 baseline days.
    assert_eq!(o.lead_inflow, 3);
    assert_eq!(o.lead_inflow_rate, 1.0);
    assert_eq!(o.baseline_lead_inflow, 40);
    assert_eq!(o.baseline_lead_inflow_rate, Some(2.0));
}

#[test]
fn human_order_puts_the_weakest_first() {
    let dx = essay_diagnosis();
    let order: Vec<_> = dx.reps_by_ri().iter().map(|r| r.rep.as_str()).collect();
    // bob 0.3, alice 1.0, carol 1.0 (tie by id), then no ri: dave, erin.
    assert_eq!(order, ["bob", "alice", "carol", "dave", "erin"]);
}
