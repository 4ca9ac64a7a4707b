//! One module per command. Each turns raw arguments into validated values,
//! fetches what it needs, calls the core and renders.

mod availability;
pub(crate) mod backup;
mod calendar;
mod demo;
pub(crate) mod diagnose;
pub(crate) mod import;
pub(crate) mod pace;
pub(crate) mod plan;
mod serve;
mod topics;

use crate::UsageError;
use crate::cli::{Cli, Command};
use crate::config::Settings;
use crate::i18n::Lang;
use anyhow::Context;
use jiff::civil::Date;
use kura_store::Store;

/// Runs a parsed command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::load(cli.config.as_deref())?;
    tracing::debug!(config = ?settings.source, zone = settings.zone.name(), "settings loaded");
    if let Some(lang) = cli.lang {
        settings.lang = match lang {
            crate::cli::LangArg::Ja => Lang::Ja,
            crate::cli::LangArg::En => Lang::En,
        };
    }
    let explicit_database = cli.database.clone();
    if let Some(db) = cli.database {
        settings.database = db;
    }
    match cli.command {
        Command::Calendar(c) => calendar::run(&settings, c),
        Command::Init => init(&settings),
        Command::Import(c) => import::run(&settings, c),
        Command::Export(args) => import::export(&settings, args),
        Command::Diagnose(args) => diagnose::run(&settings, args),
        Command::Demo(args) => demo::run(&mut settings, explicit_database, args),
        Command::Sim(args) => demo::sim(&settings, args),
        Command::Pace(args) => pace::run(&settings, args),
        Command::Plan(args) => plan::run(&settings, args),
        Command::Availability(c) => availability::run(&settings, c),
        Command::Topics(c) => topics::run(&settings, c),
        Command::Serve(args) => serve::serve(settings, args),
        Command::User(c) => serve::user(&settings, c),
        Command::Token(c) => serve::token(&settings, c),
        Command::Safety(c) => backup::run(&settings, c),
    }
}

/// Opens the configured database (creating or upgrading its schema).
pub fn open_store(settings: &Settings) -> anyhow::Result<Box<dyn Store>> {
    kura_store::open(&settings.database, settings.zone.clone()).map_err(|e| {
        let message = match settings.lang {
            Lang::Ja => e.message_ja(),
            Lang::En => e.to_string(),
        };
        anyhow::anyhow!(message)
    })
}

/// `kura init`: create the database or upgrade its schema.
fn init(settings: &Settings) -> anyhow::Result<()> {
    let mut store = open_store(settings)?;
    let report = store.migrate().context("migrating the database")?;
    println!(
        "{}",
        match settings.lang {
            Lang::Ja => format!(
                "{}（{}）: スキーマ {} で利用できます",
                settings.database,
                store.backend().key(),
                report.version
            ),
            Lang::En => format!(
                "{} ({}): ready at schema {}",
                settings.database,
                store.backend().key(),
                report.version
            ),
        }
    );
    Ok(())
}

/// Today's local date in the organisation's zone: the one place the binary
/// reads the clock.
pub fn today(settings: &Settings) -> Date {
    settings.zone.local_date(jiff::Timestamp::now())
}

/// Parses a `YYYY-MM-DD` date argument.
pub fn parse_date(arg: &str, what: &str) -> Result<Date, UsageError> {
    let date: Date = arg.trim().parse().map_err(|_| {
        UsageError(format!(
            "{what}: {arg:?} is not a date: use YYYY-MM-DD, e.g. 2026-09-24"
        ))
    })?;
    check_year(date.year(), what)?;
    Ok(date)
}

/// Checks that a year lies in the range the calendar knows.
pub fn check_year(year: i16, what: &str) -> Result<i16, UsageError> {
    let range = kura_calendar::SUPPORTED_YEARS;
    if range.contains(&year) {
        Ok(year)
    } else {
        Err(UsageError(format!(
            "{what}: {year} is out of range: use a year from {} to {}",
            range.start(),
            range.end()
        )))
    }
}

/// Resolves a `--window` value that is `A..B` or a date inside a
/// low-attendance window (the whole window); `keyword` is the command's own
/// extra value (`latest`, `next`), named in the error message.
pub fn window_arg(settings: &Settings, arg: &str, keyword: &str) -> anyhow::Result<(Date, Date)> {
    let lang = settings.lang;
    if let Some((a, b)) = arg.split_once("..") {
        return Ok((parse_date(a, "--window")?, parse_date(b, "--window")?));
    }
    let date = parse_date(arg, "--window").map_err(|_| {
        UsageError(match lang {
            Lang::Ja => format!(
                "--window: {arg:?} は期間ではありません: {keyword}、閑散期間内の日付 (YYYY-MM-DD)、または A..B を指定してください"
            ),
            Lang::En => format!(
                "--window: {arg:?} is not a window: use {keyword}, a date (YYYY-MM-DD) inside a low-attendance window, or A..B"
            ),
        })
    })?;
    let window = settings.calendar.window_containing(date).ok_or_else(|| {
        UsageError(match lang {
            Lang::Ja => format!(
                "{date} は閑散期間に含まれません: kura calendar windows --year {} で一覧を確認するか、--window A..B で期間を指定してください",
                date.year()
            ),
            Lang::En => format!(
                "{date} is not in a low-attendance window: list them with kura calendar windows --year {}, or give --window A..B",
                date.year()
            ),
        })
    })?;
    Ok((window.from, window.to))
}

/// A hint line printed after a command, in the user's language.
pub fn hint(lang: Lang, ja: &str, en: &str) {
    println!(
        "{} {}",
        lang.pick("ヒント:", "hint:"),
        if lang == Lang::Ja { ja } else { en }
    );
}
