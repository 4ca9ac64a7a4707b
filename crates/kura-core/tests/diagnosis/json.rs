//! The JSON shape of `kura diagnose --format json`.

use crate::essay_window::essay_diagnosis;
use serde_json::Value;

/// The §5 keys, in order.
const FIGURE_KEYS: [&str; 26] = [
    "volume",
    "off_day_volume",
    "rate",
    "baseline_volume",
    "baseline_days",
    "baseline_rate",
    "ri",
    "prev_week_rate",
    "ri_prev_week",
    "calls",
    "connected",
    "connect_rate",
    "baseline_connect_rate",
    "scheduled_share",
    "baseline_scheduled_share",
    "inbound_response_share",
    "baseline_inbound_response_share",
    "nac",
    "due_in_window",
    "promised_in_window",
    "outcomes",
    "outcome_rate",
    "baseline_outcome_rate",
    "p_value",
    "class",
    "drivers",
];

/// The keys of a JSON object in the order they were written (serde_json's
/// `Value` sorts them, so read the text).
fn keys_in_order(json: &str) -> Vec<String> {
    let mut de = serde_json::Deserializer::from_str(json);
    let map: indexed::Ordered = serde::Deserialize::deserialize(&mut de).unwrap();
    map.0
}

mod indexed {
    use serde::de::{Deserialize, Deserializer, IgnoredAny, MapAccess, Visitor};
    use std::fmt;

    /// The keys of a JSON object, in document order.
    pub struct Ordered(pub Vec<String>);

    impl<'de> Deserialize<'de> for Ordered {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Ordered;
                fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                    f.write_str("an object")
                }
                fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Ordered, A::Error> {
                    let mut keys = Vec::new();
                    while let Some(k) = map.next_key::<String>()? {
                        map.next_value::<IgnoredAny>()?;
                        keys.push(k);
                    }
                    Ok(Ordered(keys))
                }
            }
            d.deserialize_map(V)
        }
    }
}

#[test]
fn rows_have_exactly_the_contract_keys_in_order() {
    let dx = essay_diagnosis();
    let rep = serde_json::to_string(&dx.reps[0]).unwrap();
    let mut want: Vec<String> = vec!["rep".into(), "team".into()];
    want.extend(FIGURE_KEYS.iter().map(|k| k.to_string()));
    assert_eq!(keys_in_order(&rep), want);

    let team = serde_json::to_string(&dx.teams[0]).unwrap();
    let mut want: Vec<String> = vec!["team".into()];
    want.extend(FIGURE_KEYS.iter().map(|k| k.to_string()));
    want.push("reps_by_class".into());
    assert_eq!(keys_in_order(&team), want);

    let org = serde_json::to_string(&dx.organisation).unwrap();
    let mut want: Vec<String> = FIGURE_KEYS.iter().map(|k| k.to_string()).collect();
    want.extend(
        [
            "reps_by_class",
            "lead_inflow_rate",
            "baseline_lead_inflow_rate",
        ]
        .map(String::from),
    );
    assert_eq!(keys_in_order(&org), want);

    let top = serde_json::to_string(&dx).unwrap();
    assert_eq!(
        keys_in_order(&top),
        ["window", "baseline", "organisation", "teams", "reps"]
    );
    let window = serde_json::to_string(&dx.window).unwrap();
    assert_eq!(
        keys_in_order(&window),
        ["from", "to", "business_days", "kinds"]
    );
    let baseline = serde_json::to_string(&dx.baseline).unwrap();
    assert_eq!(
        keys_in_order(&baseline),
        ["prev_week", "trailing_weeks", "business_days"]
    );
}

#[test]
fn values_are_iso_dates_full_doubles_codes_and_nulls() {
    let v: Value = serde_json::to_value(essay_diagnosis()).unwrap();
    assert_eq!(v["window"]["from"], "2020-09-23");
    assert_eq!(v["window"]["business_days"][2], "2020-09-25");
    assert_eq!(v["baseline"]["prev_week"], "2020-09-14");
    assert_eq!(v["baseline"]["trailing_weeks"][0], "2020-08-24");
    assert_eq!(v["baseline"]["business_days"], 20);
    let bob = &v["reps"][1];
    assert_eq!(bob["rep"], "bob");
    assert_eq!(bob["class"], "flow");
    // Full precision, not rounded: 1/9.
    assert_eq!(bob["connect_rate"].as_f64(), Some(1.0 / 9.0));
    let carol = &v["reps"][2];
    assert_eq!(carol["team"], Value::Null);
    assert_eq!(carol["connect_rate"], Value::Null);
    assert_eq!(carol["class"], "insufficient_data");
    let dave = &v["reps"][3];
    assert_eq!(dave["ri"], Value::Null);
    assert_eq!(dave["nac"], Value::Null);
    assert_eq!(dave["p_value"], 1.0);
    assert_eq!(dave["drivers"], serde_json::json!([]));
    assert_eq!(
        v["organisation"]["reps_by_class"],
        serde_json::json!({"stock": 1, "flow": 1, "inconclusive": 0, "insufficient_data": 3})
    );
    assert_eq!(
        v["teams"][1]["reps_by_class"],
        serde_json::json!({"stock": 0, "flow": 0, "inconclusive": 0, "insufficient_data": 1})
    );
    assert_eq!(v["organisation"]["lead_inflow_rate"], 1.0);
    assert_eq!(v["organisation"]["baseline_lead_inflow_rate"], 2.0);
}

/// Rounds every `p_value` to 12 significant digits, so that the snapshot
/// does not depend on the last bit of the platform's `ln` and `exp` (the
/// p-values are checked to 1e-12 against references elsewhere). The struct
/// itself is snapshotted, not a `serde_json::Value`, to keep the key order.
fn round_p_values(dx: &mut kura_core::diagnosis::Diagnosis) {
    let round = |p: &mut f64| *p = format!("{p:.11e}").parse().unwrap();
    round(&mut dx.organisation.figures.p_value);
    dx.teams
        .iter_mut()
        .for_each(|t| round(&mut t.figures.p_value));
    dx.reps
        .iter_mut()
        .for_each(|r| round(&mut r.figures.p_value));
}

#[test]
fn the_essay_example_as_json() {
    let mut dx = essay_diagnosis();
    round_p_values(&mut dx);
    insta::assert_json_snapshot!("essay_window", dx);
}
