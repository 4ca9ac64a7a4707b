//! The daily volume chart: one bar per day of the baseline weeks and the
//! window, with the non-business and low-attendance days shaded and the
//! baseline rate drawn across.

use jiff::civil::{Date, Weekday};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::canvas::{self, TITLE_HEIGHT};
use crate::document::{Meta, Overlay, clean};
use crate::legend::{self, Area, DrawResult, Entry, Swatch};
use crate::palette;
use crate::text;

/// What kind of day a bar stands for; decides its background band.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DayKind {
    /// A business day (営業日) with nothing special about it.
    Business,
    /// A low-attendance business day (閑散日): a bridge day (飛び石の谷間)
    /// or a customary day (Obon, year end). Shaded yellow.
    LowAttendance,
    /// A weekly day off (週休日). Shaded light grey.
    Weekend,
    /// A national or company holiday (祝日・会社休日). Shaded grey.
    Holiday,
}

impl DayKind {
    fn is_business(self) -> bool {
        matches!(self, DayKind::Business | DayKind::LowAttendance)
    }

    /// The background band: colour and opacity.
    fn band(self) -> Option<(RGBColor, f64)> {
        match self {
            DayKind::Business => None,
            DayKind::LowAttendance => Some((palette::YELLOW, 0.35)),
            DayKind::Weekend => Some((RGBColor(0x80, 0x80, 0x80), 0.12)),
            DayKind::Holiday => Some((RGBColor(0x80, 0x80, 0x80), 0.26)),
        }
    }
}

/// Which part of the comparison a day belongs to; decides its bar colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Period {
    /// A day of the baseline weeks (基準週). Blue bars.
    Baseline,
    /// A day of the low-attendance window (閑散期間) being diagnosed.
    /// Vermillion bars, and a bracket over the window.
    Window,
    /// Any other day shown for context. Sky-blue bars.
    Other,
}

/// One day's bar.
#[derive(Clone, Debug, PartialEq)]
pub struct DayVolume {
    /// The organisation-local date.
    pub date: Date,
    /// Counted activities (行動量) dated that day.
    pub volume: u64,
    /// What kind of day it is.
    pub kind: DayKind,
    /// Baseline, window or neither.
    pub period: Period,
    /// Shown in the tooltip instead of the kind's name, e.g. "bridge day",
    /// "Obon" or a holiday's name ("秋分の日").
    pub note: Option<String>,
}

/// The translated words the daily volume chart shows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DailyVolumeLabels {
    /// Under the x axis, e.g. "date" / "日付".
    pub x_axis: String,
    /// Beside the y axis, e.g. "activities per day" / "1日あたり行動量".
    pub y_axis: String,
    /// Short weekday names, Monday first, e.g. "Mon".."Sun" / "月".."日".
    pub weekdays: [String; 7],
    /// Legend entry for [`DayKind::LowAttendance`] (also its tooltip note).
    pub low_attendance_day: String,
    /// Legend entry for [`DayKind::Weekend`].
    pub weekend: String,
    /// Legend entry for [`DayKind::Holiday`].
    pub holiday: String,
    /// Legend entry for [`Period::Baseline`] bars, e.g. "baseline weeks".
    pub baseline_period: String,
    /// Legend entry and bracket label for [`Period::Window`] bars.
    pub window_period: String,
    /// Legend entry for [`Period::Other`] bars.
    pub other_period: String,
    /// Label of the baseline rate line, e.g. "baseline rate" / "基準".
    pub baseline_rate: String,
    /// Label of the window rate line, e.g. "window rate" / "期間中".
    pub window_rate: String,
    /// Shown instead of the chart when there are no days.
    pub no_data: String,
}

/// Input of [`daily_volume`].
#[derive(Clone, Debug, PartialEq)]
pub struct DailyVolumeChart {
    /// Width in pixels (at least 320; the SVG scales through its viewBox).
    pub width: u32,
    /// Height in pixels (at least 200).
    pub height: u32,
    /// The chart's title, shown at the top and as its accessible name.
    pub title: String,
    /// One or two sentences on what the chart shows (e.g. the diagnosis'
    /// sentence), the start of the SVG's `<desc>`; the data follow it.
    pub summary: String,
    /// The days, in the order to draw them (calendar days or business days
    /// only: the chart draws whichever it is given).
    pub days: Vec<DayVolume>,
    /// Baseline volume per business day (`baseline_rate`), drawn as a
    /// horizontal line across the chart.
    pub baseline_rate: Option<f64>,
    /// Window volume per business day (`rate`), drawn as a dashed line over
    /// the window.
    pub window_rate: Option<f64>,
    /// The words on the chart.
    pub labels: DailyVolumeLabels,
}

/// Draws counted activity volume per day as an accessible SVG document.
///
/// Each bar has a tooltip such as "2026-09-24 (木): 123 — bridge day"; the
/// `<desc>` holds the summary, the two rates and every day in those words.
/// With no days the chart says [`DailyVolumeLabels::no_data`].
pub fn daily_volume(chart: &DailyVolumeChart) -> String {
    let (width, height) = canvas::clamp_size(chart.width, chart.height);
    let labels = &chart.labels;
    let baseline = chart.baseline_rate.filter(|r| r.is_finite() && *r >= 0.0);
    let window = chart.window_rate.filter(|r| r.is_finite() && *r >= 0.0);
    let tips: Vec<String> = chart.days.iter().map(|d| tooltip(d, labels)).collect();

    let mut lines = Vec::new();
    if let Some(rate) = baseline {
        lines.push(format!(
            "{}: {}",
            labels.baseline_rate,
            canvas::number(rate, 1)
        ));
    }
    if let Some(rate) = window {
        lines.push(format!(
            "{}: {}",
            labels.window_rate,
            canvas::number(rate, 1)
        ));
    }
    if chart.days.is_empty() {
        lines.push(labels.no_data.clone());
    }
    lines.extend(tips.iter().cloned());
    let desc = canvas::description(&chart.summary, &lines);
    let meta = Meta {
        kind: "daily-volume",
        width,
        height,
        title: &chart.title,
        desc: &desc,
    };
    if chart.days.is_empty() {
        return crate::document::message_chart(&meta, &labels.no_data);
    }
    canvas::render(&meta, &labels.no_data, |root, overlay| {
        draw(root, overlay, chart, &tips, baseline, window)
    })
}

fn tooltip(day: &DayVolume, labels: &DailyVolumeLabels) -> String {
    let weekday = &labels.weekdays[weekday_index(day.date.weekday())];
    let mut notes: Vec<&str> = Vec::new();
    match (&day.note, day.kind) {
        (Some(note), _) if !note.trim().is_empty() => notes.push(note),
        (_, DayKind::Business) => {}
        (_, DayKind::LowAttendance) => notes.push(&labels.low_attendance_day),
        (_, DayKind::Weekend) => notes.push(&labels.weekend),
        (_, DayKind::Holiday) => notes.push(&labels.holiday),
    }
    if day.period == Period::Window {
        notes.push(&labels.window_period);
    }
    let mut tip = format!("{} ({}): {}", day.date, weekday, day.volume);
    if !notes.is_empty() {
        tip.push_str(" — ");
        tip.push_str(&notes.join(", "));
    }
    tip
}

fn weekday_index(weekday: Weekday) -> usize {
    usize::try_from(weekday.to_monday_zero_offset()).expect("a weekday offset is 0..=6")
}

fn bar_colour(day: &DayVolume) -> RGBColor {
    if !day.kind.is_business() {
        return palette::GREY;
    }
    match day.period {
        Period::Baseline => palette::BLUE,
        Period::Window => palette::VERMILLION,
        Period::Other => palette::SKY_BLUE,
    }
}

/// Runs of consecutive window days, as index ranges.
fn window_runs(days: &[DayVolume]) -> Vec<std::ops::Range<usize>> {
    let mut runs: Vec<std::ops::Range<usize>> = Vec::new();
    for (i, day) in days.iter().enumerate() {
        if day.period != Period::Window {
            continue;
        }
        match runs.last_mut() {
            Some(run) if run.end == i => run.end = i + 1,
            _ => runs.push(i..i + 1),
        }
    }
    runs
}

fn legend_entries(chart: &DailyVolumeChart, baseline: bool, window: bool) -> Vec<Entry> {
    let labels = &chart.labels;
    let has_period = |p: Period| {
        chart
            .days
            .iter()
            .any(|d| d.period == p && d.kind.is_business())
    };
    let has_kind = |k: DayKind| chart.days.iter().any(|d| d.kind == k);
    let mut entries = Vec::new();
    for (period, colour, text) in [
        (Period::Baseline, palette::BLUE, &labels.baseline_period),
        (Period::Window, palette::VERMILLION, &labels.window_period),
        (Period::Other, palette::SKY_BLUE, &labels.other_period),
    ] {
        if has_period(period) {
            entries.push(Entry::new(Swatch::Bar(colour), text));
        }
    }
    if baseline {
        entries.push(Entry::new(
            Swatch::Line {
                colour: palette::INK,
                width: 2,
                dashed: false,
            },
            &labels.baseline_rate,
        ));
    }
    if window {
        entries.push(Entry::new(
            Swatch::Line {
                colour: palette::VERMILLION,
                width: 2,
                dashed: true,
            },
            &labels.window_rate,
        ));
    }
    for (kind, text) in [
        (DayKind::LowAttendance, &labels.low_attendance_day),
        (DayKind::Weekend, &labels.weekend),
        (DayKind::Holiday, &labels.holiday),
    ] {
        if let (true, Some((colour, alpha))) = (has_kind(kind), kind.band()) {
            entries.push(Entry::new(Swatch::Band(colour, alpha), text));
        }
    }
    entries
}

/// A horizontal reference line with its label in the right margin.
struct RateLine {
    rate: f64,
    name: String,
    colour: RGBColor,
    dashed: bool,
    /// Index range of the days the line is drawn over.
    span: std::ops::Range<usize>,
}

const LABEL_PX: f64 = 11.0;

fn draw(
    root: &Area<'_>,
    overlay: &mut Overlay,
    chart: &DailyVolumeChart,
    tips: &[String],
    baseline: Option<f64>,
    window: Option<f64>,
) -> DrawResult<()> {
    let (width, height) = root.dim_in_pixel();
    let days = &chart.days;
    let labels = &chart.labels;
    let n = days.len();
    let runs = window_runs(days);

    let mut lines = Vec::new();
    if let Some(rate) = baseline {
        lines.push(RateLine {
            rate,
            name: clean(&labels.baseline_rate),
            colour: palette::INK,
            dashed: false,
            span: 0..n,
        });
    }
    if let (Some(rate), Some(first), Some(last)) = (window, runs.first(), runs.last()) {
        lines.push(RateLine {
            rate,
            name: clean(&labels.window_rate),
            colour: palette::VERMILLION,
            dashed: true,
            span: first.start..last.end,
        });
    }

    // The right margin carries the rate lines' labels, as wide as the
    // widest of them but never more than a quarter of the chart.
    let margin_cap = f64::from(width) / 4.0;
    let right_margin = lines
        .iter()
        .map(|l| {
            let value = canvas::number(l.rate, 1);
            text::width(&l.name, LABEL_PX).max(text::width(&value, LABEL_PX)) + 14.0
        })
        .fold(16.0_f64, f64::max)
        .min(margin_cap);

    let entries = legend_entries(chart, baseline.is_some(), window.is_some());
    let legend_width = f64::from(width) - 24.0;
    let legend_height = legend::height(&entries, legend_width);
    let chart_height = i32::try_from(height).unwrap_or(i32::MAX) - TITLE_HEIGHT - legend_height - 4;
    let chart_area = root.clone().shrink(
        (0, TITLE_HEIGHT),
        (width, u32::try_from(chart_height.max(80)).unwrap_or(80)),
    );

    let max_volume = days.iter().map(|d| d.volume).max().unwrap_or(0) as f64;
    let max_rate = lines.iter().map(|l| l.rate).fold(0.0_f64, f64::max);
    // Headroom above the tallest bar for the window bracket and its label.
    let y_max = (max_volume.max(max_rate) * 1.22).max(1.0);

    let mut ctx = ChartBuilder::on(&chart_area)
        .margin_left(8)
        .margin_right(right_margin.round() as i32)
        .margin_top(4)
        .margin_bottom(4)
        .x_label_area_size(44)
        .y_label_area_size(
            8 + 18 + text::width(&text::axis_number(y_max.round()), 12.0).round() as i32 + 12,
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
    let px_per_day = f64::from(x_range.end - x_range.start) / n as f64;

    // Background bands: window first, day kinds over it.
    for run in &runs {
        ctx.draw_series(std::iter::once(Rectangle::new(
            [(run.start as f64, 0.0), (run.end as f64, y_max)],
            palette::VERMILLION.mix(0.07).filled(),
        )))?;
    }
    ctx.draw_series(days.iter().enumerate().filter_map(|(i, d)| {
        d.kind.band().map(|(colour, alpha)| {
            Rectangle::new(
                [(i as f64, 0.0), (i as f64 + 1.0, y_max)],
                colour.mix(alpha).filled(),
            )
        })
    }))?;

    // Bars: a gap between them once they are wide enough to need one.
    let pad = if px_per_day >= 6.0 { 0.16 } else { 0.0 };
    ctx.draw_series(
        days.iter()
            .enumerate()
            .filter(|(_, d)| d.volume > 0)
            .map(|(i, d)| {
                Rectangle::new(
                    [
                        (i as f64 + pad, 0.0),
                        (i as f64 + 1.0 - pad, d.volume as f64),
                    ],
                    bar_colour(d).filled(),
                )
            }),
    )?;

    // The window bracket and its label, at the top of the plot.
    for run in &runs {
        let (x0, _) = ctx.backend_coord(&(run.start as f64, 0.0));
        let (x1, _) = ctx.backend_coord(&(run.end as f64, 0.0));
        let y = y_range.start + 18;
        let style = palette::VERMILLION.stroke_width(2);
        root.draw(&PathElement::new(
            vec![(x0 + 1, y + 6), (x0 + 1, y), (x1 - 1, y), (x1 - 1, y + 6)],
            style,
        ))?;
        let name = text::truncate(
            &clean(&labels.window_period),
            LABEL_PX,
            f64::from((x1 - x0).max(0)) + 60.0,
        );
        root.draw(&Text::new(
            name,
            ((x0 + x1) / 2, y - 3),
            text::bold(LABEL_PX, palette::VERMILLION, HPos::Center, VPos::Bottom),
        ))?;
    }

    // Rate lines, their labels in the right margin, kept apart.
    let label_x = x_range.end + 6;
    let mut label_ys: Vec<i32> = lines
        .iter()
        .map(|l| ctx.backend_coord(&(0.0, l.rate)).1)
        .collect();
    if let [a, b] = label_ys[..] {
        let need = 30;
        if (a - b).abs() < need {
            let mid = (a + b) / 2;
            let (upper, lower) = (mid - need / 2, mid + need / 2);
            label_ys = if a <= b {
                vec![upper, lower]
            } else {
                vec![lower, upper]
            };
        }
    }
    let label_width = right_margin - 10.0;
    for (line, label_y) in lines.iter().zip(label_ys) {
        let points = [
            (line.span.start as f64, line.rate),
            (line.span.end as f64, line.rate),
        ];
        let style = line.colour.stroke_width(2);
        if line.dashed {
            ctx.draw_series(DashedLineSeries::new(points, 7, 4, style))?;
            // A thin extension to the label in the margin.
            ctx.draw_series(DashedLineSeries::new(
                [(line.span.end as f64, line.rate), (n as f64, line.rate)],
                2,
                4,
                line.colour.stroke_width(1),
            ))?;
        } else {
            ctx.draw_series(LineSeries::new(points, style))?;
        }
        let (_, y) = ctx.backend_coord(&(0.0, line.rate));
        root.draw(&Text::new(
            text::truncate(&line.name, LABEL_PX, label_width),
            (label_x, label_y - 1),
            text::bold(LABEL_PX, line.colour, HPos::Left, VPos::Bottom),
        ))?;
        root.draw(&Text::new(
            canvas::number(line.rate, 1),
            (label_x, label_y + 1),
            text::style(LABEL_PX, line.colour, HPos::Left, VPos::Top),
        ))?;
        let (x0, _) = ctx.backend_coord(&(line.span.start as f64, 0.0));
        let (x1, _) = ctx.backend_coord(&(line.span.end as f64, 0.0));
        overlay.annotation(
            x0,
            y - 3,
            x1 - x0,
            6,
            &format!("{}: {}", line.name, canvas::number(line.rate, 1)),
        );
    }

    // Date labels under the axis: as many as fit, the window's first day
    // and Mondays first.
    let spans: Vec<(f64, f64)> = (0..n)
        .map(|i| {
            let (x, _) = ctx.backend_coord(&(i as f64 + 0.5, 0.0));
            (f64::from(x), text::width("00-00", 11.0))
        })
        .collect();
    let mut priority: Vec<usize> = runs.iter().map(|r| r.start).collect();
    priority.extend((0..n).filter(|&i| days[i].date.weekday() == Weekday::Monday));
    priority.extend(0..n);
    let shown = text::place(&spans, &priority, 6.0);
    for (i, day) in days.iter().enumerate() {
        let (x, _) = ctx.backend_coord(&(i as f64 + 0.5, 0.0));
        let tick = palette::AXIS.stroke_width(1);
        if shown[i] {
            root.draw(&PathElement::new(
                vec![(x, y_range.end), (x, y_range.end + 5)],
                tick,
            ))?;
            root.draw(&Text::new(
                day.date.strftime("%m-%d").to_string(),
                (x, y_range.end + 8),
                text::label(11.0, HPos::Center, VPos::Top),
            ))?;
        }
    }

    // Hover targets: the whole column of each day, so that days with no
    // activity have a tooltip too.
    for (i, tip) in tips.iter().enumerate() {
        let (x0, _) = ctx.backend_coord(&(i as f64, 0.0));
        let (x1, _) = ctx.backend_coord(&(i as f64 + 1.0, 0.0));
        overlay.rect(
            x0,
            y_range.start,
            (x1 - x0).max(1),
            y_range.end - y_range.start,
            tip,
        );
    }

    let legend_top = TITLE_HEIGHT + chart_height;
    legend::draw(root, &entries, (12, legend_top), legend_width)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn labels() -> DailyVolumeLabels {
        DailyVolumeLabels {
            weekdays: ["月", "火", "水", "木", "金", "土", "日"].map(String::from),
            low_attendance_day: "閑散日".into(),
            weekend: "週休日".into(),
            holiday: "祝日".into(),
            window_period: "閑散期間".into(),
            ..DailyVolumeLabels::default()
        }
    }

    fn day(date: Date, kind: DayKind, period: Period, note: Option<&str>) -> DayVolume {
        DayVolume {
            date,
            volume: 123,
            kind,
            period,
            note: note.map(String::from),
        }
    }

    #[test]
    fn tooltips_name_the_day() {
        let l = labels();
        assert_eq!(
            tooltip(
                &day(
                    date(2026, 9, 24),
                    DayKind::LowAttendance,
                    Period::Window,
                    Some("bridge day")
                ),
                &l
            ),
            "2026-09-24 (木): 123 — bridge day, 閑散期間"
        );
        assert_eq!(
            tooltip(
                &day(date(2026, 9, 22), DayKind::Holiday, Period::Other, None),
                &l
            ),
            "2026-09-22 (火): 123 — 祝日"
        );
        assert_eq!(
            tooltip(
                &day(date(2026, 9, 7), DayKind::Business, Period::Baseline, None),
                &l
            ),
            "2026-09-07 (月): 123"
        );
    }

    #[test]
    fn window_runs_are_contiguous_index_ranges() {
        let d = |p| day(date(2026, 1, 5), DayKind::Business, p, None);
        let days = [
            d(Period::Baseline),
            d(Period::Window),
            d(Period::Window),
            d(Period::Other),
            d(Period::Window),
        ];
        assert_eq!(window_runs(&days), [1..3, 4..5]);
    }
}
