//! `rules/roles.toml`: the texts and tables the roles need, read and checked once, every
//! problem reported at once with its place, every text required in both languages.

use std::ops::Range;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::guidance::Guidance;
use crate::ruleset::syntax::{Bilingual, S};
use crate::taxonomy::{Category, Severity, Text};

use super::{Class, Role};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuideFile {
    class: Vec<S<ClassSyntax>>,
    #[serde(default)]
    clear_breach: Vec<S<ClearBreachSyntax>>,
    #[serde(default)]
    step: Vec<S<StepSyntax>>,
    #[serde(default)]
    reminder: Vec<S<ReminderSyntax>>,
    #[serde(default)]
    raise: Vec<S<RaiseSyntax>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClassSyntax {
    id: S<String>,
    section: S<String>,
    title: Bilingual,
    verdict: Bilingual,
    action: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ClearBreachSyntax {
    category: S<String>,
    severity: S<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct StepSyntax {
    text: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReminderSyntax {
    section: S<String>,
    text: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RaiseSyntax {
    role: S<String>,
    id: S<String>,
    section: S<String>,
    categories: Vec<S<String>>,
    reason: Bilingual,
}

/// What one class of finding means to a manager.
#[derive(Debug, Clone)]
pub struct ClassText {
    pub class: Class,
    /// The guidance section it rests on.
    pub section: String,
    pub title: Text,
    /// The few words a review note's verdict line gives it.
    pub verdict: Text,
    /// What a manager does about findings of this class.
    pub action: Text,
}

/// An untagged rule of this category whose own severity reaches `severity` is a clear breach.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClearBreach {
    pub category: Category,
    pub severity: Severity,
}

/// A limit the guidance sets on managers.
#[derive(Debug, Clone)]
pub struct Reminder {
    pub section: String,
    pub text: Text,
}

/// Findings of these categories rise one level for this role, for this reason.
#[derive(Debug, Clone)]
pub struct Raise {
    pub role: Role,
    /// Recorded in each raised finding's escalations (`role-executive`).
    pub id: String,
    pub section: String,
    pub categories: Vec<Category>,
    pub reason: Text,
}

/// The compiled `rules/roles.toml`.
#[derive(Debug, Clone, Default)]
pub struct Guide {
    /// One per class, in the order a manager's note lists them.
    pub classes: Vec<ClassText>,
    pub clear_breaches: Vec<ClearBreach>,
    pub steps: Vec<Text>,
    pub reminders: Vec<Reminder>,
    pub raises: Vec<Raise>,
}

/// Collects the problems of one file, each placed where a person fixes it.
struct Checker<'a> {
    file: &'a str,
    source: &'a str,
    guidance: &'a Guidance,
    diags: Diagnostics,
}

impl Checker<'_> {
    fn problem(&mut self, span: Range<usize>, message: String) {
        self.diags
            .push(Diagnostic::at(self.file, self.source, span, None, message));
    }

    fn text(&mut self, b: &Bilingual, span: Range<usize>, what: &str) -> Text {
        for (lang, v) in [("en", &b.en), ("fr", &b.fr)] {
            if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                self.problem(
                    span.clone(),
                    format!("{what} has no `{lang}` text: write it in both languages"),
                );
            }
        }
        Text {
            en: b.en.clone().unwrap_or_default(),
            fr: b.fr.clone().unwrap_or_default(),
        }
    }

    fn section(&mut self, s: &S<String>) -> String {
        if self.guidance.section(s.get_ref()).is_none() {
            self.problem(
                s.span(),
                format!(
                    "unknown guidance section `{}`: see rules/guidance.toml",
                    s.get_ref()
                ),
            );
        }
        s.get_ref().clone()
    }

    fn category(&mut self, c: &S<String>) -> Option<Category> {
        let found = Category::parse(c.get_ref());
        if found.is_none() {
            self.problem(c.span(), format!("unknown category `{}`", c.get_ref()));
        }
        found
    }
}

impl Guide {
    /// Parses and checks the file against the guidance catalogue; every problem at once.
    pub fn parse(file: &str, source: &str, guidance: &Guidance) -> Result<Guide, Diagnostics> {
        let syntax: GuideFile = match toml::from_str(source) {
            Ok(s) => s,
            Err(e) => {
                let mut diags = Diagnostics::default();
                diags.push(Diagnostic::from_toml(file, source, &e));
                return Err(diags);
            }
        };
        let mut c = Checker {
            file,
            source,
            guidance,
            diags: Diagnostics::default(),
        };
        let mut g = Guide::default();
        for s in &syntax.class {
            let span = s.span();
            let s = s.get_ref();
            let section = c.section(&s.section);
            let title = c.text(&s.title, span.clone(), "class title");
            let verdict = c.text(&s.verdict, span.clone(), "class verdict");
            let action = c.text(&s.action, span, "class action");
            let Some(class) = Class::parse(s.id.get_ref()) else {
                c.problem(
                    s.id.span(),
                    format!(
                        "unknown class `{}`: use clear-breach, possibly-inappropriate or grey-area",
                        s.id.get_ref()
                    ),
                );
                continue;
            };
            if g.classes.iter().any(|t| t.class == class) {
                c.problem(s.id.span(), format!("class `{class}` is described twice"));
            }
            g.classes.push(ClassText {
                class,
                section,
                title,
                verdict,
                action,
            });
        }
        for class in Class::ALL {
            if !g.classes.iter().any(|t| t.class == class) {
                c.problem(
                    0..0,
                    format!("class `{class}` is not described: add a [[class]]"),
                );
            }
        }
        for b in &syntax.clear_breach {
            let b = b.get_ref();
            let category = c.category(&b.category);
            let severity = Severity::parse(b.severity.get_ref());
            if severity.is_none() {
                c.problem(
                    b.severity.span(),
                    format!(
                        "severity `{}`: use info, low, medium or high",
                        b.severity.get_ref()
                    ),
                );
            }
            if let (Some(category), Some(severity)) = (category, severity) {
                g.clear_breaches.push(ClearBreach { category, severity });
            }
        }
        for s in &syntax.step {
            let text = c.text(&s.get_ref().text, s.span(), "step");
            g.steps.push(text);
        }
        for r in &syntax.reminder {
            let span = r.span();
            let r = r.get_ref();
            g.reminders.push(Reminder {
                section: c.section(&r.section),
                text: c.text(&r.text, span, "reminder"),
            });
        }
        for r in &syntax.raise {
            let span = r.span();
            let r = r.get_ref();
            let section = c.section(&r.section);
            let reason = c.text(&r.reason, span, "raise reason");
            let categories = r.categories.iter().filter_map(|x| c.category(x)).collect();
            let Some(role) = Role::parse(r.role.get_ref()) else {
                c.problem(
                    r.role.span(),
                    format!(
                        "unknown role `{}`: use employee, manager or executive",
                        r.role.get_ref()
                    ),
                );
                continue;
            };
            if g.raises.iter().any(|x| x.role == role) {
                c.problem(r.role.span(), format!("role `{role}` is raised twice"));
            }
            if g.raises.iter().any(|x| x.id == *r.id.get_ref()) {
                c.problem(
                    r.id.span(),
                    format!("id `{}` is used twice", r.id.get_ref()),
                );
            }
            g.raises.push(Raise {
                role,
                id: r.id.get_ref().clone(),
                section,
                categories,
                reason,
            });
        }
        g.classes.sort_by_key(|t| t.class);
        if c.diags.is_empty() {
            Ok(g)
        } else {
            Err(c.diags)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ruleset::BUILTIN_GUIDANCE;

    fn guidance() -> Guidance {
        Guidance::parse(BUILTIN_GUIDANCE.0, BUILTIN_GUIDANCE.1).expect("guidance parses")
    }

    const CLASSES: &str = r#"
[[class]]
id = "clear-breach"
section = "federal.clear-breaches"
title = { en = "t", fr = "t" }
verdict = { en = "v", fr = "v" }
action = { en = "a", fr = "a" }
[[class]]
id = "possibly-inappropriate"
section = "federal.possibly-inappropriate"
title = { en = "t", fr = "t" }
verdict = { en = "v", fr = "v" }
action = { en = "a", fr = "a" }
[[class]]
id = "grey-area"
section = "federal.grey-areas"
title = { en = "t", fr = "t" }
verdict = { en = "v", fr = "v" }
action = { en = "a", fr = "a" }
"#;

    #[test]
    fn a_small_file_parses() {
        let text = format!(
            "{CLASSES}\n[[raise]]\nrole = \"executive\"\nid = \"role-executive\"\nsection = \"federal.career-consequences\"\ncategories = [\"integrity\"]\nreason = {{ en = \"r\", fr = \"r\" }}\n"
        );
        let g = Guide::parse("t.toml", &text, &guidance()).expect("parses");
        assert_eq!(g.classes.len(), 3);
        assert_eq!(g.raises[0].categories, [Category::Integrity]);
    }

    #[test]
    fn every_problem_is_reported_with_its_place() {
        let text = format!(
            "{CLASSES}\n[[step]]\ntext = {{ en = \"only English\" }}\n\n[[reminder]]\nsection = \"federal.nowhere\"\ntext = {{ en = \"r\", fr = \"r\" }}\n\n[[clear_breach]]\ncategory = \"rudeness\"\nseverity = \"huge\"\n\n[[raise]]\nrole = \"intern\"\nid = \"role-intern\"\nsection = \"federal.career-consequences\"\ncategories = []\nreason = {{ en = \"r\", fr = \"r\" }}\n"
        );
        let d = Guide::parse("t.toml", &text, &guidance()).unwrap_err();
        let all = d.to_string();
        for want in [
            "step has no `fr` text",
            "unknown guidance section `federal.nowhere`",
            "unknown category `rudeness`",
            "severity `huge`",
            "unknown role `intern`",
        ] {
            assert!(all.contains(want), "{want} in:\n{all}");
        }
        assert!(d.iter().all(|x| x.file == "t.toml" && x.line > 1), "{all}");
    }

    #[test]
    fn a_missing_class_is_named() {
        let one = CLASSES.split("[[class]]").nth(1).unwrap();
        let d = Guide::parse("t.toml", &format!("[[class]]{one}"), &guidance()).unwrap_err();
        assert!(d.to_string().contains("class `grey-area` is not described"));
    }
}
