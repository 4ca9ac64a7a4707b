//! Terminal tables, CSV and JSON writers shared by the commands.

use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{ContentArrangement, Table};
use std::borrow::Cow;
use std::io::Write;

/// A terminal table with East Asian width-aware alignment (comfy-table).
pub fn table(header: &[&str]) -> Table {
    let mut t = Table::new();
    t.load_preset(UTF8_BORDERS_ONLY)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(|h| h.to_string()));
    t
}

/// Prints a table to stdout.
pub fn print_table(t: &Table) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "{t}")
}

/// Writes serializable rows as CSV with a header to stdout, for people:
/// every cell is guarded against spreadsheet formula injection
/// ([`spreadsheet_cell`]). Every CSV report (`kura plan --format csv`,
/// `kura diagnose --format csv`, calendar and pacing lists) goes through
/// here; the bundle `kura export` writes is data, written exactly by
/// `kura_import::BundleWriter` (docs/security-csv.md).
pub fn print_csv<T: serde::Serialize>(rows: impl IntoIterator<Item = T>) -> anyhow::Result<()> {
    write_csv(std::io::stdout().lock(), rows)
}

/// Writes rows as [`print_csv`] does, to `out`.
pub fn write_csv<T: serde::Serialize>(
    out: impl Write,
    rows: impl IntoIterator<Item = T>,
) -> anyhow::Result<()> {
    // csv derives the header from the first row's field names and writes
    // typed values as text; the cells are then guarded as text, read back
    // from that exact CSV (the csv crate round-trips what it writes).
    let mut raw = csv::Writer::from_writer(Vec::new());
    for row in rows {
        raw.serialize(row)?;
    }
    let raw = raw.into_inner().map_err(|e| e.into_error())?;
    let mut records = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(raw.as_slice());
    let mut w = csv::Writer::from_writer(out);
    let mut record = csv::StringRecord::new();
    while records.read_record(&mut record)? {
        w.write_record(record.iter().map(|c| spreadsheet_cell(c).into_owned()))?;
    }
    w.flush()?;
    Ok(())
}

/// A cell made safe to open in a spreadsheet: text that Excel, LibreOffice
/// or Google Sheets would read as a formula — starting with `=`, `+`, `-`,
/// `@`, a tab or a carriage return — gets a leading single quote (`'`), so
/// a rep or customer named `=HYPERLINK("http://x","y")` shows as text
/// instead of running (OWASP "CSV injection"). A number (`-0.5`, `+81`,
/// `-1.5e-3`) is left as it is: a spreadsheet reads it as a number, not a
/// formula.
pub fn spreadsheet_cell(cell: &str) -> Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A plain decimal number: `[+-]digits[.digits][e[+-]digits]`, at least one
/// digit before the exponent (no `inf`, `NaN` or hex, which a spreadsheet
/// would not read as a number).
fn is_number(s: &str) -> bool {
    let s = s.strip_prefix(['+', '-']).unwrap_or(s);
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let digits = |t: &str| t.bytes().all(|b| b.is_ascii_digit());
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let mantissa_ok = digits(int) && digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    mantissa_ok && exponent_ok
}

/// Writes a value as pretty JSON to stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_get_a_quote_and_numbers_and_text_stay() {
        for (cell, safe) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
            ("\t=1+1", "'\t=1+1"),
            ("\r=1+1", "'\r=1+1"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("+81 3-1234-5678", "'+81 3-1234-5678"),
            // Numbers: a spreadsheet reads them as numbers, never formulas.
            ("-0.5", "-0.5"),
            ("-12", "-12"),
            ("+81", "+81"),
            ("-1.5e-7", "-1.5e-7"),
            ("-.5", "-.5"),
            // Text that does not start a formula, including an already
            // quoted cell and a formula sign later in the text.
            ("山田製作所", "山田製作所"),
            ("'=1+1", "'=1+1"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(spreadsheet_cell(cell), safe, "{cell:?}");
        }
    }

    #[test]
    fn rows_keep_their_header_and_quoting_and_only_formulas_change() {
        #[derive(serde::Serialize)]
        struct Row {
            rep: &'static str,
            note: Option<&'static str>,
            ri: f64,
            calls: i64,
        }
        let mut out = Vec::new();
        write_csv(
            &mut out,
            [
                Row {
                    rep: "=HYPERLINK(\"http://x\")",
                    note: Some("a, \"quoted\"\nline"),
                    ri: -0.5,
                    calls: -3,
                },
                Row {
                    rep: "佐藤",
                    note: None,
                    ri: 1.0,
                    calls: 12,
                },
            ],
        )
        .unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "rep,note,ri,calls\n\
             \"'=HYPERLINK(\"\"http://x\"\")\",\"a, \"\"quoted\"\"\nline\",-0.5,-3\n\
             佐藤,,1.0,12\n"
        );
    }

    #[test]
    fn no_rows_write_nothing() {
        let mut out = Vec::new();
        write_csv(&mut out, Vec::<(i32, i32)>::new()).unwrap();
        assert!(out.is_empty());
    }
}
