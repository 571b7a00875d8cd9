//! The ruleset: rule files read, checked and compiled into one index of every phrase of every
//! rule (looked up word by word) plus the few regular expressions, never once per draft. The
//! built-in files are compiled by build.rs, with this same code, and read back at run time
//! (see `precompiled`); other rule files are compiled once per run.

mod cold;
mod compiler;
mod cues;
mod escalation;
mod examples;
mod extra;
#[cfg(test)]
mod layers;
mod lists;
mod near;
mod pattern;
mod precompiled;
mod rule;
mod score;
mod sequence;
mod slots;
mod source;
#[cfg(test)]
mod startup;
pub mod syntax;
mod validator;

use crate::diagnostic::Diagnostics;
use crate::guidance::Guidance;
use crate::role::{Guide, BUILTIN_ROLES};
pub use cold::Cold;
use compiler::Compiler;
use cues::CueIndex;
pub use escalation::Escalation;
pub use examples::{AtExample, Examples};
pub use extra::Class;
pub(crate) use extra::{emoji_runs, Extra};
pub(crate) use near::Near;
pub use near::{Nearby, Quoted, Shift, Side, Window};
pub(crate) use pattern::{Gates, Haystack, Open, Pattern};
pub use rule::Rule;
pub use score::{Score, Signal};
pub(crate) use sequence::Sequence;
pub use source::{CompileOptions, RuleSource};
pub use validator::{luhn, Validator};

/// The guidance catalogue shipped in the binary.
pub const BUILTIN_GUIDANCE: (&str, &str) = (
    "rules/guidance.toml",
    include_str!("../../rules/guidance.toml"),
);

/// Every `rules/*.toml` but the guidance and the roles, as (name, text), found by build.rs.
pub use crate::builtin::BUILTIN_RULES;

/// Index of a list of cue phrases in the shared cue index.
pub type CueId = usize;

/// Everything a run checks drafts against, compiled once.
#[derive(Debug)]
pub struct Ruleset {
    pub rules: Vec<Rule>,
    pub escalations: Vec<Escalation>,
    pub guidance: Guidance,
    /// What each role changes, and the classes of findings (`rules/roles.toml`).
    pub roles: Guide,
    pub(crate) cues: CueIndex,
    pub(crate) gates: Gates,
    pub(crate) cue_lists: usize,
    pub(crate) allow: Option<CueId>,
    /// Cues found outside the words index (emoji, classes), by cue list.
    pub(crate) extras: Vec<(Extra, CueId)>,
    /// Pairs of cue lists in order whose hits are hits of a third (`sequences`).
    pub(crate) sequences: Vec<Sequence>,
}

impl Ruleset {
    /// The shipped ruleset and guidance, with no options.
    pub fn builtin() -> Result<Ruleset, Diagnostics> {
        Ruleset::compile(&RuleSource::builtin(), &CompileOptions::default())
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Compiles rule files over the built-in guidance. A rule in a later file replaces a rule
    /// of an earlier *layer* with the same id: callers pass built-ins first, then user files.
    /// The built-in files alone are not compiled again: build.rs compiled them into the binary.
    pub fn compile(
        sources: &[RuleSource],
        options: &CompileOptions,
    ) -> Result<Ruleset, Diagnostics> {
        // An allowed `@list` needs the lists as written, which only the rule files have.
        let lists = options.allow.iter().any(|a| a.trim().starts_with('@'));
        let parts = Ruleset::precompiled(sources).filter(|_| !lists && !options.check_patterns);
        let Some((mut parts, n)) = parts else {
            return Ruleset::full(sources, options);
        };
        let guidance = std::mem::take(&mut parts.guidance);
        let (rname, rtext) = BUILTIN_ROLES;
        let roles = Guide::parse(rname, rtext, &guidance)?;
        let user = Ruleset::layers(&sources[n..]);
        let mut rs = match Compiler::new(guidance).over(parts, &user, options) {
            Ok(rs) => rs,
            Err(e) if user.is_empty() => return Err(e),
            // A user's file that cannot be laid over the built-in rules (it uses or defines
            // `[[list]]`s, which the compiled rules no longer hold) or has a problem: compiled
            // again with the built-in files, as written, which also reports problems as always.
            Err(_) => return Ruleset::full(sources, options),
        };
        rs.roles = roles;
        Ok(rs)
    }

    /// Every file compiled from its text, the built-in ones too.
    fn full(sources: &[RuleSource], options: &CompileOptions) -> Result<Ruleset, Diagnostics> {
        let guidance = Guidance::parse(BUILTIN_GUIDANCE.0, BUILTIN_GUIDANCE.1)?;
        let (rname, rtext) = BUILTIN_ROLES;
        let roles = Guide::parse(rname, rtext, &guidance)?;
        let mut rs = Compiler::new(guidance).run(&Ruleset::layers(sources), options)?;
        rs.roles = roles;
        Ok(rs)
    }

    /// Each file with its layer: 0 for a built-in file, 1 for a user's.
    fn layers(sources: &[RuleSource]) -> Vec<(u8, &RuleSource)> {
        sources.iter().map(|s| (s.layer(), s)).collect()
    }

    /// The built-in rules as build.rs compiled them, and how many files of `sources` they
    /// are, when `sources` start with those files (built-in, or the same given as a user's, all
    /// of one layer) and go on with files of a later layer only (a user's over the built-in).
    fn precompiled(sources: &[RuleSource]) -> Option<(precompiled::Parts, usize)> {
        let n = BUILTIN_RULES.len();
        let builtin = sources.get(..n)?;
        let same = builtin.iter().zip(BUILTIN_RULES.iter()).all(|(s, (n, t))| {
            s.name == *n
                && (std::ptr::eq(&*s.text, *t) || s.text == *t)
                && s.layer() == builtin[0].layer()
        });
        let apart = sources[n..]
            .iter()
            .all(|s| builtin.first().is_some_and(|b| s.layer() > b.layer()));
        if !same || !apart {
            return None;
        }
        Some((precompiled::decode(crate::builtin::PRECOMPILED)?, n))
    }

    /// The compiled built-in ruleset as bytes, for build.rs to write into the binary.
    #[allow(dead_code)] // Called by build.rs, which compiles this module too.
    pub(crate) fn precompile() -> Result<Vec<u8>, Diagnostics> {
        let (gname, gtext) = BUILTIN_GUIDANCE;
        let guidance = Guidance::parse(gname, gtext)?;
        let sources = RuleSource::builtin();
        // Strict here: a pattern that does not compile is a build warning, not a silent miss.
        let strict = CompileOptions {
            check_patterns: true,
            ..CompileOptions::default()
        };
        let mut rs = Compiler::new(guidance).run(&Ruleset::layers(&sources), &strict)?;
        // The gate sets most of the rules' examples hold are checked after the scan.
        let examples = rs.rules.iter().map(|r| &*r.examples).collect::<Vec<_>>();
        let samples = examples
            .iter()
            .flat_map(|x| x.no_match.iter().chain(&x.matches).map(|(_, t)| t.as_str()));
        rs.gates.defer_common(samples);
        Ok(precompiled::encode(
            &rs.guidance,
            &rs.rules,
            &rs.escalations,
            &rs.cues,
            &rs.gates,
            rs.cue_lists,
            &rs.extras,
            &rs.sequences,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::taxonomy::Severity;

    #[test]
    fn every_builtin_pattern_compiles_and_never_matches_empty_text() {
        // The built-in patterns are compiled on first use, so this is where they are checked.
        let rules = Ruleset::builtin().expect("the built-in rules compile");
        for rule in &rules.rules {
            for (p, _) in rule.every_pattern() {
                let re = p
                    .get()
                    .unwrap_or_else(|| panic!("{}: a pattern fails", rule.id));
                assert!(!re.is_match(""), "{}: `{re}` matches empty text", rule.id);
            }
        }
    }

    #[test]
    fn validating_compiles_every_builtin_pattern_now() {
        // A run defers the built-in patterns; `rules validate` and build.rs must not, or a
        // broken one would pass validation and then never match.
        let strict = CompileOptions {
            check_patterns: true,
            ..CompileOptions::default()
        };
        let rules = Ruleset::compile(&RuleSource::builtin(), &strict).expect("compiles");
        let patterns: Vec<&Pattern> = rules
            .rules
            .iter()
            .flat_map(Rule::every_pattern)
            .map(|(p, _)| p)
            .collect();
        assert!(!patterns.is_empty());
        assert!(patterns.iter().all(|p| p.is_compiled()));
    }

    #[test]
    fn the_rules_build_rs_compiled_are_the_rule_files_compiled_now() {
        // A stale or lossy copy would make a run check against other rules than the files say.
        let bytes = crate::builtin::PRECOMPILED;
        assert!(!bytes.is_empty(), "build.rs compiled the built-in rules");
        assert!(Ruleset::precompile().expect("compiles") == bytes);
        let parts = precompiled::decode(bytes).expect("reads back");
        let again = precompiled::encode(
            &parts.guidance,
            &parts.rules,
            &parts.escalations,
            &parts.cues,
            &parts.gates,
            parts.cue_lists,
            &parts.extras,
            &parts.sequences,
        );
        assert!(again == bytes, "the bytes read back say the same");
        let sources = RuleSource::builtin();
        let options = CompileOptions {
            allow: vec!["Hello there".into()],
            disabled: vec!["security-marking".into()],
            severity: vec![("security-marking".into(), Severity::Low)],
            check_patterns: false,
        };
        let compiled = Compiler::new(Ruleset::builtin().expect("compiles").guidance)
            .run(&Ruleset::layers(&sources), &options)
            .expect("compiles");
        let read = Ruleset::compile(&sources, &options).expect("compiles");
        assert_eq!(compiled.cue_lists, read.cue_lists);
        assert_eq!(
            format!("{:?}", compiled.guidance.sections),
            format!("{:?}", read.guidance.sections)
        );
        for s in &read.guidance.sections {
            assert!(read.guidance.section(&s.id).is_some());
        }
        assert_eq!(compiled.allow, read.allow);
        assert_eq!(compiled.extras, read.extras);
        for (a, b) in compiled.rules.iter().zip(&read.rules) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        assert_eq!(
            format!("{:?}", compiled.escalations),
            format!("{:?}", read.escalations)
        );
        let tokens = [
            "hello",
            "there",
            "protected",
            "b",
            "my",
            "manager",
            "confidential",
        ];
        let (mut x, mut y) = (Vec::new(), Vec::new());
        compiled.cues.find(&tokens, |h| x.push(h));
        read.cues.find(&tokens, |h| y.push(h));
        x.sort_by_key(|h| (h.cue, h.first, h.last));
        y.sort_by_key(|h| (h.cue, h.first, h.last));
        assert!(!x.is_empty() && x == y);
    }
}
