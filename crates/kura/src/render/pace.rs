//! Cells of the pacing tables (METRICS.md §9), shared by `kura pace` and
//! the dashboard's pacing page so both print the same figures the same way.

use super::rate;
use crate::i18n::Lang;
use kura_core::pacing::PaceToDate;

/// The cells of a progress: actual, pace, ahead or behind, forecast; dashes
/// for a week not yet started.
pub fn progress_cells(p: Option<&PaceToDate>) -> [String; 4] {
    match p {
        None => std::array::from_fn(|_| "–".to_string()),
        Some(p) => [
            p.actual.to_string(),
            format!("{:.1}", p.pace),
            format!("{:+.1}", p.ahead),
            rate(p.forecast),
        ],
    }
}

/// The headers of [`progress_cells`].
pub fn progress_headers(lang: Lang) -> [&'static str; 4] {
    [
        lang.pick("実績", "actual"),
        lang.pick("ペース", "pace"),
        lang.pick("ペースとの差", "ahead (+) / behind (−)"),
        lang.pick("週の着地見込み", "week forecast"),
    ]
}

/// An uplift over a normal week as a signed percentage, or a dash.
pub fn uplift(u: Option<f64>) -> String {
    u.map(|u| format!("{:+.1}%", u * 100.0))
        .unwrap_or_else(|| "–".into())
}
