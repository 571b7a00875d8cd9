//! A budget on what one run of one short draft does, counted rather than timed (timings move
//! too much on a shared machine): the parts of the rules only some commands read stay unread,
//! and the lazily built patterns stay few. A change that makes every start pay again for
//! examples, phrases as written or many patterns fails here before it shows in the benchmark.

use super::*;
use crate::engine::{check, CheckOptions};
use crate::text::Document;

/// A clean short draft of the kind the benchmark times, with a name, a mention and a hashtag.
const DRAFT: &str = "Weekend plan: canoe, campfire, and absolutely no email.\n\nMentoring \
    students this term reminded me why I love this work. Lunch with Sarah, thanks @jdoe!\n#careers";

/// Patterns a run of [`DRAFT`] may compile (each costs from tens of thousands to millions of
/// instructions): those whose gates the draft opens. Three today, all opened by its `@`; room
/// for a few more rules, not for patterns that every draft opens.
const PATTERN_BUDGET: usize = 6;

#[test]
fn a_short_draft_reads_no_examples_and_builds_few_patterns() {
    let rs = Ruleset::builtin().expect("compiles");
    let found = check(&Document::new(DRAFT), &rs, &CheckOptions::default());
    assert!(found.findings.is_empty(), "a clean draft");
    for r in &rs.rules {
        assert!(!r.examples.is_read(), "{}: examples read", r.id);
        assert!(!r.triggers.is_read(), "{}: triggers read", r.id);
        for n in r.nears() {
            assert!(!n.written.is_read(), "{}: phrases as written read", r.id);
        }
    }
    assert!(rs.escalations.iter().all(|e| !e.examples.is_read()));
    let built: Vec<&str> = rs
        .rules
        .iter()
        .flat_map(Rule::every_pattern)
        .map(|(p, _)| p)
        .filter(|p| p.is_compiled())
        .map(Pattern::source)
        .collect();
    assert!(
        built.len() <= PATTERN_BUDGET,
        "{} patterns built for a short clean draft (budget {PATTERN_BUDGET}): {built:#?}",
        built.len()
    );
}
