//! Text: font styles, width estimates and placement of axis labels that
//! must not overlap.
//!
//! Without a font there is no exact text width (and an SVG is laid out by
//! the viewer's font anyway), so widths are estimated per character:
//! full-width (CJK) characters one em, Latin ones about half of one.
//! Plotters' own estimate counts bytes, three per kanji, so it is used
//! only where it does not matter; every label whose width matters is
//! placed with [`width`].

use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{Color, FontDesc, FontFamily, FontStyle, RGBColor, TextStyle};

use crate::document::FONT_FAMILY;
use crate::palette;

/// Plotters' SVG backend writes `font-size = size / 1.24`; this undoes it
/// so that sizes here are CSS pixels.
const PLOTTERS_FONT_SCALE: f64 = 1.24;

/// A text style of `px` CSS pixels in [`FONT_FAMILY`], anchored by `h`/`v`.
pub(crate) fn style(px: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            px * PLOTTERS_FONT_SCALE,
            FontStyle::Normal,
        ),
        color: colour.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

/// The same in bold.
pub(crate) fn bold(px: f64, colour: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: FontDesc::new(
            FontFamily::Name(FONT_FAMILY),
            px * PLOTTERS_FONT_SCALE,
            FontStyle::Bold,
        ),
        ..style(px, colour, h, v)
    }
}

/// A plain label in the default text colour.
pub(crate) fn label(px: f64, h: HPos, v: VPos) -> TextStyle<'static> {
    style(px, palette::TEXT, h, v)
}

/// Estimated width of `text` at `px` pixels, in pixels (a slight
/// overestimate for Latin text, which errs on the side of no overlap).
pub(crate) fn width(text: &str, px: f64) -> f64 {
    text.chars().map(em_width).sum::<f64>() * px
}

fn em_width(c: char) -> f64 {
    match c {
        ' ' => 0.3,
        'i' | 'j' | 'l' | '.' | ',' | ':' | ';' | '\'' | '|' | '!' | '(' | ')' => 0.32,
        'm' | 'w' | 'M' | 'W' => 0.85,
        'A'..='Z' => 0.68,
        '0'..='9' | 'a'..='z' => 0.58,
        c if c.is_ascii() => 0.6,
        c if is_wide(c) => 1.0,
        _ => 0.62,
    }
}

/// East Asian wide and full-width characters (Unicode blocks, roughly).
fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

/// Shortens `text` with an ellipsis so that it fits `max_width` pixels at
/// `px` (the full text stays in the tooltip).
pub(crate) fn truncate(text: &str, px: f64, max_width: f64) -> String {
    if width(text, px) <= max_width {
        return text.to_string();
    }
    let budget = max_width - width("…", px);
    let mut out = String::new();
    let mut used = 0.0;
    for c in text.chars() {
        let w = em_width(c) * px;
        if used + w > budget {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

/// Chooses which of a row of centred labels to show so that none overlap:
/// labels are tried in `priority` order and kept when they keep `gap`
/// pixels from every label kept before. `spans[i]` is label i's
/// (centre, width). Returns one flag per label.
pub(crate) fn place(spans: &[(f64, f64)], priority: &[usize], gap: f64) -> Vec<bool> {
    let mut shown = vec![false; spans.len()];
    let mut kept: Vec<(f64, f64)> = Vec::new();
    for &i in priority {
        let Some(&(centre, w)) = spans.get(i) else {
            continue;
        };
        let (lo, hi) = (centre - w / 2.0, centre + w / 2.0);
        if kept.iter().all(|&(a, b)| hi + gap <= a || b + gap <= lo) {
            kept.push((lo, hi));
            shown[i] = true;
        }
    }
    shown
}

/// Formats a count or rate for an axis: no decimals when it is whole.
pub(crate) fn axis_number(v: f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{v:.0}")
    } else if (v * 10.0 - (v * 10.0).round()).abs() < 1e-9 {
        format!("{v:.1}")
    } else {
        format!("{v:.2}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kanji_are_wider_than_latin() {
        // Four kanji at 10 px: 40 px; "abcd" at 10 px: 4 × 5.8 px.
        assert!((width("営業一課", 10.0) - 40.0).abs() < 1e-9);
        assert!((width("abcd", 10.0) - 23.2).abs() < 1e-9);
    }

    #[test]
    fn truncate_keeps_what_fits() {
        assert_eq!(truncate("short", 10.0, 100.0), "short");
        let t = truncate("営業一課の山田太郎さん", 10.0, 50.0);
        assert!(width(&t, 10.0) <= 50.0, "{t}");
        assert!(t.ends_with('…'));
    }

    #[test]
    fn place_skips_overlapping_labels() {
        // Centres 10 px apart, 20 px wide: every other label fits.
        let spans: Vec<(f64, f64)> = (0..5).map(|i| (f64::from(i) * 10.0, 20.0)).collect();
        assert_eq!(
            place(&spans, &[0, 1, 2, 3, 4], 0.0),
            [true, false, true, false, true]
        );
        // Priority wins: label 1 first blocks 0 and 2.
        assert_eq!(
            place(&spans, &[1, 0, 2, 3, 4], 0.0),
            [false, true, false, true, false]
        );
    }

    #[test]
    fn axis_numbers() {
        assert_eq!(axis_number(120.0), "120");
        assert_eq!(axis_number(0.5), "0.5");
        assert_eq!(axis_number(0.25), "0.25");
    }
}
