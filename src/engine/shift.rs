//! Severity that depends on what is near a finding: a `lower_near` cue moves it one level down,
//! a `raise_near` cue one level up (both near: they cancel out). Decided around the finding,
//! like `except_near`; a rule with neither never gets here, so it pays nothing for them.

use std::ops::Range;

use super::around::{signal_near, Around, RuleNear};
use super::{distance, Candidate, Hit};
use crate::ruleset::{Near, Rule, Shift};
use crate::taxonomy::Severity;

/// Why a finding's severity is not what its rule (or its score) gave it: a cue near it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Moved {
    /// Which way: `lower_near` or `raise_near`.
    pub shift: Shift,
    /// The severity before the move.
    pub from: Severity,
    /// The cue that moved it, or the quotation it lies in (original byte range).
    pub cue: Range<usize>,
    /// Lowered because it lies inside a quotation (`quoted = "lower"`), not by a cue near it.
    pub quoted: bool,
    /// Lowered because the hit is about the author (`author = "lower"`): `cue` is the hit.
    pub author: bool,
}

impl Moved {
    /// A finding of `severity` inside `quotation`, one level down, when that changes it.
    pub(super) fn quoted(severity: Severity, quotation: Range<usize>) -> Option<Moved> {
        (Shift::Lower.apply(severity) != severity).then_some(Moved {
            shift: Shift::Lower,
            from: severity,
            cue: quotation,
            quoted: true,
            author: false,
        })
    }

    /// A finding of `severity` about the author (the hit at `hit`), one level down, when
    /// that changes it.
    pub(super) fn author(severity: Severity, hit: Range<usize>) -> Option<Moved> {
        (Shift::Lower.apply(severity) != severity).then_some(Moved {
            shift: Shift::Lower,
            from: severity,
            cue: hit,
            quoted: false,
            author: true,
        })
    }
}

/// A rule's `lower_near` and `raise_near` over one document.
pub(super) struct RuleShift<'r, 'a> {
    lower: (&'r [Near], RuleNear<'r, 'a>),
    raise: (&'r [Near], RuleNear<'r, 'a>),
}

/// The shifts of a rule, or `None` when it has none (nothing to decide).
pub(super) fn rule_shift<'r, 'a>(
    rule: &'r Rule,
    around: &'r Around<'a>,
) -> Option<RuleShift<'r, 'a>> {
    if rule.lower_near.is_empty() && rule.raise_near.is_empty() {
        return None;
    }
    Some(RuleShift {
        lower: (&rule.lower_near, signal_near(&rule.lower_near, around)),
        raise: (&rule.raise_near, signal_near(&rule.raise_near, around)),
    })
}

/// The cue of any of `nears` nearest the candidate, each in its own window.
fn nearest((nears, near): &(&[Near], RuleNear), c: &Candidate) -> Option<Hit> {
    nears
        .iter()
        .enumerate()
        .filter_map(|(i, n)| near.nearest(i, n, c))
        .min_by_key(|h| distance(h, c))
}

impl RuleShift<'_, '_> {
    /// How a finding at `c` of `severity` moves, when a cue of one side only is near it and
    /// the move changes something (low lowered stays low: nothing to say).
    pub fn decide(&self, c: &Candidate, severity: Severity) -> Option<Moved> {
        let (shift, h) = match (nearest(&self.lower, c), nearest(&self.raise, c)) {
            (Some(h), None) => (Shift::Lower, h),
            (None, Some(h)) => (Shift::Raise, h),
            _ => return None,
        };
        (shift.apply(severity) != severity).then_some(Moved {
            shift,
            from: severity,
            cue: h.orig(),
            quoted: false,
            author: false,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};
    use crate::ruleset::{Ruleset, Shift};
    use crate::taxonomy::Severity;
    use crate::text::Document;

    /// Severity, and the cue that moved it, of each finding.
    fn found(rs: &Ruleset, text: &str) -> Vec<(Severity, Option<(Shift, String)>)> {
        check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .into_iter()
            .map(|f| {
                let moved = f.moved.map(|m| (m.shift, text[m.cue].to_string()));
                (f.severity, moved)
            })
            .collect()
    }

    const SIGN: &str = r#"phrases = ["sign up", "inscrivez-vous"]
[[rule.lower_near]]
phrases = ["lawn", "pelouse"]
window = 3
[[rule.lower_near]]
patterns = ['\bmy yard\b']
window = "sentence"
[rule.raise_near]
phrases = ["my boss", "<mention>"]
window = 4
side = "after"
"#;

    #[test]
    fn a_cue_near_moves_the_severity_one_level_and_says_which() {
        let rs = one_rule("political-activity", SIGN);
        assert_eq!(
            found(&rs, "please sign up today"),
            [(Severity::Medium, None)]
        );
        assert_eq!(
            found(&rs, "got my lawn sign up"),
            [(Severity::Low, Some((Shift::Lower, "lawn".into())))]
        );
        // The second table: a pattern in the same sentence.
        assert_eq!(
            found(&rs, "in my yard, after a long day, the sign up at last"),
            [(Severity::Low, Some((Shift::Lower, "my yard".into())))]
        );
        assert_eq!(
            found(&rs, "sign up, @jdoe"),
            [(Severity::High, Some((Shift::Raise, "@jdoe".into())))]
        );
        // `side = "after"`: a mention before it does not raise it.
        assert_eq!(found(&rs, "@jdoe sign up"), [(Severity::Medium, None)]);
        // Both near: they cancel out.
        assert_eq!(found(&rs, "lawn sign up @jdoe"), [(Severity::Medium, None)]);
        assert_eq!(
            found(&rs, "Mettez une affiche sur la pelouse, inscrivez-vous"),
            [(Severity::Low, Some((Shift::Lower, "pelouse".into())))]
        );
    }

    #[test]
    fn low_stays_low_high_stays_high_and_info_stays_info() {
        for (rule, text, want) in [
            ("low", "lawn sign up", Severity::Low),
            ("high", "sign up @jdoe", Severity::High),
            ("info", "lawn sign up", Severity::Info),
            ("info", "sign up @jdoe", Severity::Info),
        ] {
            let mut rs = one_rule("political-activity", SIGN);
            rs.rules[0].severity = Severity::parse(rule).unwrap();
            assert_eq!(found(&rs, text), [(want, None)], "{rule}: {text}");
        }
    }

    #[test]
    fn a_score_rule_is_moved_around_its_finding() {
        let rs = one_rule(
            "confidentiality",
            r#"[rule.score]
threshold = 2
high_at = 3
[[rule.score.signal]]
name = "team"
phrases = ["my team"]
[[rule.score.signal]]
name = "hush"
phrases = ["stay tuned"]
[[rule.score.signal]]
name = "soon"
phrases = ["next month"]
[rule.lower_near]
phrases = ["already announced"]
window = "sentences:1"
"#,
        );
        assert_eq!(
            found(&rs, "My team: stay tuned!"),
            [(Severity::Medium, None)]
        );
        assert_eq!(
            found(&rs, "My team: stay tuned! Already announced."),
            [(
                Severity::Low,
                Some((Shift::Lower, "Already announced".into()))
            )]
        );
        // From the score's high, one level down.
        assert_eq!(
            found(
                &rs,
                "My team: stay tuned for next month. Already announced."
            ),
            [(
                Severity::Medium,
                Some((Shift::Lower, "Already announced".into()))
            )]
        );
    }

    #[test]
    fn escalations_and_roles_raise_the_moved_severity() {
        let rs = one_rule("integrity", SIGN);
        let doc = Document::new("got my lawn sign up");
        let options = CheckOptions {
            raise: vec![crate::taxonomy::Category::Integrity],
            raised_by: Some("role-test".into()),
            near_misses: false,
        };
        let f = &check(&doc, &rs, &options).findings[0];
        assert_eq!(f.severity, Severity::Medium);
        assert_eq!(f.moved.as_ref().map(|m| m.from), Some(Severity::Medium));
    }

    #[test]
    fn mistakes_in_a_shift_are_reported_where_they_are() {
        let err = one_rule_error(
            "integrity",
            r#"phrases = ["x"]
[rule.lower_near]
window = "chapter"
[[rule.raise_near]]
phrases = ["y"]
side = "above"
colour = "red"
"#,
        );
        assert!(err.contains("colour"), "{err}");
        let err = one_rule_error(
            "integrity",
            r#"phrases = ["x"]
[rule.lower_near]
window = "chapter"
[[rule.raise_near]]
phrases = ["y"]
side = "above"
"#,
        );
        assert!(
            err.contains("t.toml:9:1: rule `x`: `lower_near` has nothing to look for"),
            "{err}"
        );
        assert!(
            err.contains("t.toml:10:10: rule `x`: `window = \"chapter\"`"),
            "{err}"
        );
        assert!(
            err.contains("t.toml:13:8: rule `x`: `side = \"above\"`: a side is"),
            "{err}"
        );
    }
}
