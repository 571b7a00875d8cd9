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
            // A third list: the first two as a hidden list, then the third after it, at a later
            // stage (its hits are complete only once the first two are joined).
            let last = match &q.last {
                None => None,
                Some(l) if l.get_ref().is_empty() => {
                    let msg = "`last = []`: a sequence's `last` needs phrases (or leave it out for two lists)".to_string();
                    self.diag(at, l.span(), msg);
                    None
                }
                Some(l) => self.cues(at.file, at.src, Some(at.rule), l.get_ref()),
            };
            match (first, then, last) {
                (Some(first), Some(then), Some(last)) => {
                    let two = self.hidden();
                    self.sequence(first, then, within, two);
                    self.sequence(two, last, within, into);
                }
                (Some(first), Some(then), None) => self.sequence(first, then, within, into),
                _ => {}
            }
            let list = |l: &[S<String>]| {
                let v: Vec<&str> = l.iter().map(|p| p.get_ref().as_str()).collect();
                v.join(" | ")
            };
            let mut shown = format!("[{}] …{within} [{}]", list(&q.first), list(&q.then));
            if let Some(l) = q.last.as_ref().filter(|l| !l.get_ref().is_empty()) {
                shown.push_str(&format!(" …{within} [{}]", list(l.get_ref())));
            }
            written.push(shown);
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

    #[test]
    fn a_sequence_of_three_lists_takes_them_in_order_each_close_after_the_last() {
        let rs = one_rule(
            "integrity",
            r#"sequences = [{ first = ["nous", "we"], then = ["à parcs canada", "at parks canada"], last = ["vous invitons", "invite you"], within = 2 }]"#,
        );
        for text in [
            "Nous, à Parcs Canada, vous invitons au lancement",
            "We at Parks Canada warmly invite you",
        ] {
            assert!(fires(&rs, text), "{text}");
        }
        for text in [
            "Nous vous invitons à Parcs Canada",
            "We at Parks Canada",
            "at Parks Canada we invite you",
            "We, the people who work at Parks Canada, invite you",
        ] {
            assert!(!fires(&rs, text), "{text}");
        }
        let f = check(
            &Document::new("So we at Parks Canada invite you"),
            &rs,
            &CheckOptions::default(),
        );
        assert_eq!(f.findings[0].span, 3..32, "from the first part to the last");
        let err = one_rule_error(
            "integrity",
            r#"sequences = [{ first = ["a"], then = ["b"], last = [] }]"#,
        );
        assert!(
            err.contains("t.toml:8:52: rule `x`: `last = []`: a sequence's `last` needs phrases"),
            "{err}"
        );
    }
}
