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
    /// Two cue lists in order, near each other, as one phrase (`first`, then `then`).
    #[serde(default)]
    pub sequences: Vec<S<SequenceSyntax>>,
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
    pub context: Option<S<Contexts>>,
    /// Like `except`, but a hit is dropped when one of these occurs near it, not only over it.
    #[serde(default)]
    pub except_near: Option<S<Contexts>>,
    /// When one of these occurs near a hit, its severity moves one level down (written like
    /// `except_near`, one table or several).
    #[serde(default)]
    pub lower_near: Option<S<Contexts>>,
    /// When one of these occurs near a hit, its severity moves one level up.
    #[serde(default)]
    pub raise_near: Option<S<Contexts>>,
    /// `"skip"` or `"lower"`: what a hit inside a quotation becomes (default: nothing changes).
    #[serde(default)]
    pub quoted: Option<S<String>>,
    /// `"skip"` or `"lower"`: what a hit about the author (the subject of its clause is "I",
    /// « je »…) becomes (default: nothing changes).
    #[serde(default)]
    pub author: Option<S<String>>,
    /// `"skip"`: a hit inside hashtags (`#burnout`, a tag line) is dropped (default `"keep"`).
    #[serde(default)]
    pub hashtags: Option<S<String>>,
    /// One `[rule.condition]` or several `[[rule.condition]]`, all required.
    #[serde(default)]
    pub condition: Option<S<Conditions>>,
    /// Weak signals that together, within one window, are a risk.
    #[serde(default)]
    pub score: Option<S<ScoreSyntax>>,
    #[serde(default)]
    pub examples: Option<S<ExamplesSyntax>>,
}

/// `[rule.score]`: the rule fires where the weights of the signals found within one window add
/// up to `threshold` (negative weights subtract) and every required signal is among them; each
/// signal counts once however often it occurs.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScoreSyntax {
    pub threshold: S<i64>,
    /// Words either side, `"sentence"` (when absent), `"sentences:N"` or `"draft"`.
    #[serde(default)]
    pub window: Option<S<WindowSyntax>>,
    /// From this total the finding is high, whatever the rule's severity.
    #[serde(default)]
    pub high_at: Option<S<i64>>,
    /// One cue counts for one signal only (the required, then the heaviest, that it meets).
    #[serde(default)]
    pub distinct: Option<S<bool>>,
    #[serde(default)]
    pub signal: Vec<S<SignalSyntax>>,
}

/// `[[rule.score.signal]]`: one weak signal, a cue group written like a context.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SignalSyntax {
    pub name: S<String>,
    /// 1 when absent; negative subtracts when the signal is in the window.
    #[serde(default)]
    pub weight: Option<S<i64>>,
    /// The rule fires only when this signal is in the window, whatever the total.
    #[serde(default)]
    pub required: Option<S<bool>>,
    #[serde(default)]
    pub phrases: Vec<S<String>>,
    #[serde(default)]
    pub sequences: Vec<S<SequenceSyntax>>,
    #[serde(default)]
    pub patterns: Vec<S<String>>,
    #[serde(default)]
    pub word_patterns: Vec<S<String>>,
    /// A cue of the signal does not count when one of these is near it (a sarcasm marker near
    /// "merci"): one table or several, written like `except_near`.
    #[serde(default)]
    pub unless_near: Option<S<Contexts>>,
}

/// Cues near a hit: `[rule.context]` (one table) or `[[rule.context]]` (several, all required).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSyntax {
    #[serde(default)]
    pub phrases: Vec<S<String>>,
    #[serde(default)]
    pub sequences: Vec<S<SequenceSyntax>>,
    /// Regular expressions over the clean view: a match within the window counts as a cue.
    #[serde(default)]
    pub patterns: Vec<S<String>>,
    /// Regular expressions over the words view, likewise.
    #[serde(default)]
    pub word_patterns: Vec<S<String>>,
    /// Words either side (8 when absent), or `"sentence"`: the hit's own sentence.
    #[serde(default)]
    pub window: Option<S<WindowSyntax>>,
    /// Only cues outside the hit's own words count.
    #[serde(default)]
    pub outside: bool,
    /// `"before"` or `"after"`: only cues on that side of the hit count (default both).
    #[serde(default)]
    pub side: Option<S<String>>,
}

/// `{ first = [...], then = [...], within = 3 }`: a cue of `first` followed, at most `within`
/// words after it ends, by a cue of `then` (and as far after that by one of `last`, when given),
/// found as one phrase.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SequenceSyntax {
    #[serde(default)]
    pub first: Vec<S<String>>,
    #[serde(default)]
    pub then: Vec<S<String>>,
    /// A third list, after `then` as `then` is after `first`.
    #[serde(default)]
    pub last: Option<S<Vec<S<String>>>>,
    #[serde(default)]
    pub within: Option<S<i64>>,
}

/// One table or an array of them, as written (`[rule.context]` or `[[rule.context]]`).
#[derive(Debug)]
pub enum Tables<T> {
    One(T),
    Many(Vec<S<T>>),
}

/// Contexts or nearby exceptions, one table or several.
pub type Contexts = Tables<ContextSyntax>;
/// Conditions, one table or several (all required).
pub type Conditions = Tables<ConditionSyntax>;

impl<T> Tables<T> {
    /// Each table with its span (a lone table has the span of the whole, `outer`).
    pub fn tables(&self, outer: std::ops::Range<usize>) -> Vec<(std::ops::Range<usize>, &T)> {
        match self {
            Tables::One(c) => vec![(outer, c)],
            Tables::Many(v) => v.iter().map(|c| (c.span(), c.get_ref())).collect(),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tables<T> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Tables<T>, D::Error> {
        struct V<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for V<T> {
            type Value = Tables<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a table (`[rule.context]`) or an array of tables (`[[rule.context]]`)")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                map: A,
            ) -> Result<Tables<T>, A::Error> {
                let one = T::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(Tables::One(one))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Tables<T>, A::Error> {
                let mut all = Vec::new();
                while let Some(c) = seq.next_element()? {
                    all.push(c);
                }
                Ok(Tables::Many(all))
            }
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A window as written: a number of words, or a name (`"sentence"`), checked when compiling.
#[derive(Debug, Clone)]
pub enum WindowSyntax {
    Words(i64),
    Named(String),
}

impl<'de> Deserialize<'de> for WindowSyntax {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<WindowSyntax, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = WindowSyntax;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str(r#"a number of words or "sentence""#)
            }
            fn visit_i64<E>(self, n: i64) -> Result<WindowSyntax, E> {
                Ok(WindowSyntax::Words(n))
            }
            fn visit_u64<E>(self, n: u64) -> Result<WindowSyntax, E> {
                Ok(WindowSyntax::Words(i64::try_from(n).unwrap_or(i64::MAX)))
            }
            fn visit_str<E>(self, s: &str) -> Result<WindowSyntax, E> {
                Ok(WindowSyntax::Named(s.to_string()))
            }
        }
        d.deserialize_any(V)
    }
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
    /// Regular expressions over the clean view that count as `requires` cues, and over the
    /// words view; likewise for `unless`.
    #[serde(default)]
    pub requires_patterns: Vec<S<String>>,
    #[serde(default)]
    pub requires_word_patterns: Vec<S<String>>,
    #[serde(default)]
    pub unless_patterns: Vec<S<String>>,
    #[serde(default)]
    pub unless_word_patterns: Vec<S<String>>,
    /// `"sentence"`: decided over the hit's own sentence instead of the whole draft.
    #[serde(default)]
    pub window: Option<S<WindowSyntax>>,
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
    /// Drafts that must fire at exactly one severity (`[rule.examples.at]`).
    #[serde(default)]
    pub at: Option<S<AtSyntax>>,
}

/// `[rule.examples.at]`: drafts by the severity the finding must have. Each draft keeps its
/// place in the file, for a failure to point at it.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct AtSyntax {
    #[serde(default)]
    pub info: SpannedByLanguage,
    #[serde(default)]
    pub low: SpannedByLanguage,
    #[serde(default)]
    pub medium: SpannedByLanguage,
    #[serde(default)]
    pub high: SpannedByLanguage,
}

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct SpannedByLanguage {
    #[serde(default)]
    pub en: Vec<S<String>>,
    #[serde(default)]
    pub fr: Vec<S<String>>,
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
