//! `kura pace`: targets paced by business days (METRICS.md §9).

use crate::UsageError;
use crate::cli::{ListFormat, PaceArgs};
use crate::config::Settings;
use crate::i18n::Lang;
use crate::output::{print_csv, print_json, print_table, table};
use crate::render::rate;
use jiff::civil::Date;
use kura_core::pacing::{monthly_pacing, weekly_pacing};

/// Runs `kura pace`.
pub fn run(settings: &Settings, args: PaceArgs) -> anyhow::Result<()> {
    let lang = settings.lang;
    let month = match &args.month {
        Some(m) => super::parse_date(&format!("{m}-01"), "--month").map_err(|_| {
            UsageError(format!(
                "--month: {m:?} is not a month: use YYYY-MM, e.g. 2026-09"
            ))
        })?,
        None => super::today(settings).first_of_month(),
    };
    let (first, last) = (month.first_of_month(), month.last_of_month());
    match (args.weekly_target, args.monthly_target) {
        (Some(t), None) => weekly(settings, first, last, t as f64, args.format),
        (None, Some(m)) => monthly(settings, month, m as f64, args.format),
        _ => Err(UsageError(
            lang.pick(
                "--weekly-target か --monthly-target のどちらかを指定してください",
                "give --weekly-target or --monthly-target",
            )
            .to_string(),
        )
        .into()),
    }
}

fn weekly(
    settings: &Settings,
    first: Date,
    last: Date,
    target: f64,
    format: ListFormat,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let weeks = weekly_pacing(&settings.calendar, first, last, target);
    match format {
        ListFormat::Json => print_json(&weeks),
        ListFormat::Csv => print_csv(weeks.iter().map(|w| {
            (
                w.monday,
                w.business_days,
                w.short,
                w.normal,
                w.target,
                w.required_per_day,
                w.uplift,
            )
        })),
        ListFormat::Table => {
            let mut t = table(&[
                lang.pick("週（月曜）", "week (Monday)"),
                lang.pick("営業日", "business days"),
                lang.pick("週目標", "weekly target"),
                lang.pick("必要な1日あたり", "required a day"),
                lang.pick("通常週比", "uplift"),
                lang.pick("メモ", "note"),
            ]);
            for w in &weeks {
                t.add_row([
                    w.monday.to_string(),
                    w.business_days.to_string(),
                    format!("{:.0}", w.target),
                    rate(w.required_per_day),
                    w.uplift
                        .map(|u| format!("{:+.1}%", u * 100.0))
                        .unwrap_or_else(|| "–".into()),
                    w.note(lang).unwrap_or_default(),
                ]);
            }
            print_table(&t)?;
            Ok(())
        }
    }
}

fn monthly(
    settings: &Settings,
    month: Date,
    target: f64,
    format: ListFormat,
) -> anyhow::Result<()> {
    let lang = settings.lang;
    let pacing = monthly_pacing(&settings.calendar, month, target);
    match format {
        ListFormat::Json => print_json(&pacing),
        ListFormat::Csv => print_csv(&pacing.weeks),
        ListFormat::Table => {
            println!(
                "{}",
                match lang {
                    Lang::Ja => format!(
                        "{} 月の目標 {:.0}: 営業日 {} 日（1営業日あたり {:.1}）",
                        month.strftime("%Y-%m"),
                        pacing.target,
                        pacing.business_days,
                        pacing.target / f64::from(pacing.business_days.max(1))
                    ),
                    Lang::En => format!(
                        "{} target {:.0}: {} business days ({:.1} a business day)",
                        month.strftime("%Y-%m"),
                        pacing.target,
                        pacing.business_days,
                        pacing.target / f64::from(pacing.business_days.max(1))
                    ),
                }
            );
            let mut t = table(&[
                lang.pick("週（月曜）", "week (Monday)"),
                lang.pick("月内の営業日", "business days in month"),
                lang.pick("営業日按分", "business-day share"),
                lang.pick("均等割り", "even split"),
                lang.pick("均等割りの1日あたり", "even split a day"),
                lang.pick("均等割りの負荷", "even-split uplift"),
            ]);
            for w in &pacing.weeks {
                t.add_row([
                    w.monday.to_string(),
                    w.business_days_in_month.to_string(),
                    rate(w.business_day_share),
                    rate(w.even_share),
                    rate(w.even_required_per_day),
                    w.even_uplift
                        .map(|u| format!("{:+.1}%", u * 100.0))
                        .unwrap_or_else(|| "–".into()),
                ]);
            }
            print_table(&t)?;

            Ok(())
        }
    }
}
