//! Score rules: several weak signals (a team, a hedge, a time to come) that only together, close
//! to each other, are a risk. Each signal is a cue group compiled like a context, so it is found
//! by the same one lookup per word; the engine adds up the weights of those within one window.

use super::near::{At, Near};
use super::syntax::{ScoreSyntax, S};
use super::{Haystack, Window};

/// A rule's `[rule.score]`, compiled.
#[derive(Debug)]
pub struct Score {
    /// The total of weights at which the rule fires.
    pub threshold: i32,
    /// The total from which the finding is high.
    pub high_at: Option<i32>,
    pub window: Window,
    /// A cue (a span of the draft) counts for one signal only: the first that meets it, required
    /// signals first, then by weight (`distinct = true`).
    pub distinct: bool,
    pub signals: Vec<Signal>,
    /// The cues of each signal, in the same order, with the score's window.
    pub(crate) nears: Vec<Near>,
    /// What keeps a cue of a signal from counting (`unless_near`), every signal's in turn:
    /// signal `i`'s are `unless[unless_of[i].0..unless_of[i].1]`.
    pub(crate) unless: Vec<Near>,
    pub(crate) unless_of: Vec<(usize, usize)>,
}

/// One weak signal of a score.
#[derive(Debug, Clone)]
pub struct Signal {
    pub name: String,
    /// Never 0; a negative weight subtracts and its cues never anchor a finding.
    pub weight: i32,
    /// The rule fires only when this signal is in the window (never a negative one).
    pub required: bool,
}

impl Signal {
    /// Whether the signal adds to the total (it may anchor a finding and is listed in it).
    pub fn adds(&self) -> bool {
        self.weight > 0
    }
}

impl Score {
    /// The phrases and patterns of signal `i` as written, for `explain`.
    pub fn cues(&self, i: usize) -> &[String] {
        self.nears.get(i).map_or(&[], |n| n.written.as_slice())
    }

    /// What keeps a cue of signal `i` from counting (`unless_near`), for `explain`.
    pub fn unless_near(&self, i: usize) -> Vec<super::Nearby<'_>> {
        let (from, to) = self.unless_of.get(i).copied().unwrap_or_default();
        let nears = self.unless.get(from..to).unwrap_or_default();
        nears
            .iter()
            .map(|n| super::Nearby {
                except: true,
                shift: None,
                cues: n.written.as_slice(),
                window: n.window,
                outside: n.outside,
                side: n.side,
            })
            .collect()
    }

    /// The positive signals in the order they claim cues when the score is `distinct`:
    /// required ones first, then the heaviest, then as written.
    pub fn claim_order(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.signals.len())
            .filter(|&i| self.signals[i].adds())
            .collect();
        order.sort_by_key(|&i| {
            let s = &self.signals[i];
            (!s.required, std::cmp::Reverse(s.weight), i)
        });
        order
    }

    /// The most the signals can add up to: the sum of the positive weights.
    pub fn most(&self) -> i32 {
        self.signals
            .iter()
            .filter(|s| s.adds())
            .map(|s| s.weight)
            .sum()
    }
}

/// Weights are kept small so that no sum of them overflows.
const MAX_WEIGHT: i32 = 1000;

/// A number of the score as written, when it is a whole number from 1 up.
fn positive(n: &S<i64>) -> Option<i32> {
    i32::try_from(*n.get_ref()).ok().filter(|&n| n >= 1)
}

/// A signal's weight as written, when it is a whole number other than 0 (a small one).
fn weight(n: &S<i64>) -> Option<i32> {
    i32::try_from(*n.get_ref())
        .ok()
        .filter(|&n| n != 0 && n.abs() <= MAX_WEIGHT)
}

impl super::Compiler {
    /// Compiles `[rule.score]`, reporting every problem with its place.
    pub(super) fn score(&mut self, at: &At, s: &Option<S<ScoreSyntax>>) -> Option<Score> {
        let s = s.as_ref()?;
        let (span, score) = (s.span(), s.get_ref());
        let window = match &score.window {
            None => Window::Sentence,
            Some(w) => self.window(at, w, true).unwrap_or(Window::Sentence),
        };
        let (mut signals, mut nears) = (Vec::new(), Vec::new());
        let (mut unless, mut unless_of) = (Vec::new(), Vec::new());
        let mut names: Vec<&str> = Vec::new();
        for (sspan, sig) in score.signal.iter().map(|x| (x.span(), x.get_ref())) {
            let name = sig.name.get_ref().trim();
            if name.is_empty() || names.contains(&name) {
                let msg = match name.is_empty() {
                    true => {
                        "a signal needs a `name` (shown by `explain` and in findings)".to_string()
                    }
                    false => format!("two signals are named `{name}`: give each its own name"),
                };
                self.diag(at, sig.name.span(), msg);
            }
            names.push(name);
            let weight = match &sig.weight {
                None => 1,
                Some(w) => weight(w).unwrap_or_else(|| {
                    let msg = format!(
                        "signal `{name}`: `weight = {}`: a weight is a whole number other than 0, from -{MAX_WEIGHT} to {MAX_WEIGHT} (negative subtracts)",
                        w.get_ref()
                    );
                    self.diag(at, w.span(), msg);
                    1
                }),
            };
            let required = sig.required.as_ref().is_some_and(|r| *r.get_ref());
            if let Some(r) = sig.required.as_ref().filter(|_| required && weight < 0) {
                let msg = format!("signal `{name}`: `required = true` with `weight = {weight}`: a signal that subtracts cannot be required (leave it out of the rule, or use `except`)");
                self.diag(at, r.span(), msg);
            }
            if sig.phrases.is_empty()
                && sig.sequences.is_empty()
                && sig.patterns.is_empty()
                && sig.word_patterns.is_empty()
            {
                let msg = format!("signal `{name}` has nothing to look for: give it `phrases`, `patterns` or `word_patterns`");
                self.diag(at, sspan, msg);
            }
            let mut sequences = Vec::new();
            let cue = self.cues_with(at, &sig.phrases, &sig.sequences, &mut sequences);
            let patterns = self.patterns(at, &sig.patterns, Haystack::Clean);
            let word_patterns = self.patterns(at, &sig.word_patterns, Haystack::Words);
            let written = sig
                .phrases
                .iter()
                .chain(&sig.patterns)
                .chain(&sig.word_patterns);
            let from = unless.len();
            unless.extend(self.nears(at, &sig.unless_near, "unless_near"));
            unless_of.push((from, unless.len()));
            signals.push(Signal {
                name: name.to_string(),
                weight,
                required: required && weight > 0,
            });
            nears.push(Near {
                cue,
                patterns,
                word_patterns,
                window,
                outside: false,
                side: super::near::Side::Both,
                written: written
                    .map(|p| p.get_ref().clone())
                    .chain(sequences)
                    .collect::<Vec<_>>()
                    .into(),
            });
        }
        if signals.len() < 2 {
            let msg = "a score adds up several signals: give it at least two `[[rule.score.signal]]` tables (one strong cue is a phrase of the rule)";
            self.diag(at, span.clone(), msg.to_string());
        } else if signals.iter().filter(|s| s.adds()).count() < 2 {
            let msg = "a score adds up several signals: give it at least two signals of positive weight (a negative one only subtracts)";
            self.diag(at, span.clone(), msg.to_string());
        }
        let most: i32 = signals.iter().filter(|s| s.adds()).map(|s| s.weight).sum();
        let threshold = positive(&score.threshold).filter(|&t| t <= most);
        if threshold.is_none() {
            let msg = format!("`threshold = {}`: a threshold is a whole number from 1 to the sum of the signals' positive weights ({most})", score.threshold.get_ref());
            self.diag(at, score.threshold.span(), msg);
        }
        let threshold = threshold.unwrap_or(1);
        let high_at = score.high_at.as_ref().and_then(|h| {
            let ok = positive(h).filter(|&n| n > threshold && n <= most);
            if ok.is_none() {
                let msg = format!("`high_at = {}`: it is a total above the threshold ({threshold}) and at most the sum of the positive weights ({most})", h.get_ref());
                self.diag(at, h.span(), msg);
            }
            ok
        });
        Some(Score {
            threshold,
            high_at,
            window,
            distinct: score.distinct.as_ref().is_some_and(|d| *d.get_ref()),
            signals,
            nears,
            unless,
            unless_of,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};
    use crate::ruleset::Ruleset;
    use crate::text::Document;

    /// Praise of a manager is warmth (−4) unless a sarcasm marker is beside it.
    const PRAISE: &str = r#"[rule.score]
threshold = 2
window = "sentence"
[[rule.score.signal]]
name = "manager"
phrases = ["gestionnaire", "manager"]
[[rule.score.signal]]
name = "sneer"
phrases = ["brillant", "brilliant", "genius"]
[[rule.score.signal]]
name = "warmth"
weight = -4
phrases = ["merci", "thanks to"]
unless_near = { phrases = ["🙄", "/s", "lol sure", "c'est ça oui"], window = 12 }
"#;

    fn fires(rs: &Ruleset, text: &str) -> bool {
        !check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .is_empty()
    }

    #[test]
    fn a_signal_s_cue_with_its_unless_near_beside_it_does_not_count() {
        let rs = one_rule("harassment", PRAISE);
        assert!(!fires(&rs, "Merci à notre brillant gestionnaire!"));
        assert!(fires(&rs, "Merci à notre brillant gestionnaire… 🙄"));
        assert!(fires(
            &rs,
            "Merci à notre brillant gestionnaire, c'est ça oui."
        ));
        assert!(fires(&rs, "Thanks to our brilliant manager /s"));
        assert!(!fires(&rs, "Thanks to our brilliant manager"));
        // Too far from the cue (the window is the signal's `unless_near`, not the score's).
        let far = one_rule("harassment", &PRAISE.replace("window = 12", "window = 1"));
        assert!(!fires(&far, "Merci à notre brillant gestionnaire… 🙄"));
        assert!(fires(&far, "Merci 🙄 à notre brillant gestionnaire"));
    }

    #[test]
    fn unless_near_on_a_positive_signal_keeps_its_cue_from_anchoring() {
        let rs = one_rule(
            "confidentiality",
            r#"[rule.score]
threshold = 2
[[rule.score.signal]]
name = "team"
phrases = ["my team"]
[[rule.score.signal]]
name = "hush"
phrases = ["stay tuned"]
[[rule.score.signal]]
name = "soon"
phrases = ["next month"]
unless_near = [{ phrases = ["last year"], window = 3 }, { patterns = ['\bin 20\d\d\b'] }]
"#,
        );
        assert!(fires(&rs, "Stay tuned for next month"));
        assert!(!fires(&rs, "Stay tuned: next month, as last year"));
        assert!(!fires(&rs, "Stay tuned: next month in 2019"));
        assert!(fires(&rs, "My team: stay tuned: next month, as last year"));
    }

    #[test]
    fn unless_near_mistakes_are_reported_where_they_are() {
        let err = one_rule_error(
            "harassment",
            &PRAISE.replace("window = 12 }", "window = \"paragraph\", colour = 1 }"),
        );
        assert!(err.contains("t.toml:21:90:"), "{err}");
        assert!(err.contains("unknown field `colour`"), "{err}");
        let err = one_rule_error(
            "harassment",
            &PRAISE.replace("window = 12 }", "window = \"chapter\" }"),
        );
        assert!(
            err.contains("t.toml:21:77: rule `x`: `window = \"chapter\"`"),
            "{err}"
        );
        let err = one_rule_error(
            "harassment",
            &PRAISE.replace(
                "{ phrases = [\"🙄\", \"/s\", \"lol sure\", \"c'est ça oui\"], window = 12 }",
                "{ window = 3 }",
            ),
        );
        assert!(
            err.contains("t.toml:21:15: rule `x`: `unless_near` has nothing to look for"),
            "{err}"
        );
    }
}
