//! The compiler of rule files: reads every file, then compiles its lists, rules and
//! escalations into one ruleset (or lays a user's files over the built-in rules build.rs
//! compiled), gathering every problem with its place.

use std::collections::HashMap;
use std::ops::Range;

use super::cues::CueBuilder;
use super::rule::ungate;
use super::syntax::{self, Bilingual, RuleFile, S};
use super::{
    extra, lists, precompiled, slots, CompileOptions, CueId, Escalation, Examples, Extra, Gates,
    Rule, RuleSource, Ruleset, Sequence, BUILTIN_RULES,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::guidance::Guidance;
use crate::role::Guide;
use crate::taxonomy::{Lang, Text};

pub(super) struct Compiler {
    pub(super) guidance: Guidance,
    pub(super) diags: Diagnostics,
    pub(super) cues: CueBuilder,
    pub(super) gates: Gates,
    pub(super) cue_lists: usize,
    /// Named phrase lists (`[[list]]`).
    pub(super) lists: lists::Lists,
    /// Emoji and classes of text, by the cue list they belong to.
    pub(super) extras: Vec<(Extra, CueId)>,
    /// Whether the files compiled define `[[list]]`s.
    pub(super) defines_lists: bool,
    pub(super) sequences: Vec<Sequence>,
    /// The hidden lists of phrases with classes, and which lists sequences fill.
    pub(super) made: slots::Made,
}

impl Compiler {
    pub(super) fn new(guidance: Guidance) -> Compiler {
        Compiler {
            guidance,
            diags: Diagnostics::default(),
            cues: CueBuilder::default(),
            gates: Gates::default(),
            cue_lists: 0,
            lists: lists::Lists::default(),
            extras: Vec::new(),
            defines_lists: false,
            sequences: Vec::new(),
            made: slots::Made::default(),
        }
    }

    /// Adds a list of phrases to the cue index; `None` when the list is empty.
    pub(super) fn cues(
        &mut self,
        file: &str,
        src: &str,
        rule: Option<&str>,
        phrases: &[S<String>],
    ) -> Option<CueId> {
        if phrases.is_empty() {
            return None;
        }
        let id = self.cue_lists;
        self.cue_lists += 1;
        for p in phrases {
            let written = p.get_ref().trim();
            let expanded = match lists::included(written) {
                // A list is used by many rules: expanded once, on its first use.
                Some(name) => self.lists.items(name),
                None => extra::items(written).map(std::rc::Rc::new),
            };
            match expanded {
                Ok(items) => {
                    for item in items.iter() {
                        match item {
                            extra::Item::Literal(lit) => self.cues.add(&lit.text, id, lit.prefix),
                            extra::Item::Slotted(s) => self.slotted(s, id),
                            extra::Item::Extra(x) => {
                                if !self.extras.contains(&(x.clone(), id)) {
                                    self.extras.push((x.clone(), id));
                                }
                            }
                        }
                    }
                }
                Err(e) => self
                    .diags
                    .push(Diagnostic::at(file, src, p.span(), rule, e)),
            }
        }
        Some(id)
    }

    pub(super) fn text(
        &mut self,
        file: &str,
        src: &str,
        rule: Option<&str>,
        b: &S<Bilingual>,
        what: &str,
    ) -> Text {
        let v = b.get_ref();
        for (lang, t) in [("en", &v.en), ("fr", &v.fr)] {
            if t.as_deref().is_none_or(|s| s.trim().is_empty()) {
                self.diags.push(Diagnostic::at(
                    file,
                    src,
                    b.span(),
                    rule,
                    format!(
                        "`{what}` has no `{lang}` text: every message exists in English and French"
                    ),
                ));
            }
        }
        Text {
            en: v.en.clone().unwrap_or_default(),
            fr: v.fr.clone().unwrap_or_default(),
        }
    }

    pub(super) fn check_examples(
        &mut self,
        file: &str,
        src: &str,
        rule: &str,
        span: Range<usize>,
        ex: &Examples,
        langs: &[Lang],
    ) {
        for &lang in langs {
            let silent = ex.no_match.iter().any(|(l, _)| *l == lang);
            if !ex.has_match(lang) || !silent {
                self.diags.push(Diagnostic::at(file, src, span.clone(), Some(rule), format!("needs examples that must match and must not match in `{}` (examples.match.{0} or examples.at.<severity>.{0}, examples.no_match.{0})", lang.as_str())));
            }
        }
    }

    /// Checks the rule ids a run's options name, and adds the phrases it allows as a cue list.
    pub(super) fn options(
        &mut self,
        known: impl Fn(&str) -> bool,
        options: &CompileOptions,
    ) -> Option<CueId> {
        for id in options
            .disabled
            .iter()
            .chain(options.severity.iter().map(|(i, _)| i))
        {
            if !known(id) {
                self.diags.push(Diagnostic {
                    file: "configuration".into(),
                    line: 1,
                    column: 1,
                    rule: Some(id.clone()),
                    message: "no rule has this id: see `postcheck rules list`".into(),
                });
            }
        }
        let allow_phrases: Vec<S<String>> = options
            .allow
            .iter()
            .map(|a| S::new(0..0, a.clone()))
            .collect();
        self.cues("configuration (allow)", "", None, &allow_phrases)
    }

    /// A user's files (`user`, maybe none) and a run's options over the built-in rules build.rs
    /// compiled. The user's phrases and the allowed ones are cue lists after the built-in ones,
    /// in an index of their own, so the cue lists are numbered as a full compile numbers them.
    /// Fails (and the caller compiles everything) when a user's file defines or uses a list.
    pub(super) fn over(
        mut self,
        parts: precompiled::Parts,
        user: &[(u8, &RuleSource)],
        options: &CompileOptions,
    ) -> Result<Ruleset, Diagnostics> {
        let mut rules = parts.rules;
        for r in &mut rules {
            if let Some((_, s)) = options.severity.iter().find(|(i, _)| *i == r.id) {
                r.severity = *s;
            }
            r.enabled = !options.disabled.contains(&r.id);
        }
        self.cue_lists = parts.cue_lists;
        let (mine, escalations) = self.files(user, options);
        if self.defines_lists {
            self.diags.push(Diagnostic {
                file: "configuration".into(),
                line: 1,
                column: 1,
                rule: None,
                message: "lists of a user's file are compiled with the built-in ones".into(),
            });
        }
        for (_, mut rule) in mine {
            // The built-in gates know only the built-in patterns: the user's always run.
            ungate(&mut rule);
            // A user file's rule with a built-in id replaces the built-in one, in its place.
            replace_or_push(&mut rules, rule, |x, new| x.id == new.id);
        }
        let mut all = parts.escalations;
        for e in escalations {
            replace_or_push(&mut all, e, |x, new| x.id == new.id);
        }
        let allow = self.options(|id| rules.iter().any(|r| r.id == id), options);
        if !self.diags.is_empty() {
            return Err(self.diags);
        }
        let mut cues = parts.cues;
        cues.set_extra(self.cues.freeze());
        Ok(Ruleset {
            rules,
            escalations: all,
            guidance: self.guidance,
            roles: Guide::default(),
            gates: parts.gates,
            cues,
            cue_lists: self.cue_lists,
            allow,
            extras: parts.extras.into_iter().chain(self.extras).collect(),
            sequences: parts.sequences.into_iter().chain(self.sequences).collect(),
        })
    }

    pub(super) fn run(
        mut self,
        sources: &[(u8, &RuleSource)],
        options: &CompileOptions,
    ) -> Result<Ruleset, Diagnostics> {
        let (rules, escalations) = self.files(sources, options);
        let allow = self.options(|id| rules.iter().any(|(_, r)| r.id == id), options);
        if !self.diags.is_empty() {
            return Err(self.diags);
        }
        Ok(Ruleset {
            rules: rules.into_iter().map(|(_, r)| r).collect(),
            escalations,
            guidance: self.guidance,
            roles: Guide::default(),
            gates: {
                self.gates.finish();
                self.gates
            },
            cues: self.cues.freeze(),
            cue_lists: self.cue_lists,
            allow,
            extras: self.extras,
            sequences: self.sequences,
        })
    }

    /// Compiles the rules and escalations of `sources`, each rule with its file's layer; the
    /// problems found are left in `self.diags`.
    fn files(
        &mut self,
        sources: &[(u8, &RuleSource)],
        options: &CompileOptions,
    ) -> (Vec<(u8, Rule)>, Vec<Escalation>) {
        let mut rules: Vec<(u8, Rule)> = Vec::new();
        // Each with its layer and file, for replacing and for saying where an id was defined.
        let mut escalations: Vec<(u8, String, Escalation)> = Vec::new();
        let mut seen: HashMap<String, (u8, String)> = HashMap::new();
        let id_ok = |id: &str| {
            !id.is_empty()
                && id.split('-').all(|p| {
                    !p.is_empty()
                        && p.bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                })
        };

        // Every file is read before any rule is compiled: a rule may use a list of another file.
        let mut parsed_files: Vec<(u8, &RuleSource, RuleFile)> = Vec::new();
        for &(layer, source) in sources {
            let (file, src) = (source.name.as_str(), &*source.text);
            match toml::from_str::<RuleFile>(src) {
                Ok(p) => parsed_files.push((layer, source, p)),
                Err(e) => self.diags.push(Diagnostic::from_toml(file, src, &e)),
            }
        }
        let defined: Vec<(lists::Place, &[S<syntax::ListSyntax>])> = parsed_files
            .iter()
            .map(|(layer, source, parsed)| {
                let at = lists::Place {
                    file: source.name.as_str(),
                    src: &source.text,
                    layer: *layer,
                };
                (at, parsed.list.as_slice())
            })
            .collect();
        self.defines_lists = defined.iter().any(|(_, l)| !l.is_empty());
        self.lists = lists::Lists::read(&defined, &mut self.diags);
        for (layer, source, parsed) in &parsed_files {
            let layer = *layer;
            let (file, src) = (source.name.as_str(), &*source.text);
            // The embedded text itself, not a file of the same name being edited.
            let shipped = !options.check_patterns
                && BUILTIN_RULES.iter().any(|(n, t)| *n == file && *t == src);
            for r in &parsed.rule {
                let (id, rid_span) = (r.get_ref().id.get_ref().clone(), r.get_ref().id.span());
                let rid = Some(id.as_str());
                if !id_ok(&id) {
                    self.diags.push(Diagnostic::at(
                        file,
                        src,
                        rid_span.clone(),
                        rid,
                        "rule ids are lower-case words joined by `-` (like `security-marking`)",
                    ));
                }
                match seen.get(&id) {
                    Some((l, other)) if *l == layer => {
                        self.diags.push(Diagnostic::at(file, src, rid_span, rid, format!("duplicate rule id, already defined in {other}: ids are never reused")));
                    }
                    _ => {
                        seen.insert(id.clone(), (layer, file.to_string()));
                    }
                }
                if let Some(rule) = self.rule(file, src, shipped, r, options) {
                    // A user file's rule with a built-in id replaces the built-in one.
                    replace_or_push(&mut rules, (layer, rule), |(l, x), (nl, new)| {
                        x.id == new.id && l < nl
                    });
                }
            }
            for e in &parsed.escalation {
                let escalation = self.escalation(file, src, e);
                let e = e.get_ref();
                // As for rules: a user's escalation with a built-in id replaces it in its place.
                match escalations
                    .iter()
                    .position(|(_, _, x)| x.id == escalation.id)
                {
                    Some(i) if escalations[i].0 < layer => {
                        escalations[i] = (layer, file.to_string(), escalation);
                    }
                    Some(i) => {
                        let other = &escalations[i].1;
                        let message = format!("duplicate escalation id, already defined in {other}: ids are never reused");
                        let id = Some(escalation.id.as_str());
                        self.diags
                            .push(Diagnostic::at(file, src, e.id.span(), id, message));
                    }
                    None => escalations.push((layer, file.to_string(), escalation)),
                }
            }
        }
        let escalations = escalations.into_iter().map(|(_, _, e)| e).collect();
        (rules, escalations)
    }
}

/// Puts `item` in the place of the first of `items` that `same(existing, item)` picks (a user's
/// rule or escalation replacing the built-in one of its id), or at the end.
fn replace_or_push<T>(items: &mut Vec<T>, item: T, same: impl Fn(&T, &T) -> bool) {
    match items.iter().position(|x| same(x, &item)) {
        Some(i) => items[i] = item,
        None => items.push(item),
    }
}
