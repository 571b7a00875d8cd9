//! Named phrase lists (`[[list]]`), included in any phrase list as `@id`, and in each other:
//! read once, checked for unknown names and circles, expanded once on first use.

use std::collections::HashMap;
use std::rc::Rc;

use super::extra::{self, Item};
use super::syntax::{ListSyntax, S};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// The named lists of every rule file, as written, and each one expanded once.
#[derive(Default)]
pub(super) struct Lists {
    written: HashMap<String, Vec<String>>,
    expanded: HashMap<String, Rc<Vec<Item>>>,
}

/// Where a list was written: its file's name and text, for diagnostics, and the file's layer
/// (0 built-in, 1 a user's).
pub(super) struct Place<'a> {
    pub file: &'a str,
    pub src: &'a str,
    pub layer: u8,
}

impl Lists {
    /// Reads every list of every file, reporting bad phrases, unknown `@id`s, duplicates and
    /// lists that include themselves (directly or through others). A list of a later layer (a
    /// user's file) replaces the list of that id of an earlier one, for every rule that uses it,
    /// as a user's rule replaces a built-in rule; twice in one layer is an error.
    pub fn read<'a>(files: &[(Place<'a>, &'a [S<ListSyntax>])], diags: &mut Diagnostics) -> Lists {
        let mut lists = Lists::default();
        // Where each list in force was defined: (file index, definition index, layer).
        let mut place_of: HashMap<String, (usize, usize, u8)> = HashMap::new();
        for (f, (at, defs)) in files.iter().enumerate() {
            for (d, l) in defs.iter().enumerate() {
                let l = l.get_ref();
                let id = l.id.get_ref();
                if let Some(&(of, _, layer)) = place_of.get(id) {
                    if layer >= at.layer {
                        let other = files[of].0.file;
                        diags.push(Diagnostic::at(
                            at.file,
                            at.src,
                            l.id.span(),
                            None,
                            format!("list `{id}` is defined twice, already in {other}: give one of them another id"),
                        ));
                        continue;
                    }
                }
                let phrases = l.phrases.iter().map(|p| p.get_ref().clone()).collect();
                lists.written.insert(id.clone(), phrases);
                place_of.insert(id.clone(), (f, d, at.layer));
            }
        }
        for (f, (at, defs)) in files.iter().enumerate() {
            for (d, l) in defs.iter().enumerate() {
                let l = l.get_ref();
                let id = l.id.get_ref();
                // A list replaced by a later layer's is not in force: its problems are not ours.
                if place_of
                    .get(id)
                    .is_some_and(|&(of, od, _)| (of, od) != (f, d))
                {
                    continue;
                }
                for p in &l.phrases {
                    let problem = match included(p.get_ref()) {
                        Some(name) if !lists.written.contains_key(name) => Some(format!(
                            "no list is named `{name}`: define it with [[list]] id = \"{name}\""
                        )),
                        Some(name) => lists.circle(id, name).map(|path| {
                            format!(
                                "`@{name}` includes `{id}` again ({id} → {path}): a list cannot include itself; remove one of these inclusions"
                            )
                        }),
                        None => extra::items(p.get_ref()).err(),
                    };
                    if let Some(e) = problem {
                        let msg = format!("list `{id}`: {e}");
                        diags.push(Diagnostic::at(at.file, at.src, p.span(), None, msg));
                    }
                }
            }
        }
        lists
    }

    /// The path `to → … → from` when list `to` includes `from` (directly or not), else `None`.
    fn circle(&self, from: &str, to: &str) -> Option<String> {
        let mut stack = vec![(to.to_string(), to.to_string())];
        let mut seen = std::collections::HashSet::new();
        while let Some((name, path)) = stack.pop() {
            if name == from {
                return Some(path);
            }
            if !seen.insert(name.clone()) {
                continue;
            }
            for next in self.written.get(&name).into_iter().flatten() {
                if let Some(n) = included(next) {
                    stack.push((n.to_string(), format!("{path} → {n}")));
                }
            }
        }
        None
    }

    /// The items of list `name` and of the lists it includes, expanded on first use.
    /// Problems inside lists were reported by [`Lists::read`]: here they are skipped.
    pub fn items(&mut self, name: &str) -> Result<Rc<Vec<Item>>, String> {
        self.expand(name, 0)
    }

    fn expand(&mut self, name: &str, depth: usize) -> Result<Rc<Vec<Item>>, String> {
        if let Some(lits) = self.expanded.get(name) {
            return Ok(Rc::clone(lits));
        }
        let Some(written) = self.written.get(name).cloned() else {
            return Err(format!(
                "no list is named `{name}`: define it with [[list]] id = \"{name}\""
            ));
        };
        let mut all = Vec::new();
        // Deeper than there are lists is a circle, already reported.
        if depth <= self.written.len() {
            for p in &written {
                match included(p) {
                    Some(inner) => {
                        if let Ok(lits) = self.expand(inner, depth + 1) {
                            all.extend(lits.iter().cloned());
                        }
                    }
                    None => all.extend(extra::items(p).unwrap_or_default()),
                }
            }
        }
        let lits = Rc::new(all);
        self.expanded.insert(name.to_string(), Rc::clone(&lits));
        Ok(lits)
    }
}

/// The list a written phrase includes (`@workplace-people`), if it is an inclusion.
pub(super) fn included(written: &str) -> Option<&str> {
    written.trim().strip_prefix('@')
}

#[cfg(test)]
mod tests {
    use crate::ruleset::{CompileOptions, RuleSource, Ruleset};

    const NESTED: &str = r#"
[[list]]
id = "managers"
phrases = ["my manager", "ma gestionnaire"]

[[list]]
id = "workplace-people"
phrases = ["coworker(s)", "@managers"]

[[rule]]
id = "insult-aimed-at-coworker"
category = "harassment"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["idiot(s)"]
context = { phrases = ["@workplace-people"], window = 3 }
[rule.examples]
match.en = ["my manager is an idiot"]
match.fr = ["ma gestionnaire, quel idiot"]
no_match.en = ["I felt like an idiot today"]
no_match.fr = ["quel idiot je suis"]
"#;

    fn compile(text: &str) -> Result<Ruleset, String> {
        Ruleset::compile(
            &[RuleSource::new("lists.toml", text)],
            &CompileOptions::default(),
        )
        .map_err(|e| e.to_string())
    }

    #[test]
    fn a_list_includes_the_lists_it_names() {
        let rs = compile(NESTED).expect("compiles");
        let outcome = crate::ruletest::run(&rs, &[]);
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
    }

    #[test]
    fn a_circle_of_lists_is_reported_where_it_closes() {
        let circle = NESTED.replace(r#""ma gestionnaire""#, r#""@workplace-people""#);
        let err = compile(&circle).unwrap_err();
        assert!(err.contains("lists.toml:4:"), "{err}");
        assert!(
            err.contains("list `managers`: `@workplace-people` includes `managers` again"),
            "{err}"
        );
        let unknown = NESTED.replace("@managers", "@bosses");
        let err = compile(&unknown).unwrap_err();
        assert!(err.contains("lists.toml:8:"), "{err}");
        assert!(err.contains("no list is named `bosses`"), "{err}");
        let itself = NESTED.replace("@managers", "@workplace-people");
        assert!(compile(&itself)
            .unwrap_err()
            .contains("cannot include itself"));
    }

    const WITH_LIST: &str = r#"
[[list]]
id = "workplace-people"
phrases = ["coworker(s)", "collègue(s)"]

[[rule]]
id = "insult-aimed-at-coworker"
category = "harassment"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["idiot(s)"]
context = { phrases = ["@workplace-people"], window = 3 }
[rule.examples]
match.en = ["my coworker is an idiot"]
match.fr = ["ce collègue est un idiot"]
no_match.en = ["I felt like an idiot today"]
no_match.fr = ["quel idiot je suis"]
"#;

    #[test]
    fn named_lists_are_shared_by_rules() {
        let rs = Ruleset::compile(
            &[RuleSource::new("lists.toml", WITH_LIST)],
            &CompileOptions::default(),
        )
        .expect("compiles");
        let outcome = crate::ruletest::run(&rs, &[]);
        assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
        let broken = WITH_LIST.replace("@workplace-people", "@nobody");
        let err = Ruleset::compile(
            &[RuleSource::new("lists.toml", &broken)],
            &CompileOptions::default(),
        )
        .unwrap_err();
        assert!(
            err.to_string().contains("no list is named `nobody`"),
            "{err}"
        );
    }
}
