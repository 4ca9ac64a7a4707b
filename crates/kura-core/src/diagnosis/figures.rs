//! The figures of one row (a rep, a team or the organisation), its class and
//! its drivers (METRICS.md §5–§7).
//!
//! A row is built in two steps: [`Tally`] sums the counts (for a team, the
//! sums over its reps), then [`Figures::from_tally`] turns them into rates,
//! shares, the p-value, the class and the drivers. Every ratio is formed only
//! after the sums, so a team's rate is its total volume per business day.

use super::binomial;
use super::exact::prod;
use crate::facts::DayCounts;
use crate::thresholds::Thresholds;
use kura_calendar::Lang;
use serde::{Deserialize, Serialize};

/// The raw counts of one row, before any ratio is taken.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Tally {
    /// Counted activities (行動量) on the window's business days D(W).
    pub window: DayCounts,
    /// Counted activities on the window's non-business days.
    pub off_day_volume: u64,
    /// Counted activities on the baseline's business days D(base).
    pub baseline: DayCounts,
    /// Counted activities on the business days of `prev_week`.
    pub prev_week: DayCounts,
    /// Distinct targets of counted activities in the 90 days before A.
    pub nac_targets: u64,
    /// Of them, those with an open next action (ネクストアクション) at A 00:00.
    pub nac_covered: u64,
    /// Next actions open at A 00:00 and due in A..B.
    pub due_in_window: u64,
    /// Of them, those the customer agreed to (約束).
    pub promised_in_window: u64,
}

impl Tally {
    /// Adds another row's counts, except next-action coverage, which is not a
    /// sum (a team counts each target once).
    pub fn add_counts(&mut self, other: &Tally) {
        self.window.add(&other.window);
        self.off_day_volume += other.off_day_volume;
        self.baseline.add(&other.baseline);
        self.prev_week.add(&other.prev_week);
        self.due_in_window += other.due_in_window;
        self.promised_in_window += other.promised_in_window;
    }
}

/// The day counts a row's figures are taken over; the same for every row of
/// one diagnosis.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DayContext {
    /// |D(W)|, the window's business days (never 0).
    pub window_days: u64,
    /// |D(base)|, the business days of the trailing weeks.
    pub baseline_days: u64,
    /// Business days of `prev_week`, if there is one.
    pub prev_week_days: Option<u64>,
    /// How many trailing weeks were found (fewer than 2: insufficient data).
    pub trailing_weeks: usize,
}

/// The least number of trailing weeks a diagnosis needs (METRICS.md §4).
pub const MIN_TRAILING_WEEKS: usize = 2;

/// Stock-type, flow-type, or neither (METRICS.md §6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Class {
    /// ストック型: volume per business day held in the window (ri ≥ θ).
    Stock,
    /// フロー型: volume fell (ri < θ), and significantly (p_value < α).
    Flow,
    /// Volume fell, but not significantly.
    Inconclusive,
    /// Fewer than 2 trailing weeks, or too little baseline volume.
    InsufficientData,
}

impl Class {
    /// Every class, in the order of METRICS.md §6's JSON counts.
    pub const ALL: [Class; 4] = [
        Class::Stock,
        Class::Flow,
        Class::Inconclusive,
        Class::InsufficientData,
    ];

    /// The JSON code.
    pub fn code(self) -> &'static str {
        match self {
            Class::Stock => "stock",
            Class::Flow => "flow",
            Class::Inconclusive => "inconclusive",
            Class::InsufficientData => "insufficient_data",
        }
    }

    /// A short label for human output.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Class::Stock, Lang::Ja) => "ストック型",
            (Class::Stock, Lang::En) => "stock-type",
            (Class::Flow, Lang::Ja) => "フロー型",
            (Class::Flow, Lang::En) => "flow-type",
            (Class::Inconclusive, Lang::Ja) => "判定保留",
            (Class::Inconclusive, Lang::En) => "inconclusive",
            (Class::InsufficientData, Lang::Ja) => "データ不足",
            (Class::InsufficientData, Lang::En) => "insufficient data",
        }
    }
}

/// A link of the essay's causal chain that holds for a row (METRICS.md §7).
/// The declaration order is the order of §7, and drivers are listed in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum Driver {
    /// Volume per business day fell below θ of the baseline: ri < θ.
    VolumeDrop,
    /// The connect rate (着電率) fell: at least 20 calls and a drop of 0.05.
    ConnectRateDrop,
    /// Too few next actions due in the window for the rep's usual pace.
    ThinPipeline,
    /// Less than half of recent targets have an open next action.
    LowNextActionCoverage,
    /// In the baseline, under 30% of activity was scheduled beforehand.
    UnscheduledWork,
    /// In the baseline, at least 40% of activity answered fresh inbound leads.
    InboundDependent,
    /// Results (appointments, opportunities) per activity fell below 70%.
    ResultsDrop,
    /// Customers agreed to at least one contact per business day of the window.
    Prepared,
}

impl Driver {
    /// Every driver, in §7 order.
    pub const ALL: [Driver; 8] = [
        Driver::VolumeDrop,
        Driver::ConnectRateDrop,
        Driver::ThinPipeline,
        Driver::LowNextActionCoverage,
        Driver::UnscheduledWork,
        Driver::InboundDependent,
        Driver::ResultsDrop,
        Driver::Prepared,
    ];

    /// The JSON code.
    pub fn code(self) -> &'static str {
        match self {
            Driver::VolumeDrop => "volume_drop",
            Driver::ConnectRateDrop => "connect_rate_drop",
            Driver::ThinPipeline => "thin_pipeline",
            Driver::LowNextActionCoverage => "low_next_action_coverage",
            Driver::UnscheduledWork => "unscheduled_work",
            Driver::InboundDependent => "inbound_dependent",
            Driver::ResultsDrop => "results_drop",
            Driver::Prepared => "prepared",
        }
    }

    /// A short label for human output.
    pub fn label(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Driver::VolumeDrop, Lang::Ja) => "行動量の低下",
            (Driver::VolumeDrop, Lang::En) => "volume drop",
            (Driver::ConnectRateDrop, Lang::Ja) => "着電率の低下",
            (Driver::ConnectRateDrop, Lang::En) => "connect-rate drop",
            (Driver::ThinPipeline, Lang::Ja) => "期間内のネクストアクション不足",
            (Driver::ThinPipeline, Lang::En) => "thin pipeline",
            (Driver::LowNextActionCoverage, Lang::Ja) => "ネクストアクション設定率が低い",
            (Driver::LowNextActionCoverage, Lang::En) => "low next-action coverage",
            (Driver::UnscheduledWork, Lang::Ja) => "予定外の活動が中心",
            (Driver::UnscheduledWork, Lang::En) => "unscheduled work",
            (Driver::InboundDependent, Lang::Ja) => "インバウンド依存",
            (Driver::InboundDependent, Lang::En) => "inbound dependent",
            (Driver::ResultsDrop, Lang::Ja) => "成果率の低下",
            (Driver::ResultsDrop, Lang::En) => "results drop",
            (Driver::Prepared, Lang::Ja) => "約束済みの接点で準備済み",
            (Driver::Prepared, Lang::En) => "prepared",
        }
    }
}

/// How many rows fall in each class; every class is present, zeros included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClassCounts {
    /// Stock-type rows.
    pub stock: u64,
    /// Flow-type rows.
    pub flow: u64,
    /// Inconclusive rows.
    pub inconclusive: u64,
    /// Rows without enough data.
    pub insufficient_data: u64,
}

impl ClassCounts {
    /// Counts one more row of a class.
    pub fn count(&mut self, class: Class) {
        match class {
            Class::Stock => self.stock += 1,
            Class::Flow => self.flow += 1,
            Class::Inconclusive => self.inconclusive += 1,
            Class::InsufficientData => self.insufficient_data += 1,
        }
    }

    /// The count of one class.
    pub fn get(&self, class: Class) -> u64 {
        match class {
            Class::Stock => self.stock,
            Class::Flow => self.flow,
            Class::Inconclusive => self.inconclusive,
            Class::InsufficientData => self.insufficient_data,
        }
    }

    /// All rows counted.
    pub fn total(&self) -> u64 {
        self.stock + self.flow + self.inconclusive + self.insufficient_data
    }
}

/// The figures of one row, with exactly the keys of METRICS.md §5 in JSON.
///
/// Rates and shares are full doubles; `None` (JSON `null`) where the contract
/// says null. The raw counts behind them are in [`Figures::tally`], which is
/// not serialised.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Figures {
    /// Counted activities (行動量) on the window's business days.
    pub volume: u64,
    /// Counted activities on the window's non-business days.
    pub off_day_volume: u64,
    /// volume / |D(W)|.
    pub rate: f64,
    /// Counted activities on the baseline's business days.
    pub baseline_volume: u64,
    /// |D(base)|.
    pub baseline_days: u64,
    /// baseline_volume / baseline_days; null without baseline days.
    pub baseline_rate: Option<f64>,
    /// Resilience index rate / baseline_rate; null when baseline_rate is 0 or null.
    pub ri: Option<f64>,
    /// Volume per business day in `prev_week`; null without a prev_week.
    pub prev_week_rate: Option<f64>,
    /// rate / prev_week_rate; null when prev_week_rate is 0 or null.
    pub ri_prev_week: Option<f64>,
    /// Counted calls in the window.
    pub calls: u64,
    /// Of them, connected (通話成立).
    pub connected: u64,
    /// connected / calls (着電率); null without calls.
    pub connect_rate: Option<f64>,
    /// The same in the baseline.
    pub baseline_connect_rate: Option<f64>,
    /// Share of window activity planned on an earlier date.
    pub scheduled_share: Option<f64>,
    /// The same in the baseline.
    pub baseline_scheduled_share: Option<f64>,
    /// Share of window activity answering an inbound lead within 72 h.
    pub inbound_response_share: Option<f64>,
    /// The same in the baseline.
    pub baseline_inbound_response_share: Option<f64>,
    /// Next-action coverage (ネクストアクション設定率) at A 00:00; null
    /// without targets in the 90 days before A.
    pub nac: Option<f64>,
    /// Next actions open at A 00:00 and due in the window.
    pub due_in_window: u64,
    /// Of them, promised to the customer.
    pub promised_in_window: u64,
    /// Window activities with an outcome (appointment, opportunity).
    pub outcomes: u64,
    /// outcomes / volume; null when volume is 0.
    pub outcome_rate: Option<f64>,
    /// The same in the baseline.
    pub baseline_outcome_rate: Option<f64>,
    /// One-sided exact binomial test that the window rate is below θ × the
    /// baseline rate; never null.
    pub p_value: f64,
    /// Stock, flow, inconclusive or insufficient data.
    pub class: Class,
    /// The drivers that hold, in §7 order.
    pub drivers: Vec<Driver>,
    /// The counts behind the figures (not serialised), for human output.
    #[serde(skip)]
    pub tally: Tally,
}

/// num / den as a double; `None` when den is 0.
fn share(num: u64, den: u64) -> Option<f64> {
    (den != 0).then(|| num as f64 / den as f64)
}

/// (a·b) / (c·d) as a double from exact products; `None` when c·d is 0.
fn ratio_of_products(a: u64, b: u64, c: u64, d: u64) -> Option<f64> {
    let num = u128::from(a) * u128::from(b);
    let den = u128::from(c) * u128::from(d);
    (den != 0).then(|| num as f64 / den as f64)
}

impl Figures {
    /// Computes every figure, the class and the drivers of a row from its
    /// counts.
    pub fn from_tally(t: &Tally, days: &DayContext, th: &Thresholds) -> Figures {
        let w = &t.window;
        let b = &t.baseline;
        let d = days.window_days;
        let bd = days.baseline_days;
        let p_value = binomial::p_value(w.volume, b.volume, d, bd, th.theta);
        let prev_days = days.prev_week_days.filter(|&n| n > 0);
        let prev_week_rate = prev_days.map(|n| t.prev_week.volume as f64 / n as f64);
        let ri_prev_week =
            prev_days.and_then(|n| ratio_of_products(w.volume, n, d, t.prev_week.volume));

        let mut figures = Figures {
            volume: w.volume,
            off_day_volume: t.off_day_volume,
            rate: w.volume as f64 / d.max(1) as f64,
            baseline_volume: b.volume,
            baseline_days: bd,
            baseline_rate: share(b.volume, bd),
            // ri = (volume / d) / (bvol / bd) = volume·bd / (d·bvol); bd = 0
            // makes the numerator 0 but baseline_rate null, so guard it.
            ri: if bd == 0 {
                None
            } else {
                ratio_of_products(w.volume, bd, d, b.volume)
            },
            prev_week_rate,
            ri_prev_week,
            calls: w.calls,
            connected: w.connected,
            connect_rate: share(w.connected, w.calls),
            baseline_connect_rate: share(b.connected, b.calls),
            scheduled_share: share(w.scheduled, w.volume),
            baseline_scheduled_share: share(b.scheduled, b.volume),
            inbound_response_share: share(w.inbound_responses, w.volume),
            baseline_inbound_response_share: share(b.inbound_responses, b.volume),
            nac: share(t.nac_covered, t.nac_targets),
            due_in_window: t.due_in_window,
            promised_in_window: t.promised_in_window,
            outcomes: w.outcomes,
            outcome_rate: share(w.outcomes, w.volume),
            baseline_outcome_rate: share(b.outcomes, b.volume),
            p_value,
            class: Class::InsufficientData,
            drivers: Vec::new(),
            tally: *t,
        };
        figures.class = classify(t, days, th, p_value);
        figures.drivers = Driver::ALL
            .into_iter()
            .filter(|&dr| holds(dr, t, days, th))
            .collect();
        figures
    }
}

/// Whether ri is defined and ri ≥ θ (Some(true)), ri < θ (Some(false)), or
/// ri is null (None); exactly: volume·bd·θ_den ≥ θ_num·d·bvol.
fn ri_at_least_theta(t: &Tally, days: &DayContext, th: &Thresholds) -> Option<bool> {
    let (vol, bvol) = (t.window.volume, t.baseline.volume);
    let (d, bd) = (days.window_days, days.baseline_days);
    if bvol == 0 || bd == 0 || d == 0 {
        return None;
    }
    Some(prod(vol, bd, th.theta.denominator()) >= prod(th.theta.numerator(), d, bvol))
}

/// The class of METRICS.md §6, on exact fractions.
fn classify(t: &Tally, days: &DayContext, th: &Thresholds, p_value: f64) -> Class {
    if days.trailing_weeks < MIN_TRAILING_WEEKS || t.baseline.volume < th.min_baseline_volume {
        return Class::InsufficientData;
    }
    match ri_at_least_theta(t, days, th) {
        Some(true) => Class::Stock,
        Some(false) if p_value < th.alpha.to_f64() => Class::Flow,
        _ => Class::Inconclusive,
    }
}

/// Whether a driver of METRICS.md §7 holds, on exact fractions; a condition
/// on a null figure does not hold.
fn holds(driver: Driver, t: &Tally, days: &DayContext, th: &Thresholds) -> bool {
    let w = &t.window;
    let b = &t.baseline;
    let (d, bd) = (days.window_days, days.baseline_days);
    match driver {
        Driver::VolumeDrop => ri_at_least_theta(t, days, th) == Some(false),
        Driver::ConnectRateDrop => {
            // c/k − bc/bk ≤ −e/f  ⇔  f·c·bk + e·k·bk ≤ f·bc·k  (k, bk > 0).
            let (c, k, bc, bk) = (w.connected, w.calls, b.connected, b.calls);
            let (e, f) = (
                th.connect_rate_drop.numerator(),
                th.connect_rate_drop.denominator(),
            );
            k > 0
                && bk > 0
                && k >= th.connect_rate_min_calls
                && prod(f, c, bk).plus(prod(e, k, bk)) <= prod(f, bc, k)
        }
        Driver::ThinPipeline => {
            // due / d < g/h · bvol / bd  ⇔  due·bd·h < g·bvol·d  (bd > 0).
            let (g, h) = (th.thin_pipeline.numerator(), th.thin_pipeline.denominator());
            bd > 0 && prod(t.due_in_window, bd, h) < prod(g, b.volume, d)
        }
        Driver::LowNextActionCoverage => {
            let x = th.low_next_action_coverage;
            t.nac_targets > 0
                && prod(t.nac_covered, x.denominator(), 1) < prod(x.numerator(), t.nac_targets, 1)
        }
        Driver::UnscheduledWork => {
            let x = th.unscheduled_work;
            b.volume > 0 && prod(b.scheduled, x.denominator(), 1) < prod(x.numerator(), b.volume, 1)
        }
        Driver::InboundDependent => {
            let x = th.inbound_dependent;
            b.volume > 0
                && prod(b.inbound_responses, x.denominator(), 1) >= prod(x.numerator(), b.volume, 1)
        }
        Driver::ResultsDrop => {
            // out/vol < r · bout/bvol  ⇔  out·bvol·r_den < r_num·bout·vol.
            let x = th.results_drop;
            b.volume > 0
                && b.outcomes > 0
                && w.volume > 0
                && prod(w.outcomes, b.volume, x.denominator())
                    < prod(x.numerator(), b.outcomes, w.volume)
        }
        Driver::Prepared => t.promised_in_window >= d,
    }
}
