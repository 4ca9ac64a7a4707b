//! Call dispositions (通話結果) → call results.
//!
//! Salesforce's `CallDisposition` is free text and HubSpot's
//! `hs_call_disposition` is a GUID (or, in UI exports, a label); teams type
//! 不在, 留守電, "Left voicemail"… A [`DispositionMap`] decides which
//! [`CallResult`] each value means. Kura ships defaults for common Japanese
//! and English texts and HubSpot's six built-in outcome GUIDs; the
//! `[import.dispositions]` table of `kura.toml` adds or overrides entries.
//! A value the map does not know is stored as `other` and counted in the
//! import report, never dropped silently.

use kura_core::model::CallResult;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// The defaults: (text, result). Matching ignores letter case and runs of
/// white space.
const DEFAULTS: &[(&str, CallResult)] = &[
    // Reached the right person.
    ("通話成立", CallResult::Connected),
    ("成立", CallResult::Connected),
    ("接続", CallResult::Connected),
    ("担当者接続", CallResult::Connected),
    ("connected", CallResult::Connected),
    ("answered", CallResult::Connected),
    (
        "f240bbac-87c9-4f6e-bf70-924b57d47db7",
        CallResult::Connected,
    ),
    // Nobody answered.
    ("不在", CallResult::NoAnswer),
    ("応答なし", CallResult::NoAnswer),
    ("no answer", CallResult::NoAnswer),
    ("no_answer", CallResult::NoAnswer),
    ("73a0d17f-1163-4015-bdd5-ec830791da20", CallResult::NoAnswer),
    // Voicemail.
    ("留守電", CallResult::Voicemail),
    ("留守番電話", CallResult::Voicemail),
    ("voicemail", CallResult::Voicemail),
    ("left voicemail", CallResult::Voicemail),
    (
        "b2cf5968-551e-4856-9783-52b3da59a7d0",
        CallResult::Voicemail,
    ),
    // Busy.
    ("話し中", CallResult::Busy),
    ("busy", CallResult::Busy),
    ("9d9162e7-6cf3-4944-bf63-4dff82258764", CallResult::Busy),
    // Wrong or dead number.
    ("番号不通", CallResult::WrongNumber),
    ("番号違い", CallResult::WrongNumber),
    ("wrong number", CallResult::WrongNumber),
    ("wrong_number", CallResult::WrongNumber),
    (
        "17b47fee-58de-441e-a44c-c6300d46f273",
        CallResult::WrongNumber,
    ),
    // Reached someone, but not the person: not connected.
    ("受付ブロック", CallResult::Other),
    ("受付拒否", CallResult::Other),
    ("gatekeeper", CallResult::Other),
    ("left live message", CallResult::Other),
    ("a4c4c377-d246-4b32-a13b-75a56a4cd0ff", CallResult::Other),
];

/// Free-text call dispositions → [`CallResult`]. Deserialises from a table
/// of `"text" = "call_result key"`, whose entries are added to (and win
/// over) the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    from = "BTreeMap<String, CallResult>",
    into = "BTreeMap<String, CallResult>"
)]
pub struct DispositionMap {
    map: HashMap<String, CallResult>,
}

fn normalise(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

impl DispositionMap {
    /// A map with no entries (every value unknown).
    pub fn empty() -> Self {
        Self {
            map: HashMap::new(),
        }
    }

    /// Adds or replaces an entry.
    pub fn insert(&mut self, text: &str, result: CallResult) {
        self.map.insert(normalise(text), result);
    }

    /// The call result a disposition text means, if known. Letter case and
    /// runs of white space (full-width included) do not matter.
    pub fn get(&self, text: &str) -> Option<CallResult> {
        self.map.get(&normalise(text)).copied()
    }
}

impl Default for DispositionMap {
    fn default() -> Self {
        let mut map = Self::empty();
        for (text, result) in DEFAULTS {
            map.insert(text, *result);
        }
        map
    }
}

impl From<BTreeMap<String, CallResult>> for DispositionMap {
    fn from(entries: BTreeMap<String, CallResult>) -> Self {
        let mut map = Self::default();
        for (text, result) in entries {
            map.insert(&text, result);
        }
        map
    }
}

impl From<DispositionMap> for BTreeMap<String, CallResult> {
    fn from(map: DispositionMap) -> Self {
        map.map.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_know_japanese_english_and_hubspot_guids() {
        let map = DispositionMap::default();
        assert_eq!(map.get("通話成立"), Some(CallResult::Connected));
        assert_eq!(map.get(" No  Answer "), Some(CallResult::NoAnswer));
        assert_eq!(map.get("留守電"), Some(CallResult::Voicemail));
        assert_eq!(map.get("受付ブロック"), Some(CallResult::Other));
        assert_eq!(
            map.get("F240BBAC-87C9-4F6E-BF70-924B57D47DB7"),
            Some(CallResult::Connected)
        );
        assert_eq!(map.get("アポ獲得"), None);
    }

    #[test]
    fn a_toml_table_adds_to_and_overrides_the_defaults() {
        let map: DispositionMap = toml::from_str(
            r#"
            "アポ獲得" = "connected"
            "受付ブロック" = "no_answer"
            "#,
        )
        .unwrap();
        assert_eq!(map.get("アポ獲得"), Some(CallResult::Connected));
        assert_eq!(map.get("受付ブロック"), Some(CallResult::NoAnswer));
        assert_eq!(map.get("不在"), Some(CallResult::NoAnswer));
        let err = toml::from_str::<DispositionMap>(r#""x" = "reached""#).unwrap_err();
        assert!(err.to_string().contains("reached"), "{err}");
    }
}
