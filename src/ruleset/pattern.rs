//! A rule's regular expression, compiled the first time a draft needs it.
//!
//! Compiling every pattern of the ruleset was most of a run's start-up, and a draft that has
//! none of a rule's context words never runs its patterns. The built-in patterns are compiled
//! by the test suite (so they are known to compile); patterns from a user's rule file are
//! compiled at once, so their errors are still reported with the rest of the file's.

use std::sync::OnceLock;

use regex::{Regex, RegexBuilder};

/// The largest compiled pattern accepted, in bytes.
const SIZE_LIMIT: usize = 1 << 22;

#[derive(Debug)]
pub(crate) struct Pattern {
    source: String,
    compiled: OnceLock<Option<Regex>>,
}

impl Pattern {
    /// Compiles a pattern now, as written in a rule file.
    pub fn build(source: &str) -> Result<Regex, regex::Error> {
        RegexBuilder::new(source).size_limit(SIZE_LIMIT).build()
    }

    /// A pattern already compiled.
    pub fn compiled(source: &str, re: Regex) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::from(Some(re)),
        }
    }

    /// A pattern compiled on first use; only for patterns known to compile.
    pub fn deferred(source: &str) -> Pattern {
        Pattern {
            source: source.to_string(),
            compiled: OnceLock::new(),
        }
    }

    /// The compiled pattern (`None` only if a deferred pattern fails to compile, which the
    /// tests rule out for the built-in ones).
    pub fn get(&self) -> Option<&Regex> {
        self.compiled
            .get_or_init(|| Pattern::build(&self.source).ok())
            .as_ref()
    }
}
