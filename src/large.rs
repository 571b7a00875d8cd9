//! One long draft checked on every core. A folder of drafts keeps the cores busy with a draft
//! each (see the binary's batch); a single long draft would use one. For it the engine runs its
//! independent steps on several threads ([`Threads`], an [`engine::Steps`]): the language of the
//! sentences and the pattern gates beside the cue search, the cue search itself in parts of the
//! words (each part has the literals that start in it, so one that crosses into the next part is
//! still whole), and the rules, each on whichever thread is free. Every step is the one the
//! plain path runs, and the rules' findings are sorted as they are there: the report is the same.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::thread;

use crate::engine::{self, Steps};

/// Drafts at least this long (in bytes) are checked on several threads; below, starting threads
/// costs more than it saves (a short draft is checked in well under a millisecond).
pub const MIN_BYTES: usize = 256 * 1024;

/// The steps of a check on up to `threads` threads (the caller's included).
#[derive(Debug, Clone, Copy)]
pub struct Threads {
    threads: usize,
}

impl Threads {
    /// As many threads as the system gives this process.
    pub fn available() -> Threads {
        Threads::new(thread::available_parallelism().map_or(1, |n| n.get()))
    }

    pub fn new(threads: usize) -> Threads {
        Threads {
            threads: threads.max(1),
        }
    }
}

/// Re-raises on this thread a panic of a thread it started, as if it had happened here.
fn joined<T>(r: thread::Result<T>) -> T {
    r.unwrap_or_else(|e| std::panic::resume_unwind(e))
}

impl Steps for Threads {
    fn join<A: Send, B: Send>(
        &self,
        a: impl FnOnce() -> A + Send,
        b: impl FnOnce() -> B + Send,
    ) -> (A, B) {
        if self.threads < 2 {
            return (a(), b());
        }
        thread::scope(|s| {
            let b = s.spawn(b);
            let a = a();
            (a, joined(b.join()))
        })
    }

    fn map<T: Send>(&self, n: usize, f: impl Fn(usize) -> T + Sync) -> Vec<T> {
        let threads = self.threads.min(n);
        if threads < 2 {
            return (0..n).map(f).collect();
        }
        // Items are taken one at a time from a shared counter: the rules differ a thousandfold
        // in cost, so a fixed share each would leave a thread waiting on the other.
        let next = AtomicUsize::new(0);
        let done = Mutex::new(Vec::with_capacity(n));
        let work = || {
            let mut mine = Vec::new();
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                if i >= n {
                    break;
                }
                mine.push((i, f(i)));
            }
            done.lock().unwrap_or_else(|e| e.into_inner()).extend(mine);
        };
        thread::scope(|s| {
            let others: Vec<_> = (1..threads).map(|_| s.spawn(work)).collect();
            work();
            others.into_iter().for_each(|t| joined(t.join()));
        });
        let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
        done.sort_unstable_by_key(|(i, _)| *i);
        done.into_iter().map(|(_, t)| t).collect()
    }

    fn extend<T: Send>(&self, n: usize, f: impl Fn(usize, &mut Vec<T>) + Sync) -> Vec<T> {
        let each = self.map(n, |i| {
            let mut out = Vec::new();
            f(i, &mut out);
            out
        });
        let mut out = Vec::with_capacity(each.iter().map(Vec::len).sum());
        each.into_iter().for_each(|v| out.extend(v));
        out
    }

    fn parts(&self) -> usize {
        self.threads
    }
}

/// [`engine::check`] on several threads when the draft is long enough to gain from it.
pub fn check(
    doc: &crate::text::Document,
    rs: &crate::ruleset::Ruleset,
    options: &engine::CheckOptions,
) -> engine::Check {
    if doc.original().len() < MIN_BYTES {
        return engine::check(doc, rs, options);
    }
    engine::check_with(doc, rs, options, &Threads::available())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{CheckOptions, InOrder};
    use crate::ruleset::Ruleset;
    use crate::text::Document;

    #[test]
    fn map_keeps_the_order_of_its_items() {
        let squares = Threads::new(3).map(100, |i| i * i);
        let pairs = Threads::new(3).extend(50, |i, out| out.extend([i, i]));
        assert_eq!(pairs, (0..100).map(|i| i / 2).collect::<Vec<_>>());
        assert_eq!(squares, (0..100).map(|i| i * i).collect::<Vec<_>>());
        assert_eq!(Threads::new(4).join(|| 1, || "b"), (1, "b"));
    }

    /// Drafts of the corpora, each written three ways (as is, with CRLF line ends, and run
    /// together with no line end), so parts of every size end inside words, phrases,
    /// sentences, emoji and line ends.
    fn long_draft() -> String {
        let mut text = String::new();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "jsonl"))
            .collect();
        files.sort();
        for file in files {
            let corpus = std::fs::read_to_string(file).unwrap_or_default();
            for line in corpus.lines().take(30) {
                let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                    continue;
                };
                let Some(draft) = v.get("text").and_then(|t| t.as_str()) else {
                    continue;
                };
                text.push_str(draft);
                text.push_str("\n\n");
                text.push_str(&draft.replace('\n', "\r\n"));
                text.push_str("\r\n");
                text.push_str(draft);
                text.push(' ');
            }
        }
        text.push_str("Mon gestionnaire 🙄 est un idiot.\r\nMy manager is a total 🤡 and I work for the Ministry.");
        text
    }

    #[test]
    fn finds_what_the_plain_path_finds() {
        let rs = Ruleset::builtin().expect("the built-in rules compile");
        let text = long_draft();
        assert!(text.len() > 50_000, "the corpora are there");
        let options = CheckOptions::default();
        // Several lengths, so that the parts start and end at many different places.
        for cut in [text.len(), text.len() / 3 + 13] {
            let text = &text[..crate::text::floor_char_boundary(&text, cut)];
            let doc = Document::new(text);
            let plain = engine::check_with(&doc, &rs, &options, &InOrder);
            assert!(plain.findings.len() > 50);
            for threads in [2, 3, 7] {
                let threaded = engine::check_with(&doc, &rs, &options, &Threads::new(threads));
                assert_eq!(threaded.findings, plain.findings, "{threads} threads");
                let langs = |c: &engine::Check| format!("{:?}", c.languages);
                assert_eq!(langs(&threaded), langs(&plain));
            }
        }
    }
}
