//! Escalations: cues that tie the author to the public service (`[[escalation]]`), under
//! which findings of some categories weigh one level more.

use super::compiler::Compiler;
use super::syntax::{EscalationSyntax, S};
use super::{Cold, CueId, Examples};
use crate::diagnostic::Diagnostic;
use crate::taxonomy::{Category, Lang, Text};

/// Cues that tie the author to the public service: findings in some categories weigh more.
#[derive(Debug)]
pub struct Escalation {
    pub id: String,
    pub categories: Vec<Category>,
    pub reason: Text,
    pub examples: Cold<Examples>,
    /// The file it comes from, for `rules test` to point at its examples.
    pub origin: String,
    pub(crate) cues: CueId,
}

impl Compiler {
    /// One escalation of a file; its problems are left in `self.diags`.
    pub(super) fn escalation(
        &mut self,
        file: &str,
        src: &str,
        e: &S<EscalationSyntax>,
    ) -> Escalation {
        let espan = e.span();
        let e = e.get_ref();
        let id = e.id.get_ref().clone();
        let rid = Some(id.as_str());
        let mut categories = Vec::new();
        for c in e.categories.get_ref() {
            match Category::parse(c.get_ref()) {
                Some(c) => categories.push(c),
                None => self.diags.push(Diagnostic::at(
                    file,
                    src,
                    c.span(),
                    rid,
                    format!("unknown category `{}`", c.get_ref()),
                )),
            }
        }
        let reason = self.text(file, src, rid, &e.reason, "reason");
        if e.phrases.is_empty() {
            self.diags.push(Diagnostic::at(
                file,
                src,
                espan.clone(),
                rid,
                "an escalation needs `phrases`",
            ));
        }
        let cues = self.cues(file, src, rid, &e.phrases).unwrap_or(usize::MAX);
        let examples = Examples::compile(e.examples.as_ref(), src);
        self.check_examples(file, src, &id, espan, &examples, &[Lang::En, Lang::Fr]);
        Escalation {
            id,
            categories,
            reason,
            examples: examples.into(),
            origin: file.to_string(),
            cues,
        }
    }
}
