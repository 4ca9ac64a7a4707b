//! Small random draws the simulation needs beyond `rand`'s uniform ones.

use rand::Rng;

/// A Poisson-distributed count with mean `mean` (Knuth's product method for
/// small means, a rounded normal approximation above 30, where the two are
/// indistinguishable for a simulation).
pub(crate) fn poisson<R: Rng + ?Sized>(rng: &mut R, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 30.0 {
        let n = normal(rng) * mean.sqrt() + mean;
        return n.round().max(0.0) as u32;
    }
    let limit = (-mean).exp();
    let mut product: f64 = rng.random();
    let mut count = 0;
    while product > limit {
        product *= rng.random::<f64>();
        count += 1;
    }
    count
}

/// A standard normal draw (Box–Muller).
pub(crate) fn normal<R: Rng + ?Sized>(rng: &mut R) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>(); // (0, 1]: ln is finite
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
}

/// A well-mixed 64-bit hash of a few numbers (SplitMix64's finaliser), for
/// values that must be fixed per (seed, lead, window) whatever order the
/// simulation asks in.
pub(crate) fn mix(seed: u64, a: u64, b: u64) -> u64 {
    let mut z =
        seed ^ a.wrapping_mul(0x9E37_79B9_7F4A_7C15) ^ b.wrapping_mul(0xC2B2_AE3D_27D4_EB4F);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use rand::SeedableRng;
    use rand_chacha::ChaCha8Rng;

    #[test]
    fn poisson_draws_have_the_requested_mean() {
        let mut rng = ChaCha8Rng::seed_from_u64(7);
        for mean in [0.5, 4.0, 18.0, 60.0] {
            let n = 20_000;
            let total: u64 = (0..n).map(|_| u64::from(poisson(&mut rng, mean))).sum();
            let avg = total as f64 / n as f64;
            // The standard error of the mean is sqrt(mean / n) ≤ 0.055 here;
            // allow four of them.
            assert!(
                (avg - mean).abs() < 4.0 * (mean / n as f64).sqrt() + 1e-9,
                "mean {mean}: got {avg}"
            );
        }
        assert_eq!(poisson(&mut rng, 0.0), 0);
    }

    proptest! {
        #[test]
        fn mix_is_a_function_of_its_inputs(seed: u64, a: u64, b: u64) {
            prop_assert_eq!(mix(seed, a, b), mix(seed, a, b));
            prop_assert_ne!(mix(seed, a, b), mix(seed, a.wrapping_add(1), b));
        }
    }
}
