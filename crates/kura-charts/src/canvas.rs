//! Running plotters into a string and turning its output into Kura's
//! document: the part every chart shares.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::document::{self, Meta, Overlay};
use crate::legend::{Area, DrawResult};
use crate::palette;
use crate::text;

/// The smallest size a chart is drawn at; smaller requests are enlarged so
/// that the axes, labels and legend always have room.
pub(crate) const MIN_WIDTH: u32 = 320;
/// See [`MIN_WIDTH`].
pub(crate) const MIN_HEIGHT: u32 = 200;
/// The largest size, so a mistaken size cannot ask for an enormous image.
pub(crate) const MAX_SIDE: u32 = 8192;

/// Height of the title band at the top of every chart.
pub(crate) const TITLE_HEIGHT: i32 = 36;

/// Width and height after clamping to the sizes a chart can be drawn at.
pub(crate) fn clamp_size(width: u32, height: u32) -> (u32, u32) {
    (
        width.clamp(MIN_WIDTH, MAX_SIDE),
        height.clamp(MIN_HEIGHT, MAX_SIDE),
    )
}

/// Draws a chart with `draw` on a white canvas of the meta's size, under
/// its title, and returns the finished document. Should plotters fail (it
/// cannot, drawing into a string, but its API says it may), the chart
/// becomes a message chart with `fallback` instead of a panic.
pub(crate) fn render(
    meta: &Meta<'_>,
    fallback: &str,
    draw: impl FnOnce(&Area<'_>, &mut Overlay) -> DrawResult<()>,
) -> String {
    let mut drawn = String::new();
    let mut overlay = Overlay::default();
    let outcome = {
        let root =
            SVGBackend::with_string(&mut drawn, (meta.width, meta.height)).into_drawing_area();
        root.fill(&palette::WHITE)
            .and_then(|()| draw_title(&root, meta.title, meta.width))
            .and_then(|()| draw(&root, &mut overlay))
            .and_then(|()| root.present())
    };
    match outcome {
        Ok(()) => document::finish(&drawn, meta, &overlay)
            .unwrap_or_else(|| document::message_chart(meta, fallback)),
        Err(_) => document::message_chart(meta, fallback),
    }
}

fn draw_title(root: &Area<'_>, title: &str, width: u32) -> DrawResult<()> {
    let shown = text::truncate(&document::clean(title), 16.0, f64::from(width) - 24.0);
    root.draw(&Text::new(
        shown,
        (12, 10),
        text::bold(16.0, palette::TEXT, HPos::Left, VPos::Top),
    ))
}

/// Writes a number with `decimals` decimals, or "–" when it is not finite.
pub(crate) fn number(value: f64, decimals: usize) -> String {
    if value.is_finite() {
        format!("{value:.decimals$}")
    } else {
        "–".to_string()
    }
}

/// Joins the caller's summary and the chart's data in words into the text
/// of `<desc>`: the summary, then one line per figure, separated by
/// semicolons so that a screen reader pauses between them.
pub(crate) fn description(summary: &str, lines: &[String]) -> String {
    let data = lines.join(";\n");
    match (summary.trim(), data.is_empty()) {
        ("", _) => data,
        (summary, true) => summary.to_string(),
        (summary, false) => format!("{summary}\n{data}"),
    }
}
