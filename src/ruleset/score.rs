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
    pub threshold: u32,
    /// The total from which the finding is high.
    pub high_at: Option<u32>,
    pub window: Window,
    pub signals: Vec<Signal>,
    /// The cues of each signal, in the same order, with the score's window.
    pub(crate) nears: Vec<Near>,
}

/// One weak signal of a score.
#[derive(Debug, Clone)]
pub struct Signal {
    pub name: String,
    pub weight: u32,
}

impl Score {
    /// The phrases and patterns of signal `i` as written, for `explain`.
    pub fn cues(&self, i: usize) -> &[String] {
        self.nears.get(i).map_or(&[], |n| n.written.as_slice())
    }

    /// The most the signals can add up to.
    pub fn most(&self) -> u32 {
        self.signals.iter().map(|s| s.weight).sum()
    }
}

/// A number of the score as written, when it is a whole number from 1 up.
fn positive(n: &S<i64>) -> Option<u32> {
    u32::try_from(*n.get_ref()).ok().filter(|&n| n >= 1)
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
                Some(w) => positive(w).unwrap_or_else(|| {
                    let msg = format!(
                        "signal `{name}`: `weight = {}`: a weight is a whole number from 1 up",
                        w.get_ref()
                    );
                    self.diag(at, w.span(), msg);
                    1
                }),
            };
            if sig.phrases.is_empty() && sig.patterns.is_empty() && sig.word_patterns.is_empty() {
                let msg = format!("signal `{name}` has nothing to look for: give it `phrases`, `patterns` or `word_patterns`");
                self.diag(at, sspan, msg);
            }
            let cue = self.cues(at.file, at.src, Some(at.rule), &sig.phrases);
            let patterns = self.patterns(at, &sig.patterns, Haystack::Clean);
            let word_patterns = self.patterns(at, &sig.word_patterns, Haystack::Words);
            let written = sig
                .phrases
                .iter()
                .chain(&sig.patterns)
                .chain(&sig.word_patterns);
            signals.push(Signal {
                name: name.to_string(),
                weight,
            });
            nears.push(Near {
                cue,
                patterns,
                word_patterns,
                window,
                outside: false,
                side: super::near::Side::Both,
                written: written.map(|p| p.get_ref().clone()).collect(),
            });
        }
        if signals.len() < 2 {
            let msg = "a score adds up several signals: give it at least two `[[rule.score.signal]]` tables (one strong cue is a phrase of the rule)";
            self.diag(at, span.clone(), msg.to_string());
        }
        let most: u32 = signals.iter().map(|s| s.weight).sum();
        let threshold = positive(&score.threshold).filter(|&t| t <= most);
        if threshold.is_none() {
            let msg = format!("`threshold = {}`: a threshold is a whole number from 1 to the sum of the signals' weights ({most})", score.threshold.get_ref());
            self.diag(at, score.threshold.span(), msg);
        }
        let threshold = threshold.unwrap_or(1);
        let high_at = score.high_at.as_ref().and_then(|h| {
            let ok = positive(h).filter(|&n| n > threshold && n <= most);
            if ok.is_none() {
                let msg = format!("`high_at = {}`: it is a total above the threshold ({threshold}) and at most the sum of the weights ({most})", h.get_ref());
                self.diag(at, h.span(), msg);
            }
            ok
        });
        Some(Score {
            threshold,
            high_at,
            window,
            signals,
            nears,
        })
    }
}
