//! A compiled rule, and how one `[[rule]]` of a file becomes one: every key checked, each
//! problem reported at its place, the phrases added to the one cue index and the patterns to
//! the gates.

use super::compiler::Compiler;
use super::syntax::{RuleSyntax, S};
use super::Cold;
use super::{
    near, CompileOptions, CueId, Examples, Haystack, Near, Pattern, Quoted, Score, Validator,
};
use crate::diagnostic::Diagnostic;
use crate::taxonomy::{Category, Lang, Severity, Text};

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
    /// What a hit about the author becomes (`author`): the same three choices as `quoted`.
    pub author: Quoted,
    /// A hit inside hashtags is dropped (`hashtags = "skip"`): a tag names a topic.
    pub skip_hashtags: bool,
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

    /// Every near of the rule: its contexts and `except_near` (a condition's patterns among
    /// them), `lower_near`, `raise_near`, and its score's signals with their `unless_near`. For
    /// the tests that walk every pattern or list of the built-in rules, so none is left out.
    #[cfg(test)]
    pub(crate) fn nears(&self) -> impl Iterator<Item = &Near> {
        let score = self
            .score
            .iter()
            .flat_map(|s| s.nears.iter().chain(&s.unless));
        self.context
            .iter()
            .chain(&self.except_near)
            .chain(&self.lower_near)
            .chain(&self.raise_near)
            .chain(score)
    }

    /// Every pattern of the rule, its own and its nears', with the view it runs on.
    #[cfg(test)]
    pub(crate) fn every_pattern(&self) -> impl Iterator<Item = (&Pattern, Haystack)> {
        let own = (self.patterns.iter().map(|p| (p, Haystack::Clean)))
            .chain(self.word_patterns.iter().map(|p| (p, Haystack::Words)))
            .chain(self.raw_patterns.iter().map(|p| (p, Haystack::Original)));
        let near = self.nears().flat_map(|n| {
            (n.patterns.iter().map(|p| (p, Haystack::Clean)))
                .chain(n.word_patterns.iter().map(|p| (p, Haystack::Words)))
        });
        own.chain(near)
    }
}

/// Takes a rule's patterns out of any gate: they then run on every draft.
pub(super) fn ungate(rule: &mut Rule) {
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

impl Compiler {
    /// One rule of a file (`shipped`: the built-in text itself, whose patterns are compiled on
    /// first use); `None` when its category or severity is unknown (reported in `self.diags`).
    pub(super) fn rule(
        &mut self,
        file: &str,
        src: &str,
        shipped: bool,
        r: &S<RuleSyntax>,
        options: &CompileOptions,
    ) -> Option<Rule> {
        let rspan = r.span();
        let r = r.get_ref();
        let id = r.id.get_ref().clone();
        let rid = Some(id.as_str());
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
        let author = match &r.author {
            None => Quoted::Keep,
            Some(a) => Quoted::parse(a.get_ref()).unwrap_or_else(|| {
                self.diags.push(Diagnostic::at(
                    file,
                    src,
                    a.span(),
                    rid,
                    format!("`author = \"{}\"`: write \"skip\" (a hit about the author, \"I\" or « je », is dropped), \"lower\" (one level down) or \"keep\" (the default)", a.get_ref()),
                ));
                Quoted::Keep
            }),
        };
        let skip_hashtags = match r
            .hashtags
            .as_ref()
            .map(|h| (h.span(), h.get_ref().as_str()))
        {
            None | Some((_, "keep")) => false,
            Some((_, "skip")) => true,
            Some((span, other)) => {
                self.diags.push(Diagnostic::at(
                    file,
                    src,
                    span,
                    rid,
                    format!("`hashtags = \"{other}\"`: write \"skip\" (a hit inside hashtags, such as `#burnout` or a tag line, is dropped) or \"keep\" (the default)"),
                ));
                false
            }
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
            return Some(Rule {
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
                author,
                skip_hashtags,
                unless,
                requires,
                score,
                enabled,
                triggers: triggers.into(),
            });
        }
        None
    }

    /// A rule's pattern: compiled and checked now, or, for a built-in rule (which the tests
    /// compile), when a draft first needs it.
    pub(super) fn regex(
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
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_walks_the_patterns_of_every_kind_of_near() {
        // The tests that compile, time and count every built-in pattern see them through this:
        // a pattern left out here would escape them all.
        let rs = crate::engine::one_rule(
            "integrity",
            r#"patterns = ['own']
word_patterns = ['\bwords\b']
raw_patterns = ['raw']
context = { patterns = ['context'] }
except_near = { word_patterns = ['\bexcept\b'] }
lower_near = { patterns = ['lower'] }
raise_near = { word_patterns = ['\braise\b'] }
[rule.condition]
requires_patterns = ['requires']
window = "sentence"
[rule.score]
threshold = 2
[[rule.score.signal]]
name = "a"
patterns = ['signal']
unless_near = { patterns = ['unless'] }
[[rule.score.signal]]
name = "b"
phrases = ["b"]
"#,
        );
        let walked: Vec<(&str, Haystack)> = rs.rules[0]
            .every_pattern()
            .map(|(p, h)| (p.source(), h))
            .collect();
        for (source, haystack) in [
            ("own", Haystack::Clean),
            (r"\bwords\b", Haystack::Words),
            ("raw", Haystack::Original),
            ("context", Haystack::Clean),
            (r"\bexcept\b", Haystack::Words),
            ("lower", Haystack::Clean),
            (r"\braise\b", Haystack::Words),
            ("requires", Haystack::Clean),
            ("signal", Haystack::Clean),
            ("unless", Haystack::Clean),
        ] {
            assert!(
                walked.contains(&(source, haystack)),
                "{source} not walked: {walked:?}"
            );
        }
    }
}
