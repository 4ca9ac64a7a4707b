//! Every user-facing string in Japanese and English.
//!
//! Strings are written in pairs at the place they are used,
//! `lang.pick("日本語", "English")` (or a `match lang` for texts with
//! figures), so that a string cannot exist in one language only: the
//! compiler sees both.

pub use kura_calendar::Lang;
