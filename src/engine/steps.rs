//! How the independent steps of a check run: in order on the calling thread, or on several
//! threads for one long draft (`crate::large`).

/// How [`check_with`](super::check_with) runs the steps of a check that do not depend on each other: one after
/// the other ([`InOrder`]), or at the same time on several threads (`crate::large`, for long
/// drafts). The findings are the same either way.
pub trait Steps: Sync {
    /// Runs `a` and `b` and returns both results.
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B);
    /// `[f(0), …, f(n - 1)]`.
    fn map<T: Send>(&self, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T>;
    /// What `f(0, out)`, …, `f(n - 1, out)` add to `out`, in that order.
    fn extend<T: Send>(&self, n: usize, f: impl Fn(usize, &mut Vec<T>) + Sync) -> Vec<T>;
    /// How many parts a scan over all the words is split into.
    fn parts(&self) -> usize;
}

/// Every step in turn, on the calling thread.
pub struct InOrder;

impl Steps for InOrder {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        (a(), b())
    }
    fn map<T: Send>(&self, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
        (0..n).map(f).collect()
    }
    fn extend<T: Send>(&self, n: usize, f: impl Fn(usize, &mut Vec<T>) + Sync) -> Vec<T> {
        let mut out = Vec::new();
        (0..n).for_each(|i| f(i, &mut out));
        out
    }
    fn parts(&self) -> usize {
        1
    }
}
