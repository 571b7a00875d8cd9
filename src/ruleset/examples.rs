//! A rule's own examples, run by `postcheck rules test`: drafts that must fire, drafts that must
//! stay silent, and drafts that must fire at one severity (`[rule.examples.at]`), which keep
//! their line and column so a failure points at the draft itself.

use toml::Spanned;

use super::syntax::{ByLanguage, ExamplesSyntax, SpannedByLanguage};
use crate::taxonomy::{Lang, Severity};
use crate::text::line_column;

/// A rule's (or an escalation's) examples.
#[derive(Debug, Clone, Default)]
pub struct Examples {
    pub matches: Vec<(Lang, String)>,
    pub no_match: Vec<(Lang, String)>,
    /// Drafts that must fire at exactly this severity (they also count as drafts that match).
    pub at: Vec<AtExample>,
}

/// A draft whose finding must have one severity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AtExample {
    pub severity: Severity,
    pub lang: Lang,
    pub text: String,
    /// Where the draft is written in its rule file (1-based).
    pub line: u32,
    pub column: u32,
}

impl Examples {
    /// Reads the examples as written in `src`.
    pub(super) fn compile(ex: Option<&Spanned<ExamplesSyntax>>, src: &str) -> Examples {
        let Some(ex) = ex.map(Spanned::get_ref) else {
            return Examples::default();
        };
        let mut at = Vec::new();
        if let Some(by) = ex.at.as_ref().map(Spanned::get_ref) {
            let levels = [
                (Severity::Info, &by.info),
                (Severity::Low, &by.low),
                (Severity::Medium, &by.medium),
                (Severity::High, &by.high),
            ];
            for (severity, drafts) in levels {
                at.extend(spanned(drafts).map(|(lang, text)| {
                    let (line, column) = line_column(src, text.span().start);
                    AtExample {
                        severity,
                        lang,
                        text: text.get_ref().clone(),
                        line: line as u32,
                        column: column as u32,
                    }
                }));
            }
        }
        Examples {
            matches: both(&ex.matches),
            no_match: both(&ex.no_match),
            at,
        }
    }

    /// Whether some draft must fire in `lang` (at a severity or not).
    pub fn has_match(&self, lang: Lang) -> bool {
        self.matches.iter().any(|(l, _)| *l == lang) || self.at.iter().any(|a| a.lang == lang)
    }

    /// Every draft, whatever it must do.
    pub fn drafts(&self) -> impl Iterator<Item = &str> {
        let listed = self.matches.iter().chain(&self.no_match);
        listed
            .map(|(_, t)| t.as_str())
            .chain(self.at.iter().map(|a| a.text.as_str()))
    }
}

fn both(b: &ByLanguage) -> Vec<(Lang, String)> {
    let en = b.en.iter().map(|t| (Lang::En, t.clone()));
    en.chain(b.fr.iter().map(|t| (Lang::Fr, t.clone())))
        .collect()
}

fn spanned(b: &SpannedByLanguage) -> impl Iterator<Item = (Lang, &Spanned<String>)> {
    let en = b.en.iter().map(|t| (Lang::En, t));
    en.chain(b.fr.iter().map(|t| (Lang::Fr, t)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::syntax::RuleFile;

    fn examples(src: &str) -> Examples {
        let file: RuleFile = toml::from_str(src).expect("valid");
        let rule = file.rule[0].get_ref();
        Examples::compile(rule.examples.as_ref(), src)
    }

    const RULE: &str = "[[rule]]\nid = \"r\"\ncategory = \"integrity\"\nseverity = \"medium\"\nsections = []\nmessage = { en = \"a\", fr = \"b\" }\nadvice = { en = \"a\", fr = \"b\" }\n";

    #[test]
    fn drafts_at_a_severity_keep_their_place_and_count_as_matches() {
        let src = format!(
            "{RULE}[rule.examples]\nno_match = {{ en = [\"x\"] }}\n[rule.examples.at]\nlow = {{ en = [\"a mug\"] }}\nhigh = {{ fr = [\"une tasse\"] }}\n"
        );
        let ex = examples(&src);
        assert!(ex.matches.is_empty());
        assert_eq!(ex.at.len(), 2);
        let low = &ex.at[0];
        assert_eq!(
            (low.severity, low.lang, low.text.as_str()),
            (Severity::Low, Lang::En, "a mug")
        );
        assert_eq!((low.line, low.column), (11, 15));
        assert_eq!(
            (ex.at[1].severity, ex.at[1].lang),
            (Severity::High, Lang::Fr)
        );
        assert!(ex.has_match(Lang::En) && ex.has_match(Lang::Fr));
        assert_eq!(ex.drafts().count(), 3);
    }

    #[test]
    fn no_at_table_reads_as_before() {
        let src = format!("{RULE}[rule.examples]\nmatch = {{ en = [\"a\"] }}\n");
        let ex = examples(&src);
        assert!(ex.at.is_empty() && ex.has_match(Lang::En) && !ex.has_match(Lang::Fr));
    }
}
