//! Runs every rule's own examples: those that must fire, those that must stay silent and those
//! that must fire at one severity. `postcheck rules test` and `cargo test` both use it, so a rule
//! that breaks its examples fails CI.

use crate::engine::{self, CheckOptions, Finding};
use crate::ruleset::{AtExample, Ruleset};
use crate::taxonomy::{Lang, Severity};
use crate::text::Document;

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    pub rule: String,
    pub origin: String,
    pub lang: Lang,
    pub example: String,
    /// True when the example should have matched (or matched at a severity) and did not.
    pub expected_match: bool,
    /// For a draft of `examples.at`: the severity it should have had and the one it had.
    pub severity: Option<SeverityMiss>,
}

/// A draft of `examples.at` whose finding had another severity (or none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeverityMiss {
    pub expected: Severity,
    /// The highest severity of the rule's findings in the draft; `None` when it did not fire.
    pub actual: Option<Severity>,
    /// Where the draft is written.
    pub line: u32,
    pub column: u32,
}

impl std::fmt::Display for Failure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(miss) = &self.severity {
            return self.fmt_severity(f, miss);
        }
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

impl Failure {
    fn fmt_severity(
        &self,
        f: &mut std::fmt::Formatter<'_>,
        miss: &SeverityMiss,
    ) -> std::fmt::Result {
        let (expected, lang) = (miss.expected.as_str(), self.lang.as_str());
        write!(
            f,
            "{}:{}:{}: rule `{}`: {lang} example should fire at {expected} but ",
            self.origin, miss.line, miss.column, self.rule
        )?;
        match miss.actual {
            Some(actual) => write!(
                f,
                "fired at {}: {:?} (if {0} is right, move it to examples.at.{0}.{lang}; \
                 otherwise change the rule's severity, lower_near, raise_near or quoted)",
                actual.as_str(),
                self.example
            ),
            None => write!(
                f,
                "did not fire: {:?} (make the rule find it, or move it to examples.no_match.{lang})",
                self.example
            ),
        }
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
                    severity: None,
                });
            }
        }
        for at in &rule.examples.at {
            out.examples += 1;
            let result = engine::check(&Document::new(at.text.as_str()), rules, &options);
            let actual = highest(result.findings.iter().filter(|f| f.rule == index));
            if let Some(miss) = missed(at, actual) {
                out.failures.push(miss.of(&rule.id, &rule.origin));
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
                    severity: None,
                });
            }
        }
        // An escalation has no severity of its own: its drafts are checked by the highest
        // finding it raised.
        for at in &e.examples.at {
            out.examples += 1;
            let result = engine::check(&Document::new(at.text.as_str()), rules, &options);
            let raised = result.findings.iter();
            let actual = highest(raised.filter(|f| f.escalated_by.contains(&e.id)));
            if let Some(miss) = missed(at, actual) {
                out.failures.push(miss.of(&e.id, &e.origin));
            }
        }
    }
    out
}

fn highest<'f>(findings: impl Iterator<Item = &'f Finding>) -> Option<Severity> {
    findings.map(|f| f.severity).max()
}

/// A draft of `examples.at` that fired at another severity, with what the failure needs.
struct Missed<'a> {
    at: &'a AtExample,
    actual: Option<Severity>,
}

fn missed(at: &AtExample, actual: Option<Severity>) -> Option<Missed<'_>> {
    (actual != Some(at.severity)).then_some(Missed { at, actual })
}

impl Missed<'_> {
    fn of(&self, rule: &str, origin: &str) -> Failure {
        Failure {
            rule: rule.to_string(),
            origin: origin.to_string(),
            lang: self.at.lang,
            example: self.at.text.clone(),
            expected_match: true,
            severity: Some(SeverityMiss {
                expected: self.at.severity,
                actual: self.actual,
                line: self.at.line,
                column: self.at.column,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::{CompileOptions, RuleSource};

    /// A rule that a lawn lowers, with an escalation that raises it back, and drafts at a
    /// severity for both.
    const RULES: &str = r#"
[[rule]]
id = "sign-up-asked"
category = "political-activity"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["sign up", "inscrivez-vous"]
[[rule.lower_near]]
phrases = ["lawn", "pelouse"]
window = 3
[rule.examples]
no_match = { en = ["a lawn"], fr = ["une pelouse"] }
[rule.examples.at]
low = { en = ["got my lawn sign up"], fr = ["AT_LOW_FR"] }
medium = { fr = ["inscrivez-vous"] }

[[escalation]]
id = "as-a-manager"
phrases = ["as a manager", "en tant que gestionnaire"]
categories = ["political-activity"]
reason = { en = "a", fr = "b" }
[escalation.examples]
match = { en = ["as a manager"], fr = ["en tant que gestionnaire"] }
no_match = { en = ["a lawn"], fr = ["une pelouse"] }
[escalation.examples.at]
high = { en = ["As a manager: sign up"] }
"#;

    fn run_with(low_fr: &str) -> Outcome {
        let text = RULES.replace("AT_LOW_FR", low_fr);
        let sources = [RuleSource::new("mine.toml", &text)];
        let rs = Ruleset::compile(&sources, &CompileOptions::default()).expect("compiles");
        run(&rs, &[])
    }

    #[test]
    fn drafts_at_their_severity_pass() {
        let outcome = run_with("ma pelouse, inscrivez-vous");
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
        assert_eq!(outcome.examples, 10);
    }

    #[test]
    fn a_draft_at_another_severity_fails_where_it_is_written() {
        let outcome = run_with("inscrivez-vous maintenant");
        let [f] = outcome.failures.as_slice() else {
            panic!("{:?}", outcome.failures);
        };
        let miss = f.severity.as_ref().expect("a severity miss");
        assert_eq!(
            (miss.expected, miss.actual),
            (Severity::Low, Some(Severity::Medium))
        );
        let line = RULES
            .lines()
            .position(|l| l.starts_with("low ="))
            .expect("line")
            + 1;
        assert_eq!((miss.line, miss.column), (line as u32, 45));
        let shown = f.to_string();
        assert!(
            shown.starts_with(&format!("mine.toml:{line}:45: rule `sign-up-asked`: fr example should fire at low but fired at medium: \"inscrivez-vous maintenant\"")),
            "{shown}"
        );
        assert!(
            shown.contains("move it to examples.at.medium.fr"),
            "{shown}"
        );
    }
}
