//! Runs every rule's own examples: those that must fire and those that must stay silent.
//! `postcheck rules test` and `cargo test` both use it, so a rule that breaks its examples fails CI.

use crate::engine::{self, CheckOptions};
use crate::ruleset::Ruleset;
use crate::taxonomy::Lang;
use crate::text::Document;

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: String,
    pub origin: String,
    pub lang: Lang,
    pub example: String,
    /// True when the example should have matched and did not.
    pub expected_match: bool,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = if self.expected_match {
            "should match but did not"
        } else {
            "should not match but did"
        };
        write!(
            f,
            "{}: rule `{}`: {} example {what}: {:?}",
            self.origin,
            self.rule,
            self.lang.as_str(),
            self.example
        )
    }
}

/// Totals of a run of the examples.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub examples: usize,
    pub failures: Vec<Failure>,
}

/// Runs the examples of every rule and escalation of `rules` (only those whose origin is in
/// `only`, when it is not empty).
pub fn run(rules: &Ruleset, only: &[String]) -> Outcome {
    let mut out = Outcome::default();
    let options = CheckOptions::default();
    let wanted = |origin: &str| only.is_empty() || only.iter().any(|o| o == origin);
    for (index, rule) in rules.rules.iter().enumerate() {
        if !wanted(&rule.origin) {
            continue;
        }
        let cases = rule
            .examples
            .matches
            .iter()
            .map(|e| (e, true))
            .chain(rule.examples.no_match.iter().map(|e| (e, false)));
        for ((lang, example), expected) in cases {
            out.examples += 1;
            let result = engine::check(&Document::new(example.as_str()), rules, &options);
            let fired = result.findings.iter().any(|f| f.rule == index);
            if fired != expected {
                out.failures.push(Failure {
                    rule: rule.id.clone(),
                    origin: rule.origin.clone(),
                    lang: *lang,
                    example: example.clone(),
                    expected_match: expected,
                });
            }
        }
    }
    for e in &rules.escalations {
        let cases = e
            .examples
            .matches
            .iter()
            .map(|x| (x, true))
            .chain(e.examples.no_match.iter().map(|x| (x, false)));
        for ((lang, example), expected) in cases {
            out.examples += 1;
            let fired = engine::escalations(&Document::new(example.as_str()), rules)
                .contains(&e.id.as_str());
            if fired != expected {
                out.failures.push(Failure {
                    rule: e.id.clone(),
                    origin: "escalation".into(),
                    lang: *lang,
                    example: example.clone(),
                    expected_match: expected,
                });
            }
        }
    }
    out
}
