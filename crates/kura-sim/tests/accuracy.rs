//! The real diagnosis tells the simulator's stock-type reps from its
//! flow-type reps.
//!
//! For several seeds, a simulated organisation (3 teams × 8 reps, October
//! 2024 to October 2026) is written into a real SQLite file through
//! `kura_store::open`, `begin_import`, `put` and `commit`; then each named
//! low-attendance window of 2025 and 2026 is diagnosed from the store's
//! facts exactly as `kura diagnose` fetches them. Over all seeds and windows,
//! at least 95% of the clear stock-type reps (stockness ≥ CLEAR_STOCK_MIN)
//! must come out `stock` and of the clear flow-type reps (stockness ≤
//! CLEAR_FLOW_MAX) `flow`. The per-window table goes to stdout, so a failure
//! explains itself (`cargo test -p kura-sim accuracy -- --nocapture` shows
//! it on success too).

use jiff::civil::{Date, date};
use kura_calendar::{BusinessCalendar, Lang, LowAttendanceWindow};
use kura_core::diagnosis::{Class, Diagnosis, DiagnosisScope, Driver, diagnose};
use kura_core::model::Record;
use kura_core::thresholds::Thresholds;
use kura_core::time::OrgZone;
use kura_sim::{CLEAR_FLOW_MAX, CLEAR_STOCK_MIN, GroundTruth, SimConfig, simulate};
use kura_store::{ImportMeta, Store};
use std::fmt::Write as _;
use std::time::Instant;

/// Three organisations: different reps, stockness, leads and luck.
const SEEDS: [u64; 3] = [11, 22, 33];

/// The windows diagnosed: a name, a date inside the window, and the number
/// of business days the calendar gives it (checked, so that a calendar
/// change cannot silently swap a window).
const WINDOWS: [(&str, Date, usize); 7] = [
    // 04-28 … 05-09: the bridge days around Golden Week.
    ("2025 Golden Week", date(2025, 5, 1), 7),
    ("2025 Obon", date(2025, 8, 14), 3),
    // One Monday between an ordinary weekend and Autumnal Equinox Day.
    ("2025 Silver Week", date(2025, 9, 22), 1),
    ("2025/26 year end", date(2025, 12, 30), 4),
    ("2026 Golden Week", date(2026, 5, 1), 4),
    ("2026 Obon", date(2026, 8, 13), 2),
    // 09-24..25 after the five-day break of 09-19..23, as in the essay.
    ("2026 Silver Week", date(2026, 9, 24), 2),
];

/// The share of clear reps classified as built, over everything.
const OVERALL_MIN: f64 = 0.95;

/// The share per window with at least two business days.
const WINDOW_MIN: f64 = 0.90;

/// The share per single-day window, which is weaker for lack of data, not
/// of a drop. One business day of one rep holds about 45 counted activities
/// against a baseline of about 900 (20 days): the exact binomial test
/// (METRICS.md §5) finds a drop below θ = 0.9 at α = 0.05 only when the day
/// falls to 29 or fewer, 64% of the usual rate (two days need 72%, three
/// 76%, four 77%). A flow-type rep's ordinary days already vary by about 15%
/// (one standard deviation: how many fresh leads came in, a discouraging run
/// of misses), so when their day falls to about 55–60% of the usual, about
/// one in four still stays `inconclusive`.
const SINGLE_DAY_WINDOW_MIN: f64 = 0.70;

/// One clear rep's row in one window.
#[derive(Debug, Clone)]
struct Observation {
    seed: u64,
    window: usize,
    rep: String,
    /// Built stock-type (true) or flow-type (false).
    stock: bool,
    class: Class,
    drivers: Vec<Driver>,
    ri: Option<f64>,
    nac: Option<f64>,
    scheduled_share: Option<f64>,
    inbound_response_share: Option<f64>,
}

impl Observation {
    fn correct(&self) -> bool {
        self.class
            == if self.stock {
                Class::Stock
            } else {
                Class::Flow
            }
    }
}

fn config(seed: u64) -> SimConfig {
    SimConfig {
        seed,
        // The first window (2025-04-28) needs 12 weeks of baseline and 90
        // days of next-action history before it; the last ends 2026-09-25.
        from: date(2024, 10, 1),
        to: date(2026, 10, 31),
        teams: 3,
        reps_per_team: 8,
        scale: 1.0,
        lang: Lang::En,
    }
}

/// Simulates one organisation into a fresh SQLite file.
fn simulate_into_store(seed: u64, store: &mut dyn Store, zone: &OrgZone) -> GroundTruth {
    let mut tx = store
        .begin_import(ImportMeta::new("sim"))
        .expect("a fresh database starts an import");
    let mut failure = None;
    let truth = simulate(
        &config(seed),
        &BusinessCalendar::japan(),
        zone,
        &mut |record: Record| {
            if failure.is_none()
                && let Err(e) = tx.put(record)
            {
                failure = Some(e);
            }
        },
    )
    .expect("the test settings are valid");
    if let Some(e) = failure {
        panic!("seed {seed}: storing a simulated record failed: {e}");
    }
    tx.commit().expect("the import commits");
    truth
}

/// Diagnoses one window from the store, with the facts fetched as the CLI
/// fetches them (`kura_store::diagnosis_facts`).
fn diagnose_from_store(store: &dyn Store, zone: &OrgZone, w: &LowAttendanceWindow) -> Diagnosis {
    let calendar = BusinessCalendar::japan();
    let scope = DiagnosisScope::new(&calendar, w.from, w.to).expect("a window has business days");
    let facts = kura_store::diagnosis_facts(store, &scope, zone).expect("the facts are fetched");
    diagnose(&scope, &calendar, &facts, &Thresholds::default())
}

/// Every clear rep's row in every window, for one seed.
fn observe(seed: u64, windows: &[LowAttendanceWindow]) -> Vec<Observation> {
    let zone = OrgZone::tokyo();
    let dir = tempfile::tempdir().expect("a temporary directory");
    let path = dir.path().join("kura-accuracy.db");
    let mut store = kura_store::open(
        path.to_str().expect("the temporary path is UTF-8"),
        zone.clone(),
    )
    .expect("a fresh SQLite file opens");
    let truth = simulate_into_store(seed, store.as_mut(), &zone);
    let mut rows = Vec::new();
    for (wi, w) in windows.iter().enumerate() {
        let d = diagnose_from_store(store.as_ref(), &zone, w);
        for p in truth.rows() {
            let stock = if p.stockness >= CLEAR_STOCK_MIN {
                true
            } else if p.stockness <= CLEAR_FLOW_MAX {
                false
            } else {
                continue;
            };
            let row = d.rep(&p.rep).expect("every simulated rep is diagnosed");
            let f = &row.figures;
            rows.push(Observation {
                seed,
                window: wi,
                rep: p.rep.clone(),
                stock,
                class: f.class,
                drivers: f.drivers.clone(),
                ri: f.ri,
                nac: f.nac,
                scheduled_share: f.scheduled_share,
                inbound_response_share: f.inbound_response_share,
            });
        }
    }
    rows
}

fn mean(values: impl Iterator<Item = Option<f64>>) -> f64 {
    let (sum, n) = values
        .flatten()
        .fold((0.0, 0u32), |(s, n), v| (s + v, n + 1));
    sum / f64::from(n.max(1))
}

/// Share of rows that have a driver.
fn with_driver(rows: &[&Observation], driver: Driver) -> f64 {
    let n = rows.iter().filter(|r| r.drivers.contains(&driver)).count();
    n as f64 / rows.len().max(1) as f64
}

fn correct(rows: &[&Observation]) -> usize {
    rows.iter().filter(|r| r.correct()).count()
}

/// The per-window table: accuracy, then the figures behind the story (mean
/// ri, next-action coverage, share with `low_next_action_coverage` and
/// `thin_pipeline`, scheduled and inbound-response shares in the window).
fn table(windows: &[LowAttendanceWindow], rows: &[Observation]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{:<17} {:<23} {:>4} {:>6} {:>6} {:>6} | stock: {:>4} {:>4} {:>5} {:>5} {:>5} {:>5} | flow: {:>4} {:>4} {:>5} {:>5} {:>5} {:>5}",
        "window",
        "dates",
        "days",
        "stock",
        "flow",
        "ok",
        "ri",
        "nac",
        "lowNA",
        "thin",
        "sched",
        "inb",
        "ri",
        "nac",
        "lowNA",
        "thin",
        "sched",
        "inb",
    );
    for (wi, w) in windows.iter().enumerate() {
        let stock: Vec<&Observation> = rows.iter().filter(|r| r.window == wi && r.stock).collect();
        let flow: Vec<&Observation> = rows.iter().filter(|r| r.window == wi && !r.stock).collect();
        let figures = |v: &[&Observation]| {
            format!(
                "{:>4.2} {:>4.2} {:>5.2} {:>5.2} {:>5.2} {:>5.2}",
                mean(v.iter().map(|r| r.ri)),
                mean(v.iter().map(|r| r.nac)),
                with_driver(v, Driver::LowNextActionCoverage),
                with_driver(v, Driver::ThinPipeline),
                mean(v.iter().map(|r| r.scheduled_share)),
                mean(v.iter().map(|r| r.inbound_response_share)),
            )
        };
        let _ = writeln!(
            out,
            "{:<17} {:<23} {:>4} {:>6} {:>6} {:>5.1}% | stock: {} | flow: {}",
            WINDOWS[wi].0,
            format!("{}..{}", w.from, w.to),
            w.business_days.len(),
            format!("{}/{}", correct(&stock), stock.len()),
            format!("{}/{}", correct(&flow), flow.len()),
            100.0 * (correct(&stock) + correct(&flow)) as f64 / (stock.len() + flow.len()) as f64,
            figures(&stock),
            figures(&flow),
        );
    }
    let range = |stock: bool| {
        let nac = rows
            .iter()
            .filter(|r| r.stock == stock)
            .filter_map(|r| r.nac);
        nac.fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        })
    };
    let (stock_range, flow_range) = (range(true), range(false));
    let _ = writeln!(
        out,
        "next-action coverage per rep and window: stock {:.2}..{:.2}, flow {:.2}..{:.2}",
        stock_range.0, stock_range.1, flow_range.0, flow_range.1
    );
    let all: Vec<&Observation> = rows.iter().collect();
    let _ = writeln!(
        out,
        "overall: {} of {} clear reps classified as built ({:.1}%)",
        correct(&all),
        all.len(),
        100.0 * correct(&all) as f64 / all.len() as f64
    );
    for r in rows.iter().filter(|r| !r.correct()) {
        let _ = writeln!(
            out,
            "  missed: seed {} {} {} built {}, diagnosed {} (ri {:.2})",
            r.seed,
            WINDOWS[r.window].0,
            r.rep,
            if r.stock { "stock" } else { "flow" },
            r.class.code(),
            r.ri.unwrap_or(f64::NAN),
        );
    }
    out
}

#[test]
fn the_diagnosis_classifies_at_least_95_percent_of_clear_reps_as_built() {
    let started = Instant::now();
    let calendar = BusinessCalendar::japan();
    let period = config(SEEDS[0]);
    let in_period = calendar.low_attendance_windows(period.from, period.to);
    let windows: Vec<LowAttendanceWindow> = WINDOWS
        .iter()
        .map(|&(name, inside, days)| {
            let w = calendar
                .window_containing(inside)
                .unwrap_or_else(|| panic!("{name}: {inside} is in no low-attendance window"));
            assert_eq!(w.business_days.len(), days, "{name}: {w:?}");
            assert!(in_period.contains(&w), "{name} lies outside the period");
            w
        })
        .collect();
    assert_eq!(
        (windows[6].from, windows[6].to),
        (date(2026, 9, 24), date(2026, 9, 25))
    );

    // One organisation per thread: each simulates into its own file.
    let rows: Vec<Observation> = std::thread::scope(|s| {
        let handles: Vec<_> = SEEDS
            .iter()
            .map(|&seed| {
                let windows = &windows;
                s.spawn(move || observe(seed, windows))
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a seed's thread finished"))
            .collect()
    });
    let report = table(&windows, &rows);
    println!("{report}");
    println!(
        "{} seeds simulated, stored and diagnosed in {:.1} s",
        SEEDS.len(),
        started.elapsed().as_secs_f64()
    );

    // Every seed has clear reps of both kinds in every window (3 teams of 8:
    // 10 stock-type, 10 flow-type).
    for seed in SEEDS {
        for wi in 0..windows.len() {
            let of = |stock: bool| {
                rows.iter()
                    .filter(|r| r.seed == seed && r.window == wi && r.stock == stock)
                    .count()
            };
            assert!(of(true) >= 8 && of(false) >= 8, "seed {seed}, window {wi}");
        }
    }

    let all: Vec<&Observation> = rows.iter().collect();
    let overall = correct(&all) as f64 / all.len() as f64;
    assert!(
        overall >= OVERALL_MIN,
        "only {:.1}% classified as built\n{report}",
        100.0 * overall
    );
    for (wi, w) in windows.iter().enumerate() {
        let here: Vec<&Observation> = rows.iter().filter(|r| r.window == wi).collect();
        let share = correct(&here) as f64 / here.len() as f64;
        let min = if w.business_days.len() == 1 {
            SINGLE_DAY_WINDOW_MIN
        } else {
            WINDOW_MIN
        };
        assert!(
            share >= min,
            "{}: only {:.1}% classified as built (at least {:.0}% expected)\n{report}",
            WINDOWS[wi].0,
            100.0 * share,
            100.0 * min
        );
    }

    // The figures behind the class separate the two kinds in every window:
    // stock-type reps keep a next action for most customers they work and
    // work mostly what they scheduled; flow-type reps keep few, have little
    // due after a break and answer fresh inbound leads.
    for (wi, w) in windows.iter().enumerate() {
        let name = WINDOWS[wi].0;
        let of = |stock: bool| -> Vec<&Observation> {
            rows.iter()
                .filter(|r| r.window == wi && r.stock == stock)
                .collect()
        };
        let (stock, flow) = (of(true), of(false));
        let nac = (
            mean(stock.iter().map(|r| r.nac)),
            mean(flow.iter().map(|r| r.nac)),
        );
        assert!(
            (0.6..=0.9).contains(&nac.0) && nac.1 < 0.2,
            "{name}: mean next-action coverage stock {:.2}, flow {:.2}\n{report}",
            nac.0,
            nac.1
        );
        let scheduled = (
            mean(stock.iter().map(|r| r.scheduled_share)),
            mean(flow.iter().map(|r| r.scheduled_share)),
        );
        assert!(
            scheduled.0 >= 0.6 && scheduled.1 < 0.3,
            "{name}: mean scheduled share stock {:.2}, flow {:.2}\n{report}",
            scheduled.0,
            scheduled.1
        );
        let inbound = (
            mean(stock.iter().map(|r| r.inbound_response_share)),
            mean(flow.iter().map(|r| r.inbound_response_share)),
        );
        assert!(
            inbound.0 < 0.1 && inbound.1 >= 0.3,
            "{name}: mean inbound-response share stock {:.2}, flow {:.2}\n{report}",
            inbound.0,
            inbound.1
        );
        // One day's due next actions are too few to judge a pipeline by.
        if w.business_days.len() >= 2 {
            let thin = (
                with_driver(&stock, Driver::ThinPipeline),
                with_driver(&flow, Driver::ThinPipeline),
            );
            assert!(
                thin.0 <= 0.1 && thin.1 >= 0.9,
                "{name}: thin_pipeline holds for {:.0}% of stock-type and {:.0}% of flow-type reps\n{report}",
                100.0 * thin.0,
                100.0 * thin.1
            );
        }
    }

    // The essay's story in 2026 Silver Week: flow-type reps kept no next
    // actions for their customers and had almost nothing due after the
    // break; stock-type reps had both.
    let silver_week: Vec<&Observation> = rows.iter().filter(|r| r.window == 6).collect();
    let stock: Vec<&Observation> = silver_week.iter().copied().filter(|r| r.stock).collect();
    let flow: Vec<&Observation> = silver_week.iter().copied().filter(|r| !r.stock).collect();
    for driver in [Driver::LowNextActionCoverage, Driver::ThinPipeline] {
        let (f, s) = (with_driver(&flow, driver), with_driver(&stock, driver));
        assert!(
            f >= 0.9 && s <= 0.1,
            "2026 Silver Week: {} holds for {:.0}% of flow-type reps and {:.0}% of stock-type reps\n{report}",
            driver.code(),
            100.0 * f,
            100.0 * s
        );
    }
}
