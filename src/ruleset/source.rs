//! Where rules come from: a rule file's name and text, built-in or a user's, and what a run
//! changes in the ruleset (`allow`, `disable`, severities).

use std::borrow::Cow;

use super::BUILTIN_RULES;
use crate::taxonomy::Severity;

/// One rule file's name (as shown in errors) and text, and whether it is a built-in file or a
/// user's: a user's rule, list or escalation with a built-in id replaces the built-in one, even
/// when the user's file bears a built-in file's name (`rules test rules/harassment.toml`).
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub name: String,
    /// Borrowed for the built-in files: they are in the binary, and copying 1.5 MB of them at
    /// every start cost a short draft's run a tenth of its time.
    pub text: Cow<'static, str>,
    pub(super) builtin: bool,
}

impl RuleSource {
    /// A user's rule file.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> RuleSource {
        RuleSource {
            name: name.into(),
            text: Cow::Owned(text.into()),
            builtin: false,
        }
    }

    /// The rule files embedded at build time.
    pub fn builtin() -> Vec<RuleSource> {
        BUILTIN_RULES
            .iter()
            .map(|(n, t)| RuleSource {
                name: n.to_string(),
                text: Cow::Borrowed(t),
                builtin: true,
            })
            .collect()
    }

    /// 0 for a built-in file, 1 for a user's: a later layer replaces ids of an earlier one.
    pub(super) fn layer(&self) -> u8 {
        u8::from(!self.builtin)
    }
}

/// What a run changes in the ruleset: from the command line or a configuration file.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// Phrases that are fine to post (a campaign that has become public): hits inside them are dropped.
    pub allow: Vec<String>,
    /// Rule ids to switch off.
    pub disabled: Vec<String>,
    /// New severities for some rules.
    pub severity: Vec<(String, Severity)>,
    /// Compile every pattern now, the built-in ones too (a run defers those to first use, which
    /// would let a broken one fail silently): for `rules validate` and build.rs.
    pub check_patterns: bool,
}
