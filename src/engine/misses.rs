//! Near misses of score rules, for `check --verbose`: where a score rule that did not fire came
//! close (one short of its threshold, a required signal missing, or pulled under by a negative
//! one). Only computed when asked (`CheckOptions::near_misses`): a plain run pays nothing.

use std::ops::Range;
use std::sync::OnceLock;

use super::around::Around;
use super::{candidates, score, Candidate, Finding, Hits};
use crate::lang::Languages;
use crate::ruleset::{Open, Ruleset};
use crate::text::Document;

/// A score rule that came close somewhere in a draft, and did not fire anywhere in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NearMiss {
    /// Index of the rule in [`Ruleset::rules`].
    pub rule: usize,
    /// The window's cues, from the first to the last (original bytes).
    pub span: Range<usize>,
    /// The total of the weights found (negative ones included), and the threshold.
    pub total: i32,
    pub threshold: i32,
    /// The names of the positive signals found, of the negative ones found, and of the
    /// required ones missing.
    pub found: Vec<String>,
    pub negative: Vec<String>,
    pub missing: Vec<String>,
}

/// What near misses are looked for with: the parts of one check.
pub(super) struct Draft<'a> {
    pub doc: &'a Document,
    pub rs: &'a Ruleset,
    pub hits: &'a Hits,
    pub open: &'a Open,
    pub around: &'a Around<'a>,
    pub languages: &'a Languages,
}

/// The near misses of every enabled score rule with no finding in the draft, one a rule (its
/// closest place), in the order of the rules.
pub(super) fn find(d: &Draft, findings: &[Finding]) -> Vec<NearMiss> {
    let mut out = Vec::new();
    let chars = OnceLock::new();
    for (index, rule) in d.rs.rules.iter().enumerate() {
        let Some(s) = rule.score.as_ref().filter(|_| rule.enabled) else {
            continue;
        };
        if findings.iter().any(|f| f.rule == index) {
            continue;
        }
        let scored = score::any(s, d.around);
        let mut places = candidates(d.doc, rule, d.hits, d.open, &chars);
        if rule.triggers.is_empty() {
            places.extend(scored.anchors());
        }
        let in_language = |c: &Candidate| {
            d.languages
                .at_token(c.first)
                .is_none_or(|l| rule.languages.contains(&l))
        };
        let threshold = scored.threshold();
        let best = places
            .iter()
            .filter(|c| in_language(c))
            .map(|c| scored.tally(c))
            .filter(|t| {
                let close = t.total < threshold && t.total >= threshold - 1;
                let required = t.total >= threshold && !t.missing.is_empty();
                let pulled = !t.negative.is_empty() && t.positive >= threshold;
                !t.found.is_empty() && (close || required || (pulled && t.total < threshold))
            })
            // The closest: the most positive weight, then the first in the draft.
            .min_by_key(|t| (std::cmp::Reverse(t.positive), t.span.start));
        if let Some(t) = best {
            out.push(NearMiss {
                rule: index,
                span: t.span,
                total: t.total,
                threshold,
                found: scored.names(&t.found),
                negative: scored.names(&t.negative),
                missing: scored.names(&t.missing),
            });
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, CheckOptions, NearMiss};
    use crate::text::Document;

    /// A leak score: a team is required, praise subtracts.
    const GUARDED: &str = r#"[rule.score]
threshold = 3
window = "sentence"
[[rule.score.signal]]
name = "team"
required = true
phrases = ["my team", "mon équipe"]
[[rule.score.signal]]
name = "hedge"
weight = 2
phrases = ["stay tuned", "restez à l'écoute"]
[[rule.score.signal]]
name = "soon"
phrases = ["next month", "le mois prochain"]
[[rule.score.signal]]
name = "praise"
weight = -2
phrases = ["bravo"]
"#;

    fn misses(text: &str, on: bool) -> Vec<NearMiss> {
        let rs = one_rule("confidentiality", GUARDED);
        let options = CheckOptions {
            near_misses: on,
            ..CheckOptions::default()
        };
        check(&Document::new(text), &rs, &options).near_misses
    }

    #[test]
    fn a_score_one_short_is_a_near_miss_with_what_it_found() {
        // It fires: no near miss.
        assert!(misses("Mon équipe : restez à l'écoute.", true).is_empty());
        let m = misses("My team, next month.", true);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].total, m[0].threshold), (2, 3));
        assert_eq!(m[0].found, ["team", "soon"]);
        assert!(m[0].missing.is_empty() && m[0].negative.is_empty());
        assert_eq!(m[0].span, 0..19);
        // Two short is not close; nothing is computed unless asked.
        assert!(misses("Next month.", true).is_empty());
        assert!(misses("My team, next month.", false).is_empty());
    }

    #[test]
    fn a_required_signal_missing_or_a_negative_one_is_named() {
        let m = misses("Stay tuned for next month.", true);
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].total, m[0].threshold), (3, 3));
        assert_eq!(m[0].missing, ["team"]);
        let m = misses(
            "Bravo mon équipe, restez à l'écoute le mois prochain.",
            true,
        );
        assert_eq!(m.len(), 1, "{m:?}");
        assert_eq!((m[0].total, m[0].threshold), (2, 3));
        assert_eq!(m[0].found, ["team", "hedge", "soon"]);
        assert_eq!(m[0].negative, ["praise"]);
    }
}
