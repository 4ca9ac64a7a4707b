//! Writes every chart, in Japanese and English, with sample data, a hostile
//! name and empty data, into one HTML page (and each chart as an `.svg`
//! file beside it), for looking at them in a browser.
//!
//! ```text
//! cargo run -p kura-charts --example gallery [OUTPUT.html]
//! ```
//!
//! Without an argument the page goes to `$CARGO_TARGET_DIR` (or `target/`)
//! as `kura-charts-gallery/index.html`. The page has a Content-Security-Policy of
//! `default-src 'none'`: the charts must render with no script, no style
//! and nothing fetched.

use std::path::PathBuf;

use jiff::ToSpan;
use jiff::civil::{Date, Weekday, date};
use kura_charts::{
    DailyVolumeChart, DailyVolumeLabels, DayKind, DayVolume, Period, RepResilience,
    ResilienceChart, ResilienceLabels, RiClass, Threshold, TrendChart, TrendLabels, TrendSeries,
    daily_volume, resilience_by_rep, resilience_trend,
};

#[derive(Clone, Copy)]
enum Lang {
    Ja,
    En,
}

impl Lang {
    fn pick<'a>(self, ja: &'a str, en: &'a str) -> String {
        match self {
            Lang::Ja => ja.to_string(),
            Lang::En => en.to_string(),
        }
    }
}

const HOSTILE: &str = "<script>alert(1)</script> & \"x\"";

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = match std::env::args_os().nth(1) {
        Some(path) => PathBuf::from(path),
        None => {
            PathBuf::from(std::env::var_os("CARGO_TARGET_DIR").unwrap_or_else(|| "target".into()))
                .join("kura-charts-gallery")
                .join("index.html")
        }
    };
    let dir = out.parent().map(PathBuf::from).unwrap_or_default();
    std::fs::create_dir_all(&dir)?;

    let mut charts: Vec<(String, String)> = Vec::new();
    for lang in [Lang::Ja, Lang::En] {
        let tag = lang.pick("ja", "en");
        charts.push((format!("daily-{tag}"), daily_volume(&daily(lang, false))));
        charts.push((
            format!("by-rep-{tag}"),
            resilience_by_rep(&by_rep(lang, false)),
        ));
        charts.push((
            format!("trend-{tag}"),
            resilience_trend(&trend(lang, false)),
        ));
    }
    // Small and crowded: labels must thin out, not overlap.
    let mut narrow = daily(Lang::Ja, false);
    narrow.width = 360;
    narrow.height = 260;
    charts.push(("daily-narrow".into(), daily_volume(&narrow)));
    let mut many = by_rep(Lang::Ja, false);
    many.reps = (0..30)
        .map(|i| RepResilience {
            name: format!("担当者 {i:02}"),
            ri: (i % 7 != 3).then(|| 0.3 + f64::from(i) * 0.03),
            class: [RiClass::Flow, RiClass::Inconclusive, RiClass::Stock][(i / 10) as usize],
            detail: None,
        })
        .collect();
    many.height = ResilienceChart::suggested_height(many.reps.len());
    charts.push(("by-rep-many".into(), resilience_by_rep(&many)));
    let mut long = trend(Lang::Ja, false);
    long.width = 480;
    long.windows = (0..16)
        .map(|i| {
            format!(
                "{} {}",
                2019 + i / 3,
                ["GW", "お盆", "年末年始"][i as usize % 3]
            )
        })
        .collect();
    for series in &mut long.series {
        series.values = (0..16)
            .map(|i| Some(0.5 + f64::from(i) * 0.02 + series.name.len() as f64 * 0.005))
            .collect();
    }
    charts.push(("trend-long".into(), resilience_trend(&long)));
    charts.push(("daily-empty".into(), daily_volume(&daily(Lang::En, true))));
    charts.push((
        "by-rep-empty".into(),
        resilience_by_rep(&by_rep(Lang::En, true)),
    ));
    charts.push((
        "trend-empty".into(),
        resilience_trend(&trend(Lang::En, true)),
    ));

    let mut html = String::from(
        "<!doctype html>\n<html lang=\"ja\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n\
         <title>kura-charts gallery</title></head><body>\n",
    );
    for (name, svg) in &charts {
        std::fs::write(dir.join(format!("kura-chart-{name}.svg")), svg)?;
        html.push_str(&format!("<h2>{name}</h2>\n<figure>\n{svg}</figure>\n"));
    }
    html.push_str("</body></html>\n");
    std::fs::write(&out, html)?;
    println!("{}", out.display());
    Ok(())
}

/// 2026-08-24..09-27: four normal baseline weeks, the Silver Week holidays
/// (09-21..23) and the window 09-24..25, two bridge days.
fn daily(lang: Lang, empty: bool) -> DailyVolumeChart {
    let start = date(2026, 8, 24);
    let holidays = [date(2026, 9, 21), date(2026, 9, 22), date(2026, 9, 23)];
    let holiday_names = [
        lang.pick("敬老の日", "Respect for the Aged Day"),
        lang.pick("国民の休日", "citizens' holiday"),
        lang.pick("秋分の日", "Autumnal Equinox Day"),
    ];
    let window = [date(2026, 9, 24), date(2026, 9, 25)];
    let mut days = Vec::new();
    for i in 0..35 {
        let d: Date = start + i.days();
        let weekend = matches!(d.weekday(), Weekday::Saturday | Weekday::Sunday);
        let holiday = holidays.iter().position(|h| *h == d);
        let in_window = window.contains(&d);
        let (kind, note) = match (holiday, weekend, in_window) {
            (Some(h), _, _) => (DayKind::Holiday, Some(holiday_names[h].clone())),
            (None, true, _) => (DayKind::Weekend, None),
            (None, false, true) => (
                DayKind::LowAttendance,
                Some(lang.pick("飛び石の谷間", "bridge day")),
            ),
            (None, false, false) => (DayKind::Business, None),
        };
        let period = if d < date(2026, 9, 19) {
            Period::Baseline
        } else if in_window {
            Period::Window
        } else {
            Period::Other
        };
        // A steady ~120 a business day with some wobble, a few on days off
        // and about half in the window.
        let wobble = (i * 37 % 23) as u64;
        let volume = match kind {
            DayKind::Business => 108 + wobble,
            DayKind::LowAttendance => 55 + wobble / 2,
            DayKind::Weekend | DayKind::Holiday => wobble % 5,
        };
        days.push(DayVolume {
            date: d,
            volume,
            kind,
            period,
            note,
        });
    }
    let baseline: Vec<&DayVolume> = days
        .iter()
        .filter(|d| d.period == Period::Baseline && d.kind == DayKind::Business)
        .collect();
    let baseline_rate =
        baseline.iter().map(|d| d.volume as f64).sum::<f64>() / baseline.len() as f64;
    let window_days: Vec<&DayVolume> = days.iter().filter(|d| d.period == Period::Window).collect();
    let window_rate =
        window_days.iter().map(|d| d.volume as f64).sum::<f64>() / window_days.len() as f64;
    DailyVolumeChart {
        width: 860,
        height: 380,
        title: lang.pick(
            "1日あたり行動量 — 2026年9月の飛び石連休（営業一課）",
            "Activities per day — September 2026 bridge days (Sales 1)",
        ),
        summary: lang.pick(
            "閑散期間の1営業日あたり行動量は基準の約半分でした。",
            "Volume per business day in the window was about half the baseline.",
        ),
        days: if empty { Vec::new() } else { days },
        baseline_rate: (!empty).then_some(baseline_rate),
        window_rate: (!empty).then_some(window_rate),
        labels: DailyVolumeLabels {
            x_axis: lang.pick("日付", "date"),
            y_axis: lang.pick("1日あたり行動量", "activities per day"),
            weekdays: match lang {
                Lang::Ja => ["月", "火", "水", "木", "金", "土", "日"].map(String::from),
                Lang::En => ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"].map(String::from),
            },
            low_attendance_day: lang.pick("閑散日", "low-attendance day"),
            weekend: lang.pick("週休日", "weekend"),
            holiday: lang.pick("祝日", "holiday"),
            baseline_period: lang.pick("基準週", "baseline weeks"),
            window_period: lang.pick("閑散期間", "window"),
            other_period: lang.pick("その他", "other days"),
            baseline_rate: lang.pick("基準週の平均", "baseline rate"),
            window_rate: lang.pick("期間中の平均", "window rate"),
            no_data: lang.pick("データなし", "no data"),
        },
    }
}

fn by_rep(lang: Lang, empty: bool) -> ResilienceChart {
    let rep = |name: &str, ri: Option<f64>, class| RepResilience {
        name: name.to_string(),
        ri,
        class,
        detail: ri.map(|r| format!("{:.1}/{}", 118.0 * r, lang.pick("日", "day"))),
    };
    let reps = match lang {
        Lang::Ja => vec![
            rep("佐藤 花子", Some(1.04), RiClass::Stock),
            rep("鈴木 一郎", Some(0.93), RiClass::Stock),
            rep(
                "高橋 美咲（インサイドセールス第二グループ）",
                Some(0.74),
                RiClass::Inconclusive,
            ),
            rep("田中 健太", Some(0.52), RiClass::Flow),
            rep("伊藤 直樹", None, RiClass::InsufficientData),
            rep(HOSTILE, Some(0.41), RiClass::Flow),
        ],
        Lang::En => vec![
            rep("Hanako Sato", Some(1.04), RiClass::Stock),
            rep("Ichiro Suzuki", Some(0.93), RiClass::Stock),
            rep("Misaki Takahashi", Some(0.74), RiClass::Inconclusive),
            rep("Kenta Tanaka", Some(0.52), RiClass::Flow),
            rep("Naoki Ito", None, RiClass::InsufficientData),
            rep(HOSTILE, Some(0.41), RiClass::Flow),
        ],
    };
    let n = if empty { 0 } else { reps.len() };
    ResilienceChart {
        width: 760,
        height: ResilienceChart::suggested_height(n),
        title: lang.pick(
            "担当者別の耐性指数（2026年9月）",
            "Resilience index by rep (September 2026)",
        ),
        summary: lang.pick(
            "6人中2人がストック型、2人がフロー型でした。",
            "Two of six reps were stock-type and two flow-type.",
        ),
        reps: if empty { Vec::new() } else { reps },
        thresholds: vec![
            Threshold {
                value: 0.9,
                label: lang.pick("ストック型 ≥ 0.9", "stock ≥ 0.9"),
            },
            Threshold {
                value: 0.6,
                label: lang.pick("フロー型 < 0.6", "flow < 0.6"),
            },
        ],
        labels: ResilienceLabels {
            x_axis: lang.pick(
                "耐性指数（期間中 ÷ 基準）",
                "resilience index (window rate ÷ baseline rate)",
            ),
            stock: lang.pick("ストック型", "stock"),
            flow: lang.pick("フロー型", "flow"),
            inconclusive: lang.pick("判定保留", "inconclusive"),
            insufficient_data: lang.pick("データ不足", "insufficient data"),
            no_data: lang.pick("データなし", "no data"),
        },
    }
}

fn trend(lang: Lang, empty: bool) -> TrendChart {
    let windows = match lang {
        Lang::Ja => [
            "2024 GW",
            "2024 お盆",
            "2024 年末年始",
            "2025 GW",
            "2025 お盆",
            "2025 年末年始",
            "2026 GW",
            "2026 お盆",
        ],
        Lang::En => [
            "2024 GW",
            "2024 Obon",
            "2024 year end",
            "2025 GW",
            "2025 Obon",
            "2025 year end",
            "2026 GW",
            "2026 Obon",
        ],
    }
    .map(String::from)
    .to_vec();
    let series = vec![
        TrendSeries {
            name: lang.pick("組織全体", "Organisation"),
            values: [0.71, 0.69, 0.74, 0.78, 0.8, 0.83, 0.85, 0.88]
                .map(Some)
                .to_vec(),
            reference: true,
        },
        TrendSeries {
            name: lang.pick("営業一課", "Sales 1"),
            values: vec![
                Some(0.55),
                Some(0.58),
                Some(0.62),
                None,
                Some(0.71),
                Some(0.8),
                Some(0.86),
                Some(0.93),
            ],
            reference: false,
        },
        TrendSeries {
            name: lang.pick("営業二課", "Sales 2"),
            values: [0.88, 0.86, 0.9, 0.92, 0.87, 0.91, 0.95, 0.94]
                .map(Some)
                .to_vec(),
            reference: false,
        },
        TrendSeries {
            name: HOSTILE.to_string(),
            values: [0.62, 0.6, 0.66, 0.58, 0.55, 0.61, 0.64, 0.6]
                .map(Some)
                .to_vec(),
            reference: false,
        },
    ];
    TrendChart {
        width: 860,
        height: 400,
        title: lang.pick("耐性指数の推移", "Resilience index across windows"),
        summary: lang.pick(
            "営業一課の耐性指数は2年で0.55から0.93に上がりました。",
            "Sales 1 rose from 0.55 to 0.93 over two years.",
        ),
        windows: if empty { Vec::new() } else { windows },
        series: if empty { Vec::new() } else { series },
        thresholds: vec![
            Threshold {
                value: 0.9,
                label: lang.pick("ストック型 ≥ 0.9", "stock ≥ 0.9"),
            },
            Threshold {
                value: 0.6,
                label: lang.pick("フロー型 < 0.6", "flow < 0.6"),
            },
        ],
        labels: TrendLabels {
            x_axis: lang.pick("閑散期間", "low-attendance window"),
            y_axis: lang.pick("耐性指数", "resilience index"),
            no_data: lang.pick("データなし", "no data"),
        },
    }
}
