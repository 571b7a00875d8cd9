//! Ordered nearness of two cue lists as one phrase-like cue: `sequences = [{ first = ["@managers",
//! "my boss"], then = ["told us", "said"], within = 3 }]` meets "my boss told us" and "my
//! manager just said", without expanding every pair into a phrase. Both lists are cue lists of
//! the one index (found by the one lookup per word); a pass over their hits, only in rulesets
//! that have sequences, adds each pair in order as a hit of the list that holds the sequence.

use super::near::At;
use super::syntax::{SequenceSyntax, S};
use super::CueId;

/// The most words a sequence's second part may start after its first.
pub const MAX_WITHIN: usize = 20;
/// When `within` is not given: the second part right after the first or with up to two words
/// between ("my boss *just* said").
pub const DEFAULT_WITHIN: usize = 3;

/// A compiled sequence: a hit of `first` followed, `within` words after its end at most, by a
/// hit of `then` is a hit of cue list `into`, from the start of one to the end of the other.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Sequence {
    pub first: CueId,
    pub then: CueId,
    pub within: usize,
    pub into: CueId,
    /// Sequences run in stages: one reading a list that other sequences fill (a phrase with
    /// classes, a sequence of three) runs after them, at a later stage.
    pub stage: usize,
}

impl super::Compiler {
    /// A phrase list and its sequences as one cue list (`None` when both are empty); the
    /// sequences as written are added to `written`, for `explain`.
    pub(super) fn cues_with(
        &mut self,
        at: &At,
        phrases: &[S<String>],
        sequences: &[S<SequenceSyntax>],
        written: &mut Vec<String>,
    ) -> Option<CueId> {
        let own = self.cues(at.file, at.src, Some(at.rule), phrases);
        if sequences.is_empty() {
            return own;
        }
        let into = own.unwrap_or_else(|| {
            self.cue_lists += 1;
            self.cue_lists - 1
        });
        for q in sequences {
            let (span, q) = (q.span(), q.get_ref());
            if q.first.is_empty() || q.then.is_empty() {
                let msg = "a sequence needs phrases in both `first` and `then`".to_string();
                self.diag(at, span.clone(), msg);
            }
            let within = match &q.within {
                None => DEFAULT_WITHIN,
                Some(w) => match usize::try_from(*w.get_ref()) {
                    Ok(n) if (1..=MAX_WITHIN).contains(&n) => n,
                    _ => {
                        let msg = format!("`within = {}`: a sequence's `then` starts 1 to {MAX_WITHIN} words after its `first` ends (1: right after)", w.get_ref());
                        self.diag(at, w.span(), msg);
                        DEFAULT_WITHIN
                    }
                },
            };
            let first = self.cues(at.file, at.src, Some(at.rule), &q.first);
            let then = self.cues(at.file, at.src, Some(at.rule), &q.then);
            if let (Some(first), Some(then)) = (first, then) {
                self.sequence(first, then, within, into);
            }
            let list = |l: &[S<String>]| {
                let v: Vec<&str> = l.iter().map(|p| p.get_ref().as_str()).collect();
                v.join(" | ")
            };
            written.push(format!(
                "[{}] …{within} [{}]",
                list(&q.first),
                list(&q.then)
            ));
        }
        Some(into)
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};
    use crate::ruleset::{CompileOptions, RuleSource, Ruleset};
    use crate::text::Document;

    fn fires(rs: &Ruleset, text: &str) -> bool {
        !check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .is_empty()
    }

    const SAID: &str = r#"sequences = [{ first = ["my boss", "mon patron"], then = ["told us", "said", "a dit"], within = 2 }]"#;

    #[test]
    fn a_sequence_is_its_first_part_then_its_second_close_after() {
        let rs = one_rule("integrity", SAID);
        for text in [
            "My boss told us",
            "my boss just said no",
            "Mon patron a dit non",
        ] {
            assert!(fires(&rs, text), "{text}");
        }
        // Out of order, too far, or only one part: silent.
        for text in [
            "I said hi to my boss",
            "my boss, who is new here, said",
            "my boss",
            "said",
        ] {
            assert!(!fires(&rs, text), "{text}");
        }
        let f = &check(
            &Document::new("So my boss just said it"),
            &rs,
            &CheckOptions::default(),
        );
        assert_eq!(
            f.findings[0].span,
            3..20,
            "from the first part to the second"
        );
    }

    #[test]
    fn a_sequence_is_a_cue_of_contexts_and_signals_too() {
        let context = format!("phrases = [\"closing\"]\n[rule.context]\n{SAID}\nwindow = 6\n");
        let rs = one_rule("integrity", &context);
        assert!(fires(&rs, "my boss said the office is closing"));
        assert!(!fires(&rs, "the office is closing, said my boss"));
        let signal = format!("[rule.score]\nthreshold = 2\n[[rule.score.signal]]\nname = \"said\"\n{SAID}\n[[rule.score.signal]]\nname = \"closing\"\nphrases = [\"closing\"]\n");
        let rs = one_rule("integrity", &signal);
        assert!(fires(&rs, "my boss said the office is closing"));
        assert!(!fires(&rs, "the office is closing, said my boss"));
    }

    #[test]
    fn a_users_sequence_over_the_builtin_rules_uses_builtin_lists() {
        let user = "[[rule]]\nid = \"boss-said\"\ncategory = \"integrity\"\nseverity = \"low\"\nsections = [\"ops.integrity\"]\nmessage = { en = \"a\", fr = \"b\" }\nadvice = { en = \"a\", fr = \"b\" }\nsequences = [{ first = [\"@work-context\"], then = [\"zorblax\"], within = 1 }]\n[rule.examples]\nmatch.en = [\"my team zorblax\"]\nmatch.fr = [\"mon équipe zorblax\"]\nno_match.en = [\"zorblax my team\"]\nno_match.fr = [\"zorblax\"]\n".to_string();
        let mut sources = RuleSource::builtin();
        sources.push(RuleSource::new("mine.toml", user));
        let rs = Ruleset::compile(&sources, &CompileOptions::default()).expect("compiles");
        let outcome = crate::ruletest::run(&rs, &["mine.toml".to_string()]);
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    }

    #[test]
    fn sequence_mistakes_are_reported_where_they_are() {
        let err = one_rule_error(
            "integrity",
            "sequences = [{ first = [\"a\"], within = 0 }, { first = [\"b\"], then = [\"c\"], bogus = 1 }]",
        );
        assert!(err.contains("t.toml:8:"), "{err}");
        let err = one_rule_error(
            "integrity",
            "sequences = [{ first = [\"a\"], then = [], within = 99 }]",
        );
        assert!(
            err.contains(
                "t.toml:8:14: rule `x`: a sequence needs phrases in both `first` and `then`"
            ),
            "{err}"
        );
        assert!(
            err.contains(
                "t.toml:8:51: rule `x`: `within = 99`: a sequence's `then` starts 1 to 20 words"
            ),
            "{err}"
        );
    }
}
