//! Score rules over one draft: around a place, the weights of the signals found within the
//! score's window are added up, each signal once; a negative weight subtracts, and a required
//! signal missing from the window stops the rule whatever the total. Signals are nears underneath, so their cues
//! come from the one lookup per word and are searched by position, never by a scan of the draft.

use std::ops::Range;

use super::around::{signal_near, Around, RuleNear};
use super::{overlaps, Candidate, Hit, Hits};
use crate::ruleset::Score;
use crate::taxonomy::Severity;

/// A rule's score over one draft.
pub(super) struct RuleScore<'r, 'a> {
    score: &'r Score,
    near: RuleNear<'r, 'a>,
    /// The signals' `unless_near`, when some signal has one.
    unless: Option<RuleNear<'r, 'a>>,
}

/// What a score found around a place that reached its threshold.
pub(super) struct Scored {
    /// The contributing cues, from the first to the last (the place itself included).
    pub span: Candidate,
    /// Indices of the positive signals that counted (the negative ones found are not listed:
    /// a finding names what makes it a risk).
    pub signals: Vec<usize>,
    /// High when the total reached `high_at`.
    pub high: bool,
    /// The place and the contributing cues, each on its own: what a finding of a score rule
    /// with no phrases of its own matched (an escalation's cue among them does not raise it).
    pub cues: Vec<Range<usize>>,
}

/// The score over one draft, or `None` when its signals in the draft cannot reach the threshold
/// wherever they are, or a required one is nowhere: then the rule cannot fire and nothing needs
/// deciding.
pub(super) fn ready<'r, 'a>(
    score: &'r Score,
    around: &'r Around<'a>,
    hits: &Hits,
) -> Option<RuleScore<'r, 'a>> {
    let (mut possible, mut missing) = (0, false);
    for (s, n) in score.signals.iter().zip(&score.nears) {
        let maybe = n.has_patterns() || n.cue.is_some_and(|c| !hits[c].is_empty());
        missing |= s.required && !maybe;
        if maybe && s.adds() {
            possible += s.weight;
        }
    }
    (!missing && possible >= score.threshold).then(|| any(score, around))
}

/// A score over one draft whatever its signals could add up to: for near misses (`misses`).
pub(super) fn any<'r, 'a>(score: &'r Score, around: &'r Around<'a>) -> RuleScore<'r, 'a> {
    RuleScore {
        score,
        near: signal_near(&score.nears, around),
        unless: (!score.unless.is_empty()).then(|| signal_near(&score.unless, around)),
    }
}

/// Every signal within the window of a place, counted or not: what a near miss reports.
pub(super) struct Tally {
    /// The total of the weights found, negative ones included.
    pub total: i32,
    /// The total of the positive weights found.
    pub positive: i32,
    /// Indices of the positive signals found, of the negative ones found, of the required ones
    /// missing.
    pub found: Vec<usize>,
    pub negative: Vec<usize>,
    pub missing: Vec<usize>,
    /// The place and the cues found, from the first to the last.
    pub span: Range<usize>,
}

impl RuleScore<'_, '_> {
    /// The signals within the window of `c`, whether or not they reach the threshold.
    pub fn tally(&self, c: &Candidate) -> Tally {
        let mut t = Tally {
            total: 0,
            positive: 0,
            found: Vec::new(),
            negative: Vec::new(),
            missing: Vec::new(),
            span: c.orig.clone(),
        };
        let picks = self.distinct().then(|| self.distinct_picks(c));
        for (i, s) in self.score.signals.iter().enumerate() {
            let found = match &picks {
                Some(p) => p[i],
                None => self.cue(i, c, |_| true),
            };
            let Some(h) = found else {
                if s.required {
                    t.missing.push(i);
                }
                continue;
            };
            t.total += s.weight;
            if s.adds() {
                t.positive += s.weight;
                t.found.push(i);
                t.span = t.span.start.min(h.start())..t.span.end.max(h.end());
            } else {
                t.negative.push(i);
            }
        }
        t
    }

    fn distinct(&self) -> bool {
        self.score.distinct
    }

    /// The cue of signal `i` nearest `c` that `keep` accepts and that none of the signal's
    /// `unless_near` keeps from counting.
    fn cue(&self, i: usize, c: &Candidate, keep: impl Fn(&Hit) -> bool) -> Option<Hit> {
        let n = &self.score.nears[i];
        match self.has_unless(i) {
            false => self.near.nearest_where(i, n, c, keep),
            true => self
                .near
                .nearest_where(i, n, c, |h| keep(h) && !self.vetoed(i, h)),
        }
    }

    fn has_unless(&self, i: usize) -> bool {
        self.unless.is_some() && self.score.unless_of.get(i).is_some_and(|(a, b)| a < b)
    }

    /// True when a cue of `unless_near` of signal `i` is near its cue `h`: `h` does not count
    /// ("merci" with 🙄 beside it is not warmth).
    fn vetoed(&self, i: usize, h: &Hit) -> bool {
        let Some(u) = self.unless.as_ref().filter(|_| self.has_unless(i)) else {
            return false;
        };
        let (from, to) = self.score.unless_of[i];
        let c = Candidate {
            orig: h.orig(),
            first: h.first(),
            last: h.last(),
        };
        (from..to).any(|j| u.nearest(j, &self.score.unless[j], &c).is_some())
    }

    /// For a `distinct` score, the cue each signal counts around `c`: the positive signals
    /// claim cues in turn (required first, then the heaviest), each the nearest that no signal
    /// before it claimed, so one span of the draft ("sur le dossier") never counts twice.
    /// Negative signals only subtract: they take their nearest cue, claimed or not.
    fn distinct_picks(&self, c: &Candidate) -> Vec<Option<Hit>> {
        let nears = &self.score.nears;
        let mut picks: Vec<Option<Hit>> = vec![None; nears.len()];
        let mut claimed: Vec<Range<usize>> = Vec::new();
        for i in self.score.claim_order() {
            let free = |h: &Hit| !claimed.iter().any(|r| overlaps(r, &(h.orig())));
            if let Some(h) = self.cue(i, c, free) {
                claimed.push(h.orig());
                picks[i] = Some(h);
            }
        }
        for (i, s) in self.score.signals.iter().enumerate() {
            if !s.adds() {
                picks[i] = self.cue(i, c, |_| true);
            }
        }
        picks
    }

    /// The threshold of the score.
    pub fn threshold(&self) -> i32 {
        self.score.threshold
    }

    /// Every cue of every positive signal: the places a rule with no phrases of its own may fire
    /// (a negative signal only lowers a total; it is never what a finding is about).
    pub fn anchors(&self) -> Vec<Candidate> {
        let mut out = Vec::new();
        let signals = self.score.signals.iter().zip(&self.score.nears);
        for (i, (_, n)) in signals.enumerate().filter(|(_, (s, _))| s.adds()) {
            let hits = self.near.hits(i, n).into_iter();
            out.extend(hits.filter(|h| !self.vetoed(i, h)).map(|h| Candidate {
                orig: h.orig(),
                first: h.first(),
                last: h.last(),
            }));
        }
        out
    }

    /// The signals within the window of `c`, when their weights reach the threshold and every
    /// required signal is among them.
    pub fn decide(&self, c: &Candidate) -> Option<Scored> {
        let (mut total, mut signals) = (0, Vec::new());
        let mut span = Candidate {
            orig: c.orig.clone(),
            first: c.first,
            last: c.last,
        };
        let mut cues = Vec::new();
        let picks = self.distinct().then(|| self.distinct_picks(c));
        for (i, s) in self.score.signals.iter().enumerate() {
            let found = match &picks {
                Some(p) => p[i],
                None => self.cue(i, c, |_| true),
            };
            let Some(h) = found else {
                if s.required {
                    return None;
                }
                continue;
            };
            total += s.weight;
            if !s.adds() {
                continue;
            }
            signals.push(i);
            cues.push(h.orig());
            span.orig = span.orig.start.min(h.start())..span.orig.end.max(h.end());
            span.first = span.first.min(h.first());
            span.last = span.last.max(h.last());
        }
        (total >= self.score.threshold).then(|| Scored {
            cues: {
                cues.push(c.orig.clone());
                cues
            },
            span,
            signals,
            high: self.score.high_at.is_some_and(|h| total >= h),
        })
    }

    /// The names of signals, by index.
    pub fn names(&self, signals: &[usize]) -> Vec<String> {
        signals
            .iter()
            .filter_map(|&i| self.score.signals.get(i))
            .map(|s| s.name.clone())
            .collect()
    }
}

impl Scored {
    /// The severity of a finding of a rule of `severity`.
    pub fn severity(&self, severity: Severity) -> Severity {
        match self.high {
            true => Severity::High,
            false => severity,
        }
    }

    /// The byte range the contributing cues cover.
    pub fn range(&self) -> Range<usize> {
        self.span.orig.clone()
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, CheckOptions};
    use crate::ruleset::Ruleset;
    use crate::taxonomy::Severity;
    use crate::text::Document;

    const LEAK: &str = r#"[rule.score]
threshold = 3
window = "sentences:1"
high_at = 4
[[rule.score.signal]]
name = "team"
phrases = ["my team", "mon équipe"]
[[rule.score.signal]]
name = "hedge"
weight = 2
phrases = ["can't say much", "stay tuned"]
[[rule.score.signal]]
name = "soon"
phrases = ["next month", "<date>"]
"#;

    fn findings(rs: &Ruleset, text: &str) -> Vec<(String, Severity, Vec<String>)> {
        check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .into_iter()
            .map(|f| (text[f.span].to_string(), f.severity, f.signals))
            .collect()
    }

    #[test]
    fn weak_signals_fire_together_within_the_window() {
        let rs = one_rule("confidentiality", LEAK);
        let f = findings(&rs, "Big news for my team. Can't say much yet!");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "my team. Can't say much");
        assert_eq!(f[0].1, Severity::Medium);
        assert_eq!(f[0].2, ["team", "hedge"]);
        // One signal however often it occurs; too far apart is not together.
        assert!(findings(&rs, "my team, my team and my team").is_empty());
        assert!(findings(&rs, "stay tuned. stay tuned. stay tuned").is_empty());
        assert!(findings(&rs, "my team. a. b. c. stay tuned").is_empty());
        // Every signal: high, and one finding.
        let all = findings(&rs, "My team has news next month. Stay tuned.");
        assert_eq!(all.len(), 1, "{all:?}");
        assert_eq!(all[0].1, Severity::High);
        // A class counts as a signal.
        assert_eq!(findings(&rs, "Stay tuned for May 3. Wow").len(), 1);
    }

    #[test]
    fn a_score_with_phrases_of_its_own_decides_around_them() {
        let body = format!("phrases = [\"announcement\"]\n{LEAK}");
        let rs = one_rule("confidentiality", &body);
        let f = findings(&rs, "My team: an announcement, stay tuned");
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].0, "announcement");
        assert!(findings(&rs, "my team, stay tuned").is_empty());
        assert!(findings(&rs, "an announcement next month").is_empty());
    }

    #[test]
    fn exceptions_and_conditions_hold_on_score_rules() {
        let body = format!(
            "except_near = {{ phrases = [\"public\"], window = \"sentence\" }}\n[rule.condition]\nunless = [\"fiction\"]\n{LEAK}"
        );
        let rs = one_rule("confidentiality", &body);
        assert_eq!(findings(&rs, "my team: stay tuned").len(), 1);
        assert!(findings(&rs, "my team: stay tuned, it is public").is_empty());
        assert!(findings(&rs, "my team: stay tuned. fiction").is_empty());
    }

    /// A leak score where praise subtracts and a team must be there.
    const GUARDED: &str = r#"[rule.score]
threshold = 2
window = "sentence"
[[rule.score.signal]]
name = "team"
required = true
phrases = ["my team"]
[[rule.score.signal]]
name = "hedge"
weight = 2
phrases = ["stay tuned"]
[[rule.score.signal]]
name = "soon"
phrases = ["next month"]
[[rule.score.signal]]
name = "praise"
weight = -2
phrases = ["bravo", "already public"]
"#;

    #[test]
    fn a_negative_signal_subtracts_and_is_never_a_finding_or_listed() {
        let rs = one_rule("confidentiality", GUARDED);
        let f = findings(&rs, "My team: stay tuned");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].2, ["team", "hedge"]);
        // Praise in the window takes the total below the threshold.
        assert!(findings(&rs, "My team: stay tuned, bravo").is_empty());
        // Enough positive weight outweighs it (1 + 2 + 1 - 2); praise is neither listed nor
        // covered.
        let f = findings(&rs, "Bravo, my team: stay tuned for next month");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].0, "my team: stay tuned for next month");
        assert_eq!(f[0].2, ["team", "hedge", "soon"]);
        // Outside the window it does not count.
        assert_eq!(findings(&rs, "Bravo! My team: stay tuned").len(), 1);
        // Alone, a negative signal anchors nothing.
        assert!(findings(&rs, "bravo bravo, already public").is_empty());
    }

    #[test]
    fn a_required_signal_must_be_in_the_window_whatever_the_total() {
        let rs = one_rule("confidentiality", GUARDED);
        assert!(findings(&rs, "Stay tuned for next month").is_empty());
        assert!(findings(&rs, "My team. Stay tuned for next month").is_empty());
        assert_eq!(findings(&rs, "My team: stay tuned for next month").len(), 1);
    }

    #[test]
    fn negative_and_required_mistakes_are_reported_where_they_are() {
        let body = r#"[rule.score]
threshold = 3
[[rule.score.signal]]
name = "a"
weight = 0
phrases = ["a"]
[[rule.score.signal]]
name = "b"
weight = -1
required = true
phrases = ["b"]
[[rule.score.signal]]
name = "c"
weight = 2
phrases = ["c"]
"#;
        let err = compile_error(body);
        assert!(err.contains("t.toml:12:10: rule `x`: signal `a`: `weight = 0`: a weight is a whole number other than 0"), "{err}");
        assert!(
            err.contains(
                "t.toml:17:12: rule `x`: signal `b`: `required = true` with `weight = -1`"
            ),
            "{err}"
        );
        // a (weight 0, read as 1) and c are positive; the positive sum 3 is reachable.
        let err = compile_error(
            "[rule.score]\nthreshold = 3\n[[rule.score.signal]]\nname = \"a\"\nphrases = [\"a\"]\n[[rule.score.signal]]\nname = \"b\"\nweight = -5\nphrases = [\"b\"]\n",
        );
        assert!(err.contains("t.toml:8:1: rule `x`: a score adds up several signals: give it at least two signals of positive weight"), "{err}");
        assert!(err.contains("t.toml:9:13: rule `x`: `threshold = 3`: a threshold is a whole number from 1 to the sum of the signals' positive weights (1)"), "{err}");
    }

    #[test]
    fn a_distinct_score_counts_one_span_for_one_signal_only() {
        // "sur le dossier" is a place and a file: one span, two signals.
        let body = |distinct: bool| {
            format!(
                "[rule.score]\nthreshold = 3\ndistinct = {distinct}\n[[rule.score.signal]]\nname = \"file\"\nrequired = true\nphrases = [\"dossier\", \"file\"]\n[[rule.score.signal]]\nname = \"work\"\nweight = 2\nphrases = [\"sur le dossier\", \"on the file\", \"my team\"]\n"
            )
        };
        let (plain, distinct) = (
            one_rule("integrity", &body(false)),
            one_rule("integrity", &body(true)),
        );
        for text in ["Je travaille sur le dossier.", "I work on the file."] {
            assert_eq!(findings(&plain, text).len(), 1, "{text}");
            assert!(findings(&distinct, text).is_empty(), "{text}");
        }
        // Two spans: both count; the required signal claims its cue first.
        let f = findings(&distinct, "My team is on the file.");
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].2, ["file", "work"]);
    }

    fn compile_error(body: &str) -> String {
        crate::engine::one_rule_error("confidentiality", body)
    }

    #[test]
    fn score_mistakes_are_reported_where_they_are() {
        let err = compile_error(
            r#"[rule.score]
threshold = 5
high_at = 1
window = "chapter"
[[rule.score.signal]]
name = "a"
weight = 0
phrases = ["a"]
"#,
        );
        for want in [
            "t.toml:8:1: rule `x`: a score adds up several signals",
            "t.toml:9:13: rule `x`: `threshold = 5`: a threshold is a whole number from 1 to the sum",
            "t.toml:10:11: rule `x`: `high_at = 1`",
            "t.toml:11:10: rule `x`: `window = \"chapter\"`",
            "t.toml:14:10: rule `x`: signal `a`: `weight = 0`",
        ] {
            assert!(err.contains(want), "{want}\n{err}");
        }
    }
}
