//! The thresholds of the stock/flow diagnosis (METRICS.md §6–§7), loaded from
//! the `[diagnosis]` table of `kura.toml`.
//!
//! Every threshold is an exact [`Fraction`]: the decimal the user wrote
//! (`theta = 0.9` is 9/10, not the binary double nearest to 0.9), so that a
//! figure exactly on a boundary counts as on it. The diagnosis compares
//! figures against thresholds by integer cross-multiplication, never in
//! floating point: with floats, 5/20 − 300/1000 is −0.04999999999999999 and a
//! connect-rate drop of exactly 0.05 would be missed.
//!
//! ```toml
//! [diagnosis]
//! theta = 0.9                  # stock when ri ≥ theta
//! alpha = 0.05                 # flow when ri < theta and p_value < alpha
//! min_baseline_volume = 30     # fewer baseline activities: insufficient_data
//! connect_rate_min_calls = 20
//! connect_rate_drop = 0.05
//! thin_pipeline = 0.25
//! low_next_action_coverage = 0.5
//! unscheduled_work = 0.3
//! inbound_dependent = 0.4
//! results_drop = 0.7
//! ```

use serde::de::{self, Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

/// An exact non-negative fraction `numerator / denominator`, in lowest terms.
///
/// Built from the decimal a user wrote: from text (`"0.9"`, `"9/10"`, `"1"`) or
/// from a TOML/JSON number, whose shortest round-trip decimal representation
/// is the decimal that was written (`0.9` → 9/10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fraction {
    num: u64,
    den: u64,
}

/// A value that cannot be read as a [`Fraction`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FractionError {
    /// The text is not a non-negative decimal or `a/b`.
    #[error("{0:?} is not a non-negative decimal number: write it like 0.9, 1 or 9/10")]
    Syntax(String),
    /// The value is negative, infinite or not a number.
    #[error("{0} is not a finite non-negative number: write it like 0.9")]
    OutOfRange(String),
    /// The decimal has too many digits to be held exactly.
    #[error(
        "{0:?} has too many digits: use at most 18 digits after the decimal point and 18 before"
    )]
    TooPrecise(String),
    /// `a/0`.
    #[error("{0:?} divides by zero: the denominator must be positive")]
    ZeroDenominator(String),
}

const fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        let t = a % b;
        a = b;
        b = t;
    }
    a
}

impl Fraction {
    /// Zero.
    pub const ZERO: Fraction = Fraction { num: 0, den: 1 };
    /// One.
    pub const ONE: Fraction = Fraction { num: 1, den: 1 };

    /// `num / den` in lowest terms; `None` when `den` is 0.
    pub const fn new(num: u64, den: u64) -> Option<Fraction> {
        if den == 0 {
            return None;
        }
        let g = gcd(num, den);
        Some(Fraction {
            num: num / g,
            den: den / g,
        })
    }

    /// A constant fraction whose denominator is known to be positive.
    const fn constant(num: u64, den: u64) -> Fraction {
        match Fraction::new(num, den) {
            Some(f) => f,
            None => Fraction::ZERO,
        }
    }

    /// The numerator (lowest terms).
    pub const fn numerator(self) -> u64 {
        self.num
    }

    /// The denominator (lowest terms, positive).
    pub const fn denominator(self) -> u64 {
        self.den
    }

    /// The nearest double, for display and for comparisons with floating-point
    /// results such as a p-value.
    pub fn to_f64(self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// The exact decimal a finite, non-negative double was written as: its
    /// shortest round-trip representation (`0.9` → 9/10, `0.05` → 1/20).
    pub fn from_f64(value: f64) -> Result<Fraction, FractionError> {
        if !value.is_finite() || value < 0.0 {
            return Err(FractionError::OutOfRange(value.to_string()));
        }
        // Rust's `Display` for f64 prints the shortest decimal that round-trips,
        // without an exponent.
        value.to_string().parse()
    }

    /// Whether `self < 1`.
    pub const fn is_below_one(self) -> bool {
        self.num < self.den
    }

    /// Whether `self ≤ 1`.
    pub const fn is_at_most_one(self) -> bool {
        self.num <= self.den
    }
}

impl FromStr for Fraction {
    type Err = FractionError;

    /// Reads `"0.9"`, `"12"`, `"1.25"` or `"9/10"` (surrounding spaces allowed).
    fn from_str(text: &str) -> Result<Fraction, FractionError> {
        let s = text.trim();
        let syntax = || FractionError::Syntax(text.to_string());
        let digits_only = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
        if let Some((a, b)) = s.split_once('/') {
            let (a, b) = (a.trim(), b.trim());
            if !digits_only(a) || !digits_only(b) {
                return Err(syntax());
            }
            let too_precise = |_| FractionError::TooPrecise(text.to_string());
            let num: u64 = a.parse().map_err(too_precise)?;
            let den: u64 = b.parse().map_err(too_precise)?;
            return Fraction::new(num, den)
                .ok_or_else(|| FractionError::ZeroDenominator(text.to_string()));
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        let int_ok = int.is_empty() || digits_only(int);
        let frac_ok = frac.is_empty() || digits_only(frac);
        if !int_ok || !frac_ok || (int.is_empty() && frac.is_empty()) {
            return Err(syntax());
        }
        // Trailing zeros after the point change nothing; dropping them keeps
        // "0.500000000000000000000" exact.
        let frac = frac.trim_end_matches('0');
        let int = int.trim_start_matches('0');
        if frac.len() > 18 || int.len() > 18 {
            return Err(FractionError::TooPrecise(text.to_string()));
        }
        let scale = 10u64.pow(frac.len() as u32);
        let int_value: u64 = if int.is_empty() {
            0
        } else {
            int.parse().map_err(|_| syntax())?
        };
        let frac_value: u64 = if frac.is_empty() {
            0
        } else {
            frac.parse().map_err(|_| syntax())?
        };
        let num = int_value
            .checked_mul(scale)
            .and_then(|v| v.checked_add(frac_value))
            .ok_or_else(|| FractionError::TooPrecise(text.to_string()))?;
        Fraction::new(num, scale).ok_or_else(syntax)
    }
}

impl fmt::Display for Fraction {
    /// The fraction as a decimal when it is one with at most 18 places
    /// (`0.9`), else as `a/b`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // A fraction in lowest terms is a finite decimal iff its denominator
        // divides a power of ten.
        let mut scale: u64 = 1;
        for places in 0..=18u32 {
            if scale.is_multiple_of(self.den) {
                let scaled = u128::from(self.num) * u128::from(scale / self.den);
                let int = scaled / u128::from(scale);
                let frac = scaled % u128::from(scale);
                return if places == 0 {
                    write!(f, "{int}")
                } else {
                    write!(f, "{int}.{frac:0width$}", width = places as usize)
                };
            }
            scale = match scale.checked_mul(10) {
                Some(s) => s,
                None => break,
            };
        }
        write!(f, "{}/{}", self.num, self.den)
    }
}

impl Serialize for Fraction {
    /// Serialised as the nearest double (`0.9`), which reads back exactly.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_f64(self.to_f64())
    }
}

impl<'de> Deserialize<'de> for Fraction {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Fraction, D::Error> {
        struct FractionVisitor;

        impl Visitor<'_> for FractionVisitor {
            type Value = Fraction;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a non-negative decimal number such as 0.9")
            }

            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Fraction, E> {
                Fraction::from_f64(v).map_err(E::custom)
            }

            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Fraction, E> {
                u64::try_from(v)
                    .map(|n| Fraction { num: n, den: 1 })
                    .map_err(|_| E::custom(FractionError::OutOfRange(v.to_string())))
            }

            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Fraction, E> {
                Ok(Fraction { num: v, den: 1 })
            }

            fn visit_str<E: de::Error>(self, v: &str) -> Result<Fraction, E> {
                v.parse().map_err(E::custom)
            }
        }

        deserializer.deserialize_any(FractionVisitor)
    }
}

/// The thresholds of classification (§6) and drivers (§7), every one defaulted.
///
/// Deserialised from the `[diagnosis]` table of `kura.toml`; an unknown key is
/// an error. Shares (`alpha`, `connect_rate_drop`, `low_next_action_coverage`,
/// `unscheduled_work`, `inbound_dependent`) must lie in 0..=1, `theta` must be
/// positive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Thresholds {
    /// θ: a row is stock-type (ストック型) when its resilience index
    /// `ri` ≥ θ. Default 0.9.
    #[serde(deserialize_with = "positive")]
    pub theta: Fraction,
    /// α: a row with `ri` < θ is flow-type (フロー型) when its `p_value` < α.
    /// Default 0.05.
    #[serde(deserialize_with = "share")]
    pub alpha: Fraction,
    /// A row with fewer counted activities (行動量) in the baseline is
    /// `insufficient_data`. Default 30.
    pub min_baseline_volume: u64,
    /// `connect_rate_drop` needs at least this many calls in the window.
    /// Default 20.
    pub connect_rate_min_calls: u64,
    /// `connect_rate_drop` holds when the connect rate (着電率) fell by at
    /// least this much: connect_rate − baseline_connect_rate ≤ −this.
    /// Default 0.05.
    #[serde(deserialize_with = "share")]
    pub connect_rate_drop: Fraction,
    /// `thin_pipeline` holds when next actions due in the window per business
    /// day are below this multiple of the baseline rate. Default 0.25.
    pub thin_pipeline: Fraction,
    /// `low_next_action_coverage` holds when nac (ネクストアクション設定率)
    /// is below this. Default 0.5.
    #[serde(deserialize_with = "share")]
    pub low_next_action_coverage: Fraction,
    /// `unscheduled_work` holds when the baseline scheduled share is below
    /// this. Default 0.3.
    #[serde(deserialize_with = "share")]
    pub unscheduled_work: Fraction,
    /// `inbound_dependent` holds when the baseline inbound-response share is
    /// at least this. Default 0.4.
    #[serde(deserialize_with = "share")]
    pub inbound_dependent: Fraction,
    /// `results_drop` holds when the outcome rate fell below this multiple of
    /// the baseline outcome rate. Default 0.7.
    pub results_drop: Fraction,
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            theta: Fraction::constant(9, 10),
            alpha: Fraction::constant(5, 100),
            min_baseline_volume: 30,
            connect_rate_min_calls: 20,
            connect_rate_drop: Fraction::constant(5, 100),
            thin_pipeline: Fraction::constant(25, 100),
            low_next_action_coverage: Fraction::constant(5, 10),
            unscheduled_work: Fraction::constant(3, 10),
            inbound_dependent: Fraction::constant(4, 10),
            results_drop: Fraction::constant(7, 10),
        }
    }
}

fn share<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fraction, D::Error> {
    let f = Fraction::deserialize(deserializer)?;
    if f.is_at_most_one() {
        Ok(f)
    } else {
        Err(de::Error::custom(format_args!(
            "{f} is not a share: use a number from 0 to 1"
        )))
    }
}

fn positive<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Fraction, D::Error> {
    let f = Fraction::deserialize(deserializer)?;
    if f.numerator() > 0 {
        Ok(f)
    } else {
        Err(de::Error::custom(
            "0 is not allowed here: use a positive number such as 0.9",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimals_are_read_exactly() {
        assert_eq!(
            "0.9".parse::<Fraction>().unwrap(),
            Fraction::new(9, 10).unwrap()
        );
        assert_eq!(
            "0.05".parse::<Fraction>().unwrap(),
            Fraction::new(1, 20).unwrap()
        );
        assert_eq!(
            " 1.250 ".parse::<Fraction>().unwrap(),
            Fraction::new(5, 4).unwrap()
        );
        assert_eq!(
            "3".parse::<Fraction>().unwrap(),
            Fraction::new(3, 1).unwrap()
        );
        assert_eq!(
            ".5".parse::<Fraction>().unwrap(),
            Fraction::new(1, 2).unwrap()
        );
        assert_eq!(
            "2/6".parse::<Fraction>().unwrap(),
            Fraction::new(1, 3).unwrap()
        );
        assert_eq!(
            "0.000000000000000001"
                .parse::<Fraction>()
                .unwrap()
                .denominator(),
            10u64.pow(18)
        );
    }

    #[test]
    fn bad_decimals_say_what_is_accepted() {
        for bad in ["", ".", "-0.5", "0.5.1", "1e-3", "abc", "1/"] {
            let err = bad.parse::<Fraction>().unwrap_err();
            assert!(matches!(err, FractionError::Syntax(_)), "{bad}: {err}");
        }
        assert_eq!(
            "1/0".parse::<Fraction>().unwrap_err().to_string(),
            "\"1/0\" divides by zero: the denominator must be positive"
        );
        assert!(matches!(
            "0.0000000000000000001".parse::<Fraction>(),
            Err(FractionError::TooPrecise(_))
        ));
        assert!(matches!(
            Fraction::from_f64(-0.1),
            Err(FractionError::OutOfRange(_))
        ));
        assert!(matches!(
            Fraction::from_f64(f64::NAN),
            Err(FractionError::OutOfRange(_))
        ));
    }

    #[test]
    fn a_double_becomes_the_decimal_that_was_written() {
        // 0.9 as a double is 0.90000000000000002220446...; its shortest
        // round-trip form is "0.9", so the fraction is exactly 9/10.
        assert_eq!(
            Fraction::from_f64(0.9).unwrap(),
            Fraction::new(9, 10).unwrap()
        );
        assert_eq!(
            Fraction::from_f64(0.05).unwrap(),
            Fraction::new(1, 20).unwrap()
        );
        assert_eq!(
            Fraction::from_f64(0.1 + 0.2).unwrap().to_string(),
            "0.30000000000000004"
        );
        assert_eq!(
            Fraction::from_f64(1e-7).unwrap(),
            Fraction::new(1, 10_000_000).unwrap()
        );
    }

    #[test]
    fn fractions_display_as_decimals_when_they_are() {
        assert_eq!(Fraction::new(9, 10).unwrap().to_string(), "0.9");
        assert_eq!(Fraction::new(1, 20).unwrap().to_string(), "0.05");
        assert_eq!(Fraction::new(3, 1).unwrap().to_string(), "3");
        assert_eq!(Fraction::new(1, 3).unwrap().to_string(), "1/3");
    }

    #[test]
    fn defaults_are_the_documented_values() {
        let t = Thresholds::default();
        assert_eq!(t.theta.to_string(), "0.9");
        assert_eq!(t.alpha.to_string(), "0.05");
        assert_eq!(t.min_baseline_volume, 30);
        assert_eq!(t.connect_rate_min_calls, 20);
        assert_eq!(t.connect_rate_drop.to_string(), "0.05");
        assert_eq!(t.thin_pipeline.to_string(), "0.25");
        assert_eq!(t.low_next_action_coverage.to_string(), "0.5");
        assert_eq!(t.unscheduled_work.to_string(), "0.3");
        assert_eq!(t.inbound_dependent.to_string(), "0.4");
        assert_eq!(t.results_drop.to_string(), "0.7");
    }

    #[test]
    fn thresholds_read_from_json_keep_defaults_and_reject_unknown_keys() {
        let t: Thresholds =
            serde_json::from_str(r#"{"theta": 0.8, "min_baseline_volume": 50}"#).unwrap();
        assert_eq!(t.theta, Fraction::new(4, 5).unwrap());
        assert_eq!(t.min_baseline_volume, 50);
        assert_eq!(t.alpha, Thresholds::default().alpha);
        let t: Thresholds = serde_json::from_str(r#"{"alpha": "1/100", "theta": 1}"#).unwrap();
        assert_eq!(t.alpha, Fraction::new(1, 100).unwrap());
        assert_eq!(t.theta, Fraction::ONE);

        let err = serde_json::from_str::<Thresholds>(r#"{"thetta": 0.8}"#).unwrap_err();
        assert!(err.to_string().contains("unknown field `thetta`"), "{err}");
        let err = serde_json::from_str::<Thresholds>(r#"{"alpha": 1.5}"#).unwrap_err();
        assert!(
            err.to_string()
                .contains("1.5 is not a share: use a number from 0 to 1"),
            "{err}"
        );
        let err = serde_json::from_str::<Thresholds>(r#"{"theta": 0}"#).unwrap_err();
        assert!(err.to_string().contains("use a positive number"), "{err}");
        let err = serde_json::from_str::<Thresholds>(r#"{"results_drop": -0.7}"#).unwrap_err();
        assert!(
            err.to_string().contains("not a finite non-negative number"),
            "{err}"
        );
    }

    #[test]
    fn thresholds_load_from_the_diagnosis_table_of_kura_toml() {
        #[derive(Debug, Deserialize)]
        struct File {
            #[serde(default)]
            diagnosis: Thresholds,
        }
        let text = "[diagnosis]\ntheta = 0.85\nalpha = 0.01\nmin_baseline_volume = 50\nconnect_rate_drop = 0.1\n";
        let file: File = toml::from_str(text).unwrap();
        assert_eq!(file.diagnosis.theta, Fraction::new(17, 20).unwrap());
        assert_eq!(file.diagnosis.alpha, Fraction::new(1, 100).unwrap());
        assert_eq!(file.diagnosis.min_baseline_volume, 50);
        assert_eq!(
            file.diagnosis.connect_rate_drop,
            Fraction::new(1, 10).unwrap()
        );
        assert_eq!(
            file.diagnosis.results_drop,
            Thresholds::default().results_drop
        );
        // An integer is accepted where a decimal is expected.
        let file: File = toml::from_str("[diagnosis]\nthin_pipeline = 1\n").unwrap();
        assert_eq!(file.diagnosis.thin_pipeline, Fraction::ONE);
        // No table: every default.
        let file: File = toml::from_str("").unwrap();
        assert_eq!(file.diagnosis, Thresholds::default());
        // Mistakes name the key and say what is accepted.
        let err = toml::from_str::<File>("[diagnosis]\ntheta = 0.9\nalfa = 0.1\n").unwrap_err();
        assert!(err.to_string().contains("unknown field `alfa`"), "{err}");
        let err = toml::from_str::<File>("[diagnosis]\nunscheduled_work = 30\n").unwrap_err();
        assert!(
            err.to_string()
                .contains("30 is not a share: use a number from 0 to 1"),
            "{err}"
        );
        assert!(err.to_string().contains("unscheduled_work"), "{err}");
    }

    #[test]
    fn thresholds_serialise_as_the_numbers_that_were_written() {
        let json = serde_json::to_value(Thresholds::default()).unwrap();
        assert_eq!(json["theta"], serde_json::json!(0.9));
        assert_eq!(json["alpha"], serde_json::json!(0.05));
        let back: Thresholds = serde_json::from_value(json).unwrap();
        assert_eq!(back, Thresholds::default());
    }
}
