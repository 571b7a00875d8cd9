//! The catalogue of guidance sections findings are mapped to (`rules/guidance.toml`), with the
//! questions to ask oneself and the people to ask for advice. Paraphrased, never quoted.

use std::collections::HashMap;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ruleset::syntax::{Bilingual, S};
use crate::taxonomy::{Category, Text};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct GuidanceFile {
    document: Vec<S<DocumentSyntax>>,
    section: Vec<S<SectionSyntax>>,
    #[serde(default)]
    question: Vec<S<QuestionSyntax>>,
    #[serde(default)]
    contact: Vec<S<ContactSyntax>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DocumentSyntax {
    id: S<String>,
    title: Bilingual,
    audience: Bilingual,
    source: String,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SectionSyntax {
    id: S<String>,
    document: S<String>,
    title: Bilingual,
    summary: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionSyntax {
    categories: Vec<S<String>>,
    section: S<String>,
    text: Bilingual,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ContactSyntax {
    roles: Vec<String>,
    text: Bilingual,
}

/// One guidance document.
#[derive(Debug, Clone)]
pub struct GuidanceDocument {
    pub id: String,
    pub title: Text,
    pub audience: Text,
    pub source: String,
}

/// One section of a guidance document, with our own summary of it.
#[derive(Debug, Clone)]
pub struct Section {
    pub id: String,
    pub document: String,
    pub title: Text,
    pub summary: Text,
}

/// A question to ask oneself, drawn from the guidance's scenarios.
#[derive(Debug, Clone)]
pub struct Question {
    pub categories: Vec<Category>,
    pub section: String,
    pub text: Text,
}

/// Where to get advice, for the roles it suits.
#[derive(Debug, Clone)]
pub struct Contact {
    pub roles: Vec<String>,
    pub text: Text,
}

#[derive(Debug, Clone, Default)]
pub struct Guidance {
    pub documents: Vec<GuidanceDocument>,
    pub sections: Vec<Section>,
    pub questions: Vec<Question>,
    pub contacts: Vec<Contact>,
    by_id: HashMap<String, usize>,
}

impl Guidance {
    pub fn section(&self, id: &str) -> Option<&Section> {
        self.by_id.get(id).map(|&i| &self.sections[i])
    }

    /// A catalogue already checked (read back from what build.rs compiled).
    pub(crate) fn from_parts(
        documents: Vec<GuidanceDocument>,
        sections: Vec<Section>,
        questions: Vec<Question>,
        contacts: Vec<Contact>,
    ) -> Guidance {
        let by_id = sections
            .iter()
            .enumerate()
            .map(|(i, s)| (s.id.clone(), i))
            .collect();
        Guidance {
            documents,
            sections,
            questions,
            contacts,
            by_id,
        }
    }

    pub fn document(&self, id: &str) -> Option<&GuidanceDocument> {
        self.documents.iter().find(|d| d.id == id)
    }

    /// Parses and checks the catalogue; every problem is reported at once.
    pub fn parse(file: &str, source: &str) -> Result<Guidance, Diagnostics> {
        let mut diags = Diagnostics::default();
        let syntax: GuidanceFile = match toml::from_str(source) {
            Ok(s) => s,
            Err(e) => {
                diags.push(Diagnostic::from_toml(file, source, &e));
                return Err(diags);
            }
        };
        let mut text = |b: &Bilingual, span: std::ops::Range<usize>, what: &str| -> Text {
            for (lang, v) in [("en", &b.en), ("fr", &b.fr)] {
                if v.as_deref().is_none_or(|s| s.trim().is_empty()) {
                    diags.push(Diagnostic::at(
                        file,
                        source,
                        span.clone(),
                        None,
                        format!("{what} has no `{lang}` text: write it in both languages"),
                    ));
                }
            }
            Text {
                en: b.en.clone().unwrap_or_default(),
                fr: b.fr.clone().unwrap_or_default(),
            }
        };
        let mut g = Guidance::default();
        for d in &syntax.document {
            let span = d.span();
            let d = d.get_ref();
            g.documents.push(GuidanceDocument {
                id: d.id.get_ref().clone(),
                title: text(&d.title, span.clone(), "document title"),
                audience: text(&d.audience, span, "document audience"),
                source: d.source.clone(),
            });
        }
        let mut problems: Vec<Diagnostic> = Vec::new();
        for s in &syntax.section {
            let span = s.span();
            let s = s.get_ref();
            let id = s.id.get_ref().clone();
            let section = Section {
                id: id.clone(),
                document: s.document.get_ref().clone(),
                title: text(&s.title, span.clone(), "section title"),
                summary: text(&s.summary, span, "section summary"),
            };
            if !g.documents.iter().any(|d| d.id == section.document) {
                problems.push(Diagnostic::at(
                    file,
                    source,
                    s.document.span(),
                    None,
                    format!(
                        "section `{id}` names unknown document `{}`",
                        section.document
                    ),
                ));
            }
            if !id.starts_with(&format!("{}.", section.document)) {
                problems.push(Diagnostic::at(
                    file,
                    source,
                    s.id.span(),
                    None,
                    format!("section id `{id}` must start with its document id and a dot"),
                ));
            }
            if g.by_id.insert(id.clone(), g.sections.len()).is_some() {
                problems.push(Diagnostic::at(
                    file,
                    source,
                    s.id.span(),
                    None,
                    format!("section `{id}` is defined twice"),
                ));
            }
            g.sections.push(section);
        }
        for q in &syntax.question {
            let span = q.span();
            let q = q.get_ref();
            let mut categories = Vec::new();
            for c in &q.categories {
                match Category::parse(c.get_ref()) {
                    Some(c) => categories.push(c),
                    None => problems.push(Diagnostic::at(
                        file,
                        source,
                        c.span(),
                        None,
                        format!("unknown category `{}`", c.get_ref()),
                    )),
                }
            }
            if !g.by_id.contains_key(q.section.get_ref()) {
                problems.push(Diagnostic::at(
                    file,
                    source,
                    q.section.span(),
                    None,
                    format!("unknown section `{}`", q.section.get_ref()),
                ));
            }
            g.questions.push(Question {
                categories,
                section: q.section.get_ref().clone(),
                text: text(&q.text, span, "question"),
            });
        }
        for c in &syntax.contact {
            let span = c.span();
            let c = c.get_ref();
            g.contacts.push(Contact {
                roles: c.roles.clone(),
                text: text(&c.text, span, "contact"),
            });
        }
        diags.extend(problems);
        if diags.is_empty() {
            Ok(g)
        } else {
            Err(diags)
        }
    }
}
