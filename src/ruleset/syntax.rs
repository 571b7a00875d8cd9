//! What a rule file says, exactly as written: serde structs with spans, checked nowhere here.
//! `compile` turns them into the types that run, and reports every problem at once.

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<S<RuleSyntax>>,
    #[serde(default)]
    pub escalation: Vec<S<EscalationSyntax>>,
    #[serde(default)]
    pub list: Vec<S<ListSyntax>>,
}

/// A named list of phrases that any phrase list can include as `@name`: one lexicon (the people
/// of a workplace, words that state consent) kept in one place and shared by every rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListSyntax {
    pub id: S<String>,
    /// What the list holds, for people who edit it.
    #[serde(default)]
    pub description: Option<String>,
    pub phrases: Vec<S<String>>,
}

/// Text in both report languages. Both are required; a missing one is reported with the rule.
#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct Bilingual {
    pub en: Option<String>,
    pub fr: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSyntax {
    pub id: S<String>,
    pub category: S<String>,
    pub severity: S<String>,
    #[serde(default)]
    pub languages: Option<S<Vec<S<String>>>>,
    pub sections: S<Vec<S<String>>>,
    pub message: S<Bilingual>,
    pub advice: S<Bilingual>,
    /// What the rule looks for, for `postcheck explain`; the message is used when absent.
    #[serde(default)]
    pub description: Option<S<Bilingual>>,
    /// Free labels other parts of the tool read: `clear-breach`, `grey-area`.
    #[serde(default)]
    pub tags: Vec<S<String>>,
    /// What it matches is personal information: masked in every report unless asked otherwise.
    #[serde(default)]
    pub sensitive: bool,
    #[serde(default)]
    pub phrases: Vec<S<String>>,
    /// Regular expressions over the clean view (original case and punctuation).
    #[serde(default)]
    pub patterns: Vec<S<String>>,
    /// Regular expressions over the words view (lower case, no accents, words split by one space).
    #[serde(default)]
    pub word_patterns: Vec<S<String>>,
    /// Regular expressions over the original text, exactly as typed (hidden characters and all).
    #[serde(default)]
    pub raw_patterns: Vec<S<String>>,
    #[serde(default)]
    pub validator: Option<S<String>>,
    /// Phrases that, where they cover a hit, show it is a harmless sense (`conservative estimate`).
    #[serde(default)]
    pub except: Vec<S<String>>,
    #[serde(default)]
    pub context: Option<S<ContextSyntax>>,
    #[serde(default)]
    pub condition: Option<S<ConditionSyntax>>,
    #[serde(default)]
    pub examples: Option<S<ExamplesSyntax>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSyntax {
    pub phrases: Vec<S<String>>,
    #[serde(default = "default_window")]
    pub window: usize,
}

fn default_window() -> usize {
    8
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ConditionSyntax {
    /// Fire only when none of these occurs anywhere in the draft (a mitigating cue).
    #[serde(default)]
    pub unless: Vec<S<String>>,
    /// Fire only when at least one of these occurs somewhere in the draft.
    #[serde(default)]
    pub requires: Vec<S<String>>,
}

#[derive(Debug, Deserialize, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct ByLanguage {
    #[serde(default)]
    pub en: Vec<String>,
    #[serde(default)]
    pub fr: Vec<String>,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct ExamplesSyntax {
    #[serde(default, rename = "match")]
    pub matches: ByLanguage,
    #[serde(default)]
    pub no_match: ByLanguage,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EscalationSyntax {
    pub id: S<String>,
    pub phrases: Vec<S<String>>,
    pub categories: S<Vec<S<String>>>,
    pub reason: S<Bilingual>,
    #[serde(default)]
    pub examples: Option<S<ExamplesSyntax>>,
}
