//! Terminal tables, CSV and JSON writers shared by the commands.

use comfy_table::presets::UTF8_BORDERS_ONLY;
use comfy_table::{ContentArrangement, Table};
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

/// Writes serializable rows as CSV with a header to stdout.
pub fn print_csv<T: serde::Serialize>(rows: impl IntoIterator<Item = T>) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_writer(std::io::stdout().lock());
    for row in rows {
        w.serialize(row)?;
    }
    w.flush()?;
    Ok(())
}

/// Writes a value as pretty JSON to stdout.
pub fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}
