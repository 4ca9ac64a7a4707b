//! The resilience-by-rep chart: one horizontal bar per rep, the length
//! their resilience index, the colour their class, with the class
//! thresholds as vertical lines.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Threshold;
use crate::canvas::{self, TITLE_HEIGHT};
use crate::document::{Meta, Overlay, clean};
use crate::legend::{self, Area, DrawResult, Entry, Swatch};
use crate::palette;
use crate::text;

/// A rep's (or team's) class for the window (METRICS.md §6).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RiClass {
    /// Stock-type (ストック型): the volume held up (RI ≥ θ). Blue.
    Stock,
    /// Flow-type (フロー型): the volume fell significantly. Vermillion.
    Flow,
    /// Neither shown (mixed, 判定保留). Reddish purple.
    Inconclusive,
    /// Too little baseline data to say (データ不足). Grey.
    InsufficientData,
}

impl RiClass {
    const ALL: [RiClass; 4] = [
        RiClass::Stock,
        RiClass::Flow,
        RiClass::Inconclusive,
        RiClass::InsufficientData,
    ];

    fn colour(self) -> RGBColor {
        match self {
            RiClass::Stock => palette::BLUE,
            RiClass::Flow => palette::VERMILLION,
            RiClass::Inconclusive => palette::REDDISH_PURPLE,
            RiClass::InsufficientData => palette::GREY,
        }
    }

    fn label(self, labels: &ResilienceLabels) -> &str {
        match self {
            RiClass::Stock => &labels.stock,
            RiClass::Flow => &labels.flow,
            RiClass::Inconclusive => &labels.inconclusive,
            RiClass::InsufficientData => &labels.insufficient_data,
        }
    }
}

/// One rep's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct RepResilience {
    /// The rep's display name, as it comes (it is escaped here).
    pub name: String,
    /// The resilience index (`ri`); `None` when there is no baseline, drawn
    /// as a gap saying "no data".
    pub ri: Option<f64>,
    /// The rep's class.
    pub class: RiClass,
    /// Added to the tooltip, e.g. "62.0/day vs 118.2/day".
    pub detail: Option<String>,
}

/// The translated words the resilience-by-rep chart shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ResilienceLabels {
    /// Under the x axis, e.g. "resilience index (window rate ÷ baseline
    /// rate)" / "耐性指数（期間中 ÷ 基準）".
    pub x_axis: String,
    /// Name of [`RiClass::Stock`].
    pub stock: String,
    /// Name of [`RiClass::Flow`].
    pub flow: String,
    /// Name of [`RiClass::Inconclusive`].
    pub inconclusive: String,
    /// Name of [`RiClass::InsufficientData`].
    pub insufficient_data: String,
    /// Shown in a rep's row without an RI, and instead of the chart when
    /// there are no reps.
    pub no_data: String,
}

/// Input of [`resilience_by_rep`].
#[derive(Clone, Debug, PartialEq)]
pub struct ResilienceChart {
    /// Width in pixels (at least 320; the SVG scales through its viewBox).
    pub width: u32,
    /// Height in pixels (at least 200); [`ResilienceChart::suggested_height`]
    /// gives one that fits the reps.
    pub height: u32,
    /// The chart's title, shown at the top and as its accessible name.
    pub title: String,
    /// One or two sentences on what the chart shows, the start of `<desc>`.
    pub summary: String,
    /// The reps, top to bottom in this order.
    pub reps: Vec<RepResilience>,
    /// Lines to draw across, e.g. the class thresholds.
    pub thresholds: Vec<Threshold>,
    /// The words on the chart.
    pub labels: ResilienceLabels,
}

/// Pixels per rep row at the suggested height.
const ROW_PX: u32 = 26;
/// Everything but the rows at the suggested height: title, threshold
/// labels, axis, legend.
const CHROME_PX: u32 = 150;

impl ResilienceChart {
    /// A height at which `reps` rows are comfortably readable.
    pub fn suggested_height(reps: usize) -> u32 {
        CHROME_PX
            + ROW_PX
                * u32::try_from(reps.max(1))
                    .unwrap_or(u32::MAX / ROW_PX)
                    .min(1000)
    }
}

/// Draws each rep's resilience index as a horizontal bar, as an accessible
/// SVG document.
///
/// Each row has a tooltip ("山田: 0.52 — flow"); the `<desc>` holds the
/// summary, the thresholds and every rep in those words. With no reps the
/// chart says [`ResilienceLabels::no_data`].
pub fn resilience_by_rep(chart: &ResilienceChart) -> String {
    let (width, height) = canvas::clamp_size(chart.width, chart.height);
    let labels = &chart.labels;
    let thresholds: Vec<&Threshold> = chart
        .thresholds
        .iter()
        .filter(|t| t.value.is_finite() && t.value >= 0.0)
        .collect();
    let tips: Vec<String> = chart.reps.iter().map(|r| tooltip(r, labels)).collect();

    let mut lines: Vec<String> = thresholds.iter().map(|t| t.label.clone()).collect();
    if chart.reps.is_empty() {
        lines.push(labels.no_data.clone());
    }
    lines.extend(tips.iter().cloned());
    let desc = canvas::description(&chart.summary, &lines);
    let meta = Meta {
        kind: "resilience-by-rep",
        width,
        height,
        title: &chart.title,
        desc: &desc,
    };
    if chart.reps.is_empty() {
        return crate::document::message_chart(&meta, &labels.no_data);
    }
    canvas::render(&meta, &labels.no_data, |root, overlay| {
        draw(root, overlay, chart, &thresholds, &tips)
    })
}

/// The RI if it can be drawn.
fn value(rep: &RepResilience) -> Option<f64> {
    rep.ri.filter(|v| v.is_finite())
}

fn tooltip(rep: &RepResilience, labels: &ResilienceLabels) -> String {
    let value = match value(rep) {
        Some(v) => canvas::number(v, 2),
        None => labels.no_data.clone(),
    };
    let mut tip = format!("{}: {} — {}", rep.name, value, rep.class.label(labels));
    if let Some(detail) = rep.detail.as_deref().filter(|d| !d.trim().is_empty()) {
        tip.push_str(" (");
        tip.push_str(detail);
        tip.push(')');
    }
    tip
}

const NAME_PX: f64 = 12.0;
const LABEL_PX: f64 = 11.0;

fn draw(
    root: &Area<'_>,
    overlay: &mut Overlay,
    chart: &ResilienceChart,
    thresholds: &[&Threshold],
    tips: &[String],
) -> DrawResult<()> {
    let (width, height) = root.dim_in_pixel();
    let reps = &chart.reps;
    let labels = &chart.labels;
    let n = reps.len();

    let entries: Vec<Entry> = RiClass::ALL
        .iter()
        .filter(|c| reps.iter().any(|r| r.class == **c))
        .map(|c| Entry::new(Swatch::Bar(c.colour()), c.label(labels)))
        .collect();
    let legend_width = f64::from(width) - 24.0;
    let legend_height = legend::height(&entries, legend_width);
    let chart_height = i32::try_from(height).unwrap_or(i32::MAX) - TITLE_HEIGHT - legend_height - 4;
    let chart_area = root.clone().shrink(
        (0, TITLE_HEIGHT),
        (width, u32::try_from(chart_height.max(80)).unwrap_or(80)),
    );

    // Names go in the left label area: as wide as the longest, but at most
    // a third of the chart (longer ones are shortened; the tooltip has them
    // whole).
    let names: Vec<String> = reps.iter().map(|r| clean(&r.name)).collect();
    let name_cap = f64::from(width) / 3.0;
    let name_width = names
        .iter()
        .map(|n| text::width(n, NAME_PX))
        .fold(24.0_f64, f64::max)
        .min(name_cap);

    let max_value = reps.iter().filter_map(value).fold(0.0_f64, f64::max);
    let max_threshold = thresholds.iter().map(|t| t.value).fold(0.0_f64, f64::max);
    // Room right of the longest bar for its value.
    let x_max = (max_value.max(max_threshold).max(1.0) * 1.15).min(1e9);

    // Threshold labels sit above the plot, each in the first row where it
    // overlaps no other; placed here on the same linear mapping plotters
    // will use, to know how many rows to leave room for.
    let name_area = name_width.round() + 12.0;
    let (plot_left, plot_right) = (8.0 + name_area, f64::from(width) - 16.0);
    let threshold_labels: Vec<String> = thresholds.iter().map(|t| clean(&t.label)).collect();
    let mut placed: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut slots = Vec::with_capacity(thresholds.len());
    for (threshold, label) in thresholds.iter().zip(&threshold_labels) {
        let x = plot_left + threshold.value.min(x_max) / x_max * (plot_right - plot_left);
        let w = text::width(label, LABEL_PX);
        let (lo, hi) = (x - w / 2.0, x + w / 2.0);
        let free = |row: &Vec<(f64, f64)>| row.iter().all(|&(a, b)| hi + 6.0 <= a || b + 6.0 <= lo);
        let slot = placed.iter().position(free).unwrap_or(placed.len()).min(2);
        if slot == placed.len() {
            placed.push(Vec::new());
        }
        placed[slot].push((lo, hi));
        slots.push(slot);
    }
    let top_rows = i32::try_from(placed.len().max(1)).unwrap_or(1);
    let mut ctx = ChartBuilder::on(&chart_area)
        .margin_left(8)
        .margin_right(16)
        .margin_top(6 + 16 * top_rows)
        .margin_bottom(4)
        .x_label_area_size(44)
        .y_label_area_size(name_area as i32)
        .build_cartesian_2d(0.0..x_max, 0.0..n as f64)?;

    ctx.configure_mesh()
        .disable_y_mesh()
        .y_labels(0)
        .x_labels(8)
        .x_label_formatter(&|v| text::axis_number(*v))
        .x_desc(clean(&labels.x_axis))
        .label_style(text::label(12.0, HPos::Center, VPos::Center))
        .axis_desc_style(text::style(
            13.0,
            palette::MUTED,
            HPos::Center,
            VPos::Center,
        ))
        .bold_line_style(palette::GRID.stroke_width(1))
        .light_line_style(TRANSPARENT)
        .axis_style(palette::AXIS.stroke_width(1))
        .draw()?;

    let (x_range, y_range) = ctx.plotting_area().get_pixel_range();
    // Row i (from the top) spans y = n-1-i .. n-i in chart coordinates.
    let row = |i: usize| (n - 1 - i) as f64;
    let row_px = f64::from(y_range.end - y_range.start) / n as f64;
    let pad = if row_px >= 10.0 { 0.2 } else { 0.05 };

    // Thresholds first, under the bars: dashed lines, labels above the
    // plot, in a second row when two would overlap.
    for ((threshold, label), slot) in thresholds.iter().zip(&threshold_labels).zip(slots) {
        ctx.draw_series(DashedLineSeries::new(
            [
                (threshold.value.min(x_max), 0.0),
                (threshold.value.min(x_max), n as f64),
            ],
            6,
            4,
            palette::INK.stroke_width(1),
        ))?;
        let (x, _) = ctx.backend_coord(&(threshold.value.min(x_max), 0.0));
        let y = y_range.start - 4 - 16 * i32::try_from(slot).unwrap_or(0);
        root.draw(&Text::new(
            label.clone(),
            (x, y),
            text::label(LABEL_PX, HPos::Center, VPos::Bottom),
        ))?;
        overlay.annotation(x - 3, y_range.start, 6, y_range.end - y_range.start, label);
    }

    for (i, rep) in reps.iter().enumerate() {
        let y0 = row(i);
        let (_, cy) = ctx.backend_coord(&(0.0, y0 + 0.5));
        match value(rep) {
            Some(v) => {
                // Negative values cannot occur (RI is a ratio of counts); values
                // past the axis are drawn to its end, their value in the label.
                let shown = v.clamp(0.0, x_max);
                ctx.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, y0 + pad), (shown, y0 + 1.0 - pad)],
                    rep.class.colour().filled(),
                )))?;
                let (x, _) = ctx.backend_coord(&(shown, 0.0));
                root.draw(&Text::new(
                    canvas::number(v, 2),
                    (x + 4, cy),
                    text::label(LABEL_PX, HPos::Left, VPos::Center),
                ))?;
            }
            None => {
                // A gap: an outlined, empty bar slot that says "no data".
                let (x0, top) = ctx.backend_coord(&(0.0, y0 + 1.0 - pad));
                let (_, bottom) = ctx.backend_coord(&(0.0, y0 + pad));
                let x1 = x0 + (f64::from(x_range.end - x_range.start) * 0.25).round() as i32;
                root.draw(&Rectangle::new(
                    [(x0, top), (x1, bottom)],
                    palette::GREY.stroke_width(1),
                ))?;
                root.draw(&Text::new(
                    text::truncate(
                        &clean(&labels.no_data),
                        LABEL_PX,
                        f64::from(x1 - x0 - 8).max(20.0),
                    ),
                    (x0 + 6, cy),
                    text::style(LABEL_PX, palette::MUTED, HPos::Left, VPos::Center),
                ))?;
            }
        }
        if row_px >= 9.0 {
            root.draw(&Text::new(
                text::truncate(&names[i], NAME_PX, name_width),
                (x_range.start - 8, cy),
                text::label(NAME_PX, HPos::Right, VPos::Center),
            ))?;
        }
        // The whole row is the hover target, gaps included.
        let (_, top) = ctx.backend_coord(&(0.0, y0 + 1.0));
        let (_, bottom) = ctx.backend_coord(&(0.0, y0));
        overlay.rect(
            x_range.start - name_width.round() as i32 - 8,
            top,
            x_range.end - x_range.start + name_width.round() as i32 + 8,
            bottom - top,
            &tips[i],
        );
    }

    let legend_top = TITLE_HEIGHT + chart_height;
    legend::draw(root, &entries, (12, legend_top), legend_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tooltip_says_value_and_class() {
        let labels = ResilienceLabels {
            flow: "flow".into(),
            insufficient_data: "insufficient data".into(),
            no_data: "no data".into(),
            ..ResilienceLabels::default()
        };
        let rep = |ri, class, detail: Option<&str>| RepResilience {
            name: "山田".into(),
            ri,
            class,
            detail: detail.map(String::from),
        };
        assert_eq!(
            tooltip(&rep(Some(0.523), RiClass::Flow, None), &labels),
            "山田: 0.52 — flow"
        );
        assert_eq!(
            tooltip(
                &rep(None, RiClass::InsufficientData, Some("12 activities")),
                &labels
            ),
            "山田: no data — insufficient data (12 activities)"
        );
        assert_eq!(
            tooltip(&rep(Some(f64::NAN), RiClass::Flow, None), &labels),
            "山田: no data — flow"
        );
    }

    #[test]
    fn suggested_height_grows_with_reps() {
        assert_eq!(ResilienceChart::suggested_height(0), CHROME_PX + ROW_PX);
        assert_eq!(
            ResilienceChart::suggested_height(10),
            CHROME_PX + 10 * ROW_PX
        );
    }
}
