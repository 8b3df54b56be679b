//! Helpers shared by the value types' unit tests.

use super::{Money, Timestamp, Url};

pub(super) fn ts(s: &str) -> Timestamp {
    match Timestamp::parse(s) {
        Ok(t) => t,
        Err(e) => panic!("{s:?} should be a valid timestamp: {e}"),
    }
}

pub(super) fn ts_reason(s: &str) -> &'static str {
    match Timestamp::parse(s) {
        Ok(t) => panic!("{s:?} should be rejected, got {t:?}"),
        Err(e) => e.reason(),
    }
}

pub(super) fn money(s: &str) -> Money {
    match Money::parse(s) {
        Ok(m) => m,
        Err(e) => panic!("{s:?} should be valid money: {e}"),
    }
}

pub(super) fn money_reason(s: &str) -> &'static str {
    match Money::parse(s) {
        Ok(m) => panic!("{s:?} should be rejected, got {m:?}"),
        Err(e) => e.reason(),
    }
}

pub(super) fn url_reason(s: &str) -> &'static str {
    match Url::parse(s) {
        Ok(u) => panic!("{s:?} should be rejected, got {u:?}"),
        Err(e) => e.reason(),
    }
}

/// A small deterministic xorshift generator for the no-panic sweeps.
pub(super) struct Rng(pub(super) u64);

impl Rng {
    pub(super) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub(super) fn below(&mut self, n: usize) -> usize {
        usize::try_from(self.next() % u64::try_from(n).unwrap()).unwrap()
    }
}

pub(super) fn random_string(rng: &mut Rng, alphabet: &[char], max_len: usize) -> String {
    let len = rng.below(max_len + 1);
    (0..len)
        .map(|_| alphabet[rng.below(alphabet.len())])
        .collect()
}
