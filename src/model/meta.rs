//! What `rules/model/model.toml` says about the model: its thresholds, and for each category
//! the message, advice and guidance sections of the finding it raises. Embedded at build time,
//! parsed once (a few kilobytes of TOML).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use serde::Deserialize;

use crate::taxonomy::{Category, Lang};

/// The text of `rules/model/model.toml`.
pub const SOURCE: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/rules/model/model.toml"
));

/// The model's settings, parsed once. A file that does not parse (a bad edit) leaves the model
/// off rather than stopping every check: `cargo test` catches it (see the tests below).
pub static META: LazyLock<Option<Meta>> = LazyLock::new(|| toml::from_str(SOURCE).ok());

/// The settings of the model.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// A draft no rule flagged is flagged when `risky` reaches this.
    pub raise_at: f32,
    /// Other categories reaching this are added, at low, to a raised draft.
    pub also_at: f32,
    /// Below this, the rules' medium and high findings are lowered (veto).
    pub lower_below: f32,
    /// Rules the veto never lowers (identifiers with checksums and the like).
    pub exempt: Vec<String>,
    /// What the model is, for `postcheck explain model`.
    pub about: Both,
    /// Per category: the finding the model raises.
    pub categories: BTreeMap<String, Raised>,
}

/// The finding the model raises for one category.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Raised {
    pub message: Both,
    pub advice: Both,
    pub sections: Vec<String>,
}

/// A string in English and in French.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Both {
    pub en: String,
    pub fr: String,
}

impl Both {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.en, &self.fr)
    }
}

impl Meta {
    /// The finding raised for `category` (every category has one: see the tests).
    pub fn raised(&self, category: Category) -> Option<&Raised> {
        self.categories.get(category.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_model_file_parses_and_names_every_category_and_known_sections() {
        let meta = toml::from_str::<Meta>(SOURCE).expect("rules/model/model.toml parses");
        let rules = crate::ruleset::Ruleset::builtin().expect("built-in rules compile");
        let guidance = &rules.guidance;
        for c in Category::ALL {
            let r = meta.raised(c).unwrap_or_else(|| panic!("no entry for {c}"));
            assert!(!r.message.en.is_empty() && !r.message.fr.is_empty());
            for s in &r.sections {
                assert!(guidance.section(s).is_some(), "{c}: unknown section {s}");
            }
        }
        assert!(meta.lower_below < meta.also_at && meta.also_at <= meta.raise_at);
    }
}
