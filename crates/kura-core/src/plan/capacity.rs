//! The capacity check: are enough contacts already scheduled for the
//! window?
//!
//! It is the diagnosis's `thin_pipeline` test (METRICS.md §7) applied
//! before the window instead of after it: with `due` next actions due in the
//! window's |D(W)| business days and a baseline of `volume` counted
//! activities over `days` normal-week business days,
//!
//! > short ⇔ due / |D(W)| < thin_pipeline × volume / days
//!
//! decided on the integers (`due·days·h < g·volume·|D(W)|` for thin_pipeline
//! = g/h), exactly as the diagnosis decides it, so a window exactly on the
//! boundary is not short. Without baseline days nothing is short.
//!
//! The check also says what the window needs for the rep's usual volume:
//! `normal_volume` = ⌈volume × |D(W)| / days⌉ contacts, so
//! `contacts_needed` = normal_volume − due (never below 0).

use crate::thresholds::Fraction;
use kura_calendar::Lang;
use serde::{Deserialize, Serialize};

/// A rep's baseline (METRICS.md §5): counted activities (行動量) over the
/// business days of the trailing normal weeks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Baseline {
    /// `baseline_volume`.
    pub volume: u64,
    /// `baseline_days`.
    pub days: u64,
}

impl Baseline {
    /// `baseline_rate` = volume / days; `None` without days.
    pub fn rate(&self) -> Option<f64> {
        (self.days > 0).then(|| self.volume as f64 / self.days as f64)
    }

    /// The baseline of a diagnosis row.
    pub fn of_figures(figures: &crate::diagnosis::Figures) -> Baseline {
        Baseline {
            volume: figures.baseline_volume,
            days: figures.baseline_days,
        }
    }
}

/// Whether the contacts due in a window cover the rep's usual pace.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CapacityCheck {
    /// |D(W)|.
    pub business_days: u64,
    /// Open next actions due in the window.
    pub due_in_window: u64,
    /// Of them, promised (約束済み).
    pub promised_in_window: u64,
    /// Counted activities in the baseline.
    pub baseline_volume: u64,
    /// Business days of the baseline.
    pub baseline_days: u64,
    /// baseline_volume / baseline_days; null without baseline days.
    pub baseline_rate: Option<f64>,
    /// ⌈baseline_rate × |D(W)|⌉: the contacts of a usual window this long;
    /// null without baseline days.
    pub normal_volume: Option<u64>,
    /// The fewest due next actions that are not short; null without
    /// baseline days.
    pub min_due_not_short: Option<u64>,
    /// The thin-pipeline test holds: too few contacts scheduled.
    pub short: bool,
    /// normal_volume − due_in_window, at least 0 (0 without a baseline).
    pub contacts_needed: u64,
    /// One sentence, in the plan's language.
    pub note: String,
}

/// Runs the check (see the module docs).
pub fn check_capacity(
    due: u64,
    promised: u64,
    business_days: u64,
    baseline: Baseline,
    thin_pipeline: Fraction,
    lang: Lang,
) -> CapacityCheck {
    let (g, h) = (thin_pipeline.numerator(), thin_pipeline.denominator());
    let (bvol, bd, d) = (baseline.volume, baseline.days, business_days);
    let has_baseline = bd > 0;
    // due·bd·h < g·bvol·d, on 192-bit products.
    let short = has_baseline
        && wide(u128::from(due) * u128::from(bd), h) < wide(u128::from(g) * u128::from(bvol), d);
    let min_due_not_short = has_baseline.then(|| {
        let target = wide(u128::from(g) * u128::from(bvol), d);
        let ok = |n: u64| wide(u128::from(n) * u128::from(bd), h) >= target;
        smallest(ok)
    });
    let normal_volume = has_baseline.then(|| {
        let num = u128::from(bvol) * u128::from(d);
        u64::try_from(num.div_ceil(u128::from(bd))).unwrap_or(u64::MAX)
    });
    let contacts_needed = normal_volume.map_or(0, |n| n.saturating_sub(due));
    let rate = baseline.rate();
    let note = note(
        lang,
        due,
        d,
        rate,
        normal_volume,
        contacts_needed,
        short,
        thin_pipeline,
    );
    CapacityCheck {
        business_days: d,
        due_in_window: due,
        promised_in_window: promised,
        baseline_volume: bvol,
        baseline_days: bd,
        baseline_rate: rate,
        normal_volume,
        min_due_not_short,
        short,
        contacts_needed,
        note,
    }
}

/// a·b as a 256-bit number (high, low), for exact comparisons.
fn wide(a: u128, b: u64) -> (u128, u128) {
    let (a_lo, a_hi) = (a & u128::from(u64::MAX), a >> 64);
    let p0 = a_lo * u128::from(b);
    let p1 = a_hi * u128::from(b);
    let lo = p0.wrapping_add(p1 << 64);
    let carry = u128::from(lo < p0);
    ((p1 >> 64) + carry, lo)
}

/// The smallest n in 0..=u64::MAX with `ok(n)`, for a monotone `ok`
/// (u64::MAX when none is).
fn smallest(ok: impl Fn(u64) -> bool) -> u64 {
    let (mut lo, mut hi) = (0u64, u64::MAX);
    if !ok(hi) {
        return u64::MAX;
    }
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    lo
}

#[allow(clippy::too_many_arguments)]
fn note(
    lang: Lang,
    due: u64,
    days: u64,
    rate: Option<f64>,
    normal: Option<u64>,
    needed: u64,
    short: bool,
    thin: Fraction,
) -> String {
    let (Some(rate), Some(normal)) = (rate, normal) else {
        return lang
            .pick(
                "通常週の実績がないため、この期間に必要な行動量を計算できません",
                "no normal-week baseline, so the volume this window needs cannot be computed",
            )
            .to_string();
    };
    let per_day = due as f64 / days.max(1) as f64;
    match (lang, short, needed) {
        (Lang::Ja, true, _) => format!(
            "期間中に期日を迎えるネクストアクションは{due}件（1営業日あたり{per_day:.1}件）で、普段の行動量（1日{rate:.1}件）の{thin}倍を下回り掛け先が不足しています。{days}営業日で普段どおりの{normal}件に届くよう、あと{needed}件の接触を今のうちに予定してください"
        ),
        (Lang::En, true, _) => format!(
            "only {due} next actions are due in the window ({per_day:.1} a business day), below {thin} × the usual {rate:.1} a day: the call list is short. Schedule {needed} more contacts now to reach the usual {normal} over {days} business days"
        ),
        (Lang::Ja, false, 0) => format!(
            "期間中に期日を迎えるネクストアクションは{due}件で、{days}営業日の普段の行動量（{normal}件）を満たしています"
        ),
        (Lang::En, false, 0) => format!(
            "{due} next actions are due in the window, enough for the usual {normal} over {days} business days"
        ),
        (Lang::Ja, false, _) => format!(
            "期間中に期日を迎えるネクストアクションは{due}件で掛け先は不足していませんが、{days}営業日の普段の行動量（{normal}件）まではあと{needed}件です"
        ),
        (Lang::En, false, _) => format!(
            "{due} next actions are due in the window: not short, though {needed} more contacts would reach the usual {normal} over {days} business days"
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn quarter() -> Fraction {
        Fraction::new(1, 4).unwrap()
    }

    #[test]
    fn wide_products_carry_into_the_high_half() {
        assert_eq!(wide(u128::MAX, 2), (1, u128::MAX - 1));
        assert_eq!(wide(1 << 64, u64::MAX), (0, (u128::from(u64::MAX)) << 64));
        assert_eq!(wide(3, 5), (0, 15));
    }

    proptest! {
        // The exact test agrees with rational arithmetic where u128 is
        // enough, and min_due_not_short is exactly the boundary.
        #[test]
        fn the_boundary_is_exact(due in 0u64..500, bvol in 0u64..5000, bd in 1u64..200, d in 1u64..10,
                                 g in 0u64..100, h in 1u64..100) {
            let thin = Fraction::new(g, h).unwrap();
            let c = check_capacity(due, 0, d, Baseline { volume: bvol, days: bd }, thin, Lang::En);
            let lhs = u128::from(due) * u128::from(bd) * u128::from(thin.denominator());
            let rhs = u128::from(thin.numerator()) * u128::from(bvol) * u128::from(d);
            prop_assert_eq!(c.short, lhs < rhs);
            let m = c.min_due_not_short.unwrap();
            prop_assert_eq!(c.short, due < m);
            let not_short_at_m = check_capacity(m, 0, d, Baseline { volume: bvol, days: bd }, thin, Lang::En);
            prop_assert!(!not_short_at_m.short);
            if m > 0 {
                let short_below = check_capacity(m - 1, 0, d, Baseline { volume: bvol, days: bd }, thin, Lang::En);
                prop_assert!(short_below.short);
            }
            prop_assert_eq!(c.contacts_needed + due.min(c.normal_volume.unwrap()), c.normal_volume.unwrap());
        }
    }

    #[test]
    fn no_baseline_is_never_short() {
        let c = check_capacity(0, 0, 3, Baseline::default(), quarter(), Lang::Ja);
        assert!(!c.short);
        assert_eq!(
            (c.normal_volume, c.min_due_not_short, c.contacts_needed),
            (None, None, 0)
        );
        assert_eq!(
            c.note,
            "通常週の実績がないため、この期間に必要な行動量を計算できません"
        );
    }
}
