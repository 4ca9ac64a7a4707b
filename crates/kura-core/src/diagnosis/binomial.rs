//! The one-sided exact binomial test behind `p_value` (METRICS.md §5).
//!
//! Under the null hypothesis "the window's rate is θ × the baseline rate",
//! each of the n = volume + baseline_volume counted activities falls in the
//! window with probability p0 = θ·|D(W)| / (θ·|D(W)| + baseline_days). The
//! p-value is P(X ≤ volume) for X ~ Binomial(n, p0): how likely a volume this
//! low would be if the rep had kept θ of their usual pace.
//!
//! # Accuracy
//!
//! Organisation rows reach n in the millions, and the contract asks for a
//! relative error well under 1e-9. The usual continued fraction for the
//! regularized incomplete beta function (as in `statrs` 0.19) was measured at
//! relative errors of 1.5e-8 at n = 10⁷, so this module sums the probability
//! mass function instead:
//!
//! - the mass at the starting point is C. Loader's saddle-point expansion
//!   ("Fast and accurate computation of binomial probabilities", 2000; the
//!   algorithm of R's `dbinom`), which keeps its relative accuracy for any n
//!   because it never forms the huge, cancelling log-factorials;
//! - the tail is summed outward from the requested point with the exact ratio
//!   of consecutive masses, on the side of the mean where the sum is the
//!   small one: below the mean P(X ≤ k) directly, above it 1 − P(X > k);
//! - the sum stops when a geometric bound on the rest is below 1e-17 of the
//!   sum. Terms fall off like a Gaussian, so this is O(√n) terms at worst
//!   (about 15,000 at n = 10⁷, 50 µs) and a handful in far tails.
//!
//! The tests check it against 45-digit `mpmath` sums, including n = 10⁷ and
//! tails near 1e-300.

use crate::thresholds::Fraction;

/// ln(2π).
const LN_2PI: f64 = 1.837_877_066_409_345_5;

/// Relative size of the rest of a sum at which summing stops.
const TAIL_EPSILON: f64 = 1e-17;

/// Stirling's error ln(n!) − ln(√(2πn)·(n/e)ⁿ) for n = 1..=15, computed with
/// mpmath at 40 digits (`loggamma(n+1) - (n+1/2)·log(n) + n - log(sqrt(2π))`),
/// written with the digits mpmath printed; the compiler rounds each to the
/// nearest double.
#[allow(clippy::excessive_precision)]
const STIRLING_ERROR: [f64; 16] = [
    0.0, // n = 0 is never asked for
    0.081_061_466_795_327_258,
    0.041_340_695_955_409_294,
    0.027_677_925_684_998_339,
    0.020_790_672_103_765_093,
    0.016_644_691_189_821_192,
    0.013_876_128_823_070_748,
    0.011_896_709_945_891_770,
    0.010_411_265_261_972_096,
    0.009_255_462_182_712_733,
    0.008_330_563_433_362_871,
    0.007_573_675_487_951_841,
    0.006_942_840_107_209_530,
    0.006_408_994_188_004_207,
    0.005_951_370_112_758_848,
    0.005_554_733_551_962_801,
];

/// Stirling's error δ(n) = ln(n!) − ln(√(2πn)·(n/e)ⁿ) for an integer n ≥ 1:
/// a table up to 15, then the asymptotic series (error below 1e-16 there).
fn stirling_error(n: f64) -> f64 {
    const S0: f64 = 1.0 / 12.0;
    const S1: f64 = 1.0 / 360.0;
    const S2: f64 = 1.0 / 1260.0;
    const S3: f64 = 1.0 / 1680.0;
    const S4: f64 = 1.0 / 1188.0;
    if n <= 15.0 {
        return STIRLING_ERROR[n as usize];
    }
    let nn = n * n;
    if n > 500.0 {
        (S0 - S1 / nn) / n
    } else if n > 80.0 {
        (S0 - (S1 - S2 / nn) / nn) / n
    } else if n > 35.0 {
        (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n
    } else {
        (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n
    }
}

/// The deviance term x·ln(x/m) + m − x, computed without cancellation when x
/// is close to m (Loader's `bd0`).
fn deviance(x: f64, m: f64) -> f64 {
    if (x - m).abs() < 0.1 * (x + m) {
        // x·ln(x/m) + m − x = (x−m)·v + 2x·Σ_{j≥1} v^(2j+1)/(2j+1),
        // with v = (x−m)/(x+m) small.
        let v = (x - m) / (x + m);
        let mut sum = (x - m) * v;
        let mut term = 2.0 * x * v;
        let v2 = v * v;
        let mut j = 1.0;
        loop {
            term *= v2;
            let next = sum + term / (2.0 * j + 1.0);
            if next == sum {
                return next;
            }
            sum = next;
            j += 1.0;
        }
    }
    x * (x / m).ln() + m - x
}

/// P(X = k) for X ~ Binomial(n, p), with q = 1 − p, by Loader's saddle-point
/// expansion. Requires 0 < p, q and k ≤ n.
fn binomial_pmf(k: u64, n: u64, p: f64, q: f64) -> f64 {
    let (kf, nf) = (k as f64, n as f64);
    if k == 0 {
        // qⁿ, with ln q = −bd0-style care when p is small.
        let ln = if p < 0.1 {
            -deviance(nf, nf * q) - nf * p
        } else {
            nf * q.ln()
        };
        return ln.exp();
    }
    if k == n {
        let ln = if q < 0.1 {
            -deviance(nf, nf * p) - nf * q
        } else {
            nf * p.ln()
        };
        return ln.exp();
    }
    let rest = nf - kf;
    let ln = stirling_error(nf)
        - stirling_error(kf)
        - stirling_error(rest)
        - deviance(kf, nf * p)
        - deviance(rest, nf * q);
    let ln_norm = LN_2PI + kf.ln() + (-kf / nf).ln_1p();
    (ln - 0.5 * ln_norm).exp()
}

/// P(X ≤ k) for X ~ Binomial(n, p), accurate to a relative error of about
/// 1e-12 or better for n up to 10⁷ and beyond.
///
/// `p` and `q` are the success and failure probabilities (p + q = 1); both
/// are taken so that a small one keeps its full precision. Values outside
/// 0..=1 are clamped; NaN gives NaN.
pub fn binomial_cdf(k: u64, n: u64, p: f64, q: f64) -> f64 {
    if p.is_nan() || q.is_nan() {
        return f64::NAN;
    }
    let (p, q) = (p.clamp(0.0, 1.0), q.clamp(0.0, 1.0));
    if k >= n || p == 0.0 {
        return 1.0;
    }
    if q == 0.0 {
        // X = n with certainty, and k < n.
        return 0.0;
    }
    let (kf, nf) = (k as f64, n as f64);
    if kf < nf * p {
        // Below the mean: sum P(X = i) for i = k, k−1, … The ratio
        // P(X = i−1) / P(X = i) = i·q / ((n−i+1)·p) is below 1 for i ≤ k < np
        // and falls as i does, so the rest after a term t with ratio r is
        // at most t·r / (1 − r).
        let mut term = binomial_pmf(k, n, p, q);
        let mut sum = term;
        let odds = q / p;
        let mut i = k;
        while i > 0 && term > 0.0 {
            let r = (i as f64 / (n - i + 1) as f64) * odds;
            term *= r;
            sum += term;
            i -= 1;
            if term * r <= TAIL_EPSILON * sum * (1.0 - r) {
                break;
            }
        }
        sum
    } else {
        // At or above the mean: 1 − P(X > k), summing i = k+1, k+2, … with
        // the ratio P(X = i+1) / P(X = i) = (n−i)·p / ((i+1)·q), below 1 for
        // i > np − q and falling as i grows. The result is at least about
        // one half, so the subtraction loses nothing that matters.
        let first = k + 1;
        let mut term = binomial_pmf(first, n, p, q);
        let mut sum = term;
        let odds = p / q;
        let mut i = first;
        while i < n && term > 0.0 {
            let r = ((n - i) as f64 / (i + 1) as f64) * odds;
            term *= r;
            sum += term;
            i += 1;
            if term * r <= TAIL_EPSILON * sum * (1.0 - r) {
                break;
            }
        }
        (1.0 - sum).max(0.0)
    }
}

/// The `p_value` of METRICS.md §5: P(X ≤ volume) for
/// X ~ Binomial(volume + baseline_volume, p0), with
/// p0 = θ·window_days / (θ·window_days + baseline_days).
///
/// p0 is formed from exact integers (θ as a fraction), so neither p0 nor
/// 1 − p0 loses precision. With no baseline day p0 = 1, and the p-value is 1
/// (every activity is in the window, and X ≤ volume with certainty).
pub fn p_value(
    volume: u64,
    baseline_volume: u64,
    window_days: u64,
    baseline_days: u64,
    theta: Fraction,
) -> f64 {
    let n = volume.saturating_add(baseline_volume);
    // θ·d / (θ·d + bd) = (a·d) / (a·d + b·bd) for θ = a/b.
    let success = u128::from(theta.numerator()) * u128::from(window_days);
    let failure = u128::from(theta.denominator()) * u128::from(baseline_days);
    let total = success + failure;
    if total == 0 {
        // θ·d = 0 and no baseline day: no activity can be expected anywhere;
        // nothing speaks against the null hypothesis.
        return 1.0;
    }
    let p = success as f64 / total as f64;
    let q = failure as f64 / total as f64;
    binomial_cdf(volume, n, p, q)
}

#[cfg(test)]
// Reference values keep the digits their source printed.
#[allow(clippy::excessive_precision)]
mod tests {
    use super::*;

    /// Relative error, with both sides exactly zero counting as equal.
    fn rel(got: f64, want: f64) -> f64 {
        if got == want {
            0.0
        } else {
            ((got - want) / want).abs()
        }
    }

    #[test]
    fn stirling_series_meets_the_table() {
        // δ(16) by mpmath at 40 digits: 0.005207655919609640440717996857901898651.
        let want = 0.005_207_655_919_609_640_4;
        assert!(rel(stirling_error(16.0), want) < 1e-13);
        // δ(n) ≈ 1/(12n) for large n.
        assert!(rel(stirling_error(1e6), 1.0 / 12e6) < 1e-12);
    }

    #[test]
    fn small_cases_match_hand_computation() {
        // Binomial(10, 1/2): P(X ≤ 3) = (1 + 10 + 45 + 120) / 1024 = 176/1024.
        let got = binomial_cdf(3, 10, 0.5, 0.5);
        assert!(
            rel(got, 0.171_875) < 1e-14,
            "{got:e} rel {:e}",
            rel(got, 0.171_875)
        );
        // Binomial(3, 0.9): P(X ≤ 2) = 1 − 0.9³ = 0.271.
        assert!(rel(binomial_cdf(2, 3, 0.9, 0.1), 0.271) < 1e-14);
        // P(X ≤ 0) = qⁿ.
        assert!(rel(binomial_cdf(0, 4, 0.25, 0.75), 0.75f64.powi(4)) < 1e-14);
        // k ≥ n: certain.
        assert_eq!(binomial_cdf(7, 7, 0.3, 0.7), 1.0);
        assert_eq!(binomial_cdf(0, 0, 0.3, 0.7), 1.0);
        // Degenerate probabilities.
        assert_eq!(binomial_cdf(0, 5, 0.0, 1.0), 1.0);
        assert_eq!(binomial_cdf(4, 5, 1.0, 0.0), 0.0);
        assert!(binomial_cdf(1, 5, f64::NAN, 0.5).is_nan());
    }

    /// References: 45-digit mpmath sums of the mass function (each mass from
    /// `loggamma`, summed until the rest is below 1e-40 of the sum), checked
    /// against `mpmath.betainc(n-k, k+1, 0, 1-p, regularized=True)` where
    /// that converges (the first rows). scipy.stats.binom.cdf 1.17.1 differs
    /// from these by up to 3e-11 relative at n = 10⁶..10⁷; statrs 0.19.1 by up
    /// to 1.5e-8.
    const REFERENCES: &[(u64, u64, u64, u64, f64)] = &[
        // (k, n, p numerator, p denominator, P(X ≤ k))
        (30, 430, 27, 227, 5.288_575_534_143_975_081_6e-4),
        (0, 5, 27, 227, 0.530_909_739_304_196_341_7),
        (5, 100, 1, 2, 6.261_622_562_692_680_167_6e-23),
        (400, 1_000, 1, 2, 1.364_232_078_033_009_212_8e-10),
        (1_900, 10_000, 3, 10, 6.531_643_479_954_806_619_6e-139),
        (481_800, 1_000_000, 1, 2, 1.906_918_847_291_200_276_1e-290),
        (499_000, 1_000_000, 1, 2, 0.022_804_149_932_691_043_21),
        (500_500, 1_000_000, 1, 2, 0.841_586_595_848_042_376_58),
        (1_000, 1_000_000, 11, 10_000, 0.001_168_866_404_936_072_957),
        (0, 1_000_000, 1, 1_000_000, 0.367_879_257_231_645_094_29),
        (4_990_000, 10_000_000, 1, 2, 1.272_400_245_577_586_528_5e-10),
        (
            4_941_300,
            10_000_000,
            1,
            2,
            5.499_508_539_149_827_924_3e-302,
        ),
        (
            1_180_000,
            10_000_000,
            27,
            227,
            1.498_867_815_352_552_967_7e-20,
        ),
        (
            1_160_000,
            10_000_000,
            27,
            227,
            2.593_746_030_690_870_783_9e-183,
        ),
        (999_000, 10_000_000, 1, 10, 0.146_037_394_732_809_536_97),
        (1_000_000, 10_000_000, 1, 10, 0.500_266_330_621_087_431_94),
    ];

    #[test]
    fn matches_high_precision_references_to_well_under_1e_minus_9() {
        for &(k, n, a, b, want) in REFERENCES {
            let p = a as f64 / b as f64;
            let q = (b - a) as f64 / b as f64;
            let got = binomial_cdf(k, n, p, q);
            let err = rel(got, want);
            assert!(
                err < 1e-11,
                "k={k} n={n} p={a}/{b}: got {got:e}, want {want:e}, rel {err:e}"
            );
        }
    }

    #[test]
    fn far_tails_underflow_to_zero_rather_than_garbage() {
        // mpmath: P(X ≤ 474000) for Binomial(10⁶, 1/2) = 2.99e-590, below the
        // smallest double.
        let got = binomial_cdf(474_000, 1_000_000, 0.5, 0.5);
        assert!(got < 1e-307, "{got:e}");
        assert!(got >= 0.0);
    }

    #[test]
    fn p_value_uses_theta_window_and_baseline_days() {
        // 30 in a 3-day window against 400 in 20 baseline days, θ = 0.9:
        // p0 = 0.9·3 / (0.9·3 + 20) = 27/227, n = 430: the first reference.
        let theta = Fraction::new(9, 10).unwrap();
        let got = p_value(30, 400, 3, 20, theta);
        assert!(rel(got, 5.288_575_534_143_975_081_6e-4) < 1e-12);
        // No baseline day: p0 = 1 and the p-value is 1.
        assert_eq!(p_value(12, 0, 3, 0, theta), 1.0);
        // No activity at all: P(X ≤ 0) with n = 0 is 1.
        assert_eq!(p_value(0, 0, 3, 20, theta), 1.0);
    }
}
