//! Renderings of a [`WindowPlan`]: terminal text, Markdown, a self-contained
//! HTML page and the CSV call list. Every sentence comes from the plan
//! (already in its language); only headings and labels are added here, in
//! both languages.

use askama::Template;
use kura_calendar::Lang;
use kura_core::plan::{DueHandling, RepPlan, StateSource, TargetPlan, WindowPlan};
use std::fmt::Write;

/// A plan, ready to print.
pub struct PlanView<'a> {
    plan: &'a WindowPlan,
    lang: Lang,
}

impl<'a> PlanView<'a> {
    /// Wraps a plan; the language is the plan's.
    pub fn new(plan: &'a WindowPlan) -> PlanView<'a> {
        PlanView {
            plan,
            lang: plan.lang,
        }
    }

    /// Plain text for the terminal.
    pub fn to_terminal(&self) -> String {
        self.render(false)
    }

    /// Markdown, for a wiki or a chat.
    pub fn to_markdown(&self) -> String {
        self.render(true)
    }

    fn t(&self, ja: &'static str, en: &'static str) -> &'static str {
        self.lang.pick(ja, en)
    }

    fn render(&self, md: bool) -> String {
        let mut out = String::new();
        let w = &self.plan.window;
        let (h1, h2, bullet) = if md {
            ("# ", "## ", "- ")
        } else {
            ("", "", "  ")
        };
        let _ = writeln!(
            out,
            "{h1}{} {}..{} ({})",
            self.t("閑散期間の計画", "Plan for the low-attendance window"),
            w.from,
            w.to,
            w.kind_label
        );
        let _ = writeln!(
            out,
            "{}: {}  {}: {:.1}  {}: {}",
            self.t("作成日", "made on"),
            self.plan.today,
            self.t("出勤見込み (人日換算)", "expected attendance (days)"),
            w.expected_attendance_days,
            self.t("営業日", "business days"),
            w.business_days
                .iter()
                .map(|d| format!("{} {:.0}%", d.date, d.attendance * 100.0))
                .collect::<Vec<_>>()
                .join(", ")
        );
        for rep in &self.plan.reps {
            let _ = writeln!(out);
            let _ = writeln!(out, "{h2}{} {}", self.t("担当者", "Rep"), rep.rep);
            self.capacity(&mut out, rep, bullet);
            self.due(&mut out, rep, bullet);
            self.targets(&mut out, rep, bullet);
            self.suggested(&mut out, rep, bullet);
        }
        if let Some(line) = self.industries_line() {
            let _ = writeln!(out);
            let _ = writeln!(out, "{line}");
        }
        out
    }

    /// The industries that could not be mapped onto JSIC, each once with
    /// its number of targets, and the number of targets without one; `None`
    /// when every target's industry is known.
    pub fn industries_line(&self) -> Option<String> {
        if self.plan.unknown_industries.is_empty() && self.plan.missing_industries == 0 {
            return None;
        }
        let unknown = self
            .plan
            .unknown_industries
            .iter()
            .map(|u| format!("{} ({})", u.text, u.targets))
            .collect::<Vec<_>>()
            .join(", ");
        Some(format!(
            "{}: {}  {}: {}",
            self.t("認識できない業種", "unrecognised industries"),
            if unknown.is_empty() {
                "–".into()
            } else {
                unknown
            },
            self.t("業種なしの対象", "targets without industry"),
            self.plan.missing_industries
        ))
    }

    fn capacity_line(&self, rep: &RepPlan) -> String {
        let c = &rep.capacity;
        format!(
            "{}: {}  {}: {}  {}: {}",
            self.t("期間中の期日", "due in window"),
            c.due_in_window,
            self.t("うち約束", "promised"),
            c.promised_in_window,
            self.t("平常時の見込み", "usual volume"),
            c.normal_volume
                .map_or_else(|| "–".to_string(), |v| v.to_string()),
        )
    }

    fn capacity(&self, out: &mut String, rep: &RepPlan, bullet: &str) {
        let _ = writeln!(
            out,
            "{bullet}{}  {}",
            self.capacity_line(rep),
            rep.capacity.note
        );
        let days = rep
            .days
            .iter()
            .map(|d| {
                format!(
                    "{} {:.0}% {}+{}",
                    d.date,
                    d.attendance * 100.0,
                    d.due,
                    d.suggested
                )
            })
            .collect::<Vec<_>>()
            .join(", ");
        let _ = writeln!(
            out,
            "{bullet}{}: {days}",
            self.t(
                "日別 (出勤見込み 期日+追加)",
                "by day (attendance due+added)"
            )
        );
    }

    fn due(&self, out: &mut String, rep: &RepPlan, bullet: &str) {
        if rep.due_next_actions.is_empty() {
            return;
        }
        let _ = writeln!(
            out,
            "{bullet}{}:",
            self.t(
                "期間中に期日を迎えるネクストアクション",
                "next actions due in the window"
            )
        );
        for d in &rep.due_next_actions {
            let (mark, handling) = self.due_labels(d);
            let _ = writeln!(
                out,
                "{bullet}  [{mark}] {} {} → {} {handling} ({}){}",
                d.due_on,
                d.target.as_deref().unwrap_or("–"),
                d.call_on,
                d.id,
                d.note
                    .as_deref()
                    .map_or_else(String::new, |n| format!(": {n}"))
            );
        }
    }

    /// "promised" or "due", and "keep" or "move".
    fn due_labels(&self, d: &kura_core::plan::DueAction) -> (&'static str, &'static str) {
        let mark = if d.promised {
            self.t("約束", "promised")
        } else {
            self.t("期日", "due")
        };
        let handling = match d.handling {
            DueHandling::Keep => self.t("予定どおり", "keep"),
            DueHandling::Reschedule => self.t("延期", "move"),
        };
        (mark, handling)
    }

    fn targets(&self, out: &mut String, rep: &RepPlan, bullet: &str) {
        if rep.targets.is_empty() {
            return;
        }
        let _ = writeln!(out, "{bullet}{}:", self.t("対象", "targets"));
        for t in &rep.targets {
            let _ = writeln!(
                out,
                "{bullet}  {} {}: {} ({}) → {}",
                t.target,
                t.company.as_deref().unwrap_or(""),
                t.state.state.label(self.lang),
                self.source(t),
                t.state.recommendation.label(self.lang)
            );
            let _ = writeln!(
                out,
                "{bullet}    {}: {}",
                self.t("なぜ今", "why you now"),
                t.why_you_now.line
            );
        }
    }

    fn source(&self, t: &TargetPlan) -> String {
        match &t.state.source {
            StateSource::Recorded { .. } => self.t("記録", "recorded").to_string(),
            StateSource::Inferred { rule, .. } => {
                format!("{} {rule}", self.t("推定", "inferred by"))
            }
            StateSource::NotInferred { reason, .. } => {
                format!("{}: {reason}", self.t("推定なし", "not inferred"))
            }
        }
    }

    fn suggested(&self, out: &mut String, rep: &RepPlan, bullet: &str) {
        if rep.suggested_next_actions.is_empty() && rep.unfilled == 0 {
            return;
        }
        let _ = writeln!(
            out,
            "{bullet}{}:",
            self.t(
                "今日設定するネクストアクション",
                "next actions to set today"
            )
        );
        for s in &rep.suggested_next_actions {
            let _ = writeln!(
                out,
                "{bullet}  {} {} ({})",
                s.due_on,
                s.target,
                s.recommendation.label(self.lang)
            );
        }
        if rep.unfilled > 0 {
            let _ = writeln!(
                out,
                "{bullet}  {}: {}",
                self.t(
                    "対象が足りず埋まらない件数",
                    "contacts left unfilled (no targets)"
                ),
                rep.unfilled
            );
        }
    }
}

impl PlanView<'_> {
    /// The HTML rendering: one self-contained page (no script, no CDN), the
    /// plan's language; askama escapes every value.
    pub fn to_html(&self) -> Result<String, askama::Error> {
        PlanPage { v: &self.html() }.render()
    }

    /// The page's values as text, in the plan's language (the web
    /// dashboard renders them in its own page frame).
    pub(crate) fn html(&self) -> PlanHtml {
        let w = &self.plan.window;
        let reps = self
            .plan
            .reps
            .iter()
            .map(|rep| RepHtml {
                rep: rep.rep.clone(),
                capacity: self.capacity_line(rep),
                capacity_note: rep.capacity.note.clone(),
                short: rep.capacity.short,
                days: rep
                    .days
                    .iter()
                    .map(|d| DayHtml {
                        date: d.date.to_string(),
                        attendance: format!("{:.0}%", d.attendance * 100.0),
                        due: d.due,
                        suggested: d.suggested,
                    })
                    .collect(),
                due: rep
                    .due_next_actions
                    .iter()
                    .map(|d| {
                        let (mark, handling) = self.due_labels(d);
                        DueHtml {
                            promised: d.promised,
                            mark,
                            due_on: d.due_on.to_string(),
                            target: d.target.clone().unwrap_or_else(|| "–".into()),
                            call_on: d.call_on.to_string(),
                            handling,
                            id: d.id.clone(),
                            note: d.note.clone().unwrap_or_default(),
                        }
                    })
                    .collect(),
                targets: rep
                    .targets
                    .iter()
                    .map(|t| TargetHtml {
                        target: t.target.clone(),
                        company: t.company.clone().unwrap_or_default(),
                        contact: t.contact.clone().unwrap_or_default(),
                        state: t.state.state.label(self.lang),
                        source: self.source(t),
                        recommendation: t.state.recommendation.label(self.lang),
                        why_you_now: t.why_you_now.line.clone(),
                    })
                    .collect(),
                suggested: rep
                    .suggested_next_actions
                    .iter()
                    .map(|s| SuggestedHtml {
                        due_on: s.due_on.to_string(),
                        target: s.target.clone(),
                        recommendation: s.recommendation.label(self.lang),
                    })
                    .collect(),
                unfilled: rep.unfilled,
            })
            .collect();
        PlanHtml {
            html_lang: self.t("ja", "en"),
            title: format!(
                "{} {}..{} ({})",
                self.t("閑散期間の計画", "Plan for the low-attendance window"),
                w.from,
                w.to,
                w.kind_label
            ),
            made_on: format!("{}: {}", self.t("作成日", "made on"), self.plan.today),
            attendance: format!(
                "{}: {:.1}",
                self.t("出勤見込み (人日換算)", "expected attendance (days)"),
                w.expected_attendance_days
            ),
            business_days: format!(
                "{}: {}",
                self.t("営業日", "business days"),
                w.business_days
                    .iter()
                    .map(|d| format!("{} {:.0}%", d.date, d.attendance * 100.0))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            labels: Labels::new(self.lang),
            reps,
            industries: self.industries_line(),
        }
    }
}

/// Headings and column names of the HTML page, in one language.
pub(crate) struct Labels {
    pub(crate) rep: &'static str,
    pub(crate) no_reps: &'static str,
    pub(crate) short: &'static str,
    pub(crate) by_day: &'static str,
    pub(crate) date: &'static str,
    pub(crate) attendance: &'static str,
    pub(crate) due: &'static str,
    pub(crate) added: &'static str,
    pub(crate) due_heading: &'static str,
    pub(crate) kind: &'static str,
    pub(crate) target: &'static str,
    pub(crate) call_on: &'static str,
    pub(crate) handling: &'static str,
    pub(crate) next_action: &'static str,
    pub(crate) note: &'static str,
    pub(crate) targets: &'static str,
    pub(crate) company: &'static str,
    pub(crate) contact: &'static str,
    pub(crate) state: &'static str,
    pub(crate) source: &'static str,
    pub(crate) recommendation: &'static str,
    pub(crate) why_you_now: &'static str,
    pub(crate) suggested: &'static str,
    pub(crate) unfilled: &'static str,
}

impl Labels {
    fn new(lang: Lang) -> Labels {
        let t = |ja, en| lang.pick(ja, en);
        Labels {
            rep: t("担当者", "Rep"),
            no_reps: t(
                "この期間に計画する担当者がいません",
                "no rep to plan for in this window",
            ),
            short: t("不足", "short"),
            by_day: t("日別", "By day"),
            date: t("日付", "date"),
            attendance: t("出勤見込み", "attendance"),
            due: t("期日", "due"),
            added: t("追加", "added"),
            due_heading: t(
                "期間中に期日を迎えるネクストアクション",
                "Next actions due in the window",
            ),
            kind: t("種別", "kind"),
            target: t("対象", "target"),
            call_on: t("連絡日", "call on"),
            handling: t("扱い", "handling"),
            next_action: t("ネクストアクション", "next action"),
            note: t("メモ", "note"),
            targets: t("対象", "Targets"),
            company: t("会社", "company"),
            contact: t("担当者名", "contact"),
            state: t("状態", "state"),
            source: t("根拠", "source"),
            recommendation: t("推奨", "recommendation"),
            why_you_now: t("なぜ今", "Why you now"),
            suggested: t(
                "今日設定するネクストアクション",
                "Next actions to set today",
            ),
            unfilled: t(
                "対象が足りず埋まらない件数",
                "contacts left unfilled (no targets)",
            ),
        }
    }
}

/// The HTML page's values, as text.
pub(crate) struct PlanHtml {
    pub(crate) html_lang: &'static str,
    pub(crate) title: String,
    pub(crate) made_on: String,
    pub(crate) attendance: String,
    pub(crate) business_days: String,
    pub(crate) labels: Labels,
    pub(crate) reps: Vec<RepHtml>,
    pub(crate) industries: Option<String>,
}

/// One rep's section.
pub(crate) struct RepHtml {
    pub(crate) rep: String,
    pub(crate) capacity: String,
    pub(crate) capacity_note: String,
    pub(crate) short: bool,
    pub(crate) days: Vec<DayHtml>,
    pub(crate) due: Vec<DueHtml>,
    pub(crate) targets: Vec<TargetHtml>,
    pub(crate) suggested: Vec<SuggestedHtml>,
    pub(crate) unfilled: u64,
}

/// One business day of a rep.
pub(crate) struct DayHtml {
    pub(crate) date: String,
    pub(crate) attendance: String,
    pub(crate) due: u64,
    pub(crate) suggested: u64,
}

/// A next action due in the window.
pub(crate) struct DueHtml {
    pub(crate) promised: bool,
    pub(crate) mark: &'static str,
    pub(crate) due_on: String,
    pub(crate) target: String,
    pub(crate) call_on: String,
    pub(crate) handling: &'static str,
    pub(crate) id: String,
    pub(crate) note: String,
}

/// A target, its state and its Why-you-now line.
pub(crate) struct TargetHtml {
    pub(crate) target: String,
    pub(crate) company: String,
    pub(crate) contact: String,
    pub(crate) state: &'static str,
    pub(crate) source: String,
    pub(crate) recommendation: &'static str,
    pub(crate) why_you_now: String,
}

/// A next action to set today.
pub(crate) struct SuggestedHtml {
    pub(crate) due_on: String,
    pub(crate) target: String,
    pub(crate) recommendation: &'static str,
}

#[derive(Template)]
#[template(path = "plan.html")]
struct PlanPage<'a> {
    v: &'a PlanHtml,
}
