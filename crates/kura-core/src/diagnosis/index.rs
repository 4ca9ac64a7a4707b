//! Interning of rep and target ids into dense indices, so that the diagnosis
//! sums into vectors instead of maps keyed by strings.
//!
//! Ids are hashed with a small multiplicative hash (the "Fx" hash of Firefox
//! and rustc, with a final mixer) rather than SipHash: the ids come from the
//! organisation's own CRM, not from an adversary, and a diagnosis hashes
//! about a million of them.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// The Fx hash: rotate, xor, multiply, one machine word at a time.
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct IdHasher {
    hash: u64,
}

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl IdHasher {
    #[inline]
    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for IdHasher {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The Fx state mixes its high bits well and its low bits poorly (ids
    /// sharing a prefix differ only in their last word), while hash tables
    /// index by the low bits: finish with MurmurHash3's 64-bit mixer so
    /// every bit depends on every input bit.
    #[inline]
    fn finish(&self) -> u64 {
        mix(self.hash)
    }
}

/// MurmurHash3's 64-bit finaliser: every output bit depends on every input bit.
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// The 128-bit product of two words, folded to 64 bits (the mixing step of
/// wyhash and foldhash).
#[inline]
fn folded_multiply(x: u64, y: u64) -> u64 {
    let p = u128::from(x) * u128::from(y);
    (p as u64) ^ ((p >> 64) as u64)
}

/// The little-endian word of 8 bytes at `at` (which must leave 8 bytes).
#[inline]
fn word_at(bytes: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    w.copy_from_slice(&bytes[at..at + 8]);
    u64::from_le_bytes(w)
}

/// Up to 7 bytes as one word, without a loop: overlapping 4-byte halves
/// from 4 bytes on, first, middle and last byte below (as foldhash does).
/// With the length known, the word determines the bytes.
#[inline]
fn short_word(bytes: &[u8]) -> u64 {
    let n = bytes.len();
    if n >= 4 {
        let mut lo = [0u8; 4];
        let mut hi = [0u8; 4];
        lo.copy_from_slice(&bytes[..4]);
        hi.copy_from_slice(&bytes[n - 4..]);
        u64::from(u32::from_le_bytes(lo)) | (u64::from(u32::from_le_bytes(hi)) << 32)
    } else if n > 0 {
        u64::from(bytes[0]) | (u64::from(bytes[n / 2]) << 8) | (u64::from(bytes[n - 1]) << 16)
    } else {
        0
    }
}

/// A 128-bit fingerprint of an id: two independent 64-bit lanes of folded
/// multiplications over its 8-byte words, seeded with its length. Ids of at
/// most 16 bytes (the usual CRM id) take one or two overlapping words and no
/// loop.
///
/// Used where ids are matched by the million (next-action coverage): two
/// different ids share a fingerprint with probability about 2⁻¹²⁸ per pair.
#[inline]
pub(crate) fn fingerprint(id: &str) -> (u64, u64) {
    const K1: u64 = 0x9e37_79b9_7f4a_7c15;
    const K2: u64 = 0xc2b2_ae3d_27d4_eb4f;
    let bytes = id.as_bytes();
    let n = bytes.len();
    let mut a = 0x243f_6a88_85a3_08d3 ^ n as u64;
    let mut b = 0x1319_8a2e_0370_7344 ^ (n as u64).rotate_left(32);
    let mut eat = |w: u64| {
        a = folded_multiply(a ^ w, K1);
        b = folded_multiply(b ^ w.rotate_left(29), K2);
    };
    if n < 8 {
        eat(short_word(bytes));
    } else {
        // Whole words, then the last 8 bytes (overlapping) for the rest.
        let mut at = 0;
        while at + 8 <= n {
            eat(word_at(bytes, at));
            at += 8;
        }
        if at < n {
            eat(word_at(bytes, n - 8));
        }
    }
    (mix(a), mix(b))
}

/// Whether two ids are equal, comparing words rather than calling `memcmp`
/// for the short ids the diagnosis compares by the million.
#[inline]
pub(crate) fn same_id(x: &str, y: &str) -> bool {
    let (x, y) = (x.as_bytes(), y.as_bytes());
    let n = x.len();
    if n != y.len() {
        return false;
    }
    if n < 8 {
        return short_word(x) == short_word(y);
    }
    if n <= 16 {
        return word_at(x, 0) == word_at(y, 0) && word_at(x, n - 8) == word_at(y, n - 8);
    }
    x == y
}

/// A map from borrowed ids to dense indices 0, 1, 2, … in order of first
/// appearance, remembering the last id looked up (facts usually come sorted
/// by rep, so most look-ups hit it).
#[derive(Debug, Default)]
pub(crate) struct Interner<'a> {
    map: HashMap<&'a str, u32, BuildHasherDefault<IdHasher>>,
    names: Vec<&'a str>,
    last: Option<(&'a str, u32)>,
}

impl<'a> Interner<'a> {
    /// An empty interner with room for `capacity` ids.
    pub(crate) fn with_capacity(capacity: usize) -> Self {
        Interner {
            map: HashMap::with_capacity_and_hasher(capacity, BuildHasherDefault::default()),
            names: Vec::with_capacity(capacity),
            last: None,
        }
    }

    /// The index of an id, adding it when new; the bool says whether it was new.
    #[inline]
    pub(crate) fn intern(&mut self, id: &'a str) -> (u32, bool) {
        if let Some((last, index)) = self.last
            && same_id(last, id)
        {
            return (index, false);
        }
        let next = self.names.len() as u32;
        let mut added = false;
        let index = *self.map.entry(id).or_insert_with(|| {
            added = true;
            next
        });
        if added {
            self.names.push(id);
        }
        self.last = Some((id, index));
        (index, added)
    }

    /// The ids, by index.
    pub(crate) fn names(&self) -> &[&'a str] {
        &self.names
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::Hash;

    #[test]
    fn interning_gives_dense_indices_in_order_of_appearance() {
        let mut ids = Interner::with_capacity(2);
        assert_eq!(ids.intern("r2"), (0, true));
        assert_eq!(ids.intern("r2"), (0, false));
        assert_eq!(ids.intern("r1"), (1, true));
        assert_eq!(ids.intern("r2"), (0, false));
        assert_eq!(ids.names(), &["r2", "r1"]);
    }

    #[test]
    fn ids_with_a_common_prefix_spread_over_the_low_bits() {
        // Hash tables pick a bucket by the low bits: 10,000 ids such as
        // "lead-004217" must fill nearly all 1,024 values of the low 10 bits
        // (a uniform hash leaves about 0.01 of them empty).
        let mut seen = [false; 1024];
        for i in 0..10_000 {
            let mut h = IdHasher::default();
            format!("lead-{i:06}").hash(&mut h);
            seen[(h.finish() & 1023) as usize] = true;
        }
        let filled = seen.iter().filter(|&&s| s).count();
        assert!(filled > 1_000, "{filled}");
    }

    #[test]
    fn fingerprints_of_similar_ids_differ() {
        let mut seen = std::collections::HashSet::new();
        for i in 0..100_000 {
            assert!(seen.insert(fingerprint(&format!("lead-{i}"))));
        }
        assert_ne!(fingerprint("a"), fingerprint("a\0"));
        assert_ne!(fingerprint(""), fingerprint("\0"));
        assert_eq!(fingerprint("lead-42"), fingerprint("lead-42"));
        // Both lanes spread over the low bits.
        let low: std::collections::HashSet<_> = (0..10_000)
            .map(|i| fingerprint(&format!("lead-{i:06}")).1 & 1023)
            .collect();
        assert!(low.len() > 1_000, "{}", low.len());
    }

    #[test]
    fn same_id_is_string_equality() {
        let ids = [
            "",
            "a",
            "ab",
            "abc",
            "abcd",
            "abcde",
            "abcdefg",
            "abcdefgh",
            "abcdefghi",
            "rep-0001",
            "rep-0002",
            "lead-000001",
            "lead-000002",
            "a-very-long-identifier-0001",
            "a-very-long-identifier-0002",
            "担当者-01",
            "担当者-02",
        ];
        for x in ids {
            for y in ids {
                assert_eq!(same_id(x, y), x == y, "{x} {y}");
            }
        }
    }

    #[test]
    fn short_ids_of_one_length_have_distinct_words() {
        // Every id of 0..=3 bytes over a small alphabet, and of 4..=7 bytes
        // differing anywhere: the word (with the length) determines the id.
        let mut seen = std::collections::HashSet::new();
        let alphabet = [b'a', b'b', b'c', 0u8];
        for n in 0..=3usize {
            let mut count = 0;
            for code in 0..4usize.pow(n as u32) {
                let id: Vec<u8> = (0..n)
                    .map(|i| alphabet[(code / 4usize.pow(i as u32)) % 4])
                    .collect();
                assert!(seen.insert((n, short_word(&id))), "{id:?}");
                count += 1;
            }
            assert_eq!(count, 4usize.pow(n as u32));
        }
        for n in 4..=7usize {
            for i in 0..n {
                let mut id = vec![b'x'; n];
                id[i] = b'y';
                assert!(seen.insert((n, short_word(&id))), "{id:?}");
            }
        }
    }

    #[test]
    fn ids_differing_only_in_length_or_tail_hash_differently() {
        let hash = |s: &str| {
            let mut h = IdHasher::default();
            s.hash(&mut h);
            h.finish()
        };
        assert_ne!(hash("a"), hash("a\0"));
        assert_ne!(hash("lead-00000001"), hash("lead-00000002"));
        assert_ne!(hash(""), hash("\0"));
    }
}
