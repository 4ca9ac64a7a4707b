//! Charts for the web pages and the CLI's HTML reports: facts and
//! diagnoses turned into `kura-charts` inputs (SVG drawn on the server,
//! with titles, axis labels and a tooltip per point), in one language.

use crate::i18n::Lang;
use jiff::civil::Date;
use kura_calendar::{BusinessCalendar, DayOfWeek, DayReason};
use kura_charts::{
    DailyVolumeChart, DailyVolumeLabels, DayKind, DayVolume, Period, RepResilience,
    ResilienceChart, ResilienceLabels, RiClass, Threshold, TrendChart, TrendLabels, TrendSeries,
};
use kura_core::diagnosis::{Class, Diagnosis};
use kura_core::facts::RepDay;
use std::collections::{BTreeMap, HashSet};

const WIDTH: u32 = 960;

fn ri_class(class: Class) -> RiClass {
    match class {
        Class::Stock => RiClass::Stock,
        Class::Flow => RiClass::Flow,
        Class::Inconclusive => RiClass::Inconclusive,
        Class::InsufficientData => RiClass::InsufficientData,
    }
}

fn theta_line(d_theta: f64, lang: Lang) -> Threshold {
    Threshold {
        value: d_theta,
        label: match lang {
            Lang::Ja => format!("θ = {d_theta}（これ未満で行動量が落ちた）"),
            Lang::En => format!("θ = {d_theta} (below: volume fell)"),
        },
    }
}

/// The first day the daily volume chart of `d` shows: the earliest baseline
/// or previous week's Monday (fetch rep days from here to the window's end).
pub fn daily_volume_from(d: &Diagnosis) -> Date {
    let window = &d.window;
    d.baseline
        .trailing_weeks
        .iter()
        .chain(d.baseline.prev_week.iter())
        .min()
        .copied()
        .unwrap_or(window.from)
        .min(window.from)
}

/// Counted volume per calendar day over the baseline weeks, the previous
/// week and the window, summed over `reps` (the rows the reader may see),
/// with holidays, weekends and low-attendance days marked; the baseline and
/// window rates are those of the same reps (volume ÷ business days of the
/// period, METRICS.md §5). `rep_days` covers [`daily_volume_from`] to the
/// window's last day.
pub fn daily_volume(
    cal: &BusinessCalendar,
    d: &Diagnosis,
    rep_days: &[RepDay],
    reps: &[String],
    lang: Lang,
) -> String {
    let window = &d.window;
    let first = daily_volume_from(d);
    let baseline_days: HashSet<Date> = d
        .baseline
        .trailing_weeks
        .iter()
        .flat_map(|monday| {
            cal.business_days(*monday, monday.saturating_add(jiff::Span::new().days(6)))
        })
        .filter(|day| !cal.is_low_attendance_day(*day))
        .collect();
    let visible: HashSet<&str> = reps.iter().map(String::as_str).collect();
    let mut volume: BTreeMap<Date, u64> = BTreeMap::new();
    for rd in rep_days {
        if visible.contains(rd.rep.as_str()) {
            *volume.entry(rd.date).or_default() += rd.counts.volume;
        }
    }
    let mut days = Vec::new();
    let (mut base_sum, mut base_n, mut win_sum, mut win_n) = (0u64, 0u64, 0u64, 0u64);
    for date in first
        .series(jiff::Span::new().days(1))
        .take_while(|d| *d <= window.to)
    {
        let info = cal.day(date);
        let v = volume.get(&date).copied().unwrap_or(0);
        let in_window = date >= window.from;
        let period = if in_window {
            Period::Window
        } else if baseline_days.contains(&date) {
            Period::Baseline
        } else {
            Period::Other
        };
        if in_window && info.business {
            win_sum += v;
            win_n += 1;
        }
        if period == Period::Baseline {
            base_sum += v;
            base_n += 1;
        }
        let kind = day_kind(cal, &info);
        days.push(DayVolume {
            date,
            volume: v,
            kind,
            period,
            note: info.reasons.first().map(|r| r.label(lang).to_string()),
        });
    }
    let rate = |sum: u64, n: u64| (n > 0).then(|| sum as f64 / n as f64);
    let (baseline_rate, window_rate) = (rate(base_sum, base_n), rate(win_sum, win_n));
    let fmt = |r: Option<f64>| crate::render::rate(r);
    let summary = match lang {
        Lang::Ja => format!(
            "表示中の担当者 {} 名の営業日あたり行動量: 基準週 {}、閑散期間 {}。",
            reps.len(),
            fmt(baseline_rate),
            fmt(window_rate)
        ),
        Lang::En => format!(
            "Counted activities per business day of the {} reps shown: {} in the baseline weeks, {} in the window.",
            reps.len(),
            fmt(baseline_rate),
            fmt(window_rate)
        ),
    };
    kura_charts::daily_volume(&DailyVolumeChart {
        width: WIDTH,
        height: 360,
        title: lang
            .pick(
                "日ごとの行動量（基準週と閑散期間）",
                "Daily volume: baseline weeks and the window",
            )
            .into(),
        summary,
        days,
        baseline_rate,
        window_rate,
        labels: DailyVolumeLabels {
            x_axis: lang.pick("日付", "date").into(),
            y_axis: lang.pick("行動量（件/日）", "activities per day").into(),
            weekdays: weekdays(lang),
            low_attendance_day: lang.pick("閑散日", "low-attendance day").into(),
            weekend: lang.pick("週末", "weekend").into(),
            holiday: lang.pick("祝日・休日", "holiday").into(),
            baseline_period: lang.pick("基準週", "baseline week").into(),
            window_period: lang.pick("閑散期間", "window").into(),
            other_period: lang.pick("その他", "other").into(),
            baseline_rate: lang.pick("基準の率", "baseline rate").into(),
            window_rate: lang.pick("期間の率", "window rate").into(),
            no_data: lang.pick("データなし", "no data").into(),
        },
    })
}

fn day_kind(cal: &BusinessCalendar, info: &kura_calendar::DayInfo) -> DayKind {
    if info.business {
        if info.low_attendance || cal.is_low_attendance_day(info.date) {
            DayKind::LowAttendance
        } else {
            DayKind::Business
        }
    } else if info
        .reasons
        .iter()
        .any(|r| matches!(r, DayReason::WeeklyDayOff { .. }))
    {
        DayKind::Weekend
    } else {
        DayKind::Holiday
    }
}

fn weekdays(lang: Lang) -> [String; 7] {
    use jiff::civil::Weekday::*;
    [
        Monday, Tuesday, Wednesday, Thursday, Friday, Saturday, Sunday,
    ]
    .map(|w| DayOfWeek(w).short_label(lang).to_string())
}

/// The resilience index of every rep shown, lowest first, coloured by class.
pub fn resilience_by_rep(d: &Diagnosis, lang: Lang) -> String {
    let reps: Vec<RepResilience> = d
        .reps_by_ri()
        .into_iter()
        .map(|r| RepResilience {
            name: r.rep.clone(),
            ri: r.figures.ri,
            class: ri_class(r.figures.class),
            detail: Some(match lang {
                Lang::Ja => format!(
                    "{}/営業日（基準 {}）",
                    crate::render::rate(Some(r.figures.rate)),
                    crate::render::rate(r.figures.baseline_rate)
                ),
                Lang::En => format!(
                    "{}/business day (baseline {})",
                    crate::render::rate(Some(r.figures.rate)),
                    crate::render::rate(r.figures.baseline_rate)
                ),
            }),
        })
        .collect();
    let flows = reps.iter().filter(|r| r.class == RiClass::Flow).count();
    let theta = d.thresholds.theta.to_f64();
    kura_charts::resilience_by_rep(&ResilienceChart {
        width: WIDTH,
        height: ResilienceChart::suggested_height(reps.len()),
        title: lang
            .pick("担当者ごとのレジリエンス指数", "Resilience index per rep")
            .into(),
        summary: match lang {
            Lang::Ja => format!(
                "担当者 {} 名のうちフロー型 {} 名。指数は閑散期間の営業日あたり行動量 ÷ 基準週の率。",
                reps.len(),
                flows
            ),
            Lang::En => format!(
                "{flows} of {} reps are flow-type. The index is the window's volume per business day divided by the baseline's.",
                reps.len()
            ),
        },
        reps,
        thresholds: vec![theta_line(theta, lang)],
        labels: ResilienceLabels {
            x_axis: lang
                .pick(
                    "レジリエンス指数（期間の率 ÷ 基準の率）",
                    "resilience index (window rate ÷ baseline rate)",
                )
                .into(),
            stock: Class::Stock.label(lang).into(),
            flow: Class::Flow.label(lang).into(),
            inconclusive: Class::Inconclusive.label(lang).into(),
            insufficient_data: Class::InsufficientData.label(lang).into(),
            no_data: lang.pick("データなし", "no data").into(),
        },
    })
}

/// Resilience index per series (teams, or one rep) across past windows.
pub fn trend(
    windows: &[String],
    series: &[(String, Vec<Option<f64>>, bool)],
    lang: Lang,
    theta: f64,
) -> String {
    kura_charts::resilience_trend(&TrendChart {
        width: WIDTH,
        height: 320,
        title: lang
            .pick(
                "閑散期間ごとのレジリエンス指数",
                "Resilience index across low-attendance windows",
            )
            .into(),
        summary: lang
            .pick(
                "1.0 は閑散期間でも通常週と同じ行動量、θ 未満は行動量が落ちたことを示します。",
                "1.0 means the window kept a normal week's volume; below θ, volume fell.",
            )
            .into(),
        windows: windows.to_vec(),
        series: series
            .iter()
            .map(|(name, values, reference)| TrendSeries {
                name: name.clone(),
                values: values.clone(),
                reference: *reference,
            })
            .collect(),
        thresholds: vec![theta_line(theta, lang)],
        labels: TrendLabels {
            x_axis: lang.pick("閑散期間（開始日）", "window (first day)").into(),
            y_axis: lang.pick("レジリエンス指数", "resilience index").into(),
            no_data: lang.pick("データなし", "no data").into(),
        },
    })
}

/// The charts of a CLI HTML report: the daily volume of every rep in the
/// diagnosis, then the resilience index per rep.
pub fn html_report_charts(
    cal: &BusinessCalendar,
    d: &Diagnosis,
    rep_days: &[RepDay],
    lang: Lang,
) -> Vec<String> {
    let reps: Vec<String> = d.reps.iter().map(|r| r.rep.clone()).collect();
    vec![
        daily_volume(cal, d, rep_days, &reps, lang),
        resilience_by_rep(d, lang),
    ]
}
