//! Our own small counting over the generated records (deliberately not the
//! diagnosis engine): per-rep, per-local-date counts of counted activities,
//! plus the consistency problems found while the records stream by.

use jiff::Timestamp;
use jiff::civil::{Date, Weekday};
use kura_calendar::BusinessCalendar;
use kura_core::facts::DayCounts;
use kura_core::model::{ActivityKind, CallResult, Direction, NextActionStatus, Record};
use kura_core::time::OrgZone;
use kura_sim::{GroundTruth, SimConfig, simulate};
use std::collections::{HashMap, HashSet};

/// What one simulation produced, counted.
#[derive(Default)]
pub struct Summary {
    pub config: Option<SimConfig>,
    pub truth: GroundTruth,
    /// Counted activities (行動量) per (rep, local date).
    pub counted: HashMap<(String, Date), DayCounts>,
    /// Inbound leads per local date of creation.
    pub inbound_leads: HashMap<Date, u64>,
    /// Lead id → owner rep.
    pub lead_owner: HashMap<String, String>,
    /// Recorded availability notes per owner rep of the target.
    pub notes_by_rep: HashMap<String, u64>,
    /// Promised next actions per (rep, due date), whatever their status.
    pub promised_due: HashMap<(String, Date), u64>,
    /// The first local date each rep has an activity on.
    pub first_activity: HashMap<String, Date>,
    pub industries: HashSet<String>,
    pub call_results: HashMap<CallResult, u64>,
    pub bulk_with_target: u64,
    pub bulk_without_target: u64,
    pub inbound_calls: u64,
    pub inbound_emails: u64,
    pub meetings: u64,
    pub off_day_counted: u64,
    /// Activities before 09:00 local whose UTC date is the previous day.
    pub early_previous_utc_date: u64,
    pub next_actions: u64,
    pub open_next_actions: u64,
    /// Consistency problems (the first few are kept in full).
    pub problems: Vec<String>,
    pub problem_count: u64,
}

impl Summary {
    fn problem(&mut self, text: String) {
        self.problem_count += 1;
        if self.problems.len() < 20 {
            self.problems.push(text);
        }
    }

    /// Counted activities of one rep over some dates.
    pub fn rep_counts(&self, rep: &str, dates: &[Date]) -> DayCounts {
        let mut total = DayCounts::default();
        for d in dates {
            if let Some(c) = self.counted.get(&(rep.to_string(), *d)) {
                total.add(c);
            }
        }
        total
    }
}

/// Runs a simulation and counts what it produced.
pub fn summarise(config: &SimConfig) -> Summary {
    let calendar = BusinessCalendar::japan();
    let zone = OrgZone::tokyo();
    let mut s = Summary {
        config: Some(config.clone()),
        ..Summary::default()
    };
    let mut lead_created: HashMap<String, (Timestamp, bool)> = HashMap::new();
    let mut activity_ids: HashSet<String> = HashSet::new();
    let truth = simulate(config, &calendar, &zone, &mut |record| match record {
        Record::Rep(_) => {}
        Record::Account(a) => {
            if let Some(i) = a.industry {
                s.industries.insert(i);
            }
        }
        Record::Lead(l) => {
            let date = zone.local_date(l.created_at);
            if l.is_inbound() {
                *s.inbound_leads.entry(date).or_default() += 1;
            }
            if let Some(owner) = &l.owner {
                s.lead_owner.insert(l.id.clone(), owner.clone());
            }
            lead_created.insert(l.id, (l.created_at, l.source.as_deref() == Some("inbound")));
        }
        Record::Activity(a) => {
            if !activity_ids.insert(a.id.clone()) {
                s.problem(format!("activity id {} twice", a.id));
            }
            let local = zone.zoned(a.occurred_at);
            let date = local.date();
            if date < config.from || date > config.to {
                s.problem(format!("{} dated {date}, outside the period", a.id));
            }
            let hour = local.hour();
            if !(8..23).contains(&hour) {
                s.problem(format!("{} at {local}, outside office hours", a.id));
            }
            if hour < 9
                && a.occurred_at
                    .to_zoned_datetime(jiff::tz::TimeZone::UTC)
                    .date()
                    < date
            {
                s.early_previous_utc_date += 1;
            }
            s.first_activity
                .entry(a.rep.clone())
                .and_modify(|d| *d = (*d).min(date))
                .or_insert(date);
            let mut inbound_response = false;
            match &a.target {
                Some(t) => match lead_created.get(t) {
                    Some(&(created, inbound)) => {
                        if a.occurred_at < created {
                            s.problem(format!("{} before its lead {t} was created", a.id));
                        }
                        let age = a.occurred_at.duration_since(created).as_secs();
                        inbound_response = inbound && (0..=72 * 3600).contains(&age);
                    }
                    None => s.problem(format!("{} targets unknown lead {t}", a.id)),
                },
                None if a.is_counted() => s.problem(format!("counted {} has no target", a.id)),
                None => {}
            }
            if let Some(p) = a.planned_at
                && zone.local_date(p) >= date
            {
                s.problem(format!(
                    "{} planned on {} for {date}",
                    a.id,
                    zone.local_date(p)
                ));
            }
            if let Some(r) = a.call_result {
                *s.call_results.entry(r).or_default() += 1;
            }
            if !a.personal {
                if a.target.is_some() {
                    s.bulk_with_target += 1;
                } else {
                    s.bulk_without_target += 1;
                }
            }
            match (a.kind, a.direction) {
                (ActivityKind::Call, Direction::Inbound) => s.inbound_calls += 1,
                (ActivityKind::Email, Direction::Inbound) => s.inbound_emails += 1,
                (ActivityKind::Meeting, _) => s.meetings += 1,
                _ => {}
            }
            if a.is_counted() {
                if !calendar.is_business_day(date) {
                    s.off_day_counted += 1;
                }
                let c = s.counted.entry((a.rep.clone(), date)).or_default();
                c.volume += 1;
                if a.kind == ActivityKind::Call {
                    c.calls += 1;
                    if a.call_result == Some(CallResult::Connected) {
                        c.connected += 1;
                    }
                }
                if a.planned_at.is_some() {
                    c.scheduled += 1;
                }
                if inbound_response {
                    c.inbound_responses += 1;
                }
                if a.outcome != kura_core::model::Outcome::None {
                    c.outcomes += 1;
                }
            }
        }
        Record::NextAction(n) => {
            s.next_actions += 1;
            if n.status == NextActionStatus::Open {
                s.open_next_actions += 1;
            }
            if n.completed_at.is_some() == (n.status == NextActionStatus::Open) {
                s.problem(format!(
                    "next action {} is {} with completed_at {:?}",
                    n.id, n.status, n.completed_at
                ));
            }
            if let Some(done) = n.completed_at
                && done < n.created_at
            {
                s.problem(format!("next action {} closed before it was created", n.id));
            }
            if n.due_on <= zone.local_date(n.created_at) {
                s.problem(format!(
                    "next action {} due on {} but set on {}",
                    n.id,
                    n.due_on,
                    zone.local_date(n.created_at)
                ));
            }
            match n.target.as_deref() {
                Some(t) if lead_created.contains_key(t) => {}
                other => s.problem(format!("next action {} targets {other:?}", n.id)),
            }
            if n.promised {
                *s.promised_due.entry((n.rep.clone(), n.due_on)).or_default() += 1;
            }
        }
        Record::Availability(a) => {
            if a.from > a.to {
                s.problem(format!(
                    "availability for {} runs {}..{}",
                    a.target, a.from, a.to
                ));
            }
            match s.lead_owner.get(&a.target).cloned() {
                Some(owner) => *s.notes_by_rep.entry(owner).or_default() += 1,
                None => s.problem(format!("availability for unknown lead {}", a.target)),
            }
        }
    })
    .expect("the test settings are valid");
    s.truth = truth;
    s
}

/// Business days of a date range.
pub fn business_days(calendar: &BusinessCalendar, from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        if calendar.is_business_day(d) {
            out.push(d);
        }
        d = d
            .tomorrow()
            .expect("test dates are far from the end of time");
    }
    out
}

/// The business days of the normal weeks (five business days, none of them
/// low-attendance) that lie wholly inside a range.
pub fn normal_week_days(calendar: &BusinessCalendar, from: Date, to: Date) -> Vec<Date> {
    let mut out = Vec::new();
    let mut monday = from;
    while monday.weekday() != Weekday::Monday {
        monday = monday
            .tomorrow()
            .expect("test dates are far from the end of time");
    }
    loop {
        let sunday = monday.saturating_add(jiff::Span::new().days(6));
        if sunday > to {
            break;
        }
        let days = business_days(calendar, monday, sunday);
        if days.len() == 5 && !days.iter().any(|d| calendar.is_low_attendance_day(*d)) {
            out.extend(days);
        }
        monday = monday.saturating_add(jiff::Span::new().days(7));
    }
    out
}
