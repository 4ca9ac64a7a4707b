//! Every chart, parsed back as XML: well-formed, labelled for assistive
//! technology, a tooltip per data point, hostile names escaped, nothing a
//! Content-Security-Policy would block, and no panic on empty or odd
//! input.

use jiff::ToSpan;
use jiff::civil::{Date, date};
use kura_charts::{
    DailyVolumeChart, DailyVolumeLabels, DayKind, DayVolume, Period, RepResilience,
    ResilienceChart, ResilienceLabels, RiClass, Threshold, TrendChart, TrendLabels, TrendSeries,
    daily_volume, resilience_by_rep, resilience_trend,
};
use proptest::prelude::*;
use roxmltree::{Document, Node};

const HOSTILE: &str = "<script>alert(1)</script> & \"x\"";

/// Checks what every chart must be and returns the tooltips of its data
/// points.
fn check(svg: &str, title: &str) -> Vec<String> {
    let doc = Document::parse(svg).unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    let view_box = root.attribute("viewBox").expect("a viewBox, to scale");
    assert!(view_box.starts_with("0 0 "), "{view_box}");

    // <title> and <desc> come first and are what aria-* point at.
    let children: Vec<Node> = root.children().filter(Node::is_element).collect();
    assert_eq!(children[0].tag_name().name(), "title");
    assert_eq!(children[0].text(), Some(title));
    assert_eq!(children[1].tag_name().name(), "desc");
    assert!(!children[1].text().unwrap_or("").trim().is_empty());
    assert_eq!(
        root.attribute("aria-labelledby"),
        children[0].attribute("id")
    );
    assert_eq!(
        root.attribute("aria-describedby"),
        children[1].attribute("id")
    );

    for node in doc.descendants().filter(Node::is_element) {
        let name = node.tag_name().name();
        // Nothing that runs, loads or needs 'unsafe-inline' styles.
        assert!(
            !matches!(
                name,
                "script" | "style" | "foreignObject" | "image" | "use" | "a"
            ),
            "<{name}> in a chart"
        );
        for attr in node.attributes() {
            assert!(
                !matches!(attr.name(), "style" | "href") && !attr.name().starts_with("on"),
                "{}= on <{name}>",
                attr.name()
            );
        }
    }
    assert!(!svg.contains("<script"));

    doc.descendants()
        .filter(|n| n.attribute("class") == Some("kura-point"))
        .map(|n| {
            let tip = n
                .children()
                .find(|c| c.tag_name().name() == "title")
                .unwrap_or_else(|| panic!("a data point without a tooltip: {n:?}"));
            tip.text().unwrap_or("").to_string()
        })
        .collect()
}

/// All text shown on the chart (the `<text>` elements).
fn shown_text(svg: &str) -> String {
    let doc = Document::parse(svg).expect("well-formed");
    doc.descendants()
        .filter(|n| n.tag_name().name() == "text")
        .filter_map(|n| n.text())
        .map(str::trim)
        .collect::<Vec<_>>()
        .join("|")
}

fn desc(svg: &str) -> String {
    let doc = Document::parse(svg).expect("well-formed");
    doc.descendants()
        .find(|n| n.tag_name().name() == "desc")
        .and_then(|n| n.text())
        .unwrap_or("")
        .to_string()
}

fn daily_labels() -> DailyVolumeLabels {
    DailyVolumeLabels {
        x_axis: "日付".into(),
        y_axis: "1日あたり行動量".into(),
        weekdays: ["月", "火", "水", "木", "金", "土", "日"].map(String::from),
        low_attendance_day: "閑散日".into(),
        weekend: "週休日".into(),
        holiday: "祝日".into(),
        baseline_period: "基準週".into(),
        window_period: "閑散期間".into(),
        other_period: "その他".into(),
        baseline_rate: "基準".into(),
        window_rate: "期間中".into(),
        no_data: "データなし".into(),
    }
}

/// 2026-09-14..27: a normal week, then Silver Week (holidays 09-21..23)
/// and the bridge days 09-24..25.
fn september_2026() -> Vec<DayVolume> {
    (0..14)
        .map(|i| {
            let d: Date = date(2026, 9, 14) + i.days();
            let (kind, period, note) = match d.day() {
                19 | 20 | 26 | 27 => (DayKind::Weekend, Period::Other, None),
                21..=23 => (DayKind::Holiday, Period::Other, None),
                24 | 25 => (
                    DayKind::LowAttendance,
                    Period::Window,
                    Some("bridge day".to_string()),
                ),
                _ => (DayKind::Business, Period::Baseline, None),
            };
            DayVolume {
                date: d,
                volume: if kind == DayKind::Business { 120 } else { 60 },
                kind,
                period,
                note,
            }
        })
        .collect()
}

fn daily(days: Vec<DayVolume>) -> DailyVolumeChart {
    DailyVolumeChart {
        width: 800,
        height: 360,
        title: format!("行動量 {HOSTILE}"),
        summary: "閑散期間は基準の半分".into(),
        days,
        baseline_rate: Some(120.0),
        window_rate: Some(60.0),
        labels: daily_labels(),
    }
}

#[test]
fn daily_volume_has_a_tooltip_per_day() {
    let svg = daily_volume(&daily(september_2026()));
    let tips = check(&svg, &format!("行動量 {HOSTILE}"));
    assert_eq!(tips.len(), 14);
    assert_eq!(tips[0], "2026-09-14 (月): 120");
    assert_eq!(tips[10], "2026-09-24 (木): 60 — bridge day, 閑散期間");
    assert_eq!(tips[7], "2026-09-21 (月): 60 — 祝日");
    // Axis titles, dates and the rate labels are on the chart.
    let text = shown_text(&svg);
    for expected in [
        "日付",
        "1日あたり行動量",
        "09-14",
        "基準",
        "120.0",
        "期間中",
        "60.0",
        "閑散期間",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    // The description has the summary, the rates and every day.
    let desc = desc(&svg);
    assert!(
        desc.starts_with(
            "閑散期間は基準の半分\n基準: 120.0;\n期間中: 60.0;\n2026-09-14 (月): 120;\n"
        ),
        "{desc}"
    );
    assert!(desc.contains("2026-09-25 (金): 60 — bridge day, 閑散期間"));
}

#[test]
fn daily_volume_escapes_hostile_text() {
    let mut chart = daily(september_2026());
    chart.days[0].note = Some(HOSTILE.into());
    chart.labels.x_axis = HOSTILE.into();
    let svg = daily_volume(&chart);
    let tips = check(&svg, &format!("行動量 {HOSTILE}"));
    assert_eq!(tips[0], format!("2026-09-14 (月): 120 — {HOSTILE}"));
    assert!(shown_text(&svg).contains(HOSTILE));
}

#[test]
fn daily_volume_without_days_says_no_data() {
    let svg = daily_volume(&daily(Vec::new()));
    assert!(check(&svg, &format!("行動量 {HOSTILE}")).is_empty());
    assert!(shown_text(&svg).contains("データなし"));
    assert!(desc(&svg).contains("データなし"));
}

#[test]
fn daily_volume_survives_odd_input() {
    let mut chart = daily(september_2026());
    chart.width = 1;
    chart.height = 1;
    chart.baseline_rate = Some(f64::NAN);
    chart.window_rate = Some(f64::INFINITY);
    chart.days[3].volume = u64::MAX;
    chart.days[4].note = Some("\u{0}\u{1b}[31m\u{fffe}".into());
    let svg = daily_volume(&chart);
    assert_eq!(check(&svg, &format!("行動量 {HOSTILE}")).len(), 14);
    assert!(
        svg.contains("width=\"320\" height=\"200\""),
        "clamped to the minimum size"
    );
    // A window with no rates and no window days at all.
    let mut chart = daily(september_2026());
    for day in &mut chart.days {
        day.period = Period::Other;
        day.volume = 0;
    }
    chart.baseline_rate = None;
    chart.window_rate = None;
    assert_eq!(
        check(&daily_volume(&chart), &format!("行動量 {HOSTILE}")).len(),
        14
    );
}

fn resilience_labels() -> ResilienceLabels {
    ResilienceLabels {
        x_axis: "耐性指数".into(),
        stock: "ストック型".into(),
        flow: "フロー型".into(),
        inconclusive: "判定保留".into(),
        insufficient_data: "データ不足".into(),
        no_data: "データなし".into(),
    }
}

fn thresholds() -> Vec<Threshold> {
    vec![
        Threshold {
            value: 0.9,
            label: "ストック型 ≥ 0.9".into(),
        },
        Threshold {
            value: 0.6,
            label: "フロー型 < 0.6".into(),
        },
    ]
}

fn resilience(reps: Vec<RepResilience>) -> ResilienceChart {
    ResilienceChart {
        width: 700,
        height: ResilienceChart::suggested_height(reps.len()),
        title: "担当者別".into(),
        summary: String::new(),
        reps,
        thresholds: thresholds(),
        labels: resilience_labels(),
    }
}

fn rep(name: &str, ri: Option<f64>, class: RiClass) -> RepResilience {
    RepResilience {
        name: name.into(),
        ri,
        class,
        detail: None,
    }
}

#[test]
fn resilience_by_rep_has_a_tooltip_per_rep_gaps_included() {
    let svg = resilience_by_rep(&resilience(vec![
        rep("佐藤", Some(1.04), RiClass::Stock),
        rep("田中", Some(0.52), RiClass::Flow),
        rep("伊藤", None, RiClass::InsufficientData),
        rep(HOSTILE, Some(0.7), RiClass::Inconclusive),
    ]));
    let tips = check(&svg, "担当者別");
    assert_eq!(
        tips,
        [
            "佐藤: 1.04 — ストック型",
            "田中: 0.52 — フロー型",
            "伊藤: データなし — データ不足",
            &format!("{HOSTILE}: 0.70 — 判定保留"),
        ]
    );
    let text = shown_text(&svg);
    for expected in [
        "佐藤",
        HOSTILE,
        "データなし",
        "ストック型 ≥ 0.9",
        "フロー型 < 0.6",
        "耐性指数",
        "0.52",
        "判定保留",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(desc(&svg).contains("伊藤: データなし — データ不足"));
}

#[test]
fn resilience_by_rep_without_reps_says_no_data() {
    let svg = resilience_by_rep(&resilience(Vec::new()));
    assert!(check(&svg, "担当者別").is_empty());
    assert!(shown_text(&svg).contains("データなし"));
}

#[test]
fn resilience_by_rep_with_only_gaps_still_draws_rows() {
    let mut chart = resilience(vec![
        rep("a", None, RiClass::InsufficientData),
        rep("b", Some(f64::NAN), RiClass::Flow),
    ]);
    chart.thresholds.push(Threshold {
        value: f64::NEG_INFINITY,
        label: "ignored".into(),
    });
    let svg = resilience_by_rep(&chart);
    assert_eq!(check(&svg, "担当者別").len(), 2);
    assert!(!shown_text(&svg).contains("ignored"));
}

fn trend(windows: &[&str], series: Vec<TrendSeries>) -> TrendChart {
    TrendChart {
        width: 800,
        height: 360,
        title: "推移".into(),
        summary: "改善".into(),
        windows: windows.iter().map(|w| w.to_string()).collect(),
        series,
        thresholds: thresholds(),
        labels: TrendLabels {
            x_axis: "閑散期間".into(),
            y_axis: "耐性指数".into(),
            no_data: "データなし".into(),
        },
    }
}

#[test]
fn resilience_trend_has_a_tooltip_per_point() {
    let svg = resilience_trend(&trend(
        &["2025 GW", "2025 お盆", "2026 GW"],
        vec![
            TrendSeries {
                name: "組織".into(),
                values: vec![Some(0.7), Some(0.8), Some(0.9)],
                reference: true,
            },
            TrendSeries {
                name: HOSTILE.into(),
                // A gap, and a value past the last window that is ignored.
                values: vec![Some(0.5), None, Some(0.95), Some(3.0)],
                reference: false,
            },
        ],
    ));
    let tips = check(&svg, "推移");
    assert_eq!(
        tips,
        [
            "組織 — 2025 GW: 0.70",
            "組織 — 2025 お盆: 0.80",
            "組織 — 2026 GW: 0.90",
            &format!("{HOSTILE} — 2025 GW: 0.50"),
            &format!("{HOSTILE} — 2026 GW: 0.95"),
        ]
    );
    let text = shown_text(&svg);
    for expected in [
        "2025 お盆",
        "組織",
        HOSTILE,
        "耐性指数",
        "閑散期間",
        "ストック型 ≥ 0.9",
    ] {
        assert!(text.contains(expected), "{expected} missing from {text}");
    }
    assert!(desc(&svg).contains(&format!(
        "{HOSTILE}: 2025 GW 0.50, 2025 お盆 データなし, 2026 GW 0.95"
    )));
}

#[test]
fn resilience_trend_without_data_says_no_data() {
    for chart in [
        trend(&[], Vec::new()),
        trend(&["2025 GW"], Vec::new()),
        trend(
            &["2025 GW"],
            vec![TrendSeries {
                name: "a".into(),
                values: vec![None],
                reference: false,
            }],
        ),
    ] {
        let svg = resilience_trend(&chart);
        assert!(check(&svg, "推移").is_empty());
        assert!(shown_text(&svg).contains("データなし"));
    }
}

#[test]
fn charts_on_one_page_have_distinct_ids() {
    let a = resilience_by_rep(&resilience(vec![rep("a", Some(1.0), RiClass::Stock)]));
    let b = resilience_by_rep(&resilience(vec![rep("b", Some(1.0), RiClass::Stock)]));
    let id = |svg: &str| {
        Document::parse(svg)
            .expect("well-formed")
            .root_element()
            .attribute("aria-labelledby")
            .map(String::from)
    };
    assert_ne!(id(&a), id(&b));
}

fn any_name() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(HOSTILE.to_string()),
        "[a-zA-Z ]{0,30}",
        "[ぁ-んァ-ン一-龥]{0,20}",
        any::<String>(),
    ]
}

fn any_ri() -> impl Strategy<Value = Option<f64>> {
    prop_oneof![
        Just(None),
        Just(Some(f64::NAN)),
        (0.0..5.0f64).prop_map(Some),
        any::<f64>().prop_map(Some)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Any names, values and sizes: well-formed, one tooltip per rep.
    #[test]
    fn resilience_by_rep_is_always_well_formed(
        reps in prop::collection::vec((any_name(), any_ri()), 0..30),
        width in 0u32..2000,
        height in 0u32..2000,
    ) {
        let n = reps.len();
        let chart = ResilienceChart {
            width,
            height,
            title: "t".into(),
            summary: String::new(),
            reps: reps.into_iter().map(|(name, ri)| rep(&name, ri, RiClass::Flow)).collect(),
            thresholds: thresholds(),
            labels: resilience_labels(),
        };
        prop_assert_eq!(check(&resilience_by_rep(&chart), "t").len(), n);
    }

    /// Any volumes, kinds and rates: well-formed, one tooltip per day.
    #[test]
    fn daily_volume_is_always_well_formed(
        days in prop::collection::vec((0u64..100_000, 0usize..4, 0usize..3), 0..120),
        baseline in any::<Option<f64>>(),
        window in any::<Option<f64>>(),
        width in 0u32..3000,
    ) {
        let n = days.len();
        let kinds = [DayKind::Business, DayKind::LowAttendance, DayKind::Weekend, DayKind::Holiday];
        let periods = [Period::Baseline, Period::Window, Period::Other];
        let mut chart = daily(
            days.into_iter()
                .enumerate()
                .map(|(i, (volume, k, p))| DayVolume {
                    date: date(2026, 1, 1) + (i as i64).days(),
                    volume,
                    kind: kinds[k],
                    period: periods[p],
                    note: None,
                })
                .collect(),
        );
        chart.width = width;
        chart.baseline_rate = baseline;
        chart.window_rate = window;
        prop_assert_eq!(check(&daily_volume(&chart), &format!("行動量 {HOSTILE}")).len(), n);
    }

    /// Any series: well-formed, one tooltip per finite value.
    #[test]
    fn resilience_trend_is_always_well_formed(
        windows in prop::collection::vec(any_name(), 0..16),
        series in prop::collection::vec((any_name(), prop::collection::vec(any_ri(), 0..20), any::<bool>()), 0..6),
    ) {
        let n = windows.len();
        let points: usize = series
            .iter()
            .map(|(_, values, _)| values.iter().take(n).filter(|v| v.is_some_and(f64::is_finite)).count())
            .sum();
        let windows: Vec<&str> = windows.iter().map(String::as_str).collect();
        let chart = trend(
            &windows,
            series.into_iter().map(|(name, values, reference)| TrendSeries { name, values, reference }).collect(),
        );
        prop_assert_eq!(check(&resilience_trend(&chart), "推移").len(), points);
    }
}
