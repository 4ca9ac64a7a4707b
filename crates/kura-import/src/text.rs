//! User-facing text in Japanese and English.
//!
//! Every message an importer produces (row errors, warnings) is written as a
//! pair at the place it is raised, so neither language can be missing. The
//! caller picks the language it renders; `Display` shows the English text.

use serde::Serialize;
use std::fmt;

/// A message in Japanese and English.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Text {
    /// 日本語.
    pub ja: String,
    /// English: lower-case start, no trailing period.
    pub en: String,
}

impl Text {
    /// A message from its two versions.
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The Japanese text when `japanese`, else the English one.
    pub fn get(&self, japanese: bool) -> &str {
        if japanese { &self.ja } else { &self.en }
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.en)
    }
}
