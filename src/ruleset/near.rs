//! What must, or must not, occur near a rule's hit: its contexts (`[rule.context]`, or several
//! `[[rule.context]]`, all required), its `except_near` and a sentence-wide condition, compiled
//! into one shape the engine decides the same way.

use super::syntax::{Conditions, Contexts, WindowSyntax, S};
use super::{CueId, Haystack, Pattern};

/// The window of a context when none is given, in words either side.
pub const DEFAULT_WINDOW: usize = 8;
/// The widest window: more words than any draft has, and far from overflowing a sum.
const MAX_WINDOW: usize = 1 << 24;
/// The most sentences either side a window may take: beyond this, say `"draft"`.
const MAX_SENTENCES: usize = 100;

/// How far from a hit a cue may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Window {
    /// At most this many words either side.
    Words(usize),
    /// In the hit's own sentence (split as for languages: `.`, `!`, `?`, `…`, line breaks).
    Sentence,
    /// In the hit's sentence and this many sentences either side (`"sentences:1"`).
    Sentences(usize),
    /// The same, but never past the hit's paragraph (`"sentences:1 in paragraph"`).
    SentencesInParagraph(usize),
    /// In the hit's paragraph: between the blank lines around it (`"paragraph"`).
    Paragraph,
    /// Anywhere in the draft.
    Draft,
}

/// Which side of a hit a near's cues may be on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Side {
    #[default]
    Both,
    /// Starting before the hit (`not speaking on behalf of`: the cue may cover the hit).
    Before,
    /// Ending after the hit.
    After,
}

/// Which way a `lower_near` or `raise_near` cue moves the severity of a hit it is near.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shift {
    /// One level down (`lower_near`): high to medium, medium to low; low stays low.
    Lower,
    /// One level up (`raise_near`): low to medium, medium to high.
    Raise,
}

impl Shift {
    /// `severity` moved one level this way; info (a grey area) stays info either way.
    pub fn apply(self, severity: crate::taxonomy::Severity) -> crate::taxonomy::Severity {
        match (self, severity) {
            (_, crate::taxonomy::Severity::Info) => severity,
            (Shift::Lower, s) => s.lowered(),
            (Shift::Raise, s) => s.raised(),
        }
    }
}

/// What a hit that lies inside a quotation (reported speech, a quoted headline) becomes:
/// `quoted = "skip"` or `"lower"` on a rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Quoted {
    /// Quotes change nothing (the default).
    #[default]
    Keep,
    /// Dropped.
    Skip,
    /// One level down, as by `lower_near`.
    Lower,
}

impl Quoted {
    pub fn as_str(self) -> &'static str {
        match self {
            Quoted::Keep => "keep",
            Quoted::Skip => "skip",
            Quoted::Lower => "lower",
        }
    }

    pub fn parse(s: &str) -> Option<Quoted> {
        [Quoted::Keep, Quoted::Skip, Quoted::Lower]
            .into_iter()
            .find(|q| q.as_str() == s)
    }
}

/// Cues near a hit: phrases, or pattern matches, within a window.
#[derive(Debug)]
pub(crate) struct Near {
    pub(crate) cue: Option<CueId>,
    /// Over the clean view.
    pub(crate) patterns: Vec<Pattern>,
    /// Over the words view.
    pub(crate) word_patterns: Vec<Pattern>,
    pub(crate) window: Window,
    /// Cues that overlap the hit itself do not count.
    pub(crate) outside: bool,
    pub(crate) side: Side,
    /// The phrases and patterns as written, for `explain`.
    pub(crate) written: super::Cold<Vec<String>>,
}

/// A context or a nearby exception of a rule, as written: what `postcheck explain` shows.
#[derive(Debug, Clone, Copy)]
pub struct Nearby<'a> {
    /// An exception (`except_near`, or a sentence-wide `unless`), not a context.
    pub except: bool,
    /// A cue that moves the hit's severity (`lower_near`, `raise_near`) rather than deciding
    /// whether it counts; `except` is false for these.
    pub shift: Option<Shift>,
    pub cues: &'a [String],
    pub window: Window,
    pub outside: bool,
    pub side: Side,
}

impl super::Rule {
    /// The rule's contexts, then its nearby exceptions, then what lowers and raises it.
    pub fn nearby(&self) -> Vec<Nearby<'_>> {
        fn one(n: &Near, except: bool) -> Nearby<'_> {
            Nearby {
                except,
                shift: None,
                cues: n.written.as_slice(),
                window: n.window,
                outside: n.outside,
                side: n.side,
            }
        }
        let mut out: Vec<Nearby> = self.context.iter().map(|n| one(n, false)).collect();
        out.extend(self.except_near.iter().map(|n| one(n, true)));
        for (list, shift) in [
            (&self.lower_near, Shift::Lower),
            (&self.raise_near, Shift::Raise),
        ] {
            out.extend(list.iter().map(|n| Nearby {
                shift: Some(shift),
                ..one(n, false)
            }));
        }
        out
    }
}

impl Near {
    /// A condition list decided in a window (sentences, or the draft for a second condition) as
    /// a context (`requires`) or an exception (`unless`).
    fn within(cue: CueId, written: &[S<String>], window: Window) -> Near {
        Near {
            cue: Some(cue),
            patterns: Vec::new(),
            word_patterns: Vec::new(),
            window,
            outside: false,
            side: Side::Both,
            written: written
                .iter()
                .map(|p| p.get_ref().clone())
                .collect::<Vec<_>>()
                .into(),
        }
    }

    /// True when it has patterns to run, not only phrases to look up.
    pub(crate) fn has_patterns(&self) -> bool {
        !self.patterns.is_empty() || !self.word_patterns.is_empty()
    }
}

/// Where a rule's text is, for diagnostics.
pub(super) struct At<'a> {
    pub file: &'a str,
    pub src: &'a str,
    pub rule: &'a str,
    /// A built-in file: its patterns are compiled on first use.
    pub shipped: bool,
}

/// What a rule's condition compiles to: draft-wide cue lists, or sentence-wide nears.
#[derive(Default)]
pub(super) struct Condition {
    pub unless: Option<CueId>,
    pub requires: Option<CueId>,
    pub near: Vec<Near>,
    pub except_near: Vec<Near>,
}

impl super::Compiler {
    /// Compiles `[rule.context]`s or `[rule.except_near]`s; `what` names them in diagnostics.
    pub(super) fn nears(&mut self, at: &At, list: &Option<S<Contexts>>, what: &str) -> Vec<Near> {
        let Some(list) = list else {
            return Vec::new();
        };
        let tables = list.get_ref().tables(list.span());
        if tables.is_empty() {
            self.diag(
                at,
                list.span(),
                format!("`{what}` is an empty array: remove it or give it a table"),
            );
        }
        let mut out = Vec::new();
        for (span, c) in tables {
            if c.phrases.is_empty()
                && c.sequences.is_empty()
                && c.patterns.is_empty()
                && c.word_patterns.is_empty()
            {
                self.diag(
                    at,
                    span.clone(),
                    format!("`{what}` has nothing to look for: give it `phrases`, `patterns` or `word_patterns`"),
                );
            }
            let window = match &c.window {
                None => Window::Words(DEFAULT_WINDOW),
                Some(w) => self
                    .window(at, w, true)
                    .unwrap_or(Window::Words(DEFAULT_WINDOW)),
            };
            let side = match c.side.as_ref().map(|s| (s.span(), s.get_ref().as_str())) {
                None | Some((_, "both")) => Side::Both,
                Some((_, "before")) => Side::Before,
                Some((_, "after")) => Side::After,
                Some((span, other)) => {
                    let msg = format!("`side = \"{other}\"`: a side is \"before\", \"after\" or \"both\" (the default)");
                    self.diag(at, span, msg);
                    Side::Both
                }
            };
            let mut sequences = Vec::new();
            let cue = self.cues_with(at, &c.phrases, &c.sequences, &mut sequences);
            let patterns = self.patterns(at, &c.patterns, Haystack::Clean);
            let word_patterns = self.patterns(at, &c.word_patterns, Haystack::Words);
            let written = c.phrases.iter().chain(&c.patterns).chain(&c.word_patterns);
            let mut written: Vec<String> = written.map(|p| p.get_ref().clone()).collect();
            written.extend(sequences);
            out.push(Near {
                cue,
                patterns,
                word_patterns,
                window,
                outside: c.outside,
                side,
                written: written.into(),
            });
        }
        out
    }

    /// A rule's `[rule.condition]`s: over the whole draft, or, with `window = "sentence"` (or
    /// `"sentences:N"`), over the hit's sentences (then `requires` is a context and `unless` an
    /// exception). Several are all required: the `unless` of each draft-wide one join in one
    /// list, and each `requires` after the first is a context anywhere in the draft.
    pub(super) fn condition(&mut self, at: &At, c: &Option<S<Conditions>>) -> Condition {
        let Some(c) = c else {
            return Condition::default();
        };
        let tables = c.get_ref().tables(c.span());
        if tables.is_empty() {
            let msg = "`condition` is an empty array: remove it or give it a table".to_string();
            self.diag(at, c.span(), msg);
        }
        let mut out = Condition::default();
        let mut unless: Vec<S<String>> = Vec::new();
        for (_, cond) in tables {
            let window = match &cond.window {
                None => None,
                Some(w) => self.window(at, w, false).filter(|w| *w != Window::Draft),
            };
            let requires_patterns = [&cond.requires_patterns, &cond.requires_word_patterns];
            let unless_patterns = [&cond.unless_patterns, &cond.unless_word_patterns];
            let patterned = |p: [&Vec<S<String>>; 2]| p.iter().any(|l| !l.is_empty());
            // With patterns, a list is decided as a near, in its window (the draft when none):
            // a pattern has no hit of the one lookup per word to test for beforehand.
            if patterned(requires_patterns) {
                let within = window.unwrap_or(Window::Draft);
                let n = self.patterned(at, &cond.requires, requires_patterns, within);
                out.near.push(n);
            } else {
                let requires = self.cues(at.file, at.src, Some(at.rule), &cond.requires);
                match (window, out.requires, requires) {
                    (Some(w), _, r) => {
                        out.near
                            .extend(r.map(|c| Near::within(c, &cond.requires, w)));
                    }
                    (None, None, r) => out.requires = r,
                    (None, Some(_), Some(r)) => {
                        out.near
                            .push(Near::within(r, &cond.requires, Window::Draft));
                    }
                    (None, Some(_), None) => {}
                }
            }
            if patterned(unless_patterns) {
                let within = window.unwrap_or(Window::Draft);
                let n = self.patterned(at, &cond.unless, unless_patterns, within);
                out.except_near.push(n);
            } else if let Some(w) = window {
                let c = self.cues(at.file, at.src, Some(at.rule), &cond.unless);
                out.except_near
                    .extend(c.map(|c| Near::within(c, &cond.unless, w)));
            } else {
                unless.extend(cond.unless.iter().cloned());
            }
        }
        out.unless = self.cues(at.file, at.src, Some(at.rule), &unless);
        out
    }

    /// A condition's `requires` or `unless` that has patterns: its phrases and patterns as one
    /// near in `window`.
    fn patterned(
        &mut self,
        at: &At,
        phrases: &[S<String>],
        [patterns, word_patterns]: [&Vec<S<String>>; 2],
        window: Window,
    ) -> Near {
        let written = phrases.iter().chain(patterns).chain(word_patterns);
        let written: Vec<String> = written.map(|p| p.get_ref().clone()).collect();
        Near {
            cue: self.cues(at.file, at.src, Some(at.rule), phrases),
            patterns: self.patterns(at, patterns, Haystack::Clean),
            word_patterns: self.patterns(at, word_patterns, Haystack::Words),
            window,
            outside: false,
            side: Side::Both,
            written: written.into(),
        }
    }

    pub(super) fn window(&mut self, at: &At, w: &S<WindowSyntax>, words: bool) -> Option<Window> {
        let problem = match w.get_ref() {
            WindowSyntax::Named(n) if n == "sentence" => return Some(Window::Sentence),
            WindowSyntax::Named(n) if n == "draft" => return Some(Window::Draft),
            WindowSyntax::Named(n) if n == "paragraph" => return Some(Window::Paragraph),
            WindowSyntax::Named(n) if n.starts_with("sentences:") => {
                let count = &n["sentences:".len()..];
                let (count, in_paragraph) = match count.strip_suffix(" in paragraph") {
                    Some(c) => (c, true),
                    None => (count, false),
                };
                match (count.trim().parse::<usize>(), in_paragraph) {
                    (Ok(0), _) => return Some(Window::Sentence),
                    (Ok(k), false) if k <= MAX_SENTENCES => return Some(Window::Sentences(k)),
                    (Ok(k), true) if k <= MAX_SENTENCES => {
                        return Some(Window::SentencesInParagraph(k))
                    }
                    _ => format!("`window = \"{n}\"`: write `\"sentences:N\"` with N from 0 to {MAX_SENTENCES}, the sentences either side of the hit's own (`\"sentences:N in paragraph\"`: never past its paragraph)"),
                }
            }
            WindowSyntax::Words(n) if words && *n >= 0 => {
                return Some(Window::Words(usize::try_from(*n).unwrap_or(MAX_WINDOW).min(MAX_WINDOW)))
            }
            WindowSyntax::Words(_) if !words => {
                "a condition is decided over the whole draft or, with `window = \"sentence\"`, `\"sentences:N\"` or `\"paragraph\"`, over the hit's sentence (and N either side) or paragraph; for a window in words use `[rule.context]` or `[rule.except_near]`".to_string()
            }
            WindowSyntax::Words(n) => format!("`window = {n}`: a window is a number of words (0 or more), \"sentence\", \"sentences:N\", \"paragraph\" or \"draft\""),
            WindowSyntax::Named(n) => format!("`window = \"{n}\"`: a window is a number of words, \"sentence\", \"sentences:N\" (the hit's sentence and N either side), \"paragraph\" or \"draft\""),
        };
        self.diag(at, w.span(), problem);
        None
    }

    pub(super) fn patterns(
        &mut self,
        at: &At,
        list: &[S<String>],
        haystack: Haystack,
    ) -> Vec<Pattern> {
        let compiled: Vec<Pattern> = list
            .iter()
            .filter_map(|p| self.regex(at.file, at.src, at.rule, p, at.shipped))
            .collect();
        compiled
            .into_iter()
            .map(|p| p.gated(&mut self.gates, haystack))
            .collect()
    }

    pub(super) fn diag(&mut self, at: &At, span: std::ops::Range<usize>, msg: String) {
        self.diags.push(crate::diagnostic::Diagnostic::at(
            at.file,
            at.src,
            span,
            Some(at.rule),
            msg,
        ));
    }
}

#[cfg(test)]
mod tests {
    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};
    use crate::ruleset::Ruleset;
    use crate::text::Document;

    fn fires(rs: &Ruleset, text: &str) -> bool {
        !check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .is_empty()
    }

    /// A reply to a government account, whatever its handle.
    const REPLY: &str = r#"phrases = ["clowns", "incompétents"]
[rule.condition]
requires = ["the ministry"]
requires_patterns = ['@(Min|ESDC_|ON|Sante_)\w+']
unless_word_patterns = ['\bsatire\b']
"#;

    #[test]
    fn condition_patterns_count_as_cues_anywhere_in_the_draft() {
        let rs = one_rule("integrity", REPLY);
        assert!(fires(&rs, "@MinSante what clowns"));
        assert!(fires(&rs, "Bande d'incompétents. @ESDC_GC"));
        assert!(fires(&rs, "@Sante_Canada clowns"));
        assert!(fires(&rs, "the ministry: clowns"));
        assert!(!fires(&rs, "@jdoe what clowns"));
        assert!(!fires(&rs, "@ONgov clowns (satire)"));
        // Several conditions: each required, phrases and patterns alike.
        let two = one_rule(
            "integrity",
            &format!(
                "{}[[rule.condition]]\nrequires_patterns = ['(?i)\\breply\\b']\n",
                REPLY.replace("[rule.condition]", "[[rule.condition]]")
            ),
        );
        assert!(fires(&two, "Reply to @MinSante: clowns"));
        assert!(!fires(&two, "@MinSante: clowns"));
    }

    #[test]
    fn condition_patterns_in_a_sentence_window() {
        let rs = one_rule(
            "integrity",
            r#"phrases = ["clowns"]
[rule.condition]
requires_patterns = ['@Min\w+']
unless_patterns = ['(?i)\bjust kidding\b']
window = "sentence"
"#,
        );
        assert!(fires(&rs, "@MinFinance clowns. Just kidding"));
        assert!(!fires(&rs, "@MinFinance clowns, just kidding"));
        assert!(!fires(&rs, "@MinFinance. Clowns"));
    }

    #[test]
    fn a_bad_condition_pattern_is_reported_where_it_is() {
        let err = one_rule_error(
            "integrity",
            "phrases = [\"x\"]\n[rule.condition]\nrequires_patterns = ['(unclosed']\nunless_patterns = ['a*']\nrequire = [\"y\"]\n",
        );
        assert!(
            err.contains("t.toml:12:1: unknown field `require`"),
            "{err}"
        );
        let err = one_rule_error(
            "integrity",
            "phrases = [\"x\"]\n[rule.condition]\nrequires_patterns = ['(unclosed']\nunless_patterns = ['a*']\n",
        );
        assert!(
            err.contains("t.toml:10:22: rule `x`: invalid pattern `(unclosed`"),
            "{err}"
        );
        assert!(
            err.contains("t.toml:11:20: rule `x`: pattern `a*` can match empty text"),
            "{err}"
        );
    }
}
