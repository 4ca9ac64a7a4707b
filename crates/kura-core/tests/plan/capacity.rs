//! The capacity check on its boundary, due next actions, and which targets
//! a short plan adds.

use crate::common::*;
use kura_calendar::Lang;
use kura_core::plan::{Baseline, CallKind, DueHandling, Recommendation, check_capacity};
use kura_core::thresholds::Fraction;

fn quarter() -> Fraction {
    Fraction::new(1, 4).unwrap()
}

#[test]
fn the_boundary_is_not_short() {
    // 20 a day in the baseline, 2 business days, thin_pipeline 0.25: the
    // window needs due / 2 ≥ 0.25 × 20 = 5, i.e. 10 next actions due.
    let b = Baseline {
        volume: 400,
        days: 20,
    };
    let at = check_capacity(10, 0, 2, b, quarter(), Lang::En);
    assert!(!at.short);
    assert_eq!(at.min_due_not_short, Some(10));
    let below = check_capacity(9, 0, 2, b, quarter(), Lang::En);
    assert!(below.short);
    // Usual volume: 20 × 2 = 40; 9 are due, so 31 more are needed.
    assert_eq!(below.normal_volume, Some(40));
    assert_eq!(below.contacts_needed, 31);
    assert_eq!(
        below.note,
        "only 9 next actions are due in the window (4.5 a business day), below 0.25 × the usual 20.0 a day: \
         the call list is short. Schedule 31 more contacts now to reach the usual 40 over 2 business days"
    );
    assert_eq!(
        at.note,
        "10 next actions are due in the window: not short, though 30 more contacts would reach the usual 40 over 2 business days"
    );
    // A baseline rate that is not a whole number: 7 over 3 days, 3-day
    // window: 0.25 × 7/3 = 7/12 a day, so 7/4 = 1.75 due in 3 days: 2 is
    // enough, 1 is short; the usual volume ⌈7⌉ = 7.
    let b = Baseline { volume: 7, days: 3 };
    assert!(check_capacity(1, 0, 3, b, quarter(), Lang::En).short);
    let c = check_capacity(2, 0, 3, b, quarter(), Lang::En);
    assert!(!c.short);
    assert_eq!(
        (c.min_due_not_short, c.normal_volume, c.contacts_needed),
        (Some(2), Some(7), 5)
    );
    // 0.1 as a decimal is exactly 1/10: 1 due, 1 day, baseline 10 a day is
    // on the boundary (1 < 0.1 × 10 is false).
    let tenth = Fraction::new(1, 10).unwrap();
    assert!(
        !check_capacity(
            1,
            0,
            1,
            Baseline {
                volume: 100,
                days: 10
            },
            tenth,
            Lang::En
        )
        .short
    );
    assert_eq!(
        check_capacity(
            9,
            0,
            2,
            Baseline {
                volume: 400,
                days: 20
            },
            quarter(),
            Lang::Ja
        )
        .note,
        "期間中に期日を迎えるネクストアクションは9件（1営業日あたり4.5件）で、普段の行動量（1日20.0件）の0.25倍を下回り掛け先が不足しています。2営業日で普段どおりの40件に届くよう、あと31件の接触を今のうちに予定してください"
    );
}

#[test]
fn the_plans_capacity_uses_the_due_next_actions_of_the_window() {
    let plan = Data::new().plan(Lang::En);
    let c = &plan.reps[0].capacity;
    // n1, n2, n3, n5 are due in 09-24..25 (n4 is due 09-30); n1 promised.
    assert_eq!(
        (c.due_in_window, c.promised_in_window, c.business_days),
        (4, 1, 2)
    );
    assert!(c.short);
    assert_eq!(c.baseline_rate, Some(20.0));
    assert_eq!(c.contacts_needed, 36);
}

#[test]
fn due_next_actions_are_listed_promised_first_and_moved_when_the_customer_is_busy() {
    let plan = Data::new().plan(Lang::En);
    let due = &plan.reps[0].due_next_actions;
    let rows: Vec<(&str, bool, DueHandling, String)> = due
        .iter()
        .map(|a| (a.id.as_str(), a.promised, a.handling, a.call_on.to_string()))
        .collect();
    assert_eq!(
        rows,
        [
            // Promised first: kept although the hotel is at its peak.
            ("n1", true, DueHandling::Keep, "2026-09-24".to_string()),
            // Then by date: n3 kept (partners off); n2 moved to the first
            // business day after the window (covering); n5 moved to after
            // the recorded absence that ends 09-28.
            ("n3", false, DueHandling::Keep, "2026-09-24".to_string()),
            (
                "n2",
                false,
                DueHandling::Reschedule,
                "2026-09-28".to_string()
            ),
            (
                "n5",
                false,
                DueHandling::Reschedule,
                "2026-09-29".to_string()
            ),
        ]
    );
    assert_eq!(
        due[0].note.as_deref(),
        Some("promised, so keep it; they are likely \"peak season\", so keep it short")
    );
    assert_eq!(
        due[2].note.as_deref(),
        Some("likely \"covering for others\": move it to 2026-09-28")
    );
    assert_eq!(
        due[3].note.as_deref(),
        Some("likely away: move it to 2026-09-29, after they return")
    );
    assert_eq!(due[1].note, None);
}

#[test]
fn a_short_plan_adds_contact_deep_then_normal_then_confirm_most_recent_first() {
    let plan = Data::new().plan(Lang::En);
    let rep = &plan.reps[0];
    let added: Vec<(&str, Recommendation, String)> = rep
        .suggested_next_actions
        .iter()
        .map(|s| (s.target.as_str(), s.recommendation, s.due_on.to_string()))
        .collect();
    // Eligible: active targets with no next action due in the window and a
    // recommendation other than avoid and after_return. contact_deep by
    // last contact: t-quiet (09-18), t-it (09-15); normal: t-trade;
    // confirm: t-x (09-05), t-none (never). Never t-hotel or t-care (avoid)
    // nor t-away (after_return); t-mfg already has n3.
    //
    // Days: 09-24 holds n1 and n3, 09-25 nothing (n2 and n5 moved); both
    // have attendance 0.7, so each addition goes to the day with fewer
    // contacts, the earlier on a tie: 09-25 (0 < 2), 09-25 (1 < 2), 09-24
    // (2 = 2), 09-25 (2 < 3), 09-24 (3 = 3).
    assert_eq!(
        added,
        [
            (
                "t-quiet",
                Recommendation::ContactDeep,
                "2026-09-25".to_string()
            ),
            (
                "t-it",
                Recommendation::ContactDeep,
                "2026-09-25".to_string()
            ),
            ("t-trade", Recommendation::Normal, "2026-09-24".to_string()),
            ("t-x", Recommendation::Confirm, "2026-09-25".to_string()),
            ("t-none", Recommendation::Confirm, "2026-09-24".to_string()),
        ]
    );
    assert!(
        rep.suggested_next_actions
            .iter()
            .all(|s| s.set_on == today())
    );
    // 36 contacts needed, 5 targets available.
    assert_eq!(rep.unfilled, 31);
    let loads: Vec<(u64, u64)> = rep.days.iter().map(|l| (l.due, l.suggested)).collect();
    assert_eq!(loads, [(2, 2), (0, 3)]);
}

#[test]
fn a_plan_that_is_not_short_adds_nothing() {
    let mut data = Data::new();
    // 2 a day: 0.25 × 2 × 2 days = 1 due is enough; 4 are due.
    data.baselines[0].baseline = Baseline {
        volume: 40,
        days: 20,
    };
    let plan = data.plan(Lang::En);
    let rep = &plan.reps[0];
    assert!(!rep.capacity.short);
    assert_eq!(rep.capacity.contacts_needed, 0);
    assert!(rep.suggested_next_actions.is_empty());
    assert_eq!(rep.unfilled, 0);
}

#[test]
fn days_before_today_get_no_new_contacts() {
    let mut data = Data::new();
    data.today = d("2026-09-25");
    let plan = data.plan(Lang::En);
    let rep = &plan.reps[0];
    assert!(
        rep.suggested_next_actions
            .iter()
            .all(|s| s.due_on == d("2026-09-25"))
    );
    assert_eq!(rep.suggested_next_actions.len(), 5);
    // After the window nothing can be placed.
    data.today = d("2026-09-28");
    let plan = data.plan(Lang::En);
    assert!(plan.reps[0].suggested_next_actions.is_empty());
    assert_eq!(plan.reps[0].unfilled, 36);
}

#[test]
fn the_call_list_has_one_row_per_contact() {
    let plan = Data::new().plan(Lang::En);
    let rows = plan.call_list();
    let summary: Vec<(String, CallKind, &str, Recommendation, bool)> = rows
        .iter()
        .map(|r| {
            (
                r.date.to_string(),
                r.kind,
                r.target.as_str(),
                r.recommendation,
                r.inferred,
            )
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "2026-09-24".to_string(),
                CallKind::Promised,
                "t-hotel",
                Recommendation::Avoid,
                true
            ),
            (
                "2026-09-24".to_string(),
                CallKind::Due,
                "t-mfg",
                Recommendation::ContactDeep,
                true
            ),
            (
                "2026-09-24".to_string(),
                CallKind::Suggested,
                "t-none",
                Recommendation::Confirm,
                true
            ),
            (
                "2026-09-24".to_string(),
                CallKind::Suggested,
                "t-trade",
                Recommendation::Normal,
                true
            ),
            (
                "2026-09-25".to_string(),
                CallKind::Suggested,
                "t-it",
                Recommendation::ContactDeep,
                true
            ),
            (
                "2026-09-25".to_string(),
                CallKind::Suggested,
                "t-quiet",
                Recommendation::ContactDeep,
                false
            ),
            (
                "2026-09-25".to_string(),
                CallKind::Suggested,
                "t-x",
                Recommendation::Confirm,
                true
            ),
            (
                "2026-09-28".to_string(),
                CallKind::Rescheduled,
                "t-care",
                Recommendation::Avoid,
                true
            ),
            (
                "2026-09-29".to_string(),
                CallKind::Rescheduled,
                "t-away",
                Recommendation::AfterReturn,
                false
            ),
        ]
    );
    let first = &rows[0];
    assert_eq!(
        (first.rep.as_str(), first.next_action.as_str()),
        ("r1", "n1")
    );
    assert_eq!(
        (first.company.as_str(), first.contact.as_str()),
        ("湯元ホテル", "鈴木")
    );
    assert!(!first.why_you_now.is_empty());
}

#[test]
fn reps_without_targets_or_baseline_still_get_a_plan() {
    let mut data = Data::new();
    data.next_actions.push(kura_core::facts::OpenNextAction {
        id: "m1".into(),
        rep: "r2".into(),
        target: Some("t-new".into()),
        due_on: d("2026-09-24"),
        promised: false,
    });
    data.next_actions.push(kura_core::facts::OpenNextAction {
        id: "m2".into(),
        rep: "r2".into(),
        target: None,
        due_on: d("2026-09-25"),
        promised: false,
    });
    let plan = data.plan(Lang::En);
    assert_eq!(plan.reps.len(), 2);
    let r2 = &plan.reps[1];
    assert_eq!(r2.rep, "r2");
    assert_eq!(r2.capacity.due_in_window, 2);
    assert!(!r2.capacity.short);
    assert_eq!(r2.capacity.baseline_rate, None);
    // The target named only by a next action is listed, not active.
    assert_eq!(r2.targets.len(), 1);
    assert!(!r2.targets[0].active);
    assert_eq!(r2.targets[0].state.recommendation, Recommendation::Confirm);
    // The next action without a target is still a call.
    let rows: Vec<_> = plan
        .call_list()
        .into_iter()
        .filter(|r| r.rep == "r2")
        .collect();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[1].target, "");
}
