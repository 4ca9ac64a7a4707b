//! The JSON of a window plan (`kura plan --format json`).

use crate::common::*;
use kura_calendar::Lang;

#[test]
fn the_plan_of_one_rep_as_json() {
    let plan = Data::new().plan(Lang::En);
    insta::assert_json_snapshot!("silver_week_2026_rep_en", plan.reps[0]);
    let plan = Data::new().plan(Lang::Ja);
    insta::assert_json_snapshot!("silver_week_2026_window_ja", plan.window);
}

#[test]
fn the_top_level_keys_are_stable() {
    let plan = Data::new().plan(Lang::En);
    let json = serde_json::to_value(&plan).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json sorts object keys.
    assert_eq!(
        keys,
        [
            "lang",
            "missing_industries",
            "reps",
            "today",
            "unknown_industries",
            "window"
        ]
    );
    assert_eq!(json["lang"], "en");
    assert_eq!(json["window"]["kind"], "silver_week");
    let t = &json["reps"][0]["targets"][0];
    assert_eq!(t["target"], "t-quiet");
    assert_eq!(t["state"]["state"], "catch_up_time");
    assert_eq!(t["state"]["recommendation"], "contact_deep");
    assert_eq!(t["state"]["source"]["kind"], "recorded");
    let care = json["reps"][0]["targets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["target"] == "t-care")
        .unwrap();
    assert_eq!(care["state"]["source"]["kind"], "inferred");
    assert_eq!(care["state"]["source"]["rule"], "medical-welfare-covering");
    assert_eq!(care["state"]["inferred"], true);
    // The call list serialises flat, for CSV.
    let row = serde_json::to_value(&plan.call_list()[0]).unwrap();
    let keys: Vec<&str> = row
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "company",
            "contact",
            "date",
            "inferred",
            "kind",
            "next_action",
            "recommendation",
            "rep",
            "state",
            "target",
            "why_you_now"
        ]
    );
}
