//! Exact comparisons of fractions of counts (METRICS.md §6: "compare on the
//! integer counts").
//!
//! Every boundary test of the diagnosis has the form "a sum of products of at
//! most three u64 factors compared with another such sum". Three u64 factors
//! make up to 192 bits, so products are held in a 256-bit unsigned integer
//! ([`Wide`]) and never overflow, whatever the counts.

use std::cmp::Ordering;

/// A 256-bit unsigned integer, as four 64-bit limbs, least significant first.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Wide([u64; 4]);

impl Wide {
    /// The product of up to three factors (192 bits at most).
    pub(crate) fn product(a: u64, b: u64, c: u64) -> Wide {
        let ab = u128::from(a) * u128::from(b);
        let (ab_lo, ab_hi) = (ab as u64, (ab >> 64) as u64);
        let lo = u128::from(ab_lo) * u128::from(c);
        let hi = u128::from(ab_hi) * u128::from(c) + (lo >> 64);
        Wide([lo as u64, hi as u64, (hi >> 64) as u64, 0])
    }

    /// The sum of two values below 2^255 (never overflows here: products of
    /// three u64 are below 2^192).
    pub(crate) fn plus(self, other: Wide) -> Wide {
        let mut out = [0u64; 4];
        let mut carry = 0u64;
        for (i, limb) in out.iter_mut().enumerate() {
            let (s1, c1) = self.0[i].overflowing_add(other.0[i]);
            let (s2, c2) = s1.overflowing_add(carry);
            *limb = s2;
            carry = u64::from(c1) + u64::from(c2);
        }
        Wide(out)
    }
}

impl Ord for Wide {
    fn cmp(&self, other: &Wide) -> Ordering {
        self.0.iter().rev().cmp(other.0.iter().rev())
    }
}

impl PartialOrd for Wide {
    fn partial_cmp(&self, other: &Wide) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// a·b·c.
pub(crate) fn prod(a: u64, b: u64, c: u64) -> Wide {
    Wide::product(a, b, c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn as_u128(w: Wide) -> Option<u128> {
        (w.0[2] == 0 && w.0[3] == 0).then(|| u128::from(w.0[0]) | (u128::from(w.0[1]) << 64))
    }

    #[test]
    fn products_beyond_128_bits_compare_correctly() {
        let big = prod(u64::MAX, u64::MAX, u64::MAX);
        let smaller = prod(u64::MAX, u64::MAX, u64::MAX - 1);
        assert!(big > smaller);
        // (2^64−1)³ = 2^192 − 3·2^128 + 3·2^64 − 1.
        assert_eq!(big.0, [u64::MAX, 2, u64::MAX - 2, 0]);
        assert!(prod(1, 1, 1).plus(big) > big);
        assert_eq!(prod(0, u64::MAX, 5), prod(0, 0, 0));
    }

    proptest! {
        #[test]
        fn small_products_agree_with_u128(a in 0u64..1 << 40, b in 0u64..1 << 40, c in 0u64..1 << 40,
                                          d in 0u64..1 << 40, e in 0u64..1 << 40, f in 0u64..1 << 40) {
            let x = prod(a, b, c);
            let y = prod(d, e, f);
            prop_assert_eq!(as_u128(x), Some(u128::from(a) * u128::from(b) * u128::from(c)));
            prop_assert_eq!(x.cmp(&y), (u128::from(a) * u128::from(b) * u128::from(c))
                .cmp(&(u128::from(d) * u128::from(e) * u128::from(f))));
            prop_assert_eq!(as_u128(x.plus(y)),
                Some(u128::from(a) * u128::from(b) * u128::from(c) + u128::from(d) * u128::from(e) * u128::from(f)));
        }
    }
}
