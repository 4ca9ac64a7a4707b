//! The resilience trend chart: the team's (and the organisation's)
//! resilience index across past windows, one line per series.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::Threshold;
use crate::canvas::{self, TITLE_HEIGHT};
use crate::document::{Meta, Overlay, clean};
use crate::legend::{self, Area, DrawResult, Entry, Marker, Swatch};
use crate::palette;
use crate::text;

/// One line of the trend chart.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendSeries {
    /// The team's (or organisation's) name, as it comes (it is escaped
    /// here).
    pub name: String,
    /// The resilience index in each window, aligned with
    /// [`TrendChart::windows`]; `None` (or a missing entry) leaves a gap.
    pub values: Vec<Option<f64>>,
    /// Drawn as the thicker black reference line (the organisation) rather
    /// than in the next palette colour.
    pub reference: bool,
}

/// The translated words the trend chart shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TrendLabels {
    /// Under the x axis, e.g. "low-attendance window" / "閑散期間".
    pub x_axis: String,
    /// Beside the y axis, e.g. "resilience index" / "耐性指数".
    pub y_axis: String,
    /// For a window without a value, and instead of the chart when there
    /// is nothing to draw.
    pub no_data: String,
}

/// Input of [`resilience_trend`].
#[derive(Clone, Debug, PartialEq)]
pub struct TrendChart {
    /// Width in pixels (at least 320; the SVG scales through its viewBox).
    pub width: u32,
    /// Height in pixels (at least 200).
    pub height: u32,
    /// The chart's title, shown at the top and as its accessible name.
    pub title: String,
    /// One or two sentences on what the chart shows, the start of `<desc>`.
    pub summary: String,
    /// The windows, oldest first, as labelled on the x axis, e.g.
    /// "2025 GW", "2025 お盆", "2025 年末年始".
    pub windows: Vec<String>,
    /// The lines, drawn and listed in the legend in this order.
    pub series: Vec<TrendSeries>,
    /// Lines to draw across, e.g. the class thresholds.
    pub thresholds: Vec<Threshold>,
    /// The words on the chart.
    pub labels: TrendLabels,
}

/// Draws the resilience index across windows as an accessible SVG
/// document.
///
/// Each point has a tooltip ("営業一課 — 2026 GW: 0.84"); the `<desc>`
/// holds the summary, the thresholds and every series in those words. With
/// no windows, no series or no value at all the chart says
/// [`TrendLabels::no_data`].
pub fn resilience_trend(chart: &TrendChart) -> String {
    let (width, height) = canvas::clamp_size(chart.width, chart.height);
    let labels = &chart.labels;
    let thresholds: Vec<&Threshold> = chart
        .thresholds
        .iter()
        .filter(|t| t.value.is_finite() && t.value >= 0.0)
        .collect();
    let empty = chart.windows.is_empty()
        || !chart
            .series
            .iter()
            .any(|s| (0..chart.windows.len()).any(|i| value(s, i).is_some()));

    let mut lines: Vec<String> = thresholds.iter().map(|t| t.label.clone()).collect();
    if empty {
        lines.push(labels.no_data.clone());
    } else {
        lines.extend(chart.series.iter().map(|s| series_in_words(s, chart)));
    }
    let desc = canvas::description(&chart.summary, &lines);
    let meta = Meta {
        kind: "resilience-trend",
        width,
        height,
        title: &chart.title,
        desc: &desc,
    };
    if empty {
        return crate::document::message_chart(&meta, &labels.no_data);
    }
    canvas::render(&meta, &labels.no_data, |root, overlay| {
        draw(root, overlay, chart, &thresholds)
    })
}

/// The series' drawable value in window `i`.
fn value(series: &TrendSeries, i: usize) -> Option<f64> {
    series
        .values
        .get(i)
        .copied()
        .flatten()
        .filter(|v| v.is_finite())
}

fn tooltip(series: &TrendSeries, window: &str, value: f64) -> String {
    format!("{} — {}: {}", series.name, window, canvas::number(value, 2))
}

fn series_in_words(series: &TrendSeries, chart: &TrendChart) -> String {
    let points: Vec<String> = chart
        .windows
        .iter()
        .enumerate()
        .map(|(i, w)| match value(series, i) {
            Some(v) => format!("{w} {}", canvas::number(v, 2)),
            None => format!("{w} {}", chart.labels.no_data),
        })
        .collect();
    format!("{}: {}", series.name, points.join(", "))
}

/// Colour, stroke width and marker of each series: the reference in black,
/// the others through the palette, each with its own marker shape.
fn looks(series: &[TrendSeries]) -> Vec<(RGBColor, u32, Marker)> {
    let mut next = 0;
    series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if s.reference {
                (palette::INK, 3, Marker::nth(i))
            } else {
                let colour = palette::SERIES[next % palette::SERIES.len()];
                next += 1;
                (colour, 2, Marker::nth(i))
            }
        })
        .collect()
}

const LABEL_PX: f64 = 11.0;

fn draw(
    root: &Area<'_>,
    overlay: &mut Overlay,
    chart: &TrendChart,
    thresholds: &[&Threshold],
) -> DrawResult<()> {
    let (width, height) = root.dim_in_pixel();
    let n = chart.windows.len();
    let labels = &chart.labels;
    let looks = looks(&chart.series);

    let entries: Vec<Entry> = chart
        .series
        .iter()
        .zip(&looks)
        .map(|(s, &(colour, width, marker))| {
            Entry::new(
                Swatch::Series {
                    colour,
                    width,
                    marker,
                },
                &s.name,
            )
        })
        .collect();
    let legend_width = f64::from(width) - 24.0;
    let legend_height = legend::height(&entries, legend_width);
    let chart_height = i32::try_from(height).unwrap_or(i32::MAX) - TITLE_HEIGHT - legend_height - 4;
    let chart_area = root.clone().shrink(
        (0, TITLE_HEIGHT),
        (width, u32::try_from(chart_height.max(80)).unwrap_or(80)),
    );

    let threshold_labels: Vec<String> = thresholds.iter().map(|t| clean(&t.label)).collect();
    let right_margin = threshold_labels
        .iter()
        .map(|l| text::width(l, LABEL_PX) + 12.0)
        .fold(16.0_f64, f64::max)
        .min(f64::from(width) / 4.0);

    let max_value = chart
        .series
        .iter()
        .flat_map(|s| (0..n).filter_map(move |i| value(s, i)))
        .fold(0.0_f64, f64::max);
    let max_threshold = thresholds.iter().map(|t| t.value).fold(0.0_f64, f64::max);
    let y_max = (max_value.max(max_threshold).max(1.0) * 1.12).min(1e9);

    let mut ctx = ChartBuilder::on(&chart_area)
        .margin_left(8)
        .margin_right(right_margin.round() as i32)
        .margin_top(10)
        .margin_bottom(4)
        .x_label_area_size(44)
        .y_label_area_size(
            8 + 18 + text::width(&text::axis_number(y_max), 12.0).round() as i32 + 12,
        )
        .build_cartesian_2d(0.0..n as f64, 0.0..y_max)?;

    ctx.configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_labels(6)
        .y_label_formatter(&|v| text::axis_number(*v))
        .x_desc(clean(&labels.x_axis))
        .y_desc(clean(&labels.y_axis))
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

    // Thresholds: dashed lines with their labels in the right margin,
    // pushed apart when they would overlap.
    let mut label_ys: Vec<(i32, usize)> = thresholds
        .iter()
        .enumerate()
        .map(|(k, t)| (ctx.backend_coord(&(0.0, t.value.min(y_max))).1, k))
        .collect();
    label_ys.sort_unstable();
    for k in 1..label_ys.len() {
        label_ys[k].0 = label_ys[k].0.max(label_ys[k - 1].0 + 14);
    }
    for &(y, k) in &label_ys {
        let threshold = thresholds[k];
        ctx.draw_series(DashedLineSeries::new(
            [
                (0.0, threshold.value.min(y_max)),
                (n as f64, threshold.value.min(y_max)),
            ],
            6,
            4,
            palette::MUTED.stroke_width(1),
        ))?;
        root.draw(&Text::new(
            text::truncate(&threshold_labels[k], LABEL_PX, right_margin - 8.0),
            (x_range.end + 6, y),
            text::style(LABEL_PX, palette::MUTED, HPos::Left, VPos::Center),
        ))?;
        let (_, line_y) = ctx.backend_coord(&(0.0, threshold.value.min(y_max)));
        overlay.annotation(
            x_range.start,
            line_y - 3,
            x_range.end - x_range.start,
            6,
            &threshold_labels[k],
        );
    }

    // Lines, broken where a window has no value, then the markers on top.
    for (series, &(colour, stroke, _)) in chart.series.iter().zip(&looks) {
        let mut run: Vec<(f64, f64)> = Vec::new();
        for i in 0..=n {
            match (i < n).then(|| value(series, i)).flatten() {
                Some(v) => run.push((i as f64 + 0.5, v.clamp(0.0, y_max))),
                None => {
                    if run.len() > 1 {
                        ctx.draw_series(LineSeries::new(
                            run.iter().copied(),
                            colour.stroke_width(stroke),
                        ))?;
                    }
                    run.clear();
                }
            }
        }
    }
    for (series, &(colour, _, marker)) in chart.series.iter().zip(&looks) {
        for (i, window) in chart.windows.iter().enumerate() {
            let Some(v) = value(series, i) else { continue };
            let (x, y) = ctx.backend_coord(&(i as f64 + 0.5, v.clamp(0.0, y_max)));
            marker.draw(root, (x, y), 5, colour)?;
            overlay.circle(x, y, 8, &tooltip(series, window, v));
        }
    }

    // Window labels under the axis: as many as fit, the latest first.
    let names: Vec<String> = chart.windows.iter().map(|w| clean(w)).collect();
    let slot = f64::from(x_range.end - x_range.start) / n as f64;
    let shown_names: Vec<String> = names
        .iter()
        .map(|w| text::truncate(w, LABEL_PX, slot.max(60.0)))
        .collect();
    let spans: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            (
                f64::from(ctx.backend_coord(&(i as f64 + 0.5, 0.0)).0),
                text::width(&shown_names[i], LABEL_PX),
            )
        })
        .collect();
    let priority: Vec<usize> = (0..n).rev().collect();
    let shown = text::place(&spans, &priority, 8.0);
    for i in 0..n {
        let (x, _) = ctx.backend_coord(&(i as f64 + 0.5, 0.0));
        root.draw(&PathElement::new(
            vec![(x, y_range.end), (x, y_range.end + 4)],
            palette::AXIS.stroke_width(1),
        ))?;
        if shown[i] {
            root.draw(&Text::new(
                shown_names[i].clone(),
                (x, y_range.end + 8),
                text::label(LABEL_PX, HPos::Center, VPos::Top),
            ))?;
        }
    }

    let legend_top = TITLE_HEIGHT + chart_height;
    legend::draw(root, &entries, (12, legend_top), legend_width)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_is_black_and_others_take_palette_colours_in_turn() {
        let s = |reference| TrendSeries {
            name: String::new(),
            values: vec![],
            reference,
        };
        let l = looks(&[s(false), s(true), s(false)]);
        assert_eq!(l[0], (palette::SERIES[0], 2, Marker::Circle));
        assert_eq!(l[1], (palette::INK, 3, Marker::Square));
        assert_eq!(l[2], (palette::SERIES[1], 2, Marker::Triangle));
    }

    #[test]
    fn series_in_words_marks_gaps() {
        let chart = TrendChart {
            width: 600,
            height: 300,
            title: String::new(),
            summary: String::new(),
            windows: vec!["2025 GW".into(), "2025 お盆".into()],
            series: vec![],
            thresholds: vec![],
            labels: TrendLabels {
                no_data: "no data".into(),
                ..TrendLabels::default()
            },
        };
        let team = TrendSeries {
            name: "一課".into(),
            values: vec![None, Some(0.844)],
            reference: false,
        };
        assert_eq!(
            series_in_words(&team, &chart),
            "一課: 2025 GW no data, 2025 お盆 0.84"
        );
    }
}
