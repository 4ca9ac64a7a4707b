//! Colours: the Okabe–Ito palette, which stays distinguishable with the
//! common kinds of colour blindness, plus greys for frames and text.
//! Colour never carries meaning alone: every chart also has a legend,
//! direct labels and tooltips.

use plotters::style::RGBColor;

/// Okabe–Ito orange.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe–Ito sky blue.
pub const SKY_BLUE: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe–Ito bluish green.
pub const BLUISH_GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe–Ito yellow.
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe–Ito blue.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe–Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe–Ito reddish purple.
pub const REDDISH_PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// Okabe–Ito black (a soft one, for reference lines).
pub const INK: RGBColor = RGBColor(0x1A, 0x1A, 0x1A);

/// Body text.
pub const TEXT: RGBColor = RGBColor(0x26, 0x26, 0x26);
/// Secondary text (notes, "no data").
pub const MUTED: RGBColor = RGBColor(0x5C, 0x5C, 0x5C);
/// Axis lines.
pub const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
/// Grid lines.
pub const GRID: RGBColor = RGBColor(0xE3, 0xE3, 0xE3);
/// Bars with no emphasis (off-day volume, insufficient data).
pub const GREY: RGBColor = RGBColor(0x99, 0x99, 0x99);
/// Background.
pub const WHITE: RGBColor = RGBColor(0xFF, 0xFF, 0xFF);

/// Colours for lines of a series chart, in order; the black reference line
/// is not among them. Yellow is left out: too light on white for a line.
pub const SERIES: [RGBColor; 6] = [
    BLUE,
    ORANGE,
    BLUISH_GREEN,
    REDDISH_PURPLE,
    SKY_BLUE,
    VERMILLION,
];
