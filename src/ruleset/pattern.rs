//! A rule's regular expression, compiled the first time a draft needs it.
//!
//! Compiling every pattern of the ruleset was most of a run's start-up, and a draft that has
//! none of a rule's context words never runs its patterns. Nor is a pattern compiled for a
//! draft that lacks what every match of it contains ([`need`], looked for by [`gate`]). The
//! built-in patterns are compiled by the test suite (so they are known to compile); patterns
//! from a user's rule file are compiled at once, so their errors are still reported with the
//! rest of the file's.

mod automaton;
mod boundary;
#[cfg(test)]
mod budget;
mod gate;
mod need;

use std::ops::Range;
use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

use crate::text::View;
use boundary::Loose;
pub(crate) use gate::{Gates, Haystack, Open};
use need::Need;

/// The largest compiled pattern accepted, in bytes.
const SIZE_LIMIT: usize = 1 << 22;
/// The most memory each lazy DFA's cache of states may take, per pattern and per thread. Left at
/// regex's 2 MB, the caches of a hundred patterns kept growing as more drafts visited more
/// states: 10× the drafts took 1.26× the memory. Past this, a cache is cleared and refilled (and
/// after a few clears regex runs that search without it): at 512 KB a 4.6 MB draft took 1.4×
/// the time; at 1 MB it takes no longer than at 2 MB, and memory stays flat.
pub(crate) const DFA_CACHE: usize = 1 << 20;
/// A text longer than this runs each pattern with caches of [`LARGE_DFA_CACHE`]: a pattern of
/// lazy bounded repetitions (`[^.!?\n]{0,25}?`) over a few megabytes of text needs more states
/// than 1 MB holds, and a cache cleared again and again made regex give up its lazy DFA for the
/// PikeVM (at 8 MB such a pattern took a sixth of the time over 4.6 MB). Drafts stay at
/// [`DFA_CACHE`], so memory stays flat over a folder of them.
const LARGE_TEXT: usize = 1 << 16;
const LARGE_DFA_CACHE: usize = 1 << 23;

#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    compiled: OnceLock<Option<Regex>>,
    /// The pattern's entry in the ruleset's [`Gates`]: what a text must hold for it to match.
    pub(crate) gate: Option<u32>,
    /// The pattern with ASCII word boundaries, built when a text beyond ASCII first needs it.
    loose: OnceLock<Option<Loose>>,
    /// The same two for texts longer than [`LARGE_TEXT`], with larger caches.
    large: OnceLock<Option<Regex>>,
    large_loose: OnceLock<Option<Loose>>,
}

impl Pattern {
    /// Whether the pattern is compiled already (validation compiles every pattern up front).
    #[cfg(test)]
    pub(crate) fn is_compiled(&self) -> bool {
        self.compiled.get().is_some_and(Option::is_some)
    }

    /// The pattern as written.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// Compiles a pattern now, as written in a rule file.
    pub fn build(source: &str) -> Result<Regex, regex::Error> {
        Pattern::build_with(source, DFA_CACHE)
    }

    fn build_with(source: &str, cache: usize) -> Result<Regex, regex::Error> {
        RegexBuilder::new(source)
            .size_limit(SIZE_LIMIT)
            .dfa_size_limit(cache)
            .build()
    }

    /// A pattern already compiled.
    pub fn compiled(source: &str, re: Regex) -> Pattern {
        Pattern {
            compiled: OnceLock::from(Some(re)),
            ..Pattern::deferred(source)
        }
    }

    /// A pattern compiled on first use; only for patterns known to compile.
    pub fn deferred(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
            gate: None,
            loose: OnceLock::new(),
            large: OnceLock::new(),
            large_loose: OnceLock::new(),
        }
    }

    /// Reads what the pattern needs and gives it its gate among `gates`.
    pub fn gated(mut self, gates: &mut Gates, haystack: Haystack) -> Pattern {
        self.gate = gates.add(&Need::of(&self.source), haystack);
        self
    }

    /// The compiled pattern (`None` only if a deferred pattern fails to compile, which the
    /// tests rule out for the built-in ones).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Pattern::build(&self.source).ok())
            .as_ref()
    }

    /// The compiled pattern, or `None` when the ruleset's gates say it cannot match the
    /// document (then, until a document needs it, it is not compiled at all).
    pub fn ready(&self, open: &Open) -> Option<&Regex> {
        open.allows(self.gate).then(|| self.get()).flatten()
    }

    /// [`Pattern::ready`] for a text of `len` bytes: with larger caches past [`LARGE_TEXT`].
    pub fn ready_for(&self, len: usize, open: &Open) -> Option<&Regex> {
        if len <= LARGE_TEXT {
            return self.ready(open);
        }
        open.allows(self.gate)
            .then(|| {
                self.large
                    .get_or_init(|| Pattern::build_with(&self.source, LARGE_DFA_CACHE).ok())
                    .as_ref()
            })
            .flatten()
    }

    /// The matches of the pattern in a view (byte ranges, as `Regex::find_iter` gives them), or
    /// `None` when it cannot match there. On text beyond ASCII, a pattern with Unicode word
    /// boundaries runs with ASCII ones, or none, and confirms each match (see [`boundary`]).
    pub fn find_iter<'a>(
        &'a self,
        view: &'a View,
        open: &Open,
    ) -> Option<Box<dyn Iterator<Item = Range<usize>> + 'a>> {
        self.find_in(view.as_str(), view.non_ascii(), open)
    }

    /// [`Pattern::find_iter`] over any text; `chars` are its distinct characters beyond ASCII,
    /// sorted.
    pub fn find_in<'a>(
        &'a self,
        text: &'a str,
        chars: &[char],
        open: &Open,
    ) -> Option<Box<dyn Iterator<Item = Range<usize>> + 'a>> {
        let re = self.ready_for(text.len(), open)?;
        if !chars.is_empty() {
            let (loose, cache) = if text.len() <= LARGE_TEXT {
                (&self.loose, DFA_CACHE)
            } else {
                (&self.large_loose, LARGE_DFA_CACHE)
            };
            let loose = loose.get_or_init(|| Loose::new(&self.source, SIZE_LIMIT, cache));
            if let Some(found) = loose.as_ref().and_then(|l| l.find_iter(text, chars)) {
                return Some(Box::new(found));
            }
        }
        Some(Box::new(re.find_iter(text).map(|m| m.range())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gated(source: &str, gates: &mut Gates) -> Pattern {
        Pattern::deferred(source).gated(gates, Haystack::Clean)
    }

    #[test]
    fn a_pattern_is_compiled_only_for_a_text_that_may_match() {
        let mut gates = Gates::default();
        let p = gated(r"\b(ahead of|before) the launch\b", &mut gates);
        let clown = gated("🤡", &mut gates);
        gates.finish();
        let open = |text: &str| gates.open(&crate::text::Document::new(text));
        for text in ["lunch after the launch", "hereinbefore the launch"] {
            assert!(p.ready(&open(text)).is_none());
        }
        assert!(p.compiled.get().is_none());
        let text = "before the launch";
        let re = p.ready(&open(text)).expect("compiled now");
        assert!(re.is_match(text));
        assert!(clown.ready(&open("a clown")).is_none());
        assert!(clown.compiled.get().is_none());
        assert!(clown.ready(&open("a 🤡")).is_some());
    }

    #[test]
    fn a_long_text_finds_the_same_with_its_larger_caches() {
        let p = Pattern::deferred(
            r"\b[A-Z][a-zà-ÿ]+\b[^.!?\n]{0,25}?\b(?:is|est) (?:an?|un|une) \w+\b",
        );
        let text = "Martin est un épais. Karen is a star! ".repeat(LARGE_TEXT / 30);
        assert!(text.len() > LARGE_TEXT);
        let doc = crate::text::Document::new(text.as_str());
        let clean = doc.clean().as_str();
        let re = Regex::new(p.source()).unwrap();
        let want: Vec<Range<usize>> = re.find_iter(clean).map(|m| m.range()).collect();
        let got: Vec<Range<usize>> = p.find_iter(doc.clean(), &Open::all()).unwrap().collect();
        assert!(want.len() > 1000);
        assert_eq!(got, want);
        assert!(p.large.get().is_some() && p.compiled.get().is_none());
    }
}
