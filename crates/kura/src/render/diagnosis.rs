//! `kura diagnose`: the diagnosis as a terminal table, Markdown, HTML and CSV.
//!
//! All four are drawn from one [`DiagnosisView`], built from the core's
//! [`Diagnosis`] and its [`explain`] sentences, so they say the same thing.

use super::{p_value, pct, rate, ratio};
use crate::i18n::Lang;
use askama::Template;
use kura_core::diagnosis::{Class, Diagnosis, Figures};
use kura_core::explain::{self, Explanation};
use serde::Serialize;

/// One row as displayed.
#[derive(Debug, Clone)]
pub struct RowView {
    /// Rep or team id ("" for the organisation).
    pub id: String,
    /// Team id of a rep.
    pub team: String,
    /// Class code, for styling.
    pub class_code: &'static str,
    /// Class label in the language.
    pub class_label: &'static str,
    /// Resilience index.
    pub ri: String,
    /// Window rate per business day.
    pub rate: String,
    /// Baseline rate per business day.
    pub baseline_rate: String,
    /// ri against the previous week.
    pub ri_prev_week: String,
    /// Connect rate in the window → and in the baseline.
    pub connect: String,
    /// Scheduled share in the baseline.
    pub scheduled: String,
    /// Next-action coverage.
    pub nac: String,
    /// Due / promised in the window.
    pub due_promised: String,
    /// p-value.
    pub p_value: String,
    /// Driver labels, comma separated.
    pub drivers: String,
}

/// A rep's or team's story, for flow and inconclusive rows.
#[derive(Debug, Clone)]
pub struct Story {
    /// Who.
    pub who: String,
    /// Class label.
    pub class_label: &'static str,
    /// Class code, for styling.
    pub class_code: &'static str,
    /// The sentences.
    pub explanation: Explanation,
}

/// Everything a rendering shows, as text in one language.
#[derive(Debug, Clone)]
pub struct DiagnosisView {
    /// Language.
    pub lang: Lang,
    /// Title line.
    pub title: String,
    /// Why this window matters.
    pub window_line: String,
    /// The baselines used.
    pub baseline_line: String,
    /// Lead inflow against the baseline.
    pub lead_line: String,
    /// The warning when history is too short.
    pub warning: Option<String>,
    /// Column headers for the row tables.
    pub headers: Vec<&'static str>,
    /// The organisation.
    pub organisation: RowView,
    /// The organisation's sentence.
    pub organisation_story: Explanation,
    /// Class counts line.
    pub class_counts: String,
    /// Teams.
    pub teams: Vec<RowView>,
    /// Reps by ri, lowest first.
    pub reps: Vec<RowView>,
    /// Stories of teams and reps that are not stock-type.
    pub stories: Vec<Story>,
    /// SVG charts shown by the HTML rendering (drawn by `render::charts`).
    pub charts: Vec<String>,
}

fn row_view(id: &str, team: Option<&str>, f: &Figures, lang: Lang) -> RowView {
    RowView {
        id: id.to_string(),
        team: team.unwrap_or("–").to_string(),
        class_code: f.class.code(),
        class_label: f.class.label(lang),
        ri: ratio(f.ri),
        rate: rate(Some(f.rate)),
        baseline_rate: rate(f.baseline_rate),
        ri_prev_week: ratio(f.ri_prev_week),
        connect: format!("{} ({})", pct(f.connect_rate), pct(f.baseline_connect_rate)),
        scheduled: pct(f.baseline_scheduled_share),
        nac: pct(f.nac),
        due_promised: format!("{}/{}", f.due_in_window, f.promised_in_window),
        p_value: p_value(f.p_value),
        drivers: f
            .drivers
            .iter()
            .map(|d| d.label(lang))
            .collect::<Vec<_>>()
            .join(lang.pick("、", ", ")),
    }
}

fn weekday(date: jiff::civil::Date, lang: Lang) -> &'static str {
    kura_calendar::DayOfWeek(date.weekday()).short_label(lang)
}

impl DiagnosisView {
    /// Builds the view of a diagnosis in a language.
    pub fn new(d: &Diagnosis, lang: Lang) -> Self {
        let w = &d.window;
        let n = w.business_days.len();
        let title = match lang {
            Lang::Ja => format!(
                "診断 {}（{}）〜 {}（{}）: 営業日 {} 日",
                w.from,
                weekday(w.from, lang),
                w.to,
                weekday(w.to, lang),
                n
            ),
            Lang::En => format!(
                "Diagnosis {} ({}) – {} ({}): {} business day{}",
                w.from,
                weekday(w.from, lang),
                w.to,
                weekday(w.to, lang),
                n,
                if n == 1 { "" } else { "s" }
            ),
        };
        let reason = explain::window_reason(d, lang);
        let window_line = match lang {
            Lang::Ja => format!("閑散期間の理由: {reason}"),
            Lang::En => format!("Why attendance is low: {reason}"),
        };
        let b = &d.baseline;
        let prev = b
            .prev_week
            .map(|m| m.to_string())
            .unwrap_or_else(|| "–".to_string());
        let first = b
            .trailing_weeks
            .first()
            .map(|m| m.to_string())
            .unwrap_or_else(|| "–".to_string());
        let baseline_line = match lang {
            Lang::Ja => format!(
                "基準: {} 以降の通常週 {} 週（営業日 {} 日）、前週 {} の週",
                first,
                b.trailing_weeks.len(),
                b.business_days,
                prev
            ),
            Lang::En => format!(
                "Baseline: {} normal weeks from {} ({} business days); previous week {}",
                b.trailing_weeks.len(),
                first,
                b.business_days,
                prev
            ),
        };
        let org = &d.organisation;
        let change = explain::lead_inflow_change(d)
            .map(|c| format!("{:+.0}%", c * 100.0))
            .unwrap_or_else(|| "–".to_string());
        let no_leads = org.lead_inflow == 0 && org.baseline_lead_inflow == 0;
        let lead_line = match lang {
            Lang::Ja if no_leads => {
                "インバウンドリード流入: この期間と基準期間にインバウンドリードのデータがありません"
                    .to_string()
            }
            Lang::En if no_leads => {
                "Inbound leads: none recorded in the window or the baseline".to_string()
            }
            Lang::Ja => format!(
                "インバウンドリード流入: 1営業日あたり {} 件（通常 {} 件、{}）",
                rate(Some(org.lead_inflow_rate)),
                rate(org.baseline_lead_inflow_rate),
                change
            ),
            Lang::En => format!(
                "Inbound leads: {} a business day against {} ({})",
                rate(Some(org.lead_inflow_rate)),
                rate(org.baseline_lead_inflow_rate),
                change
            ),
        };
        let c = &org.reps_by_class;
        let class_counts = format!(
            "{} {} · {} {} · {} {} · {} {}",
            Class::Stock.label(lang),
            c.stock,
            Class::Flow.label(lang),
            c.flow,
            Class::Inconclusive.label(lang),
            c.inconclusive,
            Class::InsufficientData.label(lang),
            c.insufficient_data
        );
        let headers = match lang {
            Lang::Ja => vec![
                "ID",
                "チーム",
                "判定",
                "RI",
                "行動量/日",
                "通常/日",
                "前週比",
                "着電率(通常)",
                "予定率",
                "NA設定率",
                "期日/約束",
                "p値",
                "要因",
            ],
            Lang::En => vec![
                "id",
                "team",
                "class",
                "RI",
                "rate/day",
                "usual/day",
                "RI prev wk",
                "connect (usual)",
                "scheduled",
                "NA coverage",
                "due/promised",
                "p",
                "drivers",
            ],
        };
        let mut stories = Vec::new();
        for t in &d.teams {
            if matches!(t.figures.class, Class::Flow | Class::Inconclusive) {
                stories.push(Story {
                    who: format!("{} {}", lang.pick("チーム", "team"), t.team),
                    class_label: t.figures.class.label(lang),
                    class_code: t.figures.class.code(),
                    explanation: explain::explain(d, &t.figures, lang),
                });
            }
        }
        let reps = d.reps_by_ri();
        for r in &reps {
            if matches!(r.figures.class, Class::Flow | Class::Inconclusive) {
                let who = match &r.team {
                    Some(team) => format!("{} ({team})", r.rep),
                    None => r.rep.clone(),
                };
                stories.push(Story {
                    who,
                    class_label: r.figures.class.label(lang),
                    class_code: r.figures.class.code(),
                    explanation: explain::explain(d, &r.figures, lang),
                });
            }
        }
        DiagnosisView {
            lang,
            title,
            window_line,
            baseline_line,
            lead_line,
            warning: d.baseline_warning().map(|w| w.message(lang)),
            headers,
            organisation: row_view(
                lang.pick("組織全体", "organisation"),
                None,
                &org.figures,
                lang,
            ),
            organisation_story: explain::explain(d, &org.figures, lang),
            class_counts,
            teams: d
                .teams
                .iter()
                .map(|t| row_view(&t.team, Some(&t.team), &t.figures, lang))
                .collect(),
            reps: reps
                .iter()
                .map(|r| row_view(&r.rep, r.team.as_deref(), &r.figures, lang))
                .collect(),
            stories,
            charts: Vec::new(),
        }
    }

    /// The organisation, then teams, then reps.
    pub fn all_rows(&self) -> Vec<&RowView> {
        self.rows().map(|(_, r)| r).collect()
    }

    fn rows(&self) -> impl Iterator<Item = (&'static str, &RowView)> {
        std::iter::once(("org", &self.organisation))
            .chain(self.teams.iter().map(|t| ("team", t)))
            .chain(self.reps.iter().map(|r| ("rep", r)))
    }

    fn cells(r: &RowView) -> [&str; 13] {
        [
            &r.id,
            &r.team,
            r.class_label,
            &r.ri,
            &r.rate,
            &r.baseline_rate,
            &r.ri_prev_week,
            &r.connect,
            &r.scheduled,
            &r.nac,
            &r.due_promised,
            &r.p_value,
            &r.drivers,
        ]
    }

    /// The terminal rendering.
    pub fn to_terminal(&self) -> String {
        let mut out = String::new();
        out.push_str(&self.title);
        out.push('\n');
        for line in [&self.window_line, &self.baseline_line, &self.lead_line] {
            out.push_str(line);
            out.push('\n');
        }
        if let Some(w) = &self.warning {
            out.push_str(&format!("{}: {w}\n", self.lang.pick("注意", "warning")));
        }
        out.push('\n');
        out.push_str(&format!(
            "{}: {}\n{}\n\n",
            self.lang.pick("組織全体", "Organisation"),
            self.organisation_story.headline,
            self.class_counts
        ));
        // The drivers are told in sentences below; the table stays narrow.
        let n = self.headers.len() - 1;
        let mut table = crate::output::table(&self.headers[..n]);
        for (_, r) in self.rows() {
            table.add_row(&Self::cells(r)[..n]);
        }
        out.push_str(&table.to_string());
        out.push('\n');
        if !self.stories.is_empty() {
            out.push('\n');
            out.push_str(self.lang.pick(
                "なぜ落ちたのか、何をするか:\n",
                "Why volume fell, and what to do:\n",
            ));
            for s in &self.stories {
                out.push_str(&format!(
                    "\n▸ {} — {}: {}\n",
                    s.who, s.class_label, s.explanation.headline
                ));
                for f in &s.explanation.findings {
                    out.push_str(&format!("    · {f}\n"));
                }
                for step in &s.explanation.next_steps {
                    out.push_str(&format!("    → {step}\n"));
                }
            }
        }
        out
    }

    /// The Markdown rendering.
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        out.push_str(&format!(
            "- {}\n- {}\n- {}\n",
            self.window_line, self.baseline_line, self.lead_line
        ));
        if let Some(w) = &self.warning {
            out.push_str(&format!(
                "\n> **{}**: {w}\n",
                self.lang.pick("注意", "Warning")
            ));
        }
        out.push_str(&format!(
            "\n**{}**: {}  \n{}\n\n",
            self.lang.pick("組織全体", "Organisation"),
            self.organisation_story.headline,
            self.class_counts
        ));
        out.push_str(&format!("| {} |\n", self.headers.join(" | ")));
        out.push_str(&format!("|{}\n", "---|".repeat(self.headers.len())));
        for (_, r) in self.rows() {
            let cells: Vec<String> = Self::cells(r).iter().map(|c| md_escape(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
        if !self.stories.is_empty() {
            out.push_str(&format!(
                "\n## {}\n",
                self.lang.pick(
                    "なぜ落ちたのか、何をするか",
                    "Why volume fell, and what to do"
                )
            ));
            for s in &self.stories {
                out.push_str(&format!(
                    "\n### {} — {}\n\n{}\n\n",
                    md_escape(&s.who),
                    s.class_label,
                    s.explanation.headline
                ));
                for f in &s.explanation.findings {
                    out.push_str(&format!("- {f}\n"));
                }
                for step in &s.explanation.next_steps {
                    out.push_str(&format!(
                        "- **{}** {step}\n",
                        self.lang.pick("次の一手:", "Next:")
                    ));
                }
            }
        }
        out
    }

    /// The HTML rendering: one self-contained page, no script, no CDN.
    /// The same view with these SVG charts in its HTML rendering.
    pub fn with_charts(mut self, charts: Vec<String>) -> Self {
        self.charts = charts;
        self
    }

    /// The HTML rendering (a self-contained page).
    pub fn to_html(&self) -> Result<String, askama::Error> {
        DiagnosisPage { v: self }.render()
    }
}

/// Escapes the characters that would break a Markdown table cell.
fn md_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace('\n', " ")
}

#[derive(Template)]
#[template(path = "diagnosis.html")]
struct DiagnosisPage<'a> {
    v: &'a DiagnosisView,
}

/// One CSV line of `kura diagnose --format csv`: the JSON keys, one row per
/// organisation, team and rep, drivers joined with `;`. (One flat struct:
/// the csv crate cannot write `#[serde(flatten)]`, which serialises a map.)
#[derive(Debug, Serialize)]
pub struct CsvRow<'a> {
    scope: &'static str,
    id: &'a str,
    team: Option<&'a str>,
    volume: u64,
    off_day_volume: u64,
    rate: f64,
    baseline_volume: u64,
    baseline_days: u64,
    baseline_rate: Option<f64>,
    ri: Option<f64>,
    prev_week_rate: Option<f64>,
    ri_prev_week: Option<f64>,
    calls: u64,
    connected: u64,
    connect_rate: Option<f64>,
    baseline_connect_rate: Option<f64>,
    scheduled_share: Option<f64>,
    baseline_scheduled_share: Option<f64>,
    inbound_response_share: Option<f64>,
    baseline_inbound_response_share: Option<f64>,
    nac: Option<f64>,
    due_in_window: u64,
    promised_in_window: u64,
    outcomes: u64,
    outcome_rate: Option<f64>,
    baseline_outcome_rate: Option<f64>,
    p_value: f64,
    class: &'static str,
    drivers: String,
}

fn csv_row<'a>(scope: &'static str, id: &'a str, team: Option<&'a str>, f: &Figures) -> CsvRow<'a> {
    CsvRow {
        scope,
        id,
        team,
        volume: f.volume,
        off_day_volume: f.off_day_volume,
        rate: f.rate,
        baseline_volume: f.baseline_volume,
        baseline_days: f.baseline_days,
        baseline_rate: f.baseline_rate,
        ri: f.ri,
        prev_week_rate: f.prev_week_rate,
        ri_prev_week: f.ri_prev_week,
        calls: f.calls,
        connected: f.connected,
        connect_rate: f.connect_rate,
        baseline_connect_rate: f.baseline_connect_rate,
        scheduled_share: f.scheduled_share,
        baseline_scheduled_share: f.baseline_scheduled_share,
        inbound_response_share: f.inbound_response_share,
        baseline_inbound_response_share: f.baseline_inbound_response_share,
        nac: f.nac,
        due_in_window: f.due_in_window,
        promised_in_window: f.promised_in_window,
        outcomes: f.outcomes,
        outcome_rate: f.outcome_rate,
        baseline_outcome_rate: f.baseline_outcome_rate,
        p_value: f.p_value,
        class: f.class.code(),
        drivers: f
            .drivers
            .iter()
            .map(|d| d.code())
            .collect::<Vec<_>>()
            .join(";"),
    }
}

/// The CSV rows: organisation, teams, reps.
pub fn csv_rows(d: &Diagnosis) -> Vec<CsvRow<'_>> {
    let mut rows = vec![csv_row("organisation", "", None, &d.organisation.figures)];
    rows.extend(
        d.teams
            .iter()
            .map(|t| csv_row("team", &t.team, Some(&t.team), &t.figures)),
    );
    rows.extend(
        d.reps
            .iter()
            .map(|r| csv_row("rep", &r.rep, r.team.as_deref(), &r.figures)),
    );
    rows
}
