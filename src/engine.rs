//! The matcher: runs a compiled ruleset over one document and returns its findings.
//!
//! One pass over the words of the words view, each looked up once in the shared cue index,
//! finds every cue of every rule (literals start and end on word boundaries); then each
//! rule's patterns run on the clean view (raw patterns on the original), and each rule's
//! context, conditions and exceptions are decided from the hits. Escalation cues raise the
//! findings of the categories they name.

use std::ops::Range;
use std::sync::OnceLock;

use crate::lang::{self, Languages};
use crate::ruleset::{Open, Quoted, Rule, Ruleset};
use crate::taxonomy::Severity;
use crate::text::{merge_ranges, Document};
use around::{rule_near, Around};

mod around;
mod classes;
mod extra;
mod hashtags;
mod hits;
mod misses;
mod paragraph;
mod quotes;
mod score;
mod shift;
mod steps;
mod subject;

use hits::{cue_hits, Hit, Hits};
pub use misses::NearMiss;
pub use shift::Moved;
pub use steps::{InOrder, Steps};

/// What a check of one document may change.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Raise every finding of these categories one level (roles under closer scrutiny).
    pub raise: Vec<crate::taxonomy::Category>,
    /// Why `raise` applies: recorded in `escalated_by` of each finding it raises
    /// (`role-executive`, whose reason `rules/roles.toml` gives).
    pub raised_by: Option<String>,
    /// Also find where score rules came close without firing (`--verbose`); costs a second
    /// look at every score rule, so off by default.
    pub near_misses: bool,
}

/// One place a rule fired.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// Index of the rule in [`Ruleset::rules`].
    pub rule: usize,
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The rule's severity after escalation.
    pub severity: Severity,
    /// Ids of the escalations that raised it.
    pub escalated_by: Vec<String>,
    /// The context cue that made it count, for `--verbose` (original byte range); for a score
    /// rule with phrases of its own, the signals that counted, from the first to the last.
    pub context: Option<Range<usize>>,
    /// For a score rule, the names of the signals that counted.
    pub signals: Vec<String>,
    /// The cue near it that moved its severity (`lower_near`, `raise_near`), before escalations.
    pub moved: Option<Moved>,
}

/// The result of checking one document.
#[derive(Debug, Clone)]
pub struct Check {
    pub findings: Vec<Finding>,
    pub languages: Languages,
    /// Score rules that came close (only with [`CheckOptions::near_misses`]).
    pub near_misses: Vec<NearMiss>,
}

/// A place a rule may fire, before its conditions are decided.
struct Candidate {
    orig: Range<usize>,
    first: usize,
    last: usize,
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    a.start < b.end && b.start < a.end
}

fn distance(h: &Hit, c: &Candidate) -> usize {
    if h.last() < c.first {
        c.first - h.last()
    } else {
        h.first().saturating_sub(c.last)
    }
}

/// The hits of one cue list (sorted by first token, the longest `longest` tokens past its
/// first) within `window` tokens of a candidate.
/// Linear scans here made a draft of many numbers and many cues quadratic.
fn near<'h>(
    hits: &'h [Hit],
    longest: usize,
    c: &'h Candidate,
    window: usize,
) -> impl Iterator<Item = &'h Hit> + 'h {
    let from = hits.partition_point(|h| h.first() + longest + window < c.first);
    let to = hits.partition_point(|h| h.first() <= c.last + window);
    hits[from..to.max(from)]
        .iter()
        .filter(move |h| distance(h, c) <= window)
}

/// Where a finding over `r` goes among `kept` (sorted, none overlapping), or `None` when it
/// overlaps one of them.
fn free_slot(kept: &[Finding], r: &Range<usize>) -> Option<usize> {
    let i = kept.partition_point(|k| k.span.end <= r.start);
    match kept.get(i) {
        Some(k) if overlaps(&k.span, r) => None,
        _ => Some(i),
    }
}

/// True when `r` overlaps one of `sorted`, merged ranges.
fn overlaps_any(sorted: &[Range<usize>], r: &Range<usize>) -> bool {
    let i = sorted.partition_point(|x| x.end <= r.start);
    sorted.get(i).is_some_and(|x| overlaps(x, r))
}

/// Where a rule's triggers occur: phrase hits and validated pattern matches.
fn candidates(
    doc: &Document,
    rule: &Rule,
    hits: &Hits,
    open: &Open,
    original_chars: &OnceLock<Vec<char>>,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    if let Some(p) = rule.phrases {
        for h in &hits[p] {
            out.push(Candidate {
                orig: h.orig(),
                first: h.first(),
                last: h.last(),
            });
        }
    }
    let views = [
        (doc.clean(), &rule.patterns),
        (doc.words(), &rule.word_patterns),
    ];
    for (view, patterns) in views {
        for matches in patterns.iter().filter_map(|p| p.find_iter(view, open)) {
            for m in matches {
                let matched = &view.as_str()[m.clone()];
                if m.is_empty() || rule.validator.is_some_and(|v| !v.accepts(matched)) {
                    continue;
                }
                let orig = view.to_original(m);
                if doc.tokens().is_empty() {
                    continue;
                }
                let (first, last) = doc.tokens_covering(&orig);
                out.push(Candidate { orig, first, last });
            }
        }
    }
    // Raw patterns see what was typed, hidden characters included, even in a draft of no words.
    let original = doc.original();
    for p in &rule.raw_patterns {
        let Some(re) = p.ready_for(original.len(), open) else {
            continue;
        };
        let mut take = |m: Range<usize>| {
            let Some(text) = original.get(m.clone()) else {
                return;
            };
            if m.is_empty() || rule.validator.is_some_and(|v| !v.accepts(text)) {
                return;
            }
            let (first, last) = doc.tokens_covering(&m);
            out.push(Candidate {
                orig: m,
                first,
                last,
            });
        };
        // On a text beyond ASCII, `captures_iter` with a Unicode `\b` ran the PikeVM over all of
        // it (a third of a 4.6 MB input): the matches come from the fast engines instead (see
        // `Pattern::find_in`), and the group, when the pattern has one, from each match's start.
        let chars = original_chars.get_or_init(|| non_ascii(original));
        let fast = (!chars.is_empty())
            .then(|| p.find_in(original, chars, open))
            .flatten();
        match fast {
            Some(found) => {
                for m in found {
                    if re.captures_len() == 1 {
                        take(m);
                        continue;
                    }
                    let caps = re
                        .captures_at(original, m.start)
                        .filter(|c| c.get(0).is_some_and(|w| w.range() == m));
                    if let Some(g) = caps.as_ref().and_then(|c| c.get(1).or_else(|| c.get(0))) {
                        take(g.range());
                    }
                }
            }
            None => {
                for caps in re.captures_iter(original) {
                    if let Some(m) = caps.get(1).or_else(|| caps.get(0)) {
                        take(m.range());
                    }
                }
            }
        }
    }
    out
}

/// The distinct characters beyond ASCII of `text`, sorted.
fn non_ascii(text: &str) -> Vec<char> {
    let mut found: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
    found.sort_unstable();
    found.dedup();
    found
}

/// Runs every enabled rule of the ruleset over one document.
pub fn check(doc: &Document, rs: &Ruleset, options: &CheckOptions) -> Check {
    check_with(doc, rs, options, &InOrder)
}

/// [`check`], its independent steps run by `steps`.
pub fn check_with(
    doc: &Document,
    rs: &Ruleset,
    options: &CheckOptions,
    steps: &impl Steps,
) -> Check {
    let raw = rs.rules.iter().any(|r| !r.raw_patterns.is_empty());
    if doc.tokens().is_empty() && !raw {
        return Check {
            findings: Vec::new(),
            languages: lang::detect(doc),
            near_misses: Vec::new(),
        };
    }
    // Which patterns may match at all: one scan of each view for the literals they need.
    let ((languages, open), hits) = steps.join(
        || (lang::detect(doc), rs.gates.open(doc)),
        || cue_hits(doc, rs, steps),
    );
    let orig_of = |cue: Option<usize>| -> Vec<Range<usize>> {
        cue.map(|c| hits[c].iter().map(|h| h.orig()).collect())
            .unwrap_or_default()
    };
    let allowed = orig_of(rs.allow);
    let longest: Vec<usize> = hits
        .iter()
        .map(|l| l.iter().map(|h| h.last() - h.first()).max().unwrap_or(0))
        .collect();
    let around = Around::new(doc, &hits, &longest, &open);
    let escalations: Vec<&crate::ruleset::Escalation> = rs
        .escalations
        .iter()
        .filter(|e| hits.get(e.cues).is_some_and(|h| !h.is_empty()))
        .collect();

    let original_chars = OnceLock::new();
    // Found when a rule with `quoted` first has a hit to decide: most drafts never need them.
    let quotations = OnceLock::new();
    // Likewise for rules with `hashtags = "skip"`.
    let tags = OnceLock::new();
    // The findings of one rule; rules are independent of each other until they are sorted.
    let rule_findings = |index: usize, findings: &mut Vec<Finding>| {
        let rule = &rs.rules[index];
        if !rule.enabled {
            return;
        }
        if rule.requires.is_some_and(|c| hits[c].is_empty())
            || rule.unless.is_some_and(|c| !hits[c].is_empty())
        {
            return;
        }
        // With none of its context words in the draft, nothing the rule finds could count: its
        // patterns need not even run (nor be compiled).
        if rule
            .context
            .iter()
            .any(|n| !n.has_patterns() && n.cue.is_none_or(|c| hits[c].is_empty()))
        {
            return;
        }
        // A score whose signals cannot add up anywhere in the draft: nothing to decide.
        let score = match &rule.score {
            None => None,
            Some(s) => match score::ready(s, &around, &hits) {
                Some(s) => Some(s),
                None => return,
            },
        };
        let mut found = candidates(doc, rule, &hits, &open, &original_chars);
        // With no phrases of its own, a score rule may fire wherever one of its signals is.
        if let Some(s) = score.as_ref().filter(|_| rule.triggers.is_empty()) {
            found.extend(s.anchors());
        }
        if found.is_empty() {
            return;
        }
        let mut except = orig_of(rule.except);
        except.extend(allowed.iter().cloned());
        let except = merge_ranges(except);
        let nearby = rule_near(rule, &around);
        let shift = shift::rule_shift(rule, &around);
        let mut kept: Vec<Finding> = Vec::new();
        found.sort_by_key(|c| (c.orig.start, std::cmp::Reverse(c.orig.end)));
        for c in found {
            if overlaps_any(&except, &c.orig) {
                continue;
            }
            if let Some(lang) = languages.at_token(c.first) {
                if !rule.languages.contains(&lang) {
                    continue;
                }
            }
            let (mut c, mut context) = (c, None);
            let (mut severity, mut signals) = (rule.severity, Vec::new());
            // What the finding matched itself, when not its span: the cues of a score rule
            // with no phrases of its own (its span also covers the words between them).
            let mut own = None;
            if let Some(s) = &score {
                let Some(scored) = s.decide(&c) else {
                    continue;
                };
                severity = scored.severity(severity);
                signals = s.names(&scored.signals);
                // The finding covers its own phrase when it has one, else the signals.
                match rule.triggers.is_empty() {
                    true => {
                        own = Some(scored.cues);
                        c = scored.span;
                    }
                    false => context = Some(scored.range()),
                }
            }
            if let Some(nearby) = &nearby {
                match nearby.decide(&c) {
                    Some(cue) => context = cue.or(context),
                    None => continue,
                }
            }
            // Reported speech, a quoted headline: dropped or lowered as the rule says.
            let quotation = match rule.quoted {
                Quoted::Keep => None,
                Quoted::Skip | Quoted::Lower => {
                    let all = quotations.get_or_init(|| quotes::Quotations::of(doc.original()));
                    all.inside(&c.orig)
                }
            };
            if quotation.is_some() && rule.quoted == Quoted::Skip {
                continue;
            }
            // A topic tag (`#burnout`, the tag line of a long post) claims nothing.
            if rule.skip_hashtags
                && tags
                    .get_or_init(|| hashtags::Hashtags::of(doc.original()))
                    .inside(&c.orig)
            {
                continue;
            }
            // The author's own story ("I almost burned out"), not someone else's.
            let about_author = rule.author != Quoted::Keep && quotation.is_none() && {
                let french = languages.at_token(c.first) == Some(crate::taxonomy::Lang::Fr);
                subject::about_author(doc, &c.orig, (c.first, c.last), french)
            };
            if about_author && rule.author == Quoted::Skip {
                continue;
            }
            let Some(slot) = free_slot(&kept, &c.orig) else {
                continue;
            };
            // A quotation lowers once; the cues near a quoted hit are then not asked.
            let moved = match quotation {
                Some(q) => Moved::quoted(severity, q),
                None if about_author => Moved::author(severity, c.orig.clone()),
                None => shift.as_ref().and_then(|s| s.decide(&c, severity)),
            };
            if let Some(m) = &moved {
                severity = m.shift.apply(severity);
            }
            let mut escalated_by = Vec::new();
            let own = own.as_deref().unwrap_or(std::slice::from_ref(&c.orig));
            for e in &escalations {
                if e.categories.contains(&rule.category) && escalates(&hits[e.cues], own) {
                    escalated_by.push(e.id.clone());
                }
            }
            // Escalation raises one level however many cues tie the author to the job.
            if !escalated_by.is_empty() && severity > Severity::Info {
                severity = severity.raised();
            } else {
                escalated_by.clear();
            }
            // Info stays info (grey areas are reported at info for every role), and a finding
            // already high records no raise that changed nothing.
            if options.raise.contains(&rule.category)
                && severity > Severity::Info
                && severity < Severity::High
            {
                severity = severity.raised();
                escalated_by.extend(options.raised_by.iter().cloned());
            }
            kept.insert(
                slot,
                Finding {
                    rule: index,
                    span: c.orig,
                    severity,
                    escalated_by,
                    context,
                    signals,
                    moved,
                },
            );
        }
        findings.extend(kept);
    };
    let mut findings = steps.extend(rs.rules.len(), rule_findings);
    findings.sort_by(|a, b| {
        (a.span.start, a.span.end, &rs.rules[a.rule].id).cmp(&(
            b.span.start,
            b.span.end,
            &rs.rules[b.rule].id,
        ))
    });
    let near_misses = match options.near_misses {
        false => Vec::new(),
        true => {
            let draft = misses::Draft {
                doc,
                rs,
                hits: &hits,
                open: &open,
                around: &around,
                languages: &languages,
            };
            misses::find(&draft, &findings)
        }
    };
    Check {
        findings,
        languages,
        near_misses,
    }
}

/// True when one of an escalation's cue hits lies outside the spans a finding matched itself:
/// words the finding is made of ("work laptop", « partagez ») do not also raise it.
fn escalates(cues: &[Hit], own: &[Range<usize>]) -> bool {
    cues.iter()
        .any(|h| !own.iter().any(|r| overlaps(r, &h.orig())))
}

/// The ids of the escalations whose cues occur in the document.
pub fn escalations<'r>(doc: &Document, rs: &'r Ruleset) -> Vec<&'r str> {
    let hits = cue_hits(doc, rs, &InOrder);
    rs.escalations
        .iter()
        .filter(|e| hits.get(e.cues).is_some_and(|h| !h.is_empty()))
        .map(|e| e.id.as_str())
        .collect()
}

/// A ruleset of one rule `x` of `category` whose body (phrases, contexts…) a test writes, for the
/// engine's unit tests.
#[cfg(test)]
pub(crate) fn one_rule(category: &str, body: &str) -> Ruleset {
    one_rule_compiled(category, body).unwrap_or_else(|e| panic!("{e}"))
}

/// What compiling [`one_rule`]'s file says is wrong; its `body` starts on line 8 of `t.toml`.
#[cfg(test)]
pub(crate) fn one_rule_error(category: &str, body: &str) -> String {
    match one_rule_compiled(category, body) {
        Ok(_) => panic!("the rule compiled"),
        Err(e) => e.to_string(),
    }
}

#[cfg(test)]
fn one_rule_compiled(
    category: &str,
    body: &str,
) -> Result<Ruleset, crate::diagnostic::Diagnostics> {
    use crate::ruleset::{CompileOptions, RuleSource};
    let file = format!(
        r#"[[rule]]
id = "x"
category = "{category}"
severity = "medium"
sections = ["ops.integrity"]
message = {{ en = "m", fr = "m" }}
advice = {{ en = "a", fr = "a" }}
{body}
[rule.examples]
match.en = ["a"]
match.fr = ["a"]
no_match.en = ["b"]
no_match.fr = ["b"]
"#
    );
    Ruleset::compile(
        &[RuleSource::new("t.toml", file)],
        &CompileOptions::default(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(body: &str) -> Ruleset {
        one_rule("integrity", body)
    }

    fn spans(rs: &Ruleset, text: &str) -> Vec<Range<usize>> {
        let doc = Document::new(text);
        check(&doc, rs, &CheckOptions::default())
            .findings
            .into_iter()
            .map(|f| f.span)
            .collect()
    }

    #[test]
    fn a_raise_lifts_its_categories_one_level_and_says_why() {
        let rs = rules(r#"phrases = ["secret"]"#);
        let doc = Document::new("a secret plan");
        let options = CheckOptions {
            raise: vec![crate::taxonomy::Category::Integrity],
            raised_by: Some("role-test".into()),
            near_misses: false,
        };
        let f = &check(&doc, &rs, &options).findings[0];
        assert_eq!(f.severity, Severity::High);
        assert_eq!(f.escalated_by, ["role-test"]);
        let plain = &check(&doc, &rs, &CheckOptions::default()).findings[0];
        assert_eq!(plain.severity, Severity::Medium);
        assert!(plain.escalated_by.is_empty());
        let other = CheckOptions {
            raise: vec![crate::taxonomy::Category::Consent],
            ..options
        };
        assert_eq!(
            check(&doc, &rs, &other).findings[0].severity,
            Severity::Medium
        );
    }

    #[test]
    fn raw_patterns_see_what_the_views_drop() {
        let rs = rules(r"raw_patterns = ['\p{L}\x{200B}+\p{L}']");
        assert_eq!(spans(&rs, "se\u{200B}cret"), vec![1..6]);
        assert!(spans(&rs, "secret").is_empty());
    }

    #[test]
    fn raw_patterns_beyond_ascii_find_what_captures_iter_finds() {
        // A Unicode `\b` next to accented letters, with and without a group.
        for pattern in [r"\bcaf\w (s\w+)\b", r"(?i)caf[ée]\s*\b\p{Lu}\p{Ll}+"] {
            let rs = rules(&format!("raw_patterns = ['{pattern}']"));
            let re = regex::Regex::new(pattern).unwrap();
            for text in [
                "Le café sucré, le cafés sucré, un café s, café Sé, CAFÉ Été",
                "café\u{200B} sûr; cafe su",
            ] {
                let want: Vec<Range<usize>> = re
                    .captures_iter(text)
                    .filter_map(|c| c.get(1).or_else(|| c.get(0)))
                    .map(|m| m.range())
                    .collect();
                assert!(!want.is_empty() || !text.contains("Été"), "{pattern}");
                assert_eq!(spans(&rs, text), want, "{pattern} in {text:?}");
            }
        }
    }

    #[test]
    fn raw_patterns_cover_their_first_group_and_run_on_drafts_of_no_words() {
        let rs = rules(r"raw_patterns = ['(?:^|[^x])(\x{E0041}+)']");
        let text = "\u{E0041}\u{E0041}";
        assert!(Document::new(text).tokens().is_empty());
        assert_eq!(spans(&rs, text), vec![0..8]);
        assert_eq!(spans(&rs, "ab\u{E0041}"), vec![2..6]);
        assert!(spans(&rs, "x\u{E0041}").is_empty());
    }

    /// An escalation whose cues are also a rule's own words: "work laptop", « partagez ».
    const EQUIPMENT: &str = r#"
[[escalation]]
id = "equipment"
categories = ["integrity"]
phrases = ["work laptop", "partagez", "as a public servant"]
reason = { en = "r", fr = "r" }
[escalation.examples]
match.en = ["work laptop"]
match.fr = ["partagez"]
no_match.en = ["laptop"]
no_match.fr = ["ordinateur"]
"#;

    fn escalated(rs: &Ruleset, text: &str) -> Vec<(Severity, Vec<String>)> {
        let found = check(&Document::new(text), rs, &CheckOptions::default());
        let found = found.findings.into_iter();
        found.map(|f| (f.severity, f.escalated_by)).collect()
    }

    #[test]
    fn an_escalation_does_not_raise_a_finding_made_of_its_own_cue() {
        let rs = rules(&format!(
            r#"phrases = ["on my work laptop", "signez et partagez"]
{EQUIPMENT}"#
        ));
        let plain = vec![(Severity::Medium, vec![])];
        let raised = vec![(Severity::High, vec!["equipment".to_string()])];
        // The escalation's words are the finding's: counted once.
        assert_eq!(escalated(&rs, "Done on my work laptop"), plain);
        assert_eq!(escalated(&rs, "Signez et partagez!"), plain);
        // Its cue elsewhere in the draft still raises.
        assert_eq!(
            escalated(&rs, "As a public servant: done on my work laptop"),
            raised
        );
        assert_eq!(
            escalated(&rs, "Signez et partagez, sent from my work laptop"),
            raised
        );
        assert_eq!(escalated(&rs, "Partagez! Signez et partagez"), raised);
    }

    #[test]
    fn an_escalation_raises_a_score_finding_only_through_words_it_did_not_count() {
        let rs = rules(&format!(
            r#"[rule.score]
threshold = 2
[[rule.score.signal]]
name = "equipment"
phrases = ["work laptop"]
[[rule.score.signal]]
name = "time"
phrases = ["tonight"]
{EQUIPMENT}"#
        ));
        let plain = vec![(Severity::Medium, vec![])];
        let raised = vec![(Severity::High, vec!["equipment".to_string()])];
        assert_eq!(escalated(&rs, "work laptop tonight"), plain);
        // Between the score's cues, inside the finding's span, but none of its cues.
        assert_eq!(
            escalated(&rs, "work laptop, as a public servant, tonight"),
            raised
        );
    }
}
