//! The two languages every user-facing string of Kura exists in.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The language of human output: Japanese or English.
///
/// Serialised and parsed as `"ja"` / `"en"`. Every label in this crate (and,
/// by convention, in the crates above it) has both texts; [`Lang::pick`]
/// chooses one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Lang {
    /// Japanese (日本語).
    Ja,
    /// English.
    En,
}

impl Lang {
    /// Both languages, Japanese first.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The stable key: `"ja"` or `"en"`.
    pub fn key(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Picks the Japanese or the English value.
    pub fn pick<T>(self, ja: T, en: T) -> T {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// A language key that is neither `ja` nor `en`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown language {value:?}: use \"ja\" (Japanese) or \"en\" (English)")]
pub struct UnknownLang {
    /// The value as given.
    pub value: String,
}

impl FromStr for Lang {
    type Err = UnknownLang;

    /// Parses `ja` or `en`, ignoring ASCII case and surrounding spaces.
    fn from_str(s: &str) -> Result<Self, UnknownLang> {
        let t = s.trim();
        if t.eq_ignore_ascii_case("ja") {
            Ok(Lang::Ja)
        } else if t.eq_ignore_ascii_case("en") {
            Ok(Lang::En)
        } else {
            Err(UnknownLang {
                value: s.to_string(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_both_keys() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!(" EN ".parse::<Lang>(), Ok(Lang::En));
        assert_eq!(Lang::Ja.to_string(), "ja");
        assert_eq!(Lang::En.pick("祝日", "holiday"), "holiday");
        let err = "fr".parse::<Lang>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown language \"fr\": use \"ja\" (Japanese) or \"en\" (English)"
        );
    }

    #[test]
    fn serde_uses_the_keys() {
        assert_eq!(serde_json::to_string(&Lang::Ja).unwrap(), "\"ja\"");
        assert_eq!(serde_json::from_str::<Lang>("\"en\"").unwrap(), Lang::En);
    }
}
