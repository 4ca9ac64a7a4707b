//! The simulation loop: day by day, rep by rep.
//!
//! Each rep is a small state machine driven by one number, stockness
//! (0 = flow-type, 1 = stock-type), from which every habit is derived (see
//! [`Habits`]). Nothing looks at the calendar to change a rep's volume
//! directly: volume comes out of three mechanisms.
//!
//! 1. **Where the next call comes from.** A rep works, in order: next actions
//!    promised for today, fresh inbound leads, other due next actions, other
//!    fresh leads, then contacts from their book. A stock-type rep decides,
//!    after a conversation, which customers to keep, and keeps each with a
//!    next action after every touch (answered or not) until the customer
//!    ends it or cannot be reached for weeks; their day is mostly those next
//!    actions. A flow-type rep keeps few next actions and almost no book,
//!    and drops a lead after three days, so their callable list is the last
//!    few days' new leads: when fewer leads come in (low attendance,
//!    holidays before), the list runs dry.
//! 2. **Who picks up.** Customers' presence follows the calendar and, in a
//!    low-attendance window, each customer's state; a stock-type rep asked
//!    beforehand and calls those at work, a flow-type rep calls blind and
//!    finds many away on leave (whom they then leave until the break ends).
//! 3. **The psychological hurdle.** A rep stops earlier when their recent
//!    calls connect less often than usual, or when many of the customers
//!    they try turn out to be away on leave, the more so the more flow-type
//!    they are.

use crate::config::SimConfig;
use crate::customers::{
    self, NORMAL_DAY, OFF_DAY, Reachability, availability_note, industry_for, industry_name,
    is_open_for_deeper_talk, reachability, state_for, worth_calling,
};
use crate::days::DayTable;
use crate::draw::{mix, normal, poisson};
use crate::names::{company_name, rep_name};
use crate::truth::{GroundTruth, RepLabel, RepProfile};
use jiff::civil::Weekday;
use jiff::{Timestamp, ToSpan};
use kura_calendar::{BusinessCalendar, Lang};
use kura_core::model::{
    Account, Activity, ActivityKind, Availability, CallResult, CustomerState, Direction,
    INBOUND_SOURCE, Lead, NextAction, NextActionStatus, Outcome, Record, Rep,
};
use kura_core::time::OrgZone;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Days simulated before `from` without emitting activities, so that reps
/// enter the period with their usual next actions in hand.
pub(crate) const HISTORY_DAYS: i64 = 42;

/// Days after `to` the calendar is looked up for, for next actions due
/// after the period.
pub(crate) const HORIZON_DAYS: i64 = 200;

/// How far back the contacts in a rep's book at the start may go.
const BOOK_AGE_DAYS: i64 = 365;

/// How many days a new hire has been in the team at `to`.
const NEW_HIRE_DAYS: i32 = 55;

/// A next action more than this many days overdue is cancelled.
const STALE_DAYS: i32 = 14;

/// A book contact is called again at most once in this many days, unless a
/// next action says otherwise.
const NURTURE_GAP_DAYS: i32 = 10;

/// A lead is attempted at most this many times while fresh.
const MAX_FRESH_ATTEMPTS: u8 = 3;

/// Leads created at or after this minute of the day (after 08:00, so 15:00)
/// are first called the next day.
const SAME_DAY_CUTOFF_MIN: i64 = 7 * 60;

/// The most counted touches anyone makes in a business day.
const MAX_DAILY_TOUCHES: f64 = 60.0;

/// How many recent calls shape a rep's mood (about a day's calls).
const MOOD_MEMORY_CALLS: f64 = 60.0;

/// A recent connect rate within this share of the usual one does not
/// discourage anyone.
const MOOD_TOLERANCE: f64 = 0.2;

/// How many recent touches shape a rep's sense of how many customers are
/// away (a morning's work).
const AWAY_MEMORY_TOUCHES: f64 = 15.0;

/// Chance that a conversation ends the relationship (not interested, chose
/// someone else), whoever the rep.
const LOST_IN_CONVERSATION: f64 = 0.04;

/// Accounts per rep.
const ACCOUNTS_PER_REP: usize = 150;

/// A lead or contact as a target of activities.
#[derive(Debug, Clone, Copy)]
struct Contact {
    lead: u32,
    industry: u8,
    /// Whether the lead came in inbound.
    inbound: bool,
    /// Unix seconds of the lead's creation.
    created_at: i64,
}

/// What a rep keeps about a lead.
#[derive(Debug, Clone)]
struct LeadState {
    contact: Contact,
    created_day: i32,
    attempts: u8,
    /// Unanswered touches (missed calls, emails) since the last conversation.
    misses: u8,
    /// The rep means to keep this customer: a next action follows every
    /// touch (unless the rep slips), until the customer ends it.
    kept: bool,
    last_touch: i32,
    /// Connected or a dead number: no more fresh-lead attempts.
    done: bool,
    /// The window (index + 1) whose state the rep recorded; 0 for none.
    known_window: u16,
    known_state: CustomerState,
    has_next_action: bool,
}

impl LeadState {
    fn known_state_in(&self, window: u16) -> Option<CustomerState> {
        (self.known_window == window + 1).then_some(self.known_state)
    }
}

/// An open next action (ネクストアクション).
#[derive(Debug, Clone, Copy)]
struct OpenNa {
    id: u32,
    contact: Contact,
    created_at: i64,
    due: i32,
    promised: bool,
}

/// Something scheduled that is not a touch of the rep's own choosing.
#[derive(Debug, Clone, Copy)]
enum PendingKind {
    /// A meeting set by an appointment.
    Meeting,
    /// The customer calls back after a voicemail.
    Callback,
    /// The customer replies to an email.
    Reply,
}

#[derive(Debug, Clone, Copy)]
struct Pending {
    day: i32,
    kind: PendingKind,
    contact: Contact,
    planned_at: Option<i64>,
}

/// A rep's habits, all derived from stockness `s`.
#[derive(Debug, Clone, Copy)]
struct Habits {
    /// Counted touches on an ordinary day, before daily noise.
    capacity: f64,
    /// Chance that a present customer picks up the rep's call.
    reach: f64,
    /// New leads assigned per ordinary business day.
    inflow: f64,
    /// Calendar days a lead stays on the fresh list.
    fresh_days: i32,
    /// Contacts the rep keeps in their book.
    book_cap: usize,
    /// Chance of deciding to keep a customer after a conversation in which
    /// they stayed interested.
    keep_after_connect: f64,
    /// Chance of setting a retry after a missed call or an email to a
    /// contact the rep has not decided to keep.
    keep_after_miss: f64,
    /// Chance of forgetting to set the next action of a kept customer.
    slip: f64,
    /// Unanswered touches in a row after which the rep gives a contact up.
    persistence: u8,
    /// Chance that a next action after a conversation is a promise.
    promise: f64,
    /// Chance of asking about the coming low-attendance window.
    ask_state: f64,
    /// How much a low connect rate discourages the rep (0 = not at all).
    sensitivity: f64,
    /// Chance of an email after a missed first call on a fresh lead.
    email_after_miss: f64,
    /// Minutes after 08:00 the rep usually starts.
    start_minute: i64,
}

impl Habits {
    fn new<R: Rng + ?Sized>(s: f64, rng: &mut R) -> Self {
        // Habits follow stockness along a smooth S-curve (0.03 at s = 0.1,
        // 0.5 at s = 0.5, 0.94 at s = 0.85): a clear flow-type rep keeps
        // next to nothing, a clear stock-type rep nearly everything.
        let h = s * s * (3.0 - 2.0 * s);
        let early = rng.random_bool(0.2);
        Habits {
            capacity: rng.random_range(45.0..55.0),
            reach: rng.random_range(0.175..0.205),
            inflow: 1.5 + 30.0 * (1.0 - h).powf(1.5),
            fresh_days: 3 + (3.0 * h).round() as i32,
            book_cap: (800.0 * h * h) as usize,
            keep_after_connect: 0.05 + 0.93 * h,
            keep_after_miss: 0.03 + 0.95 * h,
            persistence: 2 + (14.0 * h).round() as u8,
            slip: 0.3 * (1.0 - h) * (1.0 - h),
            promise: 0.1 + 0.7 * h,
            ask_state: 0.9 * h * h,
            sensitivity: 2.0 * (1.0 - h).powf(1.5),
            email_after_miss: 0.45,
            start_minute: if early {
                rng.random_range(30..40)
            } else {
                rng.random_range(55..80)
            },
        }
    }
}

/// One simulated rep.
struct RepState {
    id: String,
    stockness: f64,
    habits: Habits,
    joined: i32,
    /// Connect rate the rep is used to on an ordinary day.
    expected_connect: f64,
    /// Recent calls and connects, each call weighing less as newer ones come
    /// (a memory of about [`MOOD_MEMORY_CALLS`] calls).
    recent_calls: f64,
    recent_connects: f64,
    /// Share of recent touches that found the customer away on leave.
    recent_away: f64,
    fresh: Vec<LeadState>,
    book: Vec<LeadState>,
    book_index: HashMap<u32, u32>,
    next_actions: Vec<OpenNa>,
    pending: Vec<Pending>,
}

impl RepState {
    /// Adds a business-day call to the rep's recent experience.
    fn remember_call(&mut self, connected: bool) {
        let keep = 1.0 - 1.0 / MOOD_MEMORY_CALLS;
        self.recent_calls = self.recent_calls * keep + 1.0;
        self.recent_connects = self.recent_connects * keep + if connected { 1.0 } else { 0.0 };
    }

    /// Adds a business-day touch to the rep's sense of how many customers
    /// are away.
    fn remember_touch(&mut self, found_away: bool) {
        let weight = 1.0 / AWAY_MEMORY_TOUCHES;
        self.recent_away =
            self.recent_away * (1.0 - weight) + if found_away { weight } else { 0.0 };
    }

    /// The share of a full day the rep has the heart for: 1 while recent
    /// calls connect about as often as usual and nobody is found away on
    /// leave; less the further the connect rate falls short and the more of
    /// the recent touches found the customer away (down to 40%), a little
    /// more on a lucky run (up to 115%); the more flow-type the rep, the
    /// stronger the swing.
    fn effort(&self) -> f64 {
        let deviation = self.recent_connects / self.recent_calls / self.expected_connect - 1.0;
        let beyond = if deviation.abs() <= MOOD_TOLERANCE {
            0.0
        } else {
            deviation - MOOD_TOLERANCE.copysign(deviation)
        };
        (1.0 + self.habits.sensitivity * (beyond - self.recent_away)).clamp(0.4, 1.15)
    }

    fn lead_mut(&mut self, lead: u32) -> Option<&mut LeadState> {
        if let Some(&i) = self.book_index.get(&lead) {
            return self.book.get_mut(i as usize);
        }
        self.fresh.iter_mut().find(|l| l.contact.lead == lead)
    }

    fn add_to_book<R: Rng + ?Sized>(&mut self, lead: LeadState, rng: &mut R) {
        if self.habits.book_cap == 0 {
            return;
        }
        if self.book.len() >= self.habits.book_cap {
            // Let go of the least recently touched of a few contacts without
            // a next action.
            let mut victim: Option<usize> = None;
            for _ in 0..6 {
                let i = rng.random_range(0..self.book.len());
                let b = &self.book[i];
                if b.has_next_action {
                    continue;
                }
                if victim.is_none_or(|v| b.last_touch < self.book[v].last_touch) {
                    victim = Some(i);
                }
            }
            let Some(v) = victim else { return };
            let gone = self.book.swap_remove(v);
            self.book_index.remove(&gone.contact.lead);
            if let Some(moved) = self.book.get(v) {
                self.book_index.insert(moved.contact.lead, v as u32);
            }
        }
        self.book_index
            .insert(lead.contact.lead, self.book.len() as u32);
        self.book.push(lead);
    }
}

/// Where a touch's target came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    NextAction,
    Fresh,
    Book,
}

/// One activity decided for today, before it gets its time.
#[derive(Debug, Clone)]
struct Touch {
    contact: Contact,
    kind: ActivityKind,
    result: Option<CallResult>,
    outcome: Outcome,
    /// The next action this touch works.
    completes: Option<OpenNa>,
    /// A next action to set: due day, promised.
    follow_up: Option<(i32, bool)>,
    /// A customer state recorded for a window.
    note: Option<(u16, CustomerState)>,
    /// Follows the previous touch a few minutes later (an email after a
    /// missed call).
    follows_previous: bool,
    /// Business days until the meeting this touch's appointment set.
    meeting_in: Option<u32>,
    callback: bool,
    reply: bool,
}

/// Everything fixed for the run.
struct World {
    seed: u64,
    lang: Lang,
    table: DayTable,
    from: i32,
    account_industry: Vec<u8>,
}

impl World {
    fn true_state(&self, contact: Contact, window: u16) -> CustomerState {
        let season = self.table.windows[usize::from(window)].season;
        let pct = (mix(self.seed, u64::from(contact.lead), u64::from(window)) % 100) as u32;
        state_for(contact.industry, season, pct)
    }

    fn reachability(&self, contact: Contact, day: i32) -> Reachability {
        let d = self.table.day(day);
        if !d.business {
            return OFF_DAY;
        }
        match d.window {
            Some(w) => reachability(self.true_state(contact, w)),
            None => NORMAL_DAY,
        }
    }

    /// Moves a due date out of a window the rep knows is a bad time.
    fn avoid_bad_window(&self, due: i32, lead: Option<&LeadState>) -> i32 {
        let Some(lead) = lead else { return due };
        let Some(w) = self.table.day(due).window else {
            return due;
        };
        match lead.known_state_in(w) {
            Some(state) if !worth_calling(state) => {
                let after = self.table.windows[usize::from(w)].to + 1;
                self.table.first_business_from(after).unwrap_or(due)
            }
            _ => due,
        }
    }

    fn timestamp(&self, secs: i64) -> Timestamp {
        Timestamp::from_second(secs).expect("simulated instants lie near validated dates")
    }
}

/// Where records go, with the id counters.
struct Out<'a> {
    rng: ChaCha8Rng,
    sink: &'a mut dyn FnMut(Record),
    next_activity: u64,
    next_lead: u32,
    next_na: u32,
    lead_status: &'static str,
}

impl Out<'_> {
    #[allow(clippy::too_many_arguments)]
    fn activity(
        &mut self,
        world: &World,
        rep: &str,
        at: i64,
        kind: ActivityKind,
        direction: Direction,
        personal: bool,
        call_result: Option<CallResult>,
        target: Option<u32>,
        planned_at: Option<i64>,
        outcome: Outcome,
    ) {
        self.next_activity += 1;
        let mut id = String::with_capacity(12);
        let _ = write!(id, "A{}", self.next_activity);
        let target = target.map(lead_id);
        (self.sink)(Record::Activity(Activity {
            id,
            occurred_at: world.timestamp(at),
            rep: rep.to_string(),
            kind,
            direction,
            personal,
            call_result,
            target,
            planned_at: planned_at.map(|p| world.timestamp(p)),
            outcome,
        }));
    }

    fn next_action(
        &mut self,
        world: &World,
        rep: &str,
        na: &OpenNa,
        closed: Option<(i64, NextActionStatus)>,
    ) {
        let (completed_at, status) = match closed {
            Some((at, status)) => (Some(world.timestamp(at)), status),
            None => (None, NextActionStatus::Open),
        };
        (self.sink)(Record::NextAction(NextAction {
            id: format!("N{}", na.id),
            rep: rep.to_string(),
            target: Some(lead_id(na.contact.lead)),
            created_at: world.timestamp(na.created_at),
            due_on: world.table.day(na.due).date,
            completed_at,
            status,
            promised: na.promised,
        }));
    }

    /// Creates a lead owned by `rep`, emits it and returns it.
    fn lead(
        &mut self,
        world: &World,
        rep: &str,
        created_at: i64,
        created_day: i32,
        inbound_share: f64,
    ) -> LeadState {
        self.next_lead += 1;
        let account = self.rng.random_range(0..world.account_industry.len());
        let industry = world.account_industry[account];
        let source = if self.rng.random_bool(inbound_share) {
            INBOUND_SOURCE
        } else {
            match self.rng.random_range(0..20) {
                0..=13 => "list",
                14..=17 => "event",
                _ => "referral",
            }
        };
        (self.sink)(Record::Lead(Lead {
            id: lead_id(self.next_lead),
            account_id: Some(format!("C{}", account + 1)),
            owner: Some(rep.to_string()),
            created_at: world.timestamp(created_at),
            source: Some(source.to_string()),
            status: Some(self.lead_status.to_string()),
        }));
        LeadState {
            contact: Contact {
                lead: self.next_lead,
                industry,
                inbound: source == INBOUND_SOURCE,
                created_at,
            },
            created_day,
            attempts: 0,
            misses: 0,
            kept: false,
            last_touch: i32::MIN / 2,
            done: false,
            known_window: 0,
            known_state: CustomerState::Unknown,
            has_next_action: false,
        }
    }
}

fn lead_id(n: u32) -> String {
    let mut s = String::with_capacity(10);
    let _ = write!(s, "L{n}");
    s
}

/// Share of new leads that are inbound (問い合わせ, 資料請求).
const INBOUND_SHARE: f64 = 0.45;

/// Runs the simulation (see the crate docs).
pub(crate) fn run(
    config: &SimConfig,
    calendar: &BusinessCalendar,
    zone: &OrgZone,
    sink: &mut dyn FnMut(Record),
) -> GroundTruth {
    let first = config.from.saturating_sub(HISTORY_DAYS.days());
    let last = config.to.saturating_add(HORIZON_DAYS.days());
    let table = DayTable::new(calendar, zone, first, last);
    let from = crate::days::index_of(first, config.from);
    let to = crate::days::index_of(first, config.to);
    let mut rng = ChaCha8Rng::seed_from_u64(config.seed);

    // Reps and teams.
    let team_size = config.team_size() as usize;
    let total_reps = team_size * config.teams as usize;
    let mut truth = GroundTruth::default();
    let mut reps: Vec<RepState> = Vec::with_capacity(total_reps);
    let mut teams: Vec<Vec<usize>> = Vec::new();
    let mut records: Vec<Record> = Vec::new();
    let new_hire_day = table
        .first_business_from((to - NEW_HIRE_DAYS).max(from))
        .unwrap_or(from);
    for t in 0..config.teams as usize {
        let team_id = format!("team-{:02}", t + 1);
        let mut members = Vec::with_capacity(team_size);
        for k in 0..team_size {
            let g = reps.len();
            let label = if g % 24 == 23 {
                RepLabel::NewHire
            } else {
                match k % 8 {
                    0 | 2 | 5 => RepLabel::Stock,
                    1 | 3 | 6 => RepLabel::Flow,
                    4 => RepLabel::Mixed,
                    _ if t % 2 == 0 => RepLabel::Flow,
                    _ => RepLabel::Stock,
                }
            };
            let stockness: f64 = match label {
                RepLabel::Stock => rng.random_range(0.78..0.95),
                RepLabel::Flow => rng.random_range(0.05..0.22),
                RepLabel::Mixed => rng.random_range(0.4..0.6),
                RepLabel::NewHire => rng.random_range(0.3..0.7),
            };
            let habits = Habits::new(stockness, &mut rng);
            let joined = if label == RepLabel::NewHire {
                new_hire_day
            } else {
                -rng.random_range(200..2000)
            };
            let joined_on = if joined >= 0 {
                table.day(joined).date
            } else {
                first.saturating_sub(i64::from(-joined).days())
            };
            let id = format!("rep-{:03}", g + 1);
            let (name, email) = rep_name(g, config.lang);
            records.push(Record::Rep(Rep {
                id: id.clone(),
                name: Some(name),
                team: Some(team_id.clone()),
                email: Some(email),
            }));
            truth.reps.push(RepProfile {
                rep: id.clone(),
                team: team_id.clone(),
                stockness,
                label,
                joined_on,
            });
            let expected_connect = habits.reach * customers::NORMAL_PRESENCE;
            let recent_calls = MOOD_MEMORY_CALLS;
            let recent_connects = MOOD_MEMORY_CALLS * expected_connect;
            reps.push(RepState {
                id,
                stockness,
                habits,
                joined,
                expected_connect,
                recent_calls,
                recent_connects,
                recent_away: 0.0,
                fresh: Vec::new(),
                book: Vec::new(),
                book_index: HashMap::new(),
                next_actions: Vec::new(),
                pending: Vec::new(),
            });
            members.push(g);
        }
        teams.push(members);
    }
    for r in records.drain(..) {
        sink(r);
    }

    // Accounts.
    let account_count = (total_reps * ACCOUNTS_PER_REP).max(500);
    let mut account_industry = Vec::with_capacity(account_count);
    for n in 0..account_count {
        let industry = industry_for(rng.random_range(0..100));
        account_industry.push(industry);
        sink(Record::Account(Account {
            id: format!("C{}", n + 1),
            name: Some(company_name(n, industry, config.lang)),
            industry: Some(industry_name(industry).to_string()),
        }));
    }

    let world = World {
        seed: config.seed,
        lang: config.lang,
        table,
        from,
        account_industry,
    };
    let mut out = Out {
        rng,
        sink,
        next_activity: 0,
        next_lead: 0,
        next_na: 0,
        lead_status: match config.lang {
            Lang::Ja => "新規",
            Lang::En => "new",
        },
    };

    // The contacts each rep already knows when the history starts.
    let day0 = world.table.day(0).eight_am;
    for rep in reps.iter_mut() {
        if rep.joined > 0 {
            continue;
        }
        let count = rep.habits.book_cap * 7 / 10;
        for _ in 0..count {
            let age = out.rng.random_range(1..BOOK_AGE_DAYS) as i32;
            let created_at = day0 - i64::from(age) * 86_400 + out.rng.random_range(3_600..36_000);
            let mut lead = out.lead(&world, &rep.id, created_at, -age, INBOUND_SHARE);
            lead.attempts = 2;
            lead.done = true;
            lead.last_touch = -out.rng.random_range(1..age.max(2));
            rep.add_to_book(lead, &mut out.rng);
        }
    }

    let mut touches: Vec<Touch> = Vec::with_capacity(96);
    for d in 0..=to {
        for members in &teams {
            for &r in members {
                work_day(&world, &mut out, &mut reps[r], d, &mut touches);
            }
            if d >= from {
                bulk_sends(&world, &mut out, &reps, members, d);
            }
        }
    }

    // Next actions still open at the end of the period.
    for rep in &reps {
        for na in &rep.next_actions {
            out.next_action(&world, &rep.id, na, None);
        }
    }
    truth
}

/// One rep's day: new leads, then the work, then the end-of-day tidy-up.
fn work_day(world: &World, out: &mut Out, rep: &mut RepState, d: i32, touches: &mut Vec<Touch>) {
    if d < rep.joined {
        return;
    }
    let day = world.table.day(d);
    let base = day.eight_am;

    // New leads arrive through the day.
    let arrivals = poisson(&mut out.rng, rep.habits.inflow * day.kind.lead_inflow());
    for _ in 0..arrivals {
        let minute: i64 = if day.business && out.rng.random_bool(0.88) {
            out.rng.random_range(60..660) // 09:00–19:00
        } else {
            out.rng.random_range(60..840) // 09:00–22:00
        };
        let created_at = base + minute * 60 + out.rng.random_range(0..60);
        let lead = out.lead(world, &rep.id, created_at, d, INBOUND_SHARE);
        rep.fresh.push(lead);
    }

    // Work: a full day on business days, now and then a little on days off.
    let capacity = if day.business {
        let ramp = if rep.joined >= 0 {
            (0.45 + 0.55 * f64::from(d - rep.joined) / 42.0).min(1.0)
        } else {
            1.0
        };
        let raw = (rep.habits.capacity + 2.0 * normal(&mut out.rng)).clamp(40.0, 60.0);
        (raw * ramp).round()
    } else if out.rng.random_bool(0.05) {
        f64::from(out.rng.random_range(2..=6))
    } else {
        0.0
    };
    touches.clear();
    if capacity > 0.0 {
        decide(world, out, rep, d, capacity, touches);
    }
    emit_day(world, out, rep, d, touches);

    // Fresh leads that have had their days move to the book (or are dropped).
    let mut i = 0;
    while i < rep.fresh.len() {
        let lead = &rep.fresh[i];
        if d - lead.created_day >= rep.habits.fresh_days {
            let lead = rep.fresh.swap_remove(i);
            rep.add_to_book(lead, &mut out.rng);
        } else {
            i += 1;
        }
    }
}

/// Decides today's touches, in the order of the rep's priorities, until the
/// day's capacity (reduced by a discouraging connect rate) is used or the
/// list runs dry.
fn decide(
    world: &World,
    out: &mut Out,
    rep: &mut RepState,
    d: i32,
    capacity: f64,
    touches: &mut Vec<Touch>,
) {
    let day = world.table.day(d);
    let business = day.business;

    // Due next actions; long-overdue ones are dropped. A rep who works on a
    // day off gets ahead with the next business day's unpromised ones.
    let ahead_to = if business {
        d
    } else {
        world.table.add_business_days(d, 1)
    };
    let mut due: Vec<OpenNa> = Vec::new();
    let mut keep = Vec::with_capacity(rep.next_actions.len());
    for na in std::mem::take(&mut rep.next_actions) {
        if na.due > d && (na.promised || na.due > ahead_to) {
            keep.push(na);
        } else if na.due < d - STALE_DAYS {
            if d >= world.from {
                let at = day.eight_am + rep.habits.start_minute * 60;
                out.next_action(world, &rep.id, &na, Some((at, NextActionStatus::Cancelled)));
            }
            if let Some(l) = rep.lead_mut(na.contact.lead) {
                l.has_next_action = false;
            }
        } else {
            due.push(na);
        }
    }
    rep.next_actions = keep;
    due.sort_by_key(|na| (!na.promised, na.due, na.id));

    // A rep who knows a customer is away or swamped in this window does not
    // call them now: the next action waits for after the window.
    if let Some(w) = day.window.filter(|_| business) {
        let mut i = 0;
        while i < due.len() {
            let known = rep
                .lead_mut(due[i].contact.lead)
                .and_then(|l| l.known_state_in(w));
            if known.is_some_and(|s| !worth_calling(s)) {
                rep.next_actions.push(due.remove(i));
            } else {
                i += 1;
            }
        }
    }

    // Fresh leads callable today (not those known to be away or swamped in
    // this window): inbound first, newest first.
    let known_bad_now = |l: &LeadState| {
        day.window
            .filter(|_| business)
            .and_then(|w| l.known_state_in(w))
            .is_some_and(|s| !worth_calling(s))
    };
    let cutoff = day.eight_am + SAME_DAY_CUTOFF_MIN * 60;
    let mut fresh: Vec<(bool, i64, u32)> = rep
        .fresh
        .iter()
        .filter(|l| {
            !l.done
                && !known_bad_now(l)
                && !l.has_next_action
                && l.attempts < MAX_FRESH_ATTEMPTS
                && l.last_touch < d
                && (l.created_day < d || l.contact.created_at < cutoff)
        })
        .map(|l| (l.contact.inbound, l.contact.created_at, l.contact.lead))
        .collect();
    fresh.sort_by_key(|&(inbound, at, lead)| (!inbound, std::cmp::Reverse(at), lead));

    let mut state = DayState {
        capacity,
        business,
        count: 0,
    };
    let promised_end = due.iter().take_while(|na| na.promised).count();
    let mut due_iter = due.into_iter();
    // 1. Promised next actions.
    for _ in 0..promised_end {
        let Some(na) = due_iter.next() else { break };
        if !state.keep_going(rep) {
            rep.next_actions.push(na);
            continue;
        }
        touch(
            world,
            out,
            rep,
            d,
            na.contact,
            Source::NextAction,
            Some(na),
            touches,
            &mut state,
        );
    }
    // 2. Fresh inbound leads, 3. other due next actions, 4. other fresh leads.
    let inbound_end = fresh.iter().take_while(|f| f.0).count();
    for &(_, _, lead) in &fresh[..inbound_end] {
        if !state.keep_going(rep) {
            break;
        }
        if let Some(contact) = rep.lead_mut(lead).map(|l| l.contact) {
            touch(
                world,
                out,
                rep,
                d,
                contact,
                Source::Fresh,
                None,
                touches,
                &mut state,
            );
        }
    }
    for na in due_iter {
        if !state.keep_going(rep) {
            // Not reached today: it stays open, overdue.
            rep.next_actions.push(na);
            continue;
        }
        touch(
            world,
            out,
            rep,
            d,
            na.contact,
            Source::NextAction,
            Some(na),
            touches,
            &mut state,
        );
    }
    for &(_, _, lead) in &fresh[inbound_end..] {
        if !state.keep_going(rep) {
            break;
        }
        if let Some(contact) = rep.lead_mut(lead).map(|l| l.contact) {
            touch(
                world,
                out,
                rep,
                d,
                contact,
                Source::Fresh,
                None,
                touches,
                &mut state,
            );
        }
    }
    // 5. Contacts from the book not called for a while, skipping those the
    // rep knows are away or swamped in this window.
    if !rep.book.is_empty() {
        let mut tries = 0;
        while state.keep_going(rep) && tries < 400 {
            tries += 1;
            let i = out.rng.random_range(0..rep.book.len());
            let b = &rep.book[i];
            if b.has_next_action || b.last_touch > d - NURTURE_GAP_DAYS {
                continue;
            }
            if let Some(w) = day.window.filter(|_| business)
                && b.known_state_in(w).is_some_and(|s| !worth_calling(s))
            {
                continue;
            }
            let contact = b.contact;
            touch(
                world,
                out,
                rep,
                d,
                contact,
                Source::Book,
                None,
                touches,
                &mut state,
            );
        }
    }
}

/// Today's running figures.
struct DayState {
    capacity: f64,
    business: bool,
    count: u32,
}

impl DayState {
    /// Whether the rep makes another touch: below capacity, and on a
    /// business day, below the capacity their recent connect rate leaves them
    /// the heart for (the essay's psychological hurdle).
    fn keep_going(&self, rep: &RepState) -> bool {
        let count = f64::from(self.count);
        if !self.business {
            return count < self.capacity;
        }
        count < (self.capacity * rep.effort()).min(MAX_DAILY_TOUCHES)
    }
}

/// Decides one touch of `contact` (and, after a missed first call on a fresh
/// lead, the email that follows it): its kind, whether the call connected,
/// what it produced, and what the rep schedules next.
#[allow(clippy::too_many_arguments)]
fn touch(
    world: &World,
    out: &mut Out,
    rep: &mut RepState,
    d: i32,
    contact: Contact,
    source: Source,
    na: Option<OpenNa>,
    touches: &mut Vec<Touch>,
    state: &mut DayState,
) {
    let day = world.table.day(d);
    let rng = &mut out.rng;
    let habits = rep.habits;
    let s = rep.stockness;
    let reach = world.reachability(contact, d);
    let promised = na.is_some_and(|n| n.promised);
    let (attempts, misses, kept, known_next) = match rep.lead_mut(contact.lead) {
        Some(l) => (
            l.attempts,
            l.misses,
            l.kept,
            day.next_window
                .and_then(|w| l.known_state_in(w).map(|st| (w, st))),
        ),
        None => (0, 0, false, None),
    };
    let first_fresh_attempt = source == Source::Fresh && attempts == 0;

    let is_call = if !state.business {
        rng.random_bool(0.3)
    } else {
        match source {
            Source::Fresh if attempts == 0 => true,
            Source::Fresh => rng.random_bool(0.85),
            Source::NextAction => rng.random_bool(0.8),
            Source::Book => rng.random_bool(0.65),
        }
    };

    let mut t = Touch {
        contact,
        kind: if is_call {
            ActivityKind::Call
        } else {
            ActivityKind::Email
        },
        result: None,
        outcome: Outcome::None,
        completes: na,
        follow_up: None,
        note: None,
        follows_previous: false,
        meeting_in: None,
        callback: false,
        reply: false,
    };
    // Whether the person is at work today. In a low-attendance window one
    // who is on leave is found to be away (a colleague or an out-of-office
    // reply says so), and the rep leaves them until the break is over.
    let present = rng.random_bool(reach.presence);
    let found_away = match day.window {
        Some(w) if state.business && !present => {
            (world.true_state(contact, w) == CustomerState::Away).then_some(w)
        }
        _ => None,
    };
    let mut connected = false;
    if is_call {
        // Someone who knows the customer (a next action, a book contact) has
        // the direct line; a promised call is expected.
        let relation = match source {
            Source::NextAction if promised => 3.0,
            Source::NextAction => 1.1,
            Source::Book => 1.0,
            Source::Fresh => 1.0,
        };
        let p = (habits.reach * reach.answer * relation).min(0.9);
        if present && rng.random_bool(p) {
            connected = true;
            t.result = Some(CallResult::Connected);
            let appointment =
                0.05 * (0.7 + 0.6 * s) * reach.appointment * if promised { 1.5 } else { 1.0 };
            if rng.random_bool(appointment.min(1.0)) {
                t.outcome = Outcome::Appointment;
                t.meeting_in = Some(rng.random_range(3..=10));
            }
        } else {
            let result = missed_call(rng, first_fresh_attempt);
            t.callback = result == CallResult::Voicemail && rng.random_bool(0.08);
            t.result = Some(result);
        }
    } else {
        if rng.random_bool((0.002 * reach.appointment).min(1.0)) {
            t.outcome = Outcome::Appointment;
            t.meeting_in = Some(rng.random_range(3..=10));
        }
        t.reply = rng.random_bool(0.05);
    }
    state.count += 1;
    if is_call && state.business {
        rep.remember_call(connected);
    }
    if state.business {
        rep.remember_touch(found_away.is_some());
    }
    let dead = t.result == Some(CallResult::WrongNumber);

    // What the rep keeps for later.
    let mut known_next = known_next;
    let mut kept = kept;
    if connected {
        // Ask how the customer will spend the coming low-attendance window.
        if let Some(w) = day.next_window {
            let window = &world.table.windows[usize::from(w)];
            if window.from - d <= 21 && known_next.is_none() && rng.random_bool(habits.ask_state) {
                let st = world.true_state(contact, w);
                t.note = Some((w, st));
                known_next = Some((w, st));
            }
        }
        // Some conversations end the relationship (no interest, another
        // vendor chosen); otherwise the rep keeps the customer by habit.
        kept = !rng.random_bool(LOST_IN_CONVERSATION)
            && (kept || rng.random_bool(habits.keep_after_connect));
        if kept && !rng.random_bool(habits.slip) {
            t.follow_up = match known_next {
                // A quiet week for them: agree on a call inside it.
                Some((w, st)) if is_open_for_deeper_talk(st) && rng.random_bool(0.8) => {
                    let days = &world.table.windows[usize::from(w)].business_days;
                    (!days.is_empty()).then(|| (days[rng.random_range(0..days.len())], true))
                }
                _ => Some((
                    world.table.add_business_days(d, rng.random_range(5..=25)),
                    rng.random_bool(habits.promise),
                )),
            };
        }
    } else if !dead
        && misses.saturating_add(1) < habits.persistence
        && rng.random_bool(if kept {
            1.0 - habits.slip
        } else {
            habits.keep_after_miss
        })
    {
        // Try again in a few days; after a few misses in a row, less often.
        let gap = if misses < 2 {
            rng.random_range(1..=4)
        } else {
            rng.random_range(3..=10)
        };
        t.follow_up = Some((world.table.add_business_days(d, gap), false));
    }
    let email_after = first_fresh_attempt
        && is_call
        && !connected
        && !dead
        && state.business
        && f64::from(state.count) < state.capacity
        && rng.random_bool(habits.email_after_miss);
    let email_reply = email_after && rng.random_bool(0.05);

    if let Some(lead) = rep.lead_mut(contact.lead) {
        lead.attempts = lead.attempts.saturating_add(1);
        lead.kept = kept;
        lead.misses = if connected {
            0
        } else {
            lead.misses.saturating_add(1)
        };
        lead.last_touch = d;
        lead.done |= connected || dead;
        if let Some((w, st)) = t.note {
            lead.known_window = w + 1;
            lead.known_state = st;
        }
        // What the rep knows about a later window stays.
        if let Some(w) = found_away
            && lead.known_window <= w + 1
        {
            lead.known_window = w + 1;
            lead.known_state = CustomerState::Away;
        }
    }
    if let Some((due, promised)) = t.follow_up {
        let due = world.avoid_bad_window(due, rep.lead_mut(contact.lead).as_deref());
        t.follow_up = Some((due, promised));
    }
    let has_next_action = t.follow_up.is_some();
    if let Some(lead) = rep.lead_mut(contact.lead) {
        lead.has_next_action = has_next_action;
    }
    touches.push(t);

    if email_after {
        touches.push(Touch {
            contact,
            kind: ActivityKind::Email,
            result: None,
            outcome: Outcome::None,
            completes: None,
            follow_up: None,
            note: None,
            follows_previous: true,
            meeting_in: None,
            callback: false,
            reply: email_reply,
        });
        state.count += 1;
    }
}

/// The result of a call that did not reach the right person: nobody
/// answered, a voicemail, a busy line, or (only on the first attempt at a new
/// lead, whose number nobody has tried yet) a wrong number.
fn missed_call<R: Rng + ?Sized>(rng: &mut R, first_attempt: bool) -> CallResult {
    match rng.random_range(0..100) {
        0..=57 => CallResult::NoAnswer,
        58..=80 => CallResult::Voicemail,
        81..=95 => CallResult::Busy,
        _ if first_attempt => CallResult::WrongNumber,
        _ => CallResult::NoAnswer,
    }
}

/// Gives today's touches their times and emits them with everything they
/// set in motion; then the meetings, callbacks and replies due today.
fn emit_day(world: &World, out: &mut Out, rep: &mut RepState, d: i32, touches: &[Touch]) {
    let day = world.table.day(d);
    let emit = d >= world.from;
    let base = day.eight_am;

    if !touches.is_empty() {
        // Minutes after 08:00: a working day runs from the rep's start to about
        // 18:45 with an hour's lunch at 12:00; a few hours around midday on a
        // day off.
        let (start, end, lunch) = if day.business {
            let start = rep.habits.start_minute + out.rng.random_range(0..8);
            (
                start as f64,
                (645 + out.rng.random_range(-15..=20)) as f64,
                true,
            )
        } else {
            (120.0, 420.0, false)
        };
        let span = end - start - if lunch { 60.0 } else { 0.0 };
        let step = span / touches.len() as f64;
        let mut prev_at = base;
        for (k, t) in touches.iter().enumerate() {
            let mut at = if t.follows_previous {
                prev_at + out.rng.random_range(90..300)
            } else {
                let mut minute = start + step * (k as f64 + out.rng.random_range(0.05..0.95));
                if lunch && minute >= 240.0 {
                    minute += 60.0;
                }
                base + (minute * 60.0) as i64
            };
            if at <= t.contact.created_at {
                at = t.contact.created_at + out.rng.random_range(180..1800);
            }
            prev_at = at;
            if emit {
                out.activity(
                    world,
                    &rep.id,
                    at,
                    t.kind,
                    Direction::Outbound,
                    true,
                    t.result,
                    Some(t.contact.lead),
                    t.completes.map(|na| na.created_at),
                    t.outcome,
                );
                if let Some(na) = &t.completes {
                    out.next_action(world, &rep.id, na, Some((at, NextActionStatus::Completed)));
                }
            }
            if let Some((due, promised)) = t.follow_up {
                out.next_na += 1;
                rep.next_actions.push(OpenNa {
                    id: out.next_na,
                    contact: t.contact,
                    created_at: at,
                    due,
                    promised,
                });
            }
            if let Some((w, state)) = t.note {
                let window = &world.table.windows[usize::from(w)];
                if window.to >= world.from {
                    (out.sink)(Record::Availability(Availability {
                        target: lead_id(t.contact.lead),
                        from: world.table.day(window.from).date,
                        to: world.table.day(window.to).date,
                        state,
                        note: Some(availability_note(state, world.lang).to_string()),
                    }));
                }
            }
            if let Some(n) = t.meeting_in {
                rep.pending.push(Pending {
                    day: world.table.add_business_days(d, n),
                    kind: PendingKind::Meeting,
                    contact: t.contact,
                    planned_at: Some(at),
                });
            }
            if t.callback || t.reply {
                rep.pending.push(Pending {
                    day: world.table.add_business_days(d, 1),
                    kind: if t.callback {
                        PendingKind::Callback
                    } else {
                        PendingKind::Reply
                    },
                    contact: t.contact,
                    planned_at: None,
                });
            }
        }
    }

    // Meetings, callbacks and replies due today.
    if rep.pending.iter().any(|p| p.day <= d) {
        let mut later = Vec::with_capacity(rep.pending.len());
        let mut today = Vec::new();
        for p in rep.pending.drain(..) {
            if p.day > d {
                later.push(p);
            } else if p.day == d {
                today.push(p);
            }
        }
        rep.pending = later;
        for p in today {
            // 10:00–17:00.
            let at = base + out.rng.random_range(120 * 60..540 * 60);
            match p.kind {
                PendingKind::Meeting => {
                    let outcome = if out.rng.random_bool(0.35) {
                        Outcome::Opportunity
                    } else {
                        Outcome::None
                    };
                    if emit {
                        out.activity(
                            world,
                            &rep.id,
                            at,
                            ActivityKind::Meeting,
                            Direction::Outbound,
                            true,
                            None,
                            Some(p.contact.lead),
                            p.planned_at,
                            outcome,
                        );
                    }
                }
                PendingKind::Callback => {
                    let appointment = out.rng.random_bool(0.1);
                    if emit {
                        out.activity(
                            world,
                            &rep.id,
                            at,
                            ActivityKind::Call,
                            Direction::Inbound,
                            true,
                            Some(CallResult::Connected),
                            Some(p.contact.lead),
                            None,
                            if appointment {
                                Outcome::Appointment
                            } else {
                                Outcome::None
                            },
                        );
                    }
                    if appointment {
                        rep.pending.push(Pending {
                            day: world
                                .table
                                .add_business_days(d, out.rng.random_range(3..=10)),
                            kind: PendingKind::Meeting,
                            contact: p.contact,
                            planned_at: Some(at),
                        });
                    }
                }
                PendingKind::Reply => {
                    if emit {
                        out.activity(
                            world,
                            &rep.id,
                            at,
                            ActivityKind::Email,
                            Direction::Inbound,
                            true,
                            None,
                            Some(p.contact.lead),
                            None,
                            Outcome::None,
                        );
                    }
                }
            }
        }
    }
}

/// A team's bulk emails (一斉配信, not counted as 行動量): a newsletter every
/// Wednesday to some of each rep's contacts, and a campaign on the first
/// business day of each month logged as one row without a target.
fn bulk_sends(world: &World, out: &mut Out, reps: &[RepState], members: &[usize], d: i32) {
    let day = world.table.day(d);
    if !day.business {
        return;
    }
    if day.date.weekday() == Weekday::Wednesday {
        for &r in members {
            let rep = &reps[r];
            if rep.joined > d {
                continue;
            }
            // Contacts from the book, or the recent leads of a rep without
            // one; never a lead created after the send.
            let send_at = day.eight_am + 2 * 3_600;
            let source = if rep.book.is_empty() {
                &rep.fresh
            } else {
                &rep.book
            };
            let pool: Vec<u32> = source
                .iter()
                .filter(|l| l.contact.created_at < send_at)
                .map(|l| l.contact.lead)
                .collect();
            if pool.is_empty() {
                continue;
            }
            let offset = out.rng.random_range(0..pool.len());
            for i in 0..pool.len().min(12) {
                let lead = pool[(offset + i) % pool.len()];
                out.activity(
                    world,
                    &rep.id,
                    send_at + i as i64,
                    ActivityKind::Email,
                    Direction::Outbound,
                    false,
                    None,
                    Some(lead),
                    None,
                    Outcome::None,
                );
            }
        }
    }
    let pos = day.business_before as usize;
    let first_of_month =
        pos == 0 || world.table.day(world.table.business[pos - 1]).date.month() != day.date.month();
    if first_of_month && let Some(rep) = members.iter().map(|&r| &reps[r]).find(|r| r.joined <= d) {
        out.activity(
            world,
            &rep.id,
            day.eight_am + 3 * 3_600,
            ActivityKind::Email,
            Direction::Outbound,
            false,
            None,
            None,
            None,
            Outcome::None,
        );
    }
}
