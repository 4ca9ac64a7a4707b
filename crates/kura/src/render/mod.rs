//! Renderings of the core's report structs: terminal tables, Markdown, HTML
//! and CSV. Numbers are formatted here; none is computed.

pub mod charts;
pub mod diagnosis;
pub mod pace;
pub mod plan;

/// A share as a whole percentage, or a dash when null.
pub fn pct(x: Option<f64>) -> String {
    x.map(|v| format!("{:.0}%", v * 100.0))
        .unwrap_or_else(|| "–".to_string())
}

/// A rate with one decimal, or a dash when null.
pub fn rate(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.1}"))
        .unwrap_or_else(|| "–".to_string())
}

/// A ratio with two decimals, or a dash when null.
pub fn ratio(x: Option<f64>) -> String {
    x.map(|v| format!("{v:.2}"))
        .unwrap_or_else(|| "–".to_string())
}

/// A p-value, readable at a glance.
pub fn p_value(p: f64) -> String {
    if p < 0.0001 {
        "<0.0001".to_string()
    } else {
        format!("{p:.4}")
    }
}
