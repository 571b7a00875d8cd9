//! The ruleset: rule files read, checked and compiled into one index of every phrase of every
//! rule (looked up word by word) plus the few regular expressions, never once per draft. The
//! built-in files are compiled by build.rs, with this same code, and read back at run time
//! (see `precompiled`); other rule files are compiled once per run.

mod cold;
mod cues;
mod examples;
mod extra;
#[cfg(test)]
mod layers;
mod lists;
mod near;
mod pattern;
mod precompiled;
mod score;
mod sequence;
#[cfg(test)]
mod startup;
pub mod syntax;

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::guidance::Guidance;
use crate::role::{Guide, BUILTIN_ROLES};
use crate::taxonomy::{Category, Lang, Severity, Text};
pub use cold::Cold;
use cues::{CueBuilder, CueIndex};
pub use examples::{AtExample, Examples};
pub use extra::Class;
pub(crate) use extra::{emoji_runs, Extra};
pub(crate) use near::Near;
pub use near::{Nearby, Quoted, Shift, Side, Window};
pub(crate) use pattern::{Gates, Haystack, Open, Pattern};
pub use score::{Score, Signal};
pub(crate) use sequence::Sequence;
use syntax::{Bilingual, RuleFile, S};

/// The guidance catalogue shipped in the binary.
pub const BUILTIN_GUIDANCE: (&str, &str) = (
    "rules/guidance.toml",
    include_str!("../../rules/guidance.toml"),
);

/// Every `rules/*.toml` but the guidance and the roles, as (name, text), found by build.rs.
pub use crate::builtin::BUILTIN_RULES;

/// One rule file's name (as shown in errors) and text, and whether it is a built-in file or a
/// user's: a user's rule, list or escalation with a built-in id replaces the built-in one, even
/// when the user's file bears a built-in file's name (`rules test rules/harassment.toml`).
#[derive(Debug, Clone)]
pub struct RuleSource {
    pub name: String,
    /// Borrowed for the built-in files: they are in the binary, and copying 1.5 MB of them at
    /// every start cost a short draft's run a tenth of its time.
    pub text: Cow<'static, str>,
    builtin: bool,
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
    fn layer(&self) -> u8 {
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

/// Index of a list of cue phrases in the shared cue index.
pub type CueId = usize;

/// How a pattern's matches are confirmed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Validator {
    /// The Luhn checksum over the digits (Social Insurance Numbers, Ontario health numbers).
    Luhn,
}

impl Validator {
    pub fn accepts(self, matched: &str) -> bool {
        match self {
            Validator::Luhn => luhn(matched),
        }
    }
}

/// True when the digits of `s` pass the Luhn checksum.
pub fn luhn(s: &str) -> bool {
    let digits: Vec<u32> = s.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() < 2 {
        return false;
    }
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            if i % 2 == 1 {
                if d * 2 > 9 {
                    d * 2 - 9
                } else {
                    d * 2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// A compiled rule. Fields that run are private to the engine; the rest is read by reports.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub category: Category,
    pub severity: Severity,
    pub languages: Vec<Lang>,
    pub sections: Vec<String>,
    pub message: Text,
    pub advice: Text,
    pub description: Text,
    pub tags: Vec<String>,
    pub sensitive: bool,
    pub examples: Cold<Examples>,
    pub origin: String,
    pub(crate) phrases: Option<CueId>,
    pub(crate) patterns: Vec<Pattern>,
    pub(crate) word_patterns: Vec<Pattern>,
    /// Over the original text; a match covers its first capture group when it has one.
    pub(crate) raw_patterns: Vec<Pattern>,
    pub(crate) validator: Option<Validator>,
    pub(crate) except: Option<CueId>,
    /// Cues that must occur near a hit, each in its window: all of them.
    pub(crate) context: Vec<Near>,
    /// Cues that, near a hit, make it harmless.
    pub(crate) except_near: Vec<Near>,
    /// Cues that, near a hit, move its severity one level down (`lower_near`)…
    pub(crate) lower_near: Vec<Near>,
    /// …or one level up (`raise_near`).
    pub(crate) raise_near: Vec<Near>,
    /// What a hit inside a quotation becomes (`quoted`).
    pub quoted: Quoted,
    pub(crate) unless: Option<CueId>,
    pub(crate) requires: Option<CueId>,
    /// Weak signals that must add up within a window (`[rule.score]`).
    pub(crate) score: Option<Score>,
    pub(crate) enabled: bool,
    /// The phrases and patterns as written, for `explain`.
    pub triggers: Cold<Vec<String>>,
}

impl Rule {
    pub fn has_tag(&self, tag: &str) -> bool {
        self.tags.iter().any(|t| t == tag)
    }
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }
    /// The rule's score, when it adds up weak signals.
    pub fn score(&self) -> Option<&Score> {
        self.score.as_ref()
    }
}

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

/// Everything a run checks drafts against, compiled once.
#[derive(Debug)]
pub struct Ruleset {
    pub rules: Vec<Rule>,
    pub escalations: Vec<Escalation>,
    pub guidance: Guidance,
    /// What each role changes, and the classes of findings (`rules/roles.toml`).
    pub roles: Guide,
    pub(crate) cues: CueIndex,
    pub(crate) gates: Gates,
    pub(crate) cue_lists: usize,
    pub(crate) allow: Option<CueId>,
    /// Cues found outside the words index (emoji, classes), by cue list.
    pub(crate) extras: Vec<(Extra, CueId)>,
    /// Pairs of cue lists in order whose hits are hits of a third (`sequences`).
    pub(crate) sequences: Vec<Sequence>,
}

impl Ruleset {
    /// The shipped ruleset and guidance, with no options.
    pub fn builtin() -> Result<Ruleset, Diagnostics> {
        Ruleset::compile(&RuleSource::builtin(), &CompileOptions::default())
    }

    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Compiles rule files over the built-in guidance. A rule in a later file replaces a rule
    /// of an earlier *layer* with the same id: callers pass built-ins first, then user files.
    /// The built-in files alone are not compiled again: build.rs compiled them into the binary.
    pub fn compile(
        sources: &[RuleSource],
        options: &CompileOptions,
    ) -> Result<Ruleset, Diagnostics> {
        // An allowed `@list` needs the lists as written, which only the rule files have.
        let lists = options.allow.iter().any(|a| a.trim().starts_with('@'));
        let parts = Ruleset::precompiled(sources).filter(|_| !lists && !options.check_patterns);
        let Some((mut parts, n)) = parts else {
            return Ruleset::full(sources, options);
        };
        let guidance = std::mem::take(&mut parts.guidance);
        let (rname, rtext) = BUILTIN_ROLES;
        let roles = Guide::parse(rname, rtext, &guidance)?;
        let user = Ruleset::layers(&sources[n..]);
        let mut rs = match Compiler::new(guidance).over(parts, &user, options) {
            Ok(rs) => rs,
            Err(e) if user.is_empty() => return Err(e),
            // A user's file that cannot be laid over the built-in rules (it uses or defines
            // `[[list]]`s, which the compiled rules no longer hold) or has a problem: compiled
            // again with the built-in files, as written, which also reports problems as always.
            Err(_) => return Ruleset::full(sources, options),
        };
        rs.roles = roles;
        Ok(rs)
    }

    /// Every file compiled from its text, the built-in ones too.
    fn full(sources: &[RuleSource], options: &CompileOptions) -> Result<Ruleset, Diagnostics> {
        let guidance = Guidance::parse(BUILTIN_GUIDANCE.0, BUILTIN_GUIDANCE.1)?;
        let (rname, rtext) = BUILTIN_ROLES;
        let roles = Guide::parse(rname, rtext, &guidance)?;
        let mut rs = Compiler::new(guidance).run(&Ruleset::layers(sources), options)?;
        rs.roles = roles;
        Ok(rs)
    }

    /// Each file with its layer: 0 for a built-in file, 1 for a user's.
    fn layers(sources: &[RuleSource]) -> Vec<(u8, &RuleSource)> {
        sources.iter().map(|s| (s.layer(), s)).collect()
    }

    /// The built-in rules as build.rs compiled them, and how many files of `sources` they
    /// are, when `sources` start with those files (built-in, or the same given as a user's, all
    /// of one layer) and go on with files of a later layer only (a user's over the built-in).
    fn precompiled(sources: &[RuleSource]) -> Option<(precompiled::Parts, usize)> {
        let n = BUILTIN_RULES.len();
        let builtin = sources.get(..n)?;
        let same = builtin.iter().zip(BUILTIN_RULES.iter()).all(|(s, (n, t))| {
            s.name == *n
                && (std::ptr::eq(&*s.text, *t) || s.text == *t)
                && s.layer() == builtin[0].layer()
        });
        let apart = sources[n..]
            .iter()
            .all(|s| builtin.first().is_some_and(|b| s.layer() > b.layer()));
        if !same || !apart {
            return None;
        }
        Some((precompiled::decode(crate::builtin::PRECOMPILED)?, n))
    }

    /// The compiled built-in ruleset as bytes, for build.rs to write into the binary.
    #[allow(dead_code)] // Called by build.rs, which compiles this module too.
    pub(crate) fn precompile() -> Result<Vec<u8>, Diagnostics> {
        let (gname, gtext) = BUILTIN_GUIDANCE;
        let guidance = Guidance::parse(gname, gtext)?;
        let sources = RuleSource::builtin();
        // Strict here: a pattern that does not compile is a build warning, not a silent miss.
        let strict = CompileOptions {
            check_patterns: true,
            ..CompileOptions::default()
        };
        let rs = Compiler::new(guidance).run(&Ruleset::layers(&sources), &strict)?;
        Ok(precompiled::encode(
            &rs.guidance,
            &rs.rules,
            &rs.escalations,
            &rs.cues,
            &rs.gates,
            rs.cue_lists,
            &rs.extras,
            &rs.sequences,
        ))
    }
}

/// Takes a rule's patterns out of any gate: they then run on every draft.
fn ungate(rule: &mut Rule) {
    let score = rule
        .score
        .iter_mut()
        .flat_map(|s| s.nears.iter_mut().chain(&mut s.unless));
    let nears = rule
        .context
        .iter_mut()
        .chain(&mut rule.except_near)
        .chain(&mut rule.lower_near)
        .chain(&mut rule.raise_near)
        .chain(score);
    let patterns = rule.patterns.iter_mut();
    let patterns = patterns
        .chain(&mut rule.word_patterns)
        .chain(&mut rule.raw_patterns);
    let near_patterns = nears.flat_map(|n| n.patterns.iter_mut().chain(&mut n.word_patterns));
    for p in patterns.chain(near_patterns) {
        p.gate = None;
    }
}

struct Compiler {
    guidance: Guidance,
    diags: Diagnostics,
    cues: CueBuilder,
    gates: Gates,
    cue_lists: usize,
    /// Named phrase lists (`[[list]]`).
    lists: lists::Lists,
    /// Emoji and classes of text, by the cue list they belong to.
    extras: Vec<(Extra, CueId)>,
    /// Whether the files compiled define `[[list]]`s.
    defines_lists: bool,
    sequences: Vec<Sequence>,
}

impl Compiler {
    fn new(guidance: Guidance) -> Compiler {
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
        }
    }

    /// Adds a list of phrases to the cue index; `None` when the list is empty.
    fn cues(
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

    fn text(
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

    /// A rule's pattern: compiled and checked now, or, for a built-in rule (which the tests
    /// compile), when a draft first needs it.
    fn regex(
        &mut self,
        file: &str,
        src: &str,
        rule: &str,
        p: &S<String>,
        builtin: bool,
    ) -> Option<Pattern> {
        if builtin {
            return Some(Pattern::deferred(p.get_ref()));
        }
        match Pattern::build(p.get_ref()) {
            Ok(re) if re.is_match("") => {
                self.diags.push(Diagnostic::at(
                    file,
                    src,
                    p.span(),
                    Some(rule),
                    format!("pattern `{}` can match empty text", p.get_ref()),
                ));
                None
            }
            Ok(re) => Some(Pattern::compiled(p.get_ref(), re)),
            Err(e) => {
                let msg = e
                    .to_string()
                    .lines()
                    .last()
                    .unwrap_or_default()
                    .trim()
                    .to_string();
                self.diags.push(Diagnostic::at(
                    file,
                    src,
                    p.span(),
                    Some(rule),
                    format!("invalid pattern `{}`: {msg}", p.get_ref()),
                ));
                None
            }
        }
    }

    fn check_examples(
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
    fn options(&mut self, known: impl Fn(&str) -> bool, options: &CompileOptions) -> Option<CueId> {
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
    fn over(
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

    fn run(
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
                let rspan = r.span();
                let r = r.get_ref();
                let id = r.id.get_ref().clone();
                let rid = Some(id.as_str());
                if !id_ok(&id) {
                    self.diags.push(Diagnostic::at(
                        file,
                        src,
                        r.id.span(),
                        rid,
                        "rule ids are lower-case words joined by `-` (like `security-marking`)",
                    ));
                }
                match seen.get(&id) {
                    Some((l, other)) if *l == layer => {
                        self.diags.push(Diagnostic::at(file, src, r.id.span(), rid, format!("duplicate rule id, already defined in {other}: ids are never reused")));
                    }
                    _ => {
                        seen.insert(id.clone(), (layer, file.to_string()));
                    }
                }
                let category = Category::parse(r.category.get_ref());
                if category.is_none() {
                    let all: Vec<&str> = Category::ALL.iter().map(|c| c.as_str()).collect();
                    self.diags.push(Diagnostic::at(
                        file,
                        src,
                        r.category.span(),
                        rid,
                        format!(
                            "unknown category `{}`: use one of {}",
                            r.category.get_ref(),
                            all.join(", ")
                        ),
                    ));
                }
                let mut severity = Severity::parse(r.severity.get_ref());
                if severity.is_none() {
                    self.diags.push(Diagnostic::at(
                        file,
                        src,
                        r.severity.span(),
                        rid,
                        format!(
                            "unknown severity `{}`: use info, low, medium or high",
                            r.severity.get_ref()
                        ),
                    ));
                }
                if let Some((_, s)) = options.severity.iter().find(|(i, _)| *i == id) {
                    severity = Some(*s);
                }
                let mut languages = Vec::new();
                match &r.languages {
                    None => languages = vec![Lang::En, Lang::Fr],
                    Some(ls) => {
                        for l in ls.get_ref() {
                            match Lang::parse(l.get_ref()) {
                                Some(l) => languages.push(l),
                                None => self.diags.push(Diagnostic::at(
                                    file,
                                    src,
                                    l.span(),
                                    rid,
                                    format!("unknown language `{}`: use en or fr", l.get_ref()),
                                )),
                            }
                        }
                        if ls.get_ref().is_empty() {
                            self.diags.push(Diagnostic::at(
                                file,
                                src,
                                ls.span(),
                                rid,
                                "`languages` is empty: name en, fr or both",
                            ));
                        }
                    }
                }
                let mut sections = Vec::new();
                for s in r.sections.get_ref() {
                    if self.guidance.section(s.get_ref()).is_none() {
                        self.diags.push(Diagnostic::at(
                            file,
                            src,
                            s.span(),
                            rid,
                            format!(
                                "unknown guidance section `{}`: see rules/guidance.toml",
                                s.get_ref()
                            ),
                        ));
                    }
                    sections.push(s.get_ref().clone());
                }
                if sections.is_empty() {
                    self.diags.push(Diagnostic::at(
                        file,
                        src,
                        r.sections.span(),
                        rid,
                        "every rule names at least one guidance section",
                    ));
                }
                let message = self.text(file, src, rid, &r.message, "message");
                let advice = self.text(file, src, rid, &r.advice, "advice");
                let description = match &r.description {
                    Some(d) => self.text(file, src, rid, d, "description"),
                    None => message.clone(),
                };
                if r.phrases.is_empty()
                    && r.sequences.is_empty()
                    && r.patterns.is_empty()
                    && r.word_patterns.is_empty()
                    && r.raw_patterns.is_empty()
                    && r.score.is_none()
                {
                    self.diags.push(Diagnostic::at(file, src, rspan.clone(), rid, "the rule has nothing to match: give it `phrases`, `patterns`, `word_patterns`, `raw_patterns` or a `[rule.score]`"));
                }
                let at = near::At {
                    file,
                    src,
                    rule: &id,
                    shipped,
                };
                let mut sequences = Vec::new();
                let phrases = self.cues_with(&at, &r.phrases, &r.sequences, &mut sequences);
                let except = self.cues(file, src, rid, &r.except);
                let mut context = self.nears(&at, &r.context, "context");
                let mut except_near = self.nears(&at, &r.except_near, "except_near");
                let lower_near = self.nears(&at, &r.lower_near, "lower_near");
                let raise_near = self.nears(&at, &r.raise_near, "raise_near");
                let condition = self.condition(&at, &r.condition);
                let score = self.score(&at, &r.score);
                let (unless, requires) = (condition.unless, condition.requires);
                context.extend(condition.near);
                except_near.extend(condition.except_near);
                let mut gated = |list: &[S<String>], haystack: Haystack| -> Vec<Pattern> {
                    let compiled: Vec<Pattern> = list
                        .iter()
                        .filter_map(|p| self.regex(file, src, &id, p, shipped))
                        .collect();
                    compiled
                        .into_iter()
                        .map(|p| p.gated(&mut self.gates, haystack))
                        .collect()
                };
                let patterns = gated(&r.patterns, Haystack::Clean);
                let word_patterns = gated(&r.word_patterns, Haystack::Words);
                let raw_patterns = gated(&r.raw_patterns, Haystack::Original);
                let quoted = match &r.quoted {
                    None => Quoted::Keep,
                    Some(q) => Quoted::parse(q.get_ref()).unwrap_or_else(|| {
                        self.diags.push(Diagnostic::at(
                            file,
                            src,
                            q.span(),
                            rid,
                            format!("`quoted = \"{}\"`: write \"skip\" (a hit inside a quotation is dropped), \"lower\" (one level down) or \"keep\" (the default: quotes change nothing)", q.get_ref()),
                        ));
                        Quoted::Keep
                    }),
                };
                let validator = match &r.validator {
                    None => None,
                    Some(v) if v.get_ref() == "luhn" => Some(Validator::Luhn),
                    Some(v) => {
                        self.diags.push(Diagnostic::at(
                            file,
                            src,
                            v.span(),
                            rid,
                            format!("unknown validator `{}`: use `luhn`", v.get_ref()),
                        ));
                        None
                    }
                };
                if validator.is_some()
                    && r.patterns.is_empty()
                    && r.word_patterns.is_empty()
                    && r.raw_patterns.is_empty()
                {
                    self.diags.push(Diagnostic::at(
                        file,
                        src,
                        rspan.clone(),
                        rid,
                        "a validator checks pattern matches: add `patterns`",
                    ));
                }
                let examples = Examples::compile(r.examples.as_ref(), src);
                self.check_examples(
                    file,
                    src,
                    &id,
                    rspan.clone(),
                    &examples,
                    &[Lang::En, Lang::Fr],
                );
                let triggers: Vec<String> = r
                    .phrases
                    .iter()
                    .chain(&r.patterns)
                    .chain(&r.word_patterns)
                    .chain(&r.raw_patterns)
                    .map(|p| p.get_ref().clone())
                    .chain(sequences)
                    .collect();
                let enabled = !options.disabled.contains(&id);
                if let (Some(category), Some(severity)) = (category, severity) {
                    let rule = Rule {
                        id,
                        category,
                        severity,
                        languages,
                        sections,
                        message,
                        advice,
                        description,
                        tags: r.tags.iter().map(|t| t.get_ref().clone()).collect(),
                        sensitive: r.sensitive,
                        examples: examples.into(),
                        origin: file.to_string(),
                        phrases,
                        patterns,
                        word_patterns,
                        raw_patterns,
                        validator,
                        except,
                        context,
                        except_near,
                        lower_near,
                        raise_near,
                        quoted,
                        unless,
                        requires,
                        score,
                        enabled,
                        triggers: triggers.into(),
                    };
                    // A user file's rule with a built-in id replaces the built-in one.
                    replace_or_push(&mut rules, (layer, rule), |(l, x), (nl, new)| {
                        x.id == new.id && l < nl
                    });
                }
            }
            for e in &parsed.escalation {
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
                let escalation = Escalation {
                    id,
                    categories,
                    reason,
                    examples: examples.into(),
                    origin: file.to_string(),
                    cues,
                };
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn every_builtin_pattern_compiles_and_never_matches_empty_text() {
        // The built-in patterns are compiled on first use, so this is where they are checked.
        let rules = Ruleset::builtin().expect("the built-in rules compile");
        for rule in &rules.rules {
            let all = rule.patterns.iter();
            for p in all.chain(&rule.word_patterns).chain(&rule.raw_patterns) {
                let re = p
                    .get()
                    .unwrap_or_else(|| panic!("{}: a pattern fails", rule.id));
                assert!(!re.is_match(""), "{}: `{re}` matches empty text", rule.id);
            }
        }
    }

    #[test]
    fn validating_compiles_every_builtin_pattern_now() {
        // A run defers the built-in patterns; `rules validate` and build.rs must not, or a
        // broken one would pass validation and then never match.
        let strict = CompileOptions {
            check_patterns: true,
            ..CompileOptions::default()
        };
        let rules = Ruleset::compile(&RuleSource::builtin(), &strict).expect("compiles");
        let patterns: Vec<&Pattern> = rules
            .rules
            .iter()
            .flat_map(|r| {
                r.patterns
                    .iter()
                    .chain(&r.word_patterns)
                    .chain(&r.raw_patterns)
            })
            .collect();
        assert!(!patterns.is_empty());
        assert!(patterns.iter().all(|p| p.is_compiled()));
    }

    #[test]
    fn the_rules_build_rs_compiled_are_the_rule_files_compiled_now() {
        // A stale or lossy copy would make a run check against other rules than the files say.
        let bytes = crate::builtin::PRECOMPILED;
        assert!(!bytes.is_empty(), "build.rs compiled the built-in rules");
        assert!(Ruleset::precompile().expect("compiles") == bytes);
        let parts = precompiled::decode(bytes).expect("reads back");
        let again = precompiled::encode(
            &parts.guidance,
            &parts.rules,
            &parts.escalations,
            &parts.cues,
            &parts.gates,
            parts.cue_lists,
            &parts.extras,
            &parts.sequences,
        );
        assert!(again == bytes, "the bytes read back say the same");
        let sources = RuleSource::builtin();
        let options = CompileOptions {
            allow: vec!["Hello there".into()],
            disabled: vec!["security-marking".into()],
            severity: vec![("security-marking".into(), Severity::Low)],
            check_patterns: false,
        };
        let compiled = Compiler::new(Ruleset::builtin().expect("compiles").guidance)
            .run(&Ruleset::layers(&sources), &options)
            .expect("compiles");
        let read = Ruleset::compile(&sources, &options).expect("compiles");
        assert_eq!(compiled.cue_lists, read.cue_lists);
        assert_eq!(
            format!("{:?}", compiled.guidance.sections),
            format!("{:?}", read.guidance.sections)
        );
        for s in &read.guidance.sections {
            assert!(read.guidance.section(&s.id).is_some());
        }
        assert_eq!(compiled.allow, read.allow);
        assert_eq!(compiled.extras, read.extras);
        for (a, b) in compiled.rules.iter().zip(&read.rules) {
            assert_eq!(format!("{a:?}"), format!("{b:?}"));
        }
        assert_eq!(
            format!("{:?}", compiled.escalations),
            format!("{:?}", read.escalations)
        );
        let tokens = [
            "hello",
            "there",
            "protected",
            "b",
            "my",
            "manager",
            "confidential",
        ];
        let (mut x, mut y) = (Vec::new(), Vec::new());
        compiled.cues.find(&tokens, |h| x.push(h));
        read.cues.find(&tokens, |h| y.push(h));
        x.sort_by_key(|h| (h.cue, h.first, h.last));
        y.sort_by_key(|h| (h.cue, h.first, h.last));
        assert!(!x.is_empty() && x == y);
    }

    #[test]
    fn luhn_checksum() {
        assert!(luhn("046 454 286"));
        assert!(!luhn("046 454 287"));
        assert!(luhn("9876543217"));
        assert!(!luhn("7"));
    }
}
