//! The window plan: per rep, what is due, every target's state and "Why you
//! now", the capacity check, and — when the call list is short — who to add.

use super::capacity::{Baseline, CapacityCheck, check_capacity};
use super::industry::{IndustryMapper, IndustryMatch};
use super::rules::SeasonRules;
use super::state::{Recommendation, StateSource, TargetState, resolve_state};
use super::template::SlotValues;
use super::topic::{Topic, evergreen_topics};
use super::why::{WhyYouNow, is_eligible, rank_topics, why_you_now};
use super::window::{AttendanceModel, PlanWindow, PlanWindowKind};
use crate::facts::OpenNextAction;
use crate::model::{Availability, CustomerState};
use crate::thresholds::Thresholds;
use jiff::civil::Date;
use kura_calendar::{BusinessCalendar, Lang, WindowKind};
use serde::{Deserialize, Serialize};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet};

/// Default recency limit for dated topics, in days before the window.
pub const DEFAULT_TOPIC_RECENCY_DAYS: u32 = 120;

/// The planner's settings (the `[plan]` table of `kura.toml`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PlanSettings {
    /// A dated topic is used when published at most this many days before
    /// the window's first day (and not after its last). Default 120.
    pub topic_recency_days: u32,
    /// Expected attendance per kind of business day.
    pub attendance: AttendanceModel,
}

impl Default for PlanSettings {
    fn default() -> Self {
        PlanSettings {
            topic_recency_days: DEFAULT_TOPIC_RECENCY_DAYS,
            attendance: AttendanceModel::default(),
        }
    }
}

/// One active target of a rep (a lead or contact the rep worked recently),
/// as the store returns it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTarget {
    /// Rep id.
    pub rep: String,
    /// Lead or contact id.
    pub target: String,
    /// Company (account) name.
    pub company: Option<String>,
    /// Contact person's name.
    pub contact: Option<String>,
    /// The account's industry, as free text from the CRM.
    pub industry: Option<String>,
    /// The local date of the rep's last counted activity with the target.
    pub last_contacted: Option<Date>,
    /// Counted activities with the target in the 90 days before the window.
    pub contacts_90d: u64,
}

/// A rep's baseline, from the diagnosis (`baseline_volume`,
/// `baseline_days`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepBaseline {
    /// Rep id.
    pub rep: String,
    /// The baseline.
    pub baseline: Baseline,
}

impl RepBaseline {
    /// Every rep's baseline from a diagnosis (`baseline_volume`,
    /// `baseline_days` of each rep row).
    pub fn of_diagnosis(diagnosis: &crate::diagnosis::Diagnosis) -> Vec<RepBaseline> {
        diagnosis
            .reps
            .iter()
            .map(|r| RepBaseline {
                rep: r.rep.clone(),
                baseline: Baseline::of_figures(&r.figures),
            })
            .collect()
    }
}

/// Everything a window plan is made from. Build it with [`PlanInput::new`]
/// (built-in rules, industry mapper and evergreen topics; default
/// thresholds and settings) and fill in the data.
#[derive(Debug, Clone)]
pub struct PlanInput<'a> {
    /// The business calendar.
    pub calendar: &'a BusinessCalendar,
    /// The window.
    pub window: &'a PlanWindow,
    /// Today (the day next actions would be set); days of the window before
    /// it get no new contacts.
    pub today: Date,
    /// Every rep's active targets.
    pub targets: &'a [PlanTarget],
    /// Next actions open at the window's start (any due date: those not due
    /// in the window are ignored).
    pub next_actions: &'a [OpenNextAction],
    /// Recorded customer states (any targets and dates).
    pub availability: &'a [Availability],
    /// Topics (news, feeds, evergreen).
    pub topics: &'a [Topic],
    /// Each rep's baseline.
    pub baselines: &'a [RepBaseline],
    /// Thresholds (`thin_pipeline` is used).
    pub thresholds: Thresholds,
    /// Industry-season rules.
    pub rules: &'a SeasonRules,
    /// Industry mapper.
    pub industries: &'a IndustryMapper,
    /// Settings.
    pub settings: PlanSettings,
}

impl<'a> PlanInput<'a> {
    /// An input with no data yet, the built-in rules, mapper and evergreen
    /// topics, default thresholds and settings.
    pub fn new(calendar: &'a BusinessCalendar, window: &'a PlanWindow, today: Date) -> Self {
        PlanInput {
            calendar,
            window,
            today,
            targets: &[],
            next_actions: &[],
            availability: &[],
            topics: evergreen_topics(),
            baselines: &[],
            thresholds: Thresholds::default(),
            rules: SeasonRules::builtin(),
            industries: IndustryMapper::builtin(),
            settings: PlanSettings::default(),
        }
    }
}

/// One business day of the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PlanDay {
    /// The date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Expected attendance (share of people at work).
    pub attendance: f64,
    /// A bridge day.
    pub bridge: bool,
    /// Obon or year end, when it is a customary day.
    pub customary: Vec<WindowKind>,
}

/// The window as planned.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[cfg_attr(feature = "openapi", schema(as = PlanWindowSummary))]
pub struct WindowSummary {
    /// First day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub from: Date,
    /// Last day.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub to: Date,
    /// Its season.
    pub kind: PlanWindowKind,
    /// The season's name in the plan's language.
    pub kind_label: String,
    /// The calendar's reasons (bridge, Obon, year end).
    pub calendar_kinds: Vec<WindowKind>,
    /// D(W), with expected attendance.
    pub business_days: Vec<PlanDay>,
    /// Sum of expected attendance over D(W) (attendance-weighted days).
    pub expected_attendance_days: f64,
    /// Dated topics from this day on are used.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub topics_since: Date,
    /// The first business day after the window (where avoided and away
    /// contacts are moved).
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub first_day_after: Date,
}

/// What happens to a next action due in the window.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum DueHandling {
    /// Keep it as it is.
    Keep,
    /// Move it after the window (the customer is busy or away, and it was
    /// not promised).
    Reschedule,
}

/// A next action due in the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DueAction {
    /// Next-action id.
    pub id: String,
    /// Target, if any.
    pub target: Option<String>,
    /// Due date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// The customer agreed to this contact time.
    pub promised: bool,
    /// The target's state in the window (none without a target).
    pub state: Option<CustomerState>,
    /// Whether that state is inferred.
    pub inferred: Option<bool>,
    /// Keep or reschedule.
    pub handling: DueHandling,
    /// The day to call: `due_on`, or the suggested new date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub call_on: Date,
    /// Why it is rescheduled or needs care, in the plan's language.
    pub note: Option<String>,
}

/// One target in the plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TargetPlan {
    /// Lead or contact id.
    pub target: String,
    /// Company name.
    pub company: Option<String>,
    /// Contact name.
    pub contact: Option<String>,
    /// The CRM's industry text.
    pub industry_text: Option<String>,
    /// What it maps to.
    pub industry: IndustryMatch,
    /// Last counted activity with the target.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, format = Date))]
    pub last_contacted: Option<Date>,
    /// Counted activities in the 90 days before the window.
    pub contacts_90d: u64,
    /// An active target (false for one only named by a next action).
    pub active: bool,
    /// Next actions due in the window for it.
    pub due_in_window: u64,
    /// Its state, recommendation and where the state comes from.
    pub state: TargetState,
    /// The reason to contact it now.
    pub why_you_now: WhyYouNow,
}

/// A next action the rep should set now to fill the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuggestedNextAction {
    /// Target.
    pub target: String,
    /// Suggested due date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub due_on: Date,
    /// Set it today.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub set_on: Date,
    /// The target's recommendation (contact_deep, normal or confirm).
    pub recommendation: Recommendation,
}

/// Contacts a day of the window holds for one rep.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepDayLoad {
    /// The date.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub date: Date,
    /// Expected attendance.
    pub attendance: f64,
    /// Next actions kept on it.
    pub due: u64,
    /// Suggested next actions placed on it.
    pub suggested: u64,
}

/// One rep's plan.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RepPlan {
    /// Rep id.
    pub rep: String,
    /// The capacity check.
    pub capacity: CapacityCheck,
    /// Per business day: what is kept and suggested.
    pub days: Vec<RepDayLoad>,
    /// Next actions due in the window: promised first, then by date.
    pub due_next_actions: Vec<DueAction>,
    /// Every target: by recommendation (contact_deep, normal, confirm,
    /// after_return, avoid), then most recently contacted.
    pub targets: Vec<TargetPlan>,
    /// When short: next actions to set now, on which targets and days.
    pub suggested_next_actions: Vec<SuggestedNextAction>,
    /// Contacts needed that no eligible target could fill.
    pub unfilled: u64,
}

/// An industry text that matched nothing, with how many targets carry it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnknownIndustry {
    /// The text as given.
    pub text: String,
    /// Targets with it (a target of two reps counts twice).
    pub targets: u64,
}

/// The plan of a window (the JSON of `kura plan --format json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WindowPlan {
    /// The language of every sentence in it.
    pub lang: Lang,
    /// The day it was made for.
    #[cfg_attr(feature = "openapi", schema(value_type = String, format = Date))]
    pub today: Date,
    /// The window.
    pub window: WindowSummary,
    /// One plan per rep, by rep id.
    pub reps: Vec<RepPlan>,
    /// Industry texts that matched nothing, most common first.
    pub unknown_industries: Vec<UnknownIndustry>,
    /// Targets with no industry at all.
    pub missing_industries: u64,
}

/// What a call-list row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    /// A promised next action (約束).
    Promised,
    /// A next action due in the window.
    Due,
    /// A next action to set now.
    Suggested,
    /// A next action moved after the window.
    Rescheduled,
}

/// One row of the call list (CSV): one contact.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CallListRow {
    /// Rep id.
    pub rep: String,
    /// Suggested date of the contact.
    pub date: Date,
    /// What the row is.
    pub kind: CallKind,
    /// The next action's id (empty for a suggestion).
    pub next_action: String,
    /// Target id (empty for a next action without one).
    pub target: String,
    /// Company name.
    pub company: String,
    /// Contact name.
    pub contact: String,
    /// The target's state.
    pub state: CustomerState,
    /// Whether the state is inferred.
    pub inferred: bool,
    /// The recommendation.
    pub recommendation: Recommendation,
    /// The "Why you now" line.
    pub why_you_now: String,
}

impl WindowPlan {
    /// The call list: one row per contact (next actions due in the window,
    /// kept or rescheduled, and suggested next actions), by rep, then date,
    /// then promised, due, suggested, rescheduled, then target.
    pub fn call_list(&self) -> Vec<CallListRow> {
        let mut rows = Vec::new();
        for rep in &self.reps {
            let by_id: BTreeMap<&str, &TargetPlan> =
                rep.targets.iter().map(|t| (t.target.as_str(), t)).collect();
            let row = |kind, date, next_action: &str, target: Option<&str>| {
                let t = target.and_then(|t| by_id.get(t));
                CallListRow {
                    rep: rep.rep.clone(),
                    date,
                    kind,
                    next_action: next_action.to_string(),
                    target: target.unwrap_or_default().to_string(),
                    company: t.and_then(|t| t.company.clone()).unwrap_or_default(),
                    contact: t.and_then(|t| t.contact.clone()).unwrap_or_default(),
                    state: t.map_or(CustomerState::Unknown, |t| t.state.state),
                    inferred: t.is_none_or(|t| t.state.inferred),
                    recommendation: t.map_or(Recommendation::Confirm, |t| t.state.recommendation),
                    why_you_now: t.map(|t| t.why_you_now.line.clone()).unwrap_or_default(),
                }
            };
            for due in &rep.due_next_actions {
                let kind = match (due.handling, due.promised) {
                    (DueHandling::Reschedule, _) => CallKind::Rescheduled,
                    (DueHandling::Keep, true) => CallKind::Promised,
                    (DueHandling::Keep, false) => CallKind::Due,
                };
                rows.push(row(kind, due.call_on, &due.id, due.target.as_deref()));
            }
            for s in &rep.suggested_next_actions {
                rows.push(row(CallKind::Suggested, s.due_on, "", Some(&s.target)));
            }
        }
        rows.sort_by(|a, b| {
            (&a.rep, a.date, a.kind, &a.target, &a.next_action).cmp(&(
                &b.rep,
                b.date,
                b.kind,
                &b.target,
                &b.next_action,
            ))
        });
        rows
    }
}

/// Plans the window for every rep (see the module docs of [`super`]).
/// Pure and deterministic: the same input gives the same plan.
pub fn plan_window(input: &PlanInput<'_>, lang: Lang) -> WindowPlan {
    let window = input.window;
    let calendar = input.calendar;
    let attendance = &input.settings.attendance;
    let first_day_after = calendar.next_business_day(window.to);
    let days: Vec<PlanDay> = window
        .business_days
        .iter()
        .map(|&date| {
            let info = calendar.day(date);
            PlanDay {
                date,
                attendance: attendance.of(calendar, date),
                bridge: info.bridge,
                customary: info
                    .customary
                    .iter()
                    .map(|&p| WindowKind::from(p))
                    .collect(),
            }
        })
        .collect();
    let topics_since = window
        .from
        .checked_sub(jiff::Span::new().days(i64::from(input.settings.topic_recency_days)))
        .unwrap_or(Date::MIN);
    let eligible: Vec<&Topic> = input
        .topics
        .iter()
        .filter(|t| is_eligible(t, window, input.settings.topic_recency_days))
        .collect();

    let mut availability: BTreeMap<&str, Vec<&Availability>> = BTreeMap::new();
    for row in input.availability {
        availability
            .entry(row.target.as_str())
            .or_default()
            .push(row);
    }
    let mut industry_cache: BTreeMap<Option<&str>, IndustryMatch> = BTreeMap::new();

    // Group the data by rep.
    let mut reps: BTreeSet<&str> = BTreeSet::new();
    let mut targets_of: BTreeMap<&str, Vec<&PlanTarget>> = BTreeMap::new();
    for t in input.targets {
        reps.insert(&t.rep);
        targets_of.entry(&t.rep).or_default().push(t);
    }
    let mut due_of: BTreeMap<&str, Vec<&OpenNextAction>> = BTreeMap::new();
    for na in input
        .next_actions
        .iter()
        .filter(|n| window.contains(n.due_on))
    {
        reps.insert(&na.rep);
        due_of.entry(&na.rep).or_default().push(na);
    }
    let mut baseline_of: BTreeMap<&str, Baseline> = BTreeMap::new();
    for b in input.baselines {
        reps.insert(&b.rep);
        baseline_of.entry(&b.rep).or_insert(b.baseline);
    }

    let ctx = RepContext {
        input,
        lang,
        days: &days,
        first_day_after,
        eligible: &eligible,
        availability: &availability,
    };
    let mut unknown: BTreeMap<String, u64> = BTreeMap::new();
    let mut missing = 0u64;
    let mut rep_plans = Vec::with_capacity(reps.len());
    for rep in reps {
        let plan = ctx.plan_rep(
            rep,
            targets_of.get(rep).map_or(&[][..], Vec::as_slice),
            due_of.get(rep).map_or(&[][..], Vec::as_slice),
            baseline_of.get(rep).copied().unwrap_or_default(),
            &mut industry_cache,
        );
        for t in &plan.targets {
            match &t.industry {
                IndustryMatch::Unknown(text) => *unknown.entry(text.clone()).or_default() += 1,
                IndustryMatch::Missing if t.active => missing += 1,
                _ => {}
            }
        }
        rep_plans.push(plan);
    }
    let mut unknown_industries: Vec<UnknownIndustry> = unknown
        .into_iter()
        .map(|(text, targets)| UnknownIndustry { text, targets })
        .collect();
    unknown_industries.sort_by(|a, b| b.targets.cmp(&a.targets).then(a.text.cmp(&b.text)));

    WindowPlan {
        lang,
        today: input.today,
        window: WindowSummary {
            from: window.from,
            to: window.to,
            kind: window.kind,
            kind_label: window.kind.label(lang).to_string(),
            calendar_kinds: window.calendar_kinds.clone(),
            expected_attendance_days: days.iter().map(|d| d.attendance).sum(),
            business_days: days,
            topics_since,
            first_day_after,
        },
        reps: rep_plans,
        unknown_industries,
        missing_industries: missing,
    }
}

struct RepContext<'a, 'b> {
    input: &'b PlanInput<'a>,
    lang: Lang,
    days: &'b [PlanDay],
    first_day_after: Date,
    eligible: &'b [&'a Topic],
    availability: &'b BTreeMap<&'a str, Vec<&'a Availability>>,
}

impl<'a> RepContext<'a, '_> {
    fn plan_rep(
        &self,
        rep: &str,
        targets: &[&'a PlanTarget],
        due: &[&'a OpenNextAction],
        baseline: Baseline,
        industry_cache: &mut BTreeMap<Option<&'a str>, IndustryMatch>,
    ) -> RepPlan {
        let input = self.input;
        let lang = self.lang;
        let window = input.window;

        // Every target: the active ones, then those only named by a due
        // next action. A target listed twice keeps its first row.
        let mut due_count: BTreeMap<&str, u64> = BTreeMap::new();
        for na in due {
            if let Some(t) = &na.target {
                *due_count.entry(t.as_str()).or_default() += 1;
            }
        }
        let mut seen = BTreeSet::new();
        let mut plans: Vec<TargetPlan> = Vec::new();
        for t in targets {
            if seen.insert(t.target.as_str()) {
                plans.push(self.target_plan(
                    &t.target,
                    Some(t),
                    due_count.get(t.target.as_str()).copied().unwrap_or(0),
                    industry_cache,
                ));
            }
        }
        for na in due {
            if let Some(id) = na.target.as_deref()
                && seen.insert(id)
            {
                let count = due_count.get(id).copied().unwrap_or(0);
                plans.push(self.target_plan(id, None, count, industry_cache));
            }
        }
        plans.sort_by(|a, b| {
            (
                a.state.recommendation,
                Reverse(a.last_contacted),
                Reverse(a.contacts_90d),
                &a.target,
            )
                .cmp(&(
                    b.state.recommendation,
                    Reverse(b.last_contacted),
                    Reverse(b.contacts_90d),
                    &b.target,
                ))
        });
        let by_id: BTreeMap<&str, &TargetPlan> =
            plans.iter().map(|p| (p.target.as_str(), p)).collect();

        // Next actions due in the window.
        let mut due_actions: Vec<DueAction> = due
            .iter()
            .map(|na| self.due_action(na, na.target.as_deref().and_then(|t| by_id.get(t).copied())))
            .collect();
        due_actions.sort_by(|a, b| {
            (Reverse(a.promised), a.due_on, &a.id).cmp(&(Reverse(b.promised), b.due_on, &b.id))
        });

        let promised = due.iter().filter(|n| n.promised).count() as u64;
        let capacity = check_capacity(
            due.len() as u64,
            promised,
            window.business_day_count(),
            baseline,
            input.thresholds.thin_pipeline,
            lang,
        );

        let mut loads: Vec<RepDayLoad> = self
            .days
            .iter()
            .map(|d| RepDayLoad {
                date: d.date,
                attendance: d.attendance,
                due: 0,
                suggested: 0,
            })
            .collect();
        for a in due_actions
            .iter()
            .filter(|a| a.handling == DueHandling::Keep)
        {
            if let Some(l) = loads.iter_mut().find(|l| l.date == a.call_on) {
                l.due += 1;
            }
        }

        // When short: add targets, contact_deep first, then normal, then
        // confirm; never avoid or after_return; most recently active first.
        let mut suggested = Vec::new();
        let mut unfilled = 0;
        if capacity.short {
            let mut candidates: Vec<&TargetPlan> = plans
                .iter()
                .filter(|p| {
                    p.active && p.due_in_window == 0 && p.state.recommendation.contact_in_window()
                })
                .collect();
            candidates.sort_by(|a, b| {
                (
                    a.state.recommendation,
                    Reverse(a.last_contacted),
                    Reverse(a.contacts_90d),
                    &a.target,
                )
                    .cmp(&(
                        b.state.recommendation,
                        Reverse(b.last_contacted),
                        Reverse(b.contacts_90d),
                        &b.target,
                    ))
            });
            let wanted = usize::try_from(capacity.contacts_needed).unwrap_or(usize::MAX);
            for p in candidates.into_iter().take(wanted) {
                let Some(i) = least_loaded(&loads, input.today) else {
                    break;
                };
                loads[i].suggested += 1;
                suggested.push(SuggestedNextAction {
                    target: p.target.clone(),
                    due_on: loads[i].date,
                    set_on: input.today,
                    recommendation: p.state.recommendation,
                });
            }
            unfilled = capacity.contacts_needed - suggested.len() as u64;
        }

        RepPlan {
            rep: rep.to_string(),
            capacity,
            days: loads,
            due_next_actions: due_actions,
            targets: plans,
            suggested_next_actions: suggested,
            unfilled,
        }
    }

    fn target_plan(
        &self,
        id: &str,
        target: Option<&'a PlanTarget>,
        due_in_window: u64,
        industry_cache: &mut BTreeMap<Option<&'a str>, IndustryMatch>,
    ) -> TargetPlan {
        let input = self.input;
        let lang = self.lang;
        let text = target.and_then(|t| t.industry.as_deref());
        let industry = industry_cache
            .entry(text)
            .or_insert_with(|| input.industries.map(text))
            .clone();
        let rows = self.availability.get(id).map_or(&[][..], Vec::as_slice);
        let state = resolve_state(id, &industry, input.window, rows, input.rules, lang);
        let groups = industry.industry().map(|i| i.groups);
        let ranked = rank_topics(self.eligible, groups, input.window);
        let values = SlotValues {
            company: target
                .and_then(|t| t.company.clone())
                .unwrap_or_else(|| SlotValues::company_fallback(lang).to_string()),
            contact: target
                .and_then(|t| t.contact.clone())
                .unwrap_or_else(|| SlotValues::contact_fallback(lang).to_string()),
            industry: industry.industry().map_or_else(
                || SlotValues::industry_fallback(lang).to_string(),
                |i| in_sentence(i.label(lang), lang),
            ),
            topic: String::new(),
            season: input.window.kind.label(lang).to_string(),
        };
        let why = why_you_now(&ranked, state.state, &values, lang);
        TargetPlan {
            target: id.to_string(),
            company: target.and_then(|t| t.company.clone()),
            contact: target.and_then(|t| t.contact.clone()),
            industry_text: text.map(str::to_string),
            industry,
            last_contacted: target.and_then(|t| t.last_contacted),
            contacts_90d: target.map_or(0, |t| t.contacts_90d),
            active: target.is_some(),
            due_in_window,
            state,
            why_you_now: why,
        }
    }

    fn due_action(&self, na: &OpenNextAction, target: Option<&TargetPlan>) -> DueAction {
        let lang = self.lang;
        let state = target.map(|t| &t.state);
        let rec = state.map(|s| s.recommendation);
        let state_label = state.map(|s| s.state.label(lang)).unwrap_or_default();
        let back_on = match state.map(|s| &s.source) {
            Some(StateSource::Recorded { to, .. }) if *to > self.input.window.to => {
                self.input.calendar.next_business_day(*to)
            }
            _ => self.first_day_after,
        };
        let (handling, call_on, note) = match (rec, na.promised) {
            (Some(Recommendation::Avoid | Recommendation::AfterReturn), true) => (
                DueHandling::Keep,
                na.due_on,
                Some(match lang {
                    Lang::Ja => format!(
                        "お客様と約束済みのため予定どおり。ただし「{state_label}」の見込みなので手短に"
                    ),
                    Lang::En => {
                        format!(
                            "promised, so keep it; they are likely \"{state_label}\", so keep it short"
                        )
                    }
                }),
            ),
            (Some(Recommendation::Avoid), false) => (
                DueHandling::Reschedule,
                back_on,
                Some(match lang {
                    Lang::Ja => {
                        format!("「{state_label}」の見込みのため{back_on}への延期をおすすめします")
                    }
                    Lang::En => format!("likely \"{state_label}\": move it to {back_on}"),
                }),
            ),
            (Some(Recommendation::AfterReturn), false) => (
                DueHandling::Reschedule,
                back_on,
                Some(match lang {
                    Lang::Ja => {
                        format!("お休みの見込みのため、休み明けの{back_on}への延期をおすすめします")
                    }
                    Lang::En => format!("likely away: move it to {back_on}, after they return"),
                }),
            ),
            _ => (DueHandling::Keep, na.due_on, None),
        };
        DueAction {
            id: na.id.clone(),
            target: na.target.clone(),
            due_on: na.due_on,
            promised: na.promised,
            state: state.map(|s| s.state),
            inferred: state.map(|s| s.inferred),
            handling,
            call_on,
            note,
        }
    }
}

/// The day (on or after `today`, with attendance above 0) with the fewest
/// contacts per unit of attendance; the earliest on a tie.
fn least_loaded(loads: &[RepDayLoad], today: Date) -> Option<usize> {
    let mut best: Option<(usize, f64)> = None;
    for (i, l) in loads.iter().enumerate() {
        if l.date < today || l.attendance <= 0.0 {
            continue;
        }
        let load = (l.due + l.suggested) as f64 / l.attendance;
        if best.is_none_or(|(_, b)| load < b) {
            best = Some((i, load));
        }
    }
    best.map(|(i, _)| i)
}

/// An industry name as it reads inside an English sentence ("Manufacturing"
/// → "manufacturing", "IT services" stays).
fn in_sentence(label: &str, lang: Lang) -> String {
    if lang == Lang::Ja {
        return label.to_string();
    }
    let mut chars = label.chars();
    match (chars.next(), chars.next()) {
        (Some(first), Some(second)) if first.is_uppercase() && second.is_lowercase() => {
            first.to_lowercase().chain(label.chars().skip(1)).collect()
        }
        _ => label.to_string(),
    }
}
