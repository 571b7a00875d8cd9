//! A time budget for every built-in pattern, so that a rule writer cannot add a slow one
//! unnoticed: each runs over the same text made of every rule's examples (English and French,
//! accents included), and none may take many times what the typical pattern takes.
//!
//! The slow patterns found so far were slow by factors, not percents: a Unicode `\b` that sent
//! regex to its PikeVM over a text beyond ASCII (80× the others), a lazy DFA cache overflowing.
//! Each pattern is compared with the median pattern timed in the same run, and a pattern over
//! budget is timed again (its best of several runs), so a loaded machine slows all alike and
//! does not fail the test.

use std::time::{Duration, Instant};

use super::{Haystack, Open, Pattern};
use crate::ruleset::Ruleset;
use crate::text::Document;

/// How many times the median pattern's time one pattern may take. On 2026-11-22 the median
/// pattern took about 8 µs over the text, all but two of the others under 150× that, and a raw
/// pattern run by `captures_iter` (the PikeVM over the whole text) over 1,000×.
const TIMES_MEDIAN: u32 = 250;
/// Below this, a pattern is within budget whatever the median (timer noise).
const FLOOR: Duration = Duration::from_millis(1);
/// Patterns known to be slow, with the budget they may not exceed (times the median) until they
/// are rewritten: lazy bounded repetitions of large classes (`[^.!?\n]{0,25}?`, `[^\]]{0,140}?`)
/// whose lazy DFA outgrows its cache, 1,000–2,000× the median pattern.
const KNOWN_SLOW: &[(&str, u32)] = &[
    ("insult-at-a-named-or-tagged-person", 6000),
    ("media-of-people-with-a-sensitive-status", 6000),
];
/// The text's size: long enough that the cost of a search dwarfs the cost of starting one.
const TEXT_BYTES: usize = 48 * 1024;

/// Every rule's examples, one after the other in a fixed shuffled order, up to `bytes`.
fn text(rs: &Ruleset, bytes: usize) -> String {
    let examples: Vec<&str> = rs
        .rules
        .iter()
        .flat_map(|r| r.examples.matches.iter().chain(&r.examples.no_match))
        .map(|(_, t)| t.as_str())
        .collect();
    let mut out = String::new();
    let mut seed = 7u64;
    while out.len() < bytes && !examples.is_empty() {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        out.push_str(examples[(seed >> 33) as usize % examples.len()]);
        out.push_str(if seed & 8 == 0 { " " } else { "\n\n" });
    }
    out
}

/// The best of `runs` searches of `p` over `text`.
fn time(p: &Pattern, text: &str, chars: &[char], runs: usize) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            let n = p
                .find_in(text, chars, &Open::all())
                .map_or(0, Iterator::count);
            std::hint::black_box(n);
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

#[test]
fn no_built_in_pattern_takes_many_times_the_typical_one() {
    let rs = Ruleset::builtin().expect("the built-in rules compile");
    let text = text(&rs, TEXT_BYTES);
    let doc = Document::new(text.as_str());
    let original_chars: Vec<char> = {
        let mut c: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
        c.sort_unstable();
        c.dedup();
        c
    };
    assert!(!original_chars.is_empty(), "the text has accents");
    // Every pattern with the text it runs on.
    let mut all: Vec<(&str, &Pattern, &str, &[char])> = Vec::new();
    for rule in &rs.rules {
        for (p, haystack) in rule.every_pattern() {
            let (text, chars) = match haystack {
                Haystack::Clean => (doc.clean().as_str(), doc.clean().non_ascii()),
                Haystack::Words => (doc.words().as_str(), doc.words().non_ascii()),
                Haystack::Original => (doc.original(), original_chars.as_slice()),
            };
            all.push((&rule.id, p, text, chars));
        }
    }
    assert!(all.len() > 100, "{} patterns", all.len());
    // Compiled first, and each timed at its best of three runs: its lazy DFA's states are built
    // during the first, as they are over the first drafts of a folder.
    for (_, p, _, chars) in &all {
        time(p, "Un été à Montréal, a summer", chars, 1);
    }
    let times: Vec<Duration> = all
        .iter()
        .map(|(_, p, text, chars)| time(p, text, chars, 3))
        .collect();
    let median = |times: &[Duration]| {
        let mut sorted = times.to_vec();
        sorted.sort();
        sorted[sorted.len() / 2]
    };
    let typical = median(&times);
    let mut slow = Vec::new();
    let budget = |id: &str| {
        KNOWN_SLOW
            .iter()
            .find(|(known, _)| *known == id)
            .map_or(TIMES_MEDIAN, |&(_, times)| times)
    };
    for (i, (id, p, text, chars)) in all.iter().enumerate() {
        if times[i] <= FLOOR.max(typical * budget(id)) {
            continue;
        }
        // Timed again, beside the median again: one busy moment is not a slow pattern.
        let again = time(p, text, chars, 5);
        let typical = median(
            &all.iter()
                .step_by(7)
                .map(|(_, p, text, chars)| time(p, text, chars, 1))
                .collect::<Vec<_>>(),
        )
        .min(typical);
        if again > FLOOR.max(typical * budget(id)) {
            slow.push(format!(
                "{id}: `{}` took {again:?}, the median pattern {typical:?}",
                p.source()
            ));
        }
    }
    assert!(
        slow.is_empty(),
        "patterns over budget ({TIMES_MEDIAN}× the median pattern over {} KB of the rules' \
         examples; a bounded repetition of a large class, or a `\\b` beside non-ASCII letters, \
         is the usual cause):\n{}",
        text.len() / 1024,
        slow.join("\n")
    );
}
