//! Raw command-line arguments, as clap parses them. Validation into
//! settings happens in `main.rs` and the command modules (ripgrep's
//! low-level/high-level split).

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Kura (蔵): tell stock-type from flow-type inside-sales work, and fix it.
#[derive(Debug, Parser)]
#[command(name = "kura", version, about, long_about = None)]
pub struct Cli {
    /// Configuration file (default: $KURA_CONFIG, else ./kura.toml if present).
    #[arg(long, global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,
    /// Language of human output: ja or en (default: from kura.toml or LANG).
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,
    /// Database: a SQLite file path or a postgres:// URL (default: kura.db, or $KURA_DATABASE_URL).
    #[arg(long, global = true, value_name = "URL")]
    pub database: Option<String>,
    /// The command.
    #[command(subcommand)]
    pub command: Command,
}

/// A language flag.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum LangArg {
    /// 日本語
    Ja,
    /// English
    En,
}

/// Kura's commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// The business calendar: holidays, low-attendance windows, weeks, one day.
    #[command(subcommand)]
    Calendar(CalendarCommand),
}

/// `kura calendar ...`
#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Japanese national holidays of a year or a range of years.
    Holidays(HolidaysArgs),
    /// Low-attendance windows (bridge days, Obon, year end) of a year.
    Windows(YearArgs),
    /// Every ISO week of a year with its business days.
    Weeks(YearArgs),
    /// Whether a date is a business day, and why.
    Day(DayArgs),
}

/// Output formats for lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// An aligned table for the terminal.
    Table,
    /// CSV with a header line.
    Csv,
    /// JSON for machines.
    Json,
}

/// `kura calendar holidays`
#[derive(Debug, Args)]
pub struct HolidaysArgs {
    /// First year (1948–2150; default: this year).
    #[arg(long)]
    pub year: Option<i16>,
    /// Last year, inclusive (default: --year).
    #[arg(long)]
    pub to: Option<i16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// A year and a format.
#[derive(Debug, Args)]
pub struct YearArgs {
    /// The year (1948–2150; default: this year).
    #[arg(long)]
    pub year: Option<i16>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// `kura calendar day`
#[derive(Debug, Args)]
pub struct DayArgs {
    /// The date, YYYY-MM-DD.
    pub date: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}
