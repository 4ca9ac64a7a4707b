//! `kura calendar ...`: holidays, low-attendance windows, weeks, one day.

use crate::UsageError;
use crate::cli::{CalendarCommand, DayArgs, HolidaysArgs, ListFormat, YearArgs};
use crate::config::Settings;
use crate::i18n::Lang;
use crate::output::{print_csv, print_json, print_table, table};
use jiff::civil::Date;
use kura_calendar::{LowAttendanceWindow, national_holidays};
use serde::Serialize;

/// Runs a `kura calendar` subcommand.
pub fn run(settings: &Settings, command: CalendarCommand) -> anyhow::Result<()> {
    match command {
        CalendarCommand::Holidays(args) => holidays(settings, args),
        CalendarCommand::Windows(args) => windows(settings, args),
        CalendarCommand::Weeks(args) => weeks(settings, args),
        CalendarCommand::Day(args) => day(settings, args),
    }
}

fn year_or_this(settings: &Settings, year: Option<i16>, what: &str) -> Result<i16, UsageError> {
    super::check_year(year.unwrap_or_else(|| super::today(settings).year()), what)
}

fn weekday(date: Date, lang: Lang) -> &'static str {
    kura_calendar::DayOfWeek(date.weekday()).label(lang)
}

#[derive(Serialize)]
struct HolidayRow {
    date: Date,
    name: &'static str,
}

#[derive(Serialize)]
struct HolidayJson {
    date: Date,
    kind: &'static str,
    name_ja: &'static str,
    name_en: &'static str,
}

fn holidays(settings: &Settings, args: HolidaysArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let from = year_or_this(settings, args.year, "--year")?;
    let to = match args.to {
        Some(to) => super::check_year(to, "--to")?,
        None => from,
    };
    if to < from {
        return Err(UsageError(format!(
            "--to: {to} is before --year {from}: give the last year, not fewer years"
        ))
        .into());
    }
    let all: Vec<_> = (from..=to).flat_map(national_holidays).collect();
    match args.format {
        ListFormat::Csv => print_csv(all.iter().map(|h| HolidayRow {
            date: h.date,
            name: h.label(lang),
        })),
        ListFormat::Json => print_json(
            &all.iter()
                .map(|h| HolidayJson {
                    date: h.date,
                    kind: h.kind.key(),
                    name_ja: h.name_ja(),
                    name_en: h.name_en(),
                })
                .collect::<Vec<_>>(),
        ),
        ListFormat::Table => {
            let mut t = table(&[
                lang.pick("日付", "date"),
                lang.pick("曜日", "day"),
                lang.pick("名称", "name"),
            ]);
            for h in &all {
                t.add_row([
                    h.date.to_string(),
                    weekday(h.date, lang).to_string(),
                    h.label(lang).to_string(),
                ]);
            }
            print_table(&t)?;
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct WindowRow {
    from: Date,
    to: Date,
    kinds: String,
    business_days: usize,
    dates: String,
}

fn window_kinds(w: &LowAttendanceWindow, lang: Lang) -> String {
    w.kinds
        .iter()
        .map(|k| k.label(lang))
        .collect::<Vec<_>>()
        .join(lang.pick("・", ", "))
}

fn windows(settings: &Settings, args: YearArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let year = year_or_this(settings, args.year, "--year")?;
    let first = Date::new(year, 1, 1)?;
    let last = Date::new(year, 12, 31)?;
    let windows = settings.calendar.low_attendance_windows(first, last);
    match args.format {
        ListFormat::Json => print_json(&windows),
        ListFormat::Csv => print_csv(windows.iter().map(|w| {
            WindowRow {
                from: w.from,
                to: w.to,
                kinds: w
                    .kinds
                    .iter()
                    .map(|k| k.key())
                    .collect::<Vec<_>>()
                    .join(";"),
                business_days: w.business_days.len(),
                dates: w
                    .business_days
                    .iter()
                    .map(|d| d.to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
            }
        })),
        ListFormat::Table => {
            let mut t = table(&[
                lang.pick("開始", "from"),
                lang.pick("終了", "to"),
                lang.pick("種類", "kind"),
                lang.pick("営業日数", "business days"),
                lang.pick("営業日", "dates"),
            ]);
            for w in &windows {
                t.add_row([
                    format!("{} ({})", w.from, weekday(w.from, lang)),
                    format!("{} ({})", w.to, weekday(w.to, lang)),
                    window_kinds(w, lang),
                    w.business_days.len().to_string(),
                    w.business_days
                        .iter()
                        .map(|d| d.strftime("%m-%d").to_string())
                        .collect::<Vec<_>>()
                        .join(" "),
                ]);
            }
            print_table(&t)?;
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct WeekRow {
    iso_week: i8,
    monday: Date,
    sunday: Date,
    business_days: usize,
    short: bool,
    normal: bool,
    low_attendance_days: String,
}

fn weeks(settings: &Settings, args: YearArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let year = year_or_this(settings, args.year, "--year")?;
    let weeks = settings.calendar.weeks_of_year(year);
    let rows: Vec<WeekRow> = weeks
        .iter()
        .map(|w| WeekRow {
            iso_week: w.monday.iso_week_date().week(),
            monday: w.monday,
            sunday: w.sunday(),
            business_days: w.business_days.len(),
            short: w.is_short(),
            normal: w.is_normal(),
            low_attendance_days: w
                .low_attendance_days
                .iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join(";"),
        })
        .collect();
    match args.format {
        ListFormat::Json => print_json(&weeks),
        ListFormat::Csv => print_csv(rows),
        ListFormat::Table => {
            let mut t = table(&[
                lang.pick("週", "week"),
                lang.pick("月曜", "Monday"),
                lang.pick("営業日数", "business days"),
                lang.pick("区分", "kind"),
                lang.pick("閑散日", "low-attendance days"),
            ]);
            for r in &rows {
                let kind = if r.short {
                    lang.pick("短い週", "short")
                } else if r.normal {
                    lang.pick("通常週", "normal")
                } else if r.business_days > 5 {
                    lang.pick("出勤日あり", "extra working day")
                } else {
                    lang.pick("閑散日を含む", "has low-attendance days")
                };
                t.add_row([
                    format!("W{:02}", r.iso_week),
                    r.monday.to_string(),
                    r.business_days.to_string(),
                    kind.to_string(),
                    r.low_attendance_days.replace(';', " "),
                ]);
            }
            print_table(&t)?;
            Ok(())
        }
    }
}

#[derive(Serialize)]
struct DayRow {
    date: Date,
    business_day: bool,
    low_attendance: bool,
    reasons: String,
}

fn day(settings: &Settings, args: DayArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let date = super::parse_date(&args.date, "date")?;
    let info = settings.calendar.day(date);
    if args.format == ListFormat::Json {
        return print_json(&info);
    }
    let verdict = if info.business {
        lang.pick("営業日", "a business day")
    } else {
        lang.pick("休業日", "not a business day")
    };
    let mut reasons: Vec<String> = info
        .reasons
        .iter()
        .map(|r| r.label(lang).to_string())
        .collect();
    if info.bridge {
        reasons.push(
            lang.pick("飛び石連休の谷間（ブリッジ）", "bridge day")
                .to_string(),
        );
    }
    for c in &info.customary {
        reasons.push(format!(
            "{}（{}）",
            lang.pick("慣習的な閑散日", "customary low-attendance day"),
            c.label(lang)
        ));
    }
    let why = if reasons.is_empty() {
        String::new()
    } else {
        format!(": {}", reasons.join(lang.pick("、", ", ")))
    };
    match args.format {
        ListFormat::Csv => print_csv([DayRow {
            date,
            business_day: info.business,
            low_attendance: info.low_attendance,
            reasons: reasons.join(";"),
        }]),
        _ => {
            println!("{date} ({}) {verdict}{why}", weekday(date, lang));
            Ok(())
        }
    }
}
