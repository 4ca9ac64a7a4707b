//! The diagnosis in words: the essay's causal chain, sentence by sentence,
//! with the concrete next step for each link.
//!
//! Presentations (terminal, Markdown, HTML, the web pages) all render these
//! same sentences, so a figure quoted in a sentence is computed here once.
//! The sentences follow the essay: when fewer people are at work, inbound
//! leads fall and fewer customers answer; a rep without stored next actions
//! has nobody left to call, so volume falls; a rep with contacts promised for
//! the window keeps going.

use crate::diagnosis::{Class, Diagnosis, Driver, Figures};
use kura_calendar::{Lang, WindowKind};
use serde::Serialize;

/// One row's diagnosis in sentences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Explanation {
    /// One sentence: what happened to volume, and what class that makes.
    pub headline: String,
    /// The links of the causal chain that hold, in the chain's order.
    pub findings: Vec<String>,
    /// What to do about them, most effective first.
    pub next_steps: Vec<String>,
}

/// How inbound lead inflow changed in the window against the baseline:
/// `Some(-0.38)` for a fall of 38%. `None` when the baseline had no inbound
/// lead.
pub fn lead_inflow_change(diagnosis: &Diagnosis) -> Option<f64> {
    let org = &diagnosis.organisation;
    org.baseline_lead_inflow_rate
        .filter(|&b| b > 0.0)
        .map(|b| org.lead_inflow_rate / b - 1.0)
}

/// A share as a percentage: whole numbers, one decimal below 10% so that
/// small rates (appointments per call) stay readable.
fn pct(x: f64) -> String {
    if x.abs() < 0.1 && x != 0.0 {
        format!("{:.1}%", x * 100.0)
    } else {
        format!("{:.0}%", x * 100.0)
    }
}

/// Why the window is a low-attendance one, in a phrase.
pub fn window_reason(diagnosis: &Diagnosis, lang: Lang) -> String {
    let kinds = &diagnosis.window.kinds;
    if kinds.is_empty() {
        return match lang {
            Lang::Ja => "指定期間（閑散期間ではありません）".to_string(),
            Lang::En => "a chosen range (not a low-attendance window)".to_string(),
        };
    }
    let names: Vec<&str> = kinds
        .iter()
        .map(|k| match (k, lang) {
            (WindowKind::Bridge, Lang::Ja) => "連休の谷間（ブリッジ）",
            (WindowKind::Bridge, Lang::En) => "bridge days between holidays",
            (WindowKind::Obon, Lang::Ja) => "お盆",
            (WindowKind::Obon, Lang::En) => "Obon",
            (WindowKind::YearEnd, Lang::Ja) => "年末年始",
            (WindowKind::YearEnd, Lang::En) => "the year end",
        })
        .collect();
    match lang {
        Lang::Ja => names.join("・"),
        Lang::En => names.join(" and "),
    }
}

/// Explains one row (a rep, a team or the organisation) of a diagnosis.
pub fn explain(diagnosis: &Diagnosis, row: &Figures, lang: Lang) -> Explanation {
    let days = diagnosis.window.business_days.len() as f64;
    let has = |d: Driver| row.drivers.contains(&d);
    let lead_change = lead_inflow_change(diagnosis);
    let leads_fell = lead_change.filter(|&c| c < 0.0);

    let headline = headline(row, lang);
    let mut findings = Vec::new();

    // 1. Where the work came from: fresh inbound leads, and did they fall?
    if has(Driver::InboundDependent) {
        let share = row.baseline_inbound_response_share.unwrap_or(0.0);
        findings.push(match (lang, leads_fell) {
            (Lang::Ja, Some(c)) => format!(
                "通常週の行動の{}が新着インバウンドリードへの対応で、この期間はインバウンドリードが{}減った",
                pct(share),
                pct(-c)
            ),
            (Lang::Ja, None) => format!("通常週の行動の{}が新着インバウンドリードへの対応だった", pct(share)),
            (Lang::En, Some(c)) => format!(
                "{} of normal-week work answered fresh inbound leads, and inbound leads fell {} in the window",
                pct(share),
                pct(-c)
            ),
            (Lang::En, None) => format!("{} of normal-week work answered fresh inbound leads", pct(share)),
        });
    }
    if has(Driver::UnscheduledWork) {
        let share = row.baseline_scheduled_share.unwrap_or(0.0);
        findings.push(match lang {
            Lang::Ja => format!("通常週でも事前に予定された行動は{}にとどまった", pct(share)),
            Lang::En => format!(
                "only {} of normal-week work had been scheduled beforehand",
                pct(share)
            ),
        });
    }
    // 2. The stock: next actions on active customers, and due in the window.
    if has(Driver::LowNextActionCoverage) {
        let nac = row.nac.unwrap_or(0.0);
        findings.push(match (lang, leads_fell) {
            (Lang::Ja, Some(c)) => format!(
                "ネクストアクションが設定されていた顧客は直近90日の接触先の{}だけで、インバウンドリードが{}減ると掛け先が尽きた",
                pct(nac),
                pct(-c)
            ),
            (Lang::Ja, None) => format!(
                "ネクストアクションが設定されていた顧客は直近90日の接触先の{}だけだった",
                pct(nac)
            ),
            (Lang::En, Some(c)) => format!(
                "next actions covered only {} of active customers, so the call list ran dry when inbound leads fell {}",
                pct(nac),
                pct(-c)
            ),
            (Lang::En, None) => format!(
                "next actions covered only {} of the customers contacted in the last 90 days",
                pct(nac)
            ),
        });
    }
    if has(Driver::ThinPipeline) {
        let per_day = row.due_in_window as f64 / days.max(1.0);
        let usual = row.baseline_rate.unwrap_or(0.0);
        findings.push(match lang {
            Lang::Ja => format!(
                "期間中に期日を迎えるネクストアクションは{}件（1営業日あたり{:.1}件）で、普段の1日{:.1}件の行動量には遠く及ばなかった",
                row.due_in_window, per_day, usual
            ),
            Lang::En => format!(
                "only {} next actions were due in the window ({:.1} a business day against a usual {:.1} activities a day)",
                row.due_in_window, per_day, usual
            ),
        });
    }
    // 3. Fewer customers at their desks.
    if has(Driver::ConnectRateDrop) {
        let (b, w) = (
            row.baseline_connect_rate.unwrap_or(0.0),
            row.connect_rate.unwrap_or(0.0),
        );
        findings.push(match lang {
            Lang::Ja => format!(
                "不在が増え、着電率が{}から{}に下がった（架電{}件）",
                pct(b),
                pct(w),
                row.calls
            ),
            Lang::En => format!(
                "fewer customers were at their desks: the connect rate fell from {} to {} over {} calls",
                pct(b),
                pct(w),
                row.calls
            ),
        });
    }
    // 4. Results.
    if has(Driver::ResultsDrop) {
        let (b, w) = (
            row.baseline_outcome_rate.unwrap_or(0.0),
            row.outcome_rate.unwrap_or(0.0),
        );
        findings.push(match lang {
            Lang::Ja => format!(
                "行動あたりの成果（アポ・商談化）が{}から{}に下がった",
                pct(b),
                pct(w)
            ),
            Lang::En => format!(
                "results (appointments, opportunities) per activity fell from {} to {}",
                pct(b),
                pct(w)
            ),
        });
    }
    // 5. The stock that held.
    if has(Driver::Prepared) {
        findings.push(match lang {
            Lang::Ja => format!(
                "期間中に顧客と約束した接点が{}件あり（1営業日あたり{:.1}件）、その分の行動は準備できていた",
                row.promised_in_window,
                row.promised_in_window as f64 / days.max(1.0)
            ),
            Lang::En => format!(
                "customers had agreed to {} contact(s) in the window ({:.1} a business day), so part of the work was ready",
                row.promised_in_window,
                row.promised_in_window as f64 / days.max(1.0)
            ),
        });
    }

    Explanation {
        headline,
        findings,
        next_steps: next_steps(row, lang),
    }
}

fn headline(row: &Figures, lang: Lang) -> String {
    let base = row.baseline_rate.unwrap_or(0.0);
    match (row.class, row.ri, lang) {
        (Class::InsufficientData, _, Lang::Ja) => format!(
            "基準期間の行動量が{}件しかなく、判定できない",
            row.baseline_volume
        ),
        (Class::InsufficientData, _, Lang::En) => format!(
            "not enough history to judge: {} counted activities in the baseline weeks",
            row.baseline_volume
        ),
        (_, None, Lang::Ja) => "基準期間の行動量がないため比較できない".to_string(),
        (_, None, Lang::En) => "no baseline volume to compare with".to_string(),
        (class, Some(ri), Lang::Ja) => {
            let verdict = match class {
                Class::Stock => "行動量を維持した（ストック型）",
                Class::Flow => "行動量が有意に落ちた（フロー型）",
                _ => "行動量は落ちたが、偶然の範囲を超えるとは言えない（判定保留）",
            };
            format!(
                "1営業日あたりの行動量は通常週の{}（{:.1}件／日、通常{:.1}件）: {}",
                pct(ri),
                row.rate,
                base,
                verdict
            )
        }
        (class, Some(ri), Lang::En) => {
            let verdict = match class {
                Class::Stock => "volume held (stock-type)",
                Class::Flow => "a significant drop (flow-type)",
                _ => "a drop, but not clearly beyond chance (inconclusive)",
            };
            format!(
                "volume per business day was {} of normal weeks ({:.1} a day against {:.1}): {}",
                pct(ri),
                row.rate,
                base,
                verdict
            )
        }
    }
}

fn next_steps(row: &Figures, lang: Lang) -> Vec<String> {
    let has = |d: Driver| row.drivers.contains(&d);
    let mut steps = Vec::new();
    if has(Driver::LowNextActionCoverage) || has(Driver::ThinPipeline) {
        steps.push(
            match lang {
                Lang::Ja => "会話のたびに日付入りのネクストアクションを設定する（できれば顧客と約束した日時で）",
                Lang::En => "set a dated next action after every conversation, ideally at a time the customer agreed to",
            }
            .to_string(),
        );
    }
    if has(Driver::ConnectRateDrop) || (row.class == Class::Flow && !has(Driver::Prepared)) {
        steps.push(
            match lang {
                Lang::Ja => "次の閑散期間の前に、顧客の出勤状況を記録し（kura availability set）、出勤している顧客から連絡する",
                Lang::En => "before the next low-attendance window, record who is at work (kura availability set) and contact them first",
            }
            .to_string(),
        );
    }
    if has(Driver::InboundDependent) || has(Driver::UnscheduledWork) {
        steps.push(
            match lang {
                Lang::Ja => "新着リード頼みにならないよう、予定されたフォローアップを蓄積する",
                Lang::En => "build a stock of scheduled follow-ups so the day's work does not depend on fresh inbound leads",
            }
            .to_string(),
        );
    }
    if has(Driver::ResultsDrop) || row.class == Class::Flow {
        steps.push(
            match lang {
                Lang::Ja => {
                    "期間に合わせた「Why you now」（なぜ今連絡するのか）を顧客ごとに準備する"
                }
                Lang::En => {
                    "prepare a Why-you-now for each customer (why contact them now, in this window)"
                }
            }
            .to_string(),
        );
    }
    steps
}
