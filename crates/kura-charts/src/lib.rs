//! Accessible, self-contained SVG charts for Kura's dashboard and HTML
//! reports.
//!
//! # What the charts show
//!
//! Kura tells stock-type inside-sales work (ストック型: history and
//! scheduled next actions, ネクストアクション) from flow-type work (フロー型:
//! fresh lists and inbound leads) by comparing counted activity per
//! business day (行動量) in a low-attendance window (閑散期間: bridge days,
//! Obon, the year end) with the baseline weeks before it. Their ratio is
//! the resilience index (RI): about 1 when the work holds up while
//! customers are away, well below 1 when it falls with them. Three charts
//! tell that story:
//!
//! - [`daily_volume`]: the volume of each day of the baseline weeks and the
//!   window, with holidays, weekends and low-attendance days shaded and the
//!   baseline rate drawn across: *where* the volume fell.
//! - [`resilience_by_rep`]: each rep's RI as a horizontal bar, coloured by
//!   class, with the class thresholds: *who* holds up.
//! - [`resilience_trend`]: the team's (and the organisation's) RI across
//!   past windows: *whether it is getting better*.
//!
//! # What the SVG is like
//!
//! Each function is pure: plain input in, one SVG document (a `String`)
//! out, no I/O and no clock. The document
//!
//! - is self-contained: no script, no stylesheet, no external font or
//!   image, only presentation attributes, so it works inline under a strict
//!   Content-Security-Policy (`default-src 'none'`) and in a saved report;
//! - is accessible: `role="img"`, a `<title>` (the chart's title) and a
//!   `<desc>` (the caller's summary followed by every data point in words)
//!   referenced by `aria-labelledby`/`aria-describedby`, axis titles, and a
//!   hover tooltip per data point (a transparent target with a `<title>`);
//! - uses the Okabe–Ito colour-blind-safe palette and never colour alone:
//!   legends, direct labels, markers of different shapes and tooltips;
//! - scales through its `viewBox`: `width`/`height` give the intrinsic
//!   size; a page makes it fluid with CSS such as
//!   `svg.kura-chart { max-width: 100%; height: auto; }`;
//! - escapes every string it is given and drops characters XML cannot
//!   carry, so rep and team names are safe to pass as they are;
//! - shows Japanese text through a system font stack ([`FONT_FAMILY`]).
//!
//! The crate has no i18n: every word on a chart comes in through its
//! labels, already in the reader's language (Kura's callers use
//! `Lang::pick`). Numbers are written with a decimal point.
//!
//! Empty input never panics: the chart keeps its title and says the
//! caller's "no data" label instead.
//!
//! The drawing is done by plotters' SVG backend without any font feature:
//! it writes `<text>` elements and leaves the glyphs to the viewer, so no
//! system font is read at build or run time.

mod by_rep;
mod canvas;
mod daily;
mod document;
mod legend;
mod palette;
mod text;
mod trend;

pub use by_rep::{RepResilience, ResilienceChart, ResilienceLabels, RiClass, resilience_by_rep};
pub use daily::{DailyVolumeChart, DailyVolumeLabels, DayKind, DayVolume, Period, daily_volume};
pub use document::FONT_FAMILY;
pub use trend::{TrendChart, TrendLabels, TrendSeries, resilience_trend};

/// A reference value drawn as a dashed line across a chart, e.g. the stock
/// threshold θ = 0.9 labelled "stock ≥ 0.9".
#[derive(Clone, Debug, PartialEq)]
pub struct Threshold {
    /// Where the line is, in resilience-index units.
    pub value: f64,
    /// What the line is called, shown beside it.
    pub label: String,
}
