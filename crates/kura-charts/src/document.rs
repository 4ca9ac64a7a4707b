//! The SVG document around what plotters draws: the root element with its
//! accessibility attributes, `<title>` and `<desc>`, and the transparent
//! overlay of hover targets, each with its own `<title>` tooltip.
//!
//! Plotters' SVG backend escapes the text it writes but cannot give an
//! element a `<title>` child, and it writes its own `<svg>` root; so the
//! chart is drawn first and this module then swaps the root element and
//! appends the overlay before the closing `</svg>`.

use std::fmt::Write as _;

/// The font stack every text element uses: the platform's UI font first,
/// then fonts that carry Japanese glyphs, so names and labels in Japanese
/// display without loading a web font (no external requests, CSP-safe).
pub const FONT_FAMILY: &str =
    "system-ui, 'Hiragino Sans', 'Noto Sans CJK JP', 'Yu Gothic UI', Meiryo, sans-serif";

/// Removes what XML 1.0 cannot carry at all (most C0 controls, lone
/// surrogates cannot occur in a `str`, U+FFFE/U+FFFF), so a CRM name with a
/// stray control character cannot make the document ill-formed. Tabs and
/// newlines become spaces: a label is one line.
pub(crate) fn clean(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\t' | '\n' | '\r' => Some(' '),
            '\u{0}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => None,
            other => Some(other),
        })
        .collect()
}

/// Escapes text for use in XML character data and attribute values, after
/// [`clean`]ing it.
pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in clean(text).chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Transparent hover targets with a `<title>` each: the per-point tooltips.
///
/// The targets are painted with a zero fill opacity, not `fill="none"`, so
/// that the default `pointer-events` (visiblePainted) still sends hovers to
/// them and the browser shows the title.
#[derive(Debug, Default)]
pub(crate) struct Overlay {
    /// Targets of reference lines: written first, so that a data point
    /// over a line gets the hover.
    notes: String,
    /// Targets of data points.
    body: String,
    points: usize,
}

impl Overlay {
    /// A rectangular target for one data point.
    pub(crate) fn rect(&mut self, x: i32, y: i32, width: i32, height: i32, tip: &str) {
        let _ = writeln!(
            self.body,
            "<rect class=\"kura-point\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
            width.max(1),
            height.max(1),
            escape(tip)
        );
        self.points += 1;
    }

    /// A round target for one data point.
    pub(crate) fn circle(&mut self, cx: i32, cy: i32, r: i32, tip: &str) {
        let _ = writeln!(
            self.body,
            "<circle class=\"kura-point\" cx=\"{cx}\" cy=\"{cy}\" r=\"{}\"><title>{}</title></circle>",
            r.max(1),
            escape(tip)
        );
        self.points += 1;
    }

    /// A target for something that is not a data point (a reference line).
    pub(crate) fn annotation(&mut self, x: i32, y: i32, width: i32, height: i32, tip: &str) {
        let _ = writeln!(
            self.notes,
            "<rect class=\"kura-note\" x=\"{x}\" y=\"{y}\" width=\"{}\" height=\"{}\"><title>{}</title></rect>",
            width.max(1),
            height.max(1),
            escape(tip)
        );
    }

    #[cfg(test)]
    pub(crate) fn points(&self) -> usize {
        self.points
    }
}

/// What the root element says about the chart.
pub(crate) struct Meta<'a> {
    /// A short name of the chart type, used in the class and the ids.
    pub kind: &'static str,
    pub width: u32,
    pub height: u32,
    pub title: &'a str,
    pub desc: &'a str,
}

/// Wraps plotters' output (a whole `<svg>` document) in Kura's root element
/// with `role="img"`, `<title>` and `<desc>`, and appends the overlay.
///
/// Returns `None` if `drawn` is not shaped as plotters writes it.
pub(crate) fn finish(drawn: &str, meta: &Meta<'_>, overlay: &Overlay) -> Option<String> {
    let rest = drawn.strip_prefix("<svg ")?;
    let body_start = rest.find('>')? + 1;
    let body = rest[body_start..].trim_end().strip_suffix("</svg>")?;
    let mut out = open(meta);
    out.push_str(body.trim_start_matches('\n'));
    if !overlay.body.is_empty() || !overlay.notes.is_empty() {
        out.push_str(
            "<g class=\"kura-tooltips\" fill=\"#ffffff\" fill-opacity=\"0\" stroke=\"none\">\n",
        );
        out.push_str(&overlay.notes);
        out.push_str(&overlay.body);
        out.push_str("</g>\n");
    }
    out.push_str("</svg>\n");
    Some(out)
}

/// The root element, `<title>` and `<desc>`; the caller appends the body and
/// `</svg>`.
pub(crate) fn open(meta: &Meta<'_>) -> String {
    let id = format!(
        "kura-{}-{:016x}",
        meta.kind,
        fnv1a(&[meta.title, meta.desc])
    );
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
         viewBox=\"0 0 {w} {h}\" role=\"img\" aria-labelledby=\"{id}-title\" \
         aria-describedby=\"{id}-desc\" class=\"kura-chart kura-chart-{kind}\" \
         font-family=\"{font}\">\n<title id=\"{id}-title\">{title}</title>\n\
         <desc id=\"{id}-desc\">{desc}</desc>\n",
        w = meta.width,
        h = meta.height,
        kind = meta.kind,
        font = escape(FONT_FAMILY),
        title = escape(meta.title),
        desc = meta
            .desc
            .split('\n')
            .map(escape)
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

/// A chart without plotters: the title and one centred message in a frame.
/// Used when there is nothing to plot, and as the fallback should drawing
/// fail, so that every call returns a well-formed, labelled image.
pub(crate) fn message_chart(meta: &Meta<'_>, message: &str) -> String {
    let (w, h) = (meta.width, meta.height);
    let mut out = open(meta);
    let _ = write!(
        out,
        "<rect x=\"0\" y=\"0\" width=\"{w}\" height=\"{h}\" fill=\"#ffffff\"/>\n\
         <text x=\"12\" y=\"24\" font-size=\"16\" font-weight=\"bold\" fill=\"#1a1a1a\">{title}</text>\n\
         <rect x=\"12\" y=\"40\" width=\"{fw}\" height=\"{fh}\" fill=\"#f5f5f5\" stroke=\"#cccccc\"/>\n\
         <text x=\"{cx}\" y=\"{cy}\" font-size=\"14\" text-anchor=\"middle\" \
         dominant-baseline=\"middle\" fill=\"#555555\">{message}</text>\n</svg>\n",
        title = escape(meta.title),
        fw = w.saturating_sub(24).max(1),
        fh = h.saturating_sub(52).max(1),
        cx = w / 2,
        cy = 40 + h.saturating_sub(52) / 2,
        message = escape(message),
    );
    out
}

/// FNV-1a over the parts (with a separator), for ids that are stable for
/// the same chart and differ between charts on one page.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0xff]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_covers_markup_and_drops_controls() {
        assert_eq!(
            escape("<script>alert(1)</script> & \"x\" 'y'\u{1}\n"),
            "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot; &#39;y&#39; "
        );
        assert_eq!(escape("営業部 第1課"), "営業部 第1課");
    }

    #[test]
    fn finish_replaces_the_root_and_appends_the_overlay() {
        let drawn = "<svg width=\"10\" height=\"10\" viewBox=\"0 0 10 10\" xmlns=\"http://www.w3.org/2000/svg\">\n<rect/>\n</svg>\n";
        let mut overlay = Overlay::default();
        overlay.rect(0, 0, 5, 5, "a & b");
        let meta = Meta {
            kind: "t",
            width: 10,
            height: 10,
            title: "T",
            desc: "D",
        };
        let svg = finish(drawn, &meta, &overlay).expect("plotters-shaped input");
        assert_eq!(svg.matches("<svg").count(), 1);
        assert!(svg.contains("role=\"img\""));
        assert!(svg.contains("<title>a &amp; b</title>"));
        assert!(svg.ends_with("</g>\n</svg>\n"));
        assert_eq!(overlay.points(), 1);
    }
}
