//! Helpers for the unit tests only.

/// A tiny deterministic generator (a 64-bit LCG) for the tests that try many random inputs
/// against a slow, obviously right answer: the same seed gives the same inputs on every run.
pub(crate) fn random(seed: u64) -> impl FnMut(usize) -> usize {
    let mut seed = seed;
    // A number below `n` (0 when `n` is 0).
    move |n: usize| {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize % n.max(1)
    }
}
