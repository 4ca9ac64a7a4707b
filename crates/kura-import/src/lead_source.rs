//! Which lead sources mean an inbound lead (問い合わせ・資料請求).
//!
//! METRICS.md counts a lead as inbound when its source is `inbound`; each
//! CRM names its sources differently, so importers map them. The defaults:
//!
//! - HubSpot `hs_analytics_source` (Original source): the marketing-sourced
//!   values `ORGANIC_SEARCH`, `PAID_SEARCH`, `DIRECT_TRAFFIC`, `REFERRALS`,
//!   `SOCIAL_MEDIA`, `ORGANIC_SOCIAL`, `PAID_SOCIAL`, `EMAIL_MARKETING` and
//!   `OTHER_CAMPAIGNS` are inbound (the person came to the company);
//!   `OFFLINE` (imports, manual entry, integrations) is not.
//! - Salesforce `LeadSource`: `Web` and `Phone Inquiry` (電話問い合わせ) are
//!   inbound, as are the Japanese 問い合わせ, お問い合わせ, 資料請求 and
//!   ウェブ; `Partner Referral`, `Purchased List` and `Other` are not.
//! - `inbound` itself stays inbound.
//!
//! Matching ignores letter case, and treats spaces and hyphens as
//! underscores, so a UI export's label "Organic Search" matches
//! `ORGANIC_SEARCH`. A configured list replaces the defaults entirely.

use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

const DEFAULTS: &[&str] = &[
    "inbound",
    "ORGANIC_SEARCH",
    "PAID_SEARCH",
    "DIRECT_TRAFFIC",
    "REFERRALS",
    "SOCIAL_MEDIA",
    "ORGANIC_SOCIAL",
    "PAID_SOCIAL",
    "EMAIL_MARKETING",
    "OTHER_CAMPAIGNS",
    "Web",
    "Phone Inquiry",
    "電話問い合わせ",
    "問い合わせ",
    "お問い合わせ",
    "資料請求",
    "ウェブ",
];

/// The set of source values that mean inbound. Deserialises from a list of
/// values, which replaces the defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(from = "Vec<String>", into = "Vec<String>")]
pub struct InboundSources {
    set: BTreeSet<String>,
}

fn normalise(value: &str) -> String {
    value
        .trim()
        .chars()
        .map(|c| match c {
            ' ' | '-' | '\u{3000}' => '_',
            c => c.to_ascii_uppercase(),
        })
        .collect()
}

impl InboundSources {
    /// Whether a source value means inbound.
    pub fn is_inbound(&self, source: &str) -> bool {
        self.set.contains(&normalise(source))
    }

    /// The lead's `source` as Kura stores it: `inbound` for an inbound
    /// value, else the value as given.
    pub fn classify(&self, source: &str) -> String {
        if self.is_inbound(source) {
            kura_core::model::INBOUND_SOURCE.to_string()
        } else {
            source.to_string()
        }
    }
}

impl Default for InboundSources {
    fn default() -> Self {
        DEFAULTS
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .into()
    }
}

impl From<Vec<String>> for InboundSources {
    fn from(values: Vec<String>) -> Self {
        Self {
            set: values.iter().map(|v| normalise(v)).collect(),
        }
    }
}

impl From<InboundSources> for Vec<String> {
    fn from(sources: InboundSources) -> Self {
        sources.set.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marketing_sources_are_inbound_and_offline_is_not() {
        let s = InboundSources::default();
        assert_eq!(s.classify("ORGANIC_SEARCH"), "inbound");
        assert_eq!(s.classify("Organic Search"), "inbound");
        assert_eq!(s.classify("Web"), "inbound");
        assert_eq!(s.classify("電話問い合わせ"), "inbound");
        assert_eq!(s.classify("OFFLINE"), "OFFLINE");
        assert_eq!(s.classify("Purchased List"), "Purchased List");
    }

    #[test]
    fn a_configured_list_replaces_the_defaults() {
        #[derive(Deserialize)]
        struct Cfg {
            inbound_sources: InboundSources,
        }
        let cfg: Cfg = toml::from_str(r#"inbound_sources = ["OFFLINE"]"#).unwrap();
        assert!(cfg.inbound_sources.is_inbound("offline"));
        assert!(!cfg.inbound_sources.is_inbound("ORGANIC_SEARCH"));
    }
}
