//! The legend under each chart, and the point markers shared by the trend
//! chart and its legend.
//!
//! Plotters has a legend of its own, but it sizes the box with its byte-
//! counting width estimate, which makes Japanese entries three times too
//! wide; this one wraps entries into rows with [`text::width`].

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use crate::text;

/// The drawing area every chart draws on: the whole SVG, in pixels.
pub(crate) type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;
/// What drawing can fail with.
pub(crate) type DrawResult<T> = Result<T, DrawingAreaErrorKind<std::io::Error>>;

const FONT_PX: f64 = 12.0;
const ROW_HEIGHT: i32 = 20;
const SWATCH: i32 = 18;
const ITEM_GAP: f64 = 18.0;

/// A point marker. Series differ by shape as well as colour, so they stay
/// apart in grey-scale prints and for readers who cannot tell the colours.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Marker {
    Circle,
    Square,
    Triangle,
    Diamond,
}

impl Marker {
    /// The marker for the n-th series.
    pub(crate) fn nth(n: usize) -> Marker {
        [
            Marker::Circle,
            Marker::Square,
            Marker::Triangle,
            Marker::Diamond,
        ][n % 4]
    }

    /// Draws the marker centred on `(x, y)` with radius about `r`, with a
    /// white outline so that it stands out on lines.
    pub(crate) fn draw(
        self,
        area: &Area<'_>,
        (x, y): (i32, i32),
        r: i32,
        colour: RGBColor,
    ) -> DrawResult<()> {
        let fill = colour.filled();
        let outline = WHITE.stroke_width(1);
        match self {
            Marker::Circle => {
                area.draw(&Circle::new((x, y), r, fill))?;
                area.draw(&Circle::new((x, y), r, outline))?;
            }
            Marker::Square => {
                let s = r - 1;
                area.draw(&Rectangle::new([(x - s, y - s), (x + s, y + s)], fill))?;
                area.draw(&Rectangle::new([(x - s, y - s), (x + s, y + s)], outline))?;
            }
            Marker::Triangle => {
                let pts = vec![(x, y - r - 1), (x + r + 1, y + r), (x - r - 1, y + r)];
                area.draw(&Polygon::new(pts.clone(), fill))?;
                let mut closed = pts.clone();
                closed.push(pts[0]);
                area.draw(&PathElement::new(closed, outline))?;
            }
            Marker::Diamond => {
                let s = r + 1;
                let pts = vec![(x, y - s), (x + s, y), (x, y + s), (x - s, y)];
                area.draw(&Polygon::new(pts.clone(), fill))?;
                let mut closed = pts.clone();
                closed.push(pts[0]);
                area.draw(&PathElement::new(closed, outline))?;
            }
        }
        Ok(())
    }
}

/// What a legend entry's swatch shows.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Swatch {
    /// A solid bar.
    Bar(RGBColor),
    /// A translucent background band, as drawn behind the bars.
    Band(RGBColor, f64),
    /// A horizontal line; dashed or solid.
    Line {
        colour: RGBColor,
        width: u32,
        dashed: bool,
    },
    /// A line with a point marker, as in the trend chart.
    Series {
        colour: RGBColor,
        width: u32,
        marker: Marker,
    },
}

/// One legend entry.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    pub swatch: Swatch,
    pub text: String,
}

impl Entry {
    pub(crate) fn new(swatch: Swatch, text: &str) -> Entry {
        Entry {
            swatch,
            text: crate::document::clean(text),
        }
    }

    fn width(&self) -> f64 {
        f64::from(SWATCH) + 6.0 + text::width(&self.text, FONT_PX)
    }
}

/// Lays entries out left to right, wrapping at `width`: each entry's
/// (x, row) offset.
fn layout(entries: &[Entry], width: f64) -> Vec<(f64, i32)> {
    let mut out = Vec::with_capacity(entries.len());
    let (mut x, mut row) = (0.0, 0);
    for entry in entries {
        let w = entry.width();
        if x > 0.0 && x + w > width {
            x = 0.0;
            row += 1;
        }
        out.push((x, row));
        x += w + ITEM_GAP;
    }
    out
}

/// The height the legend needs at `width` pixels (0 without entries).
pub(crate) fn height(entries: &[Entry], width: f64) -> i32 {
    match layout(entries, width).last() {
        Some(&(_, rows)) => (rows + 1) * ROW_HEIGHT + 8,
        None => 0,
    }
}

/// Draws the legend with its top-left corner at `(left, top)`.
pub(crate) fn draw(
    area: &Area<'_>,
    entries: &[Entry],
    (left, top): (i32, i32),
    width: f64,
) -> DrawResult<()> {
    for (entry, (x, row)) in entries.iter().zip(layout(entries, width)) {
        let x0 = left + x.round() as i32;
        let cy = top + 4 + row * ROW_HEIGHT + ROW_HEIGHT / 2;
        match entry.swatch {
            Swatch::Bar(colour) => {
                area.draw(&Rectangle::new(
                    [(x0 + 3, cy - 6), (x0 + SWATCH - 3, cy + 7)],
                    colour.filled(),
                ))?;
            }
            Swatch::Band(colour, alpha) => {
                area.draw(&Rectangle::new(
                    [(x0, cy - 8), (x0 + SWATCH, cy + 8)],
                    colour.mix(alpha).filled(),
                ))?;
                area.draw(&Rectangle::new(
                    [(x0, cy - 8), (x0 + SWATCH, cy + 8)],
                    RGBColor(0xCC, 0xCC, 0xCC).stroke_width(1),
                ))?;
            }
            Swatch::Line {
                colour,
                width,
                dashed,
            } => {
                let style = colour.stroke_width(width);
                if dashed {
                    area.draw(&PathElement::new(vec![(x0, cy), (x0 + 6, cy)], style))?;
                    area.draw(&PathElement::new(
                        vec![(x0 + 10, cy), (x0 + SWATCH, cy)],
                        style,
                    ))?;
                } else {
                    area.draw(&PathElement::new(vec![(x0, cy), (x0 + SWATCH, cy)], style))?;
                }
            }
            Swatch::Series {
                colour,
                width,
                marker,
            } => {
                area.draw(&PathElement::new(
                    vec![(x0 - 2, cy), (x0 + SWATCH + 2, cy)],
                    colour.stroke_width(width),
                ))?;
                marker.draw(area, (x0 + SWATCH / 2, cy), 4, colour)?;
            }
        }
        area.draw(&Text::new(
            entry.text.clone(),
            (x0 + SWATCH + 6, cy),
            text::label(FONT_PX, HPos::Left, VPos::Center),
        ))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_wrap_into_rows() {
        let e = |t: &str| Entry::new(Swatch::Bar(BLACK), t);
        // Each entry: 18 + 6 + 10 kanji × 12 px = 144 px, plus an 18 px gap.
        let entries = vec![
            e("一二三四五六七八九十"),
            e("一二三四五六七八九十"),
            e("一二三四五六七八九十"),
        ];
        assert_eq!(layout(&entries, 400.0), [(0.0, 0), (162.0, 0), (0.0, 1)]);
        assert_eq!(height(&entries, 400.0), 2 * ROW_HEIGHT + 8);
        assert_eq!(height(&[], 400.0), 0);
    }
}
