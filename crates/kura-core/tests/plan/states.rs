//! Customer states (METRICS.md §10): every state's recommendation, recorded
//! beats inferred, inferred states carry their rule.

use crate::common::*;
use kura_calendar::Lang;
use kura_core::model::CustomerState;
use kura_core::plan::industry::IndustryMatch;
use kura_core::plan::{IndustryMapper, Recommendation, SeasonRules, StateSource, resolve_state};

#[test]
fn every_state_recommends_as_the_contract_says() {
    // Record each of the eight states for one target and read the plan.
    use CustomerState::*;
    use Recommendation::*;
    let cases = [
        (PartnersOff, ContactDeep),
        (ColleaguesOff, ContactDeep),
        (CatchUpTime, ContactDeep),
        (Covering, Avoid),
        (PeakSeason, Avoid),
        (Unchanged, Normal),
        (Away, AfterReturn),
        (Unknown, Confirm),
    ];
    for (state, expected) in cases {
        let mut data = Data::new();
        data.availability = vec![recorded("t-mfg", "2026-09-24", "2026-09-25", state)];
        let plan = data.plan(Lang::En);
        let t = target_of(&plan, "t-mfg");
        assert_eq!(t.state.state, state);
        assert_eq!(t.state.recommendation, expected, "{state}");
        assert!(!t.state.inferred);
    }
}

#[test]
fn inferred_states_follow_the_industry_rules_and_name_them() {
    let plan = Data::new().plan(Lang::En);
    let expect = [
        (
            "t-mfg",
            CustomerState::PartnersOff,
            "manufacturing-construction-partners-off",
        ),
        (
            "t-it",
            CustomerState::ColleaguesOff,
            "it-services-colleagues-off",
        ),
        ("t-hotel", CustomerState::PeakSeason, "hospitality-peak"),
        (
            "t-care",
            CustomerState::Covering,
            "medical-welfare-covering",
        ),
        ("t-trade", CustomerState::Unchanged, "trade-runs-through"),
    ];
    for (id, state, rule_id) in expect {
        let t = target_of(&plan, id);
        assert_eq!(t.state.state, state, "{id}");
        assert!(t.state.inferred, "{id}");
        match &t.state.source {
            StateSource::Inferred { rule, reason, .. } => {
                assert_eq!(rule, rule_id, "{id}");
                assert!(!reason.is_empty());
            }
            other => panic!("{id}: {other:?}"),
        }
    }
    match &target_of(&plan, "t-care").state.source {
        StateSource::Inferred {
            reason, industry, ..
        } => {
            assert_eq!(industry, "P");
            assert_eq!(
                reason,
                "medical and care services stay open and cover for staff on leave"
            );
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_recorded_state_beats_the_rule() {
    let plan = Data::new().plan(Lang::Ja);
    // t-quiet is a hotel (75: peak by rule) but recorded as having time.
    let quiet = target_of(&plan, "t-quiet");
    assert_eq!(quiet.state.state, CustomerState::CatchUpTime);
    assert_eq!(quiet.state.recommendation, Recommendation::ContactDeep);
    assert!(!quiet.state.inferred);
    assert_eq!(
        quiet.state.source,
        StateSource::Recorded {
            from: d("2026-09-19"),
            to: d("2026-09-27"),
            note: None,
            covers_business_days: 2,
        }
    );
    // t-away is a manufacturer (partners_off by rule) recorded as away.
    let away = target_of(&plan, "t-away");
    assert_eq!(away.state.state, CustomerState::Away);
    assert_eq!(away.state.recommendation, Recommendation::AfterReturn);
    // A row outside the window changes nothing: t-mfg stays inferred.
    assert!(target_of(&plan, "t-mfg").state.inferred);
}

#[test]
fn the_row_covering_most_of_the_window_wins() {
    let cal = cal();
    // 2025-12-29..2026-01-02: business days 12-29, 12-30, 12-31, 01-02.
    let w = kura_core::plan::PlanWindow::new(&cal, d("2025-12-29"), d("2026-01-02")).unwrap();
    let rows = [
        recorded("t", "2025-12-29", "2025-12-29", CustomerState::Covering),
        recorded("t", "2025-12-30", "2026-01-05", CustomerState::Away),
        recorded("t", "2025-12-31", "2026-01-02", CustomerState::PeakSeason),
    ];
    let refs: Vec<_> = rows.iter().collect();
    let industry = IndustryMatch::Missing;
    let s = resolve_state("t", &industry, &w, &refs, SeasonRules::builtin(), Lang::En);
    // Covering 1 day, away 3 days, peak 2 days: away wins.
    assert_eq!(s.state, CustomerState::Away);
    // A tie on days goes to the later start: 12-29..30 and 12-31..01-02
    // both cover two business days.
    let rows = [
        recorded("t", "2025-12-29", "2025-12-30", CustomerState::Covering),
        recorded("t", "2025-12-31", "2026-01-02", CustomerState::Unchanged),
    ];
    let refs: Vec<_> = rows.iter().collect();
    let s = resolve_state("t", &industry, &w, &refs, SeasonRules::builtin(), Lang::En);
    assert_eq!(s.state, CustomerState::Unchanged);
}

#[test]
fn unknown_or_missing_industries_leave_the_state_unknown_with_the_reason() {
    let plan = Data::new().plan(Lang::En);
    let x = target_of(&plan, "t-x");
    assert_eq!(x.state.state, CustomerState::Unknown);
    assert_eq!(x.state.recommendation, Recommendation::Confirm);
    assert_eq!(x.industry, IndustryMatch::Unknown("Widgets".into()));
    match &x.state.source {
        StateSource::NotInferred { reason, .. } => assert_eq!(
            reason,
            "industry \"Widgets\" is not recognised, so no state can be inferred"
        ),
        other => panic!("{other:?}"),
    }
    let none = target_of(&plan, "t-none");
    assert_eq!(none.state.recommendation, Recommendation::Confirm);
    assert!(matches!(
        none.state.source,
        StateSource::NotInferred {
            why: kura_core::plan::state::NoInference::IndustryMissing,
            ..
        }
    ));
    // Both are reported at the plan level.
    assert_eq!(plan.unknown_industries.len(), 1);
    assert_eq!(plan.unknown_industries[0].text, "Widgets");
    assert_eq!(plan.unknown_industries[0].targets, 1);
    assert_eq!(plan.missing_industries, 1);
}

#[test]
fn a_team_rules_file_changes_the_inference() {
    let rules = SeasonRules::with_overrides(
        r#"
[[rule]]
id = "our-it-clients-are-busy"
industries = ["G"]
windows = ["silver_week"]
state = "covering"
reason = { ja = "当社の顧客は期末対応中", en = "our clients close their half-year then" }
"#,
    )
    .unwrap();
    let data = Data::new();
    let mut input = kura_core::plan::PlanInput::new(&data.calendar, &data.window, data.today);
    input.targets = &data.targets;
    input.rules = &rules;
    let plan = kura_core::plan::plan_window(&input, Lang::En);
    let it = target_of(&plan, "t-it");
    assert_eq!(it.state.state, CustomerState::Covering);
    match &it.state.source {
        StateSource::Inferred { rule, origin, .. } => {
            assert_eq!(rule, "our-it-clients-are-busy");
            assert_eq!(*origin, kura_core::plan::rules::RuleOrigin::Custom);
        }
        other => panic!("{other:?}"),
    }
    // The mapper is the one given.
    assert!(std::ptr::eq(input.industries, IndustryMapper::builtin()));
}

#[test]
fn targets_are_listed_by_recommendation_then_most_recent_contact() {
    let plan = Data::new().plan(Lang::En);
    let order: Vec<&str> = plan.reps[0]
        .targets
        .iter()
        .map(|t| t.target.as_str())
        .collect();
    // contact_deep: t-quiet (09-18), t-it (09-15), t-mfg (09-10);
    // normal: t-trade; confirm: t-x (09-05), t-none (never);
    // after_return: t-away; avoid: t-hotel (09-20), t-care (09-11).
    assert_eq!(
        order,
        [
            "t-quiet", "t-it", "t-mfg", "t-trade", "t-x", "t-none", "t-away", "t-hotel", "t-care"
        ]
    );
}
