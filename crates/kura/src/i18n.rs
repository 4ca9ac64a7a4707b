//! Every user-facing string in Japanese and English.
//!
//! Strings are written in pairs at the place they are used,
//! `tr(lang, "日本語", "English")`, so that a string cannot exist in one
//! language only: the compiler sees both. Longer texts with figures use
//! `format!` on the chosen pair.

pub use kura_calendar::Lang;

/// Picks the Japanese or English text.
pub fn tr(lang: Lang, ja: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Ja => ja,
        Lang::En => en,
    }
}
