//! The records are consistent, deterministic and exercise every counting
//! rule of METRICS.md §3.

use crate::summary::summarise;
use jiff::civil::date;
use kura_calendar::{BusinessCalendar, Lang};
use kura_core::model::{CallResult, Record};
use kura_core::time::OrgZone;
use kura_sim::{RepLabel, SimConfig, SimConfigError, industry_names, simulate};

fn small(seed: u64) -> SimConfig {
    SimConfig {
        seed,
        from: date(2026, 8, 3),
        to: date(2026, 10, 9),
        teams: 1,
        reps_per_team: 8,
        scale: 0.5,
        lang: Lang::En,
    }
}

fn collect(config: &SimConfig) -> Vec<Record> {
    let mut records = Vec::new();
    simulate(
        config,
        &BusinessCalendar::japan(),
        &OrgZone::tokyo(),
        &mut |r| records.push(r),
    )
    .expect("the test settings are valid");
    records
}

#[test]
fn the_same_seed_gives_the_same_records_and_another_seed_does_not() {
    let a = collect(&small(11));
    let b = collect(&small(11));
    assert!(a.len() > 10_000, "only {} records", a.len());
    assert!(a == b, "two runs with seed 11 differ");
    let c = collect(&small(12));
    assert!(a != c, "seeds 11 and 12 gave the same records");
}

#[test]
fn records_are_consistent_and_exercise_every_counting_rule() {
    let s = summarise(&small(3));
    assert_eq!(s.problem_count, 0, "{:#?}", s.problems);
    // Bulk sends (personal = false), with and without a target.
    assert!(
        s.bulk_with_target > 100,
        "{} targeted bulk sends",
        s.bulk_with_target
    );
    assert!(
        s.bulk_without_target >= 2,
        "{} untargeted bulk sends",
        s.bulk_without_target
    );
    // Inbound calls and replies, meetings, weekend work.
    assert!(s.inbound_calls > 0 && s.inbound_emails > 0 && s.meetings > 0);
    assert!(s.off_day_counted > 0, "no counted work on days off");
    // 08:30 calls are on the previous UTC date.
    assert!(
        s.early_previous_utc_date > 20,
        "{} early calls",
        s.early_previous_utc_date
    );
    for r in [
        CallResult::Connected,
        CallResult::NoAnswer,
        CallResult::Voicemail,
        CallResult::Busy,
        CallResult::WrongNumber,
    ] {
        assert!(
            s.call_results.get(&r).copied().unwrap_or(0) > 0,
            "no {r} calls"
        );
    }
    // Next actions: completed ones and open ones at the end.
    assert!(s.open_next_actions > 0 && s.next_actions > s.open_next_actions);
    // Industries are JSIC division names.
    let known: Vec<&str> = industry_names().collect();
    assert!(
        s.industries.iter().all(|i| known.contains(&i.as_str())),
        "{:?}",
        s.industries
    );
    assert!(
        known.contains(&"卸売業，小売業") && known.contains(&"サービス業（他に分類されないもの）")
    );
    assert!(s.industries.len() >= 10);
}

#[test]
fn ground_truth_rows_serialize_to_the_csv_columns() {
    let s = summarise(&small(5));
    let labels: Vec<RepLabel> = s.truth.rows().map(|p| p.label).collect();
    // 4 reps (8 × 0.5): stock, flow, stock, flow.
    assert_eq!(
        labels,
        [
            RepLabel::Stock,
            RepLabel::Flow,
            RepLabel::Stock,
            RepLabel::Flow
        ]
    );
    let row = serde_json::to_value(s.truth.rows().next().expect("four rows")).expect("serializes");
    let keys: Vec<&str> = row
        .as_object()
        .expect("an object")
        .keys()
        .map(|k| k.as_str())
        .collect();
    assert_eq!(keys.len(), 5);
    for k in ["rep", "team", "stockness", "label", "joined_on"] {
        assert!(keys.contains(&k), "{keys:?}");
    }
    assert_eq!(row["label"], "stock");
    assert_eq!(row["rep"], "rep-001");
    assert_eq!(row["team"], "team-01");
    assert!(row["stockness"].as_f64().expect("a number") >= kura_sim::CLEAR_STOCK_MIN);
    for p in s.truth.rows() {
        match p.label {
            RepLabel::Stock => assert!(p.stockness >= 0.75),
            RepLabel::Flow => assert!(p.stockness <= 0.25),
            _ => {}
        }
    }
}

#[test]
fn generated_text_follows_the_language() {
    let mut config = small(5);
    config.to = date(2026, 8, 7);
    for (lang, rep_name, note_sample) in [
        (Lang::Ja, "田中 健太", "株式会社"),
        (Lang::En, "Kenta Tanaka", "Co., Ltd."),
    ] {
        config.lang = lang;
        let records = collect(&config);
        let rep = records.iter().find_map(|r| match r {
            Record::Rep(rep) => rep.name.clone(),
            _ => None,
        });
        assert_eq!(rep.as_deref(), Some(rep_name));
        let company = records.iter().find_map(|r| match r {
            Record::Account(a) => a.name.clone(),
            _ => None,
        });
        assert!(company.is_some_and(|c| c.contains(note_sample)));
    }
}

#[test]
fn invalid_settings_are_refused_with_a_message_in_both_languages() {
    let calendar = BusinessCalendar::japan();
    let zone = OrgZone::tokyo();
    let mut bad = small(1);
    bad.from = date(2026, 10, 10);
    let err = simulate(&bad, &calendar, &zone, &mut |_| {}).expect_err("from after to");
    assert_eq!(
        err.to_string(),
        "simulation period 2026-10-10..2026-10-09 is empty: `from` must not be after `to`"
    );
    assert!(err.message(Lang::Ja).contains("空です"));

    let mut bad = small(1);
    bad.scale = 0.0;
    assert_eq!(bad.validate(), Err(SimConfigError::BadScale(0.0)));
    bad.scale = f64::NAN;
    assert!(matches!(bad.validate(), Err(SimConfigError::BadScale(_))));

    let mut bad = small(1);
    bad.teams = 0;
    assert_eq!(bad.validate(), Err(SimConfigError::NoTeams));
    bad.teams = 2_000;
    bad.reps_per_team = 100;
    bad.scale = 1.0;
    // 2,000 teams × 100 reps = 200,000 > 100,000.
    assert_eq!(bad.validate(), Err(SimConfigError::TooManyReps(200_000)));
    assert!(
        bad.validate()
            .expect_err("too many")
            .message(Lang::Ja)
            .contains("200000")
    );

    let mut bad = small(1);
    bad.from = date(1990, 1, 1);
    bad.to = date(2015, 1, 1);
    assert!(matches!(
        bad.validate(),
        Err(SimConfigError::PeriodTooLong { .. })
    ));
}

#[test]
fn the_demo_is_three_teams_of_eight_over_eighteen_months() {
    let demo = SimConfig::demo(date(2026, 11, 27));
    assert_eq!(demo.from, date(2025, 5, 27));
    assert_eq!(demo.to, date(2026, 11, 27));
    assert_eq!(demo.teams * demo.team_size(), 24);
    assert_eq!(demo.validate(), Ok(()));
}
