//! Reports: the findings of one draft turned into what people and scripts read, in one
//! language, with personal information masked. The JSON shape of these types is a public
//! interface (`version` 1): fields may be added, never renamed or removed.

use std::ops::Range;

use serde::Serialize;

use crate::engine::{Check, Finding};
use crate::lang::DraftLanguage;
use crate::role::{Class, Role};
use crate::ruleset::{Ruleset, Shift};
use crate::taxonomy::{Category, Lang, Risk, Severity};
use crate::text::{floor_char_boundary, merge_ranges, LineCounter};

/// The JSON format's version; bumped only if a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// How reports are written.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The language of messages, advice and section titles.
    pub lang: Lang,
    /// Show personal information as typed instead of masked.
    pub show_matches: bool,
    /// Who the report is for; recorded in it, so renderers write for that reader.
    pub role: Role,
    /// Rules only: leave out the word model's second opinion (`--no-model`, see `model`).
    pub no_model: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct GuidanceRef {
    pub document: String,
    pub section: String,
    pub title: String,
}

/// The guidance sections named by `sections` (ids of rules/guidance.toml), titled in `lang`;
/// unknown ids are left out.
pub fn guidance_refs(rs: &Ruleset, sections: &[String], lang: Lang) -> Vec<GuidanceRef> {
    sections
        .iter()
        .filter_map(|id| rs.guidance.section(id))
        .map(|s| GuidanceRef {
            document: s.document.clone(),
            section: s.id.clone(),
            title: s.title.get(lang).to_string(),
        })
        .collect()
}

#[derive(Debug, Clone, Serialize)]
pub struct EscalationRef {
    pub id: String,
    pub reason: String,
}

/// A finding's severity moved by a cue near it: the rule's key that did it (`lower_near`,
/// `raise_near`, `quoted` for a finding inside a quotation, `author` for one about the author),
/// the severity before (escalations come after), and the cue (or the quotation, or the hit
/// about the author) as written.
#[derive(Debug, Clone, Serialize)]
pub struct MovedRef {
    pub by: &'static str,
    pub from: Severity,
    /// The severity after the move, before escalations and roles.
    pub to: Severity,
    pub cue: String,
}

/// The line of the draft a finding sits on, made safe to print: control characters escaped and
/// personal information masked. `mark` is the finding's range within `line`, in bytes.
#[derive(Debug, Clone, Default)]
pub struct Excerpt {
    pub line: String,
    pub mark: Range<usize>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReportFinding {
    pub rule: String,
    pub category: Category,
    pub severity: Severity,
    /// Clear breach, possibly inappropriate or grey area (see [`crate::role::Class`]).
    pub class: Class,
    pub message: String,
    pub advice: String,
    pub span: Span,
    /// The words that matched; masked when they are personal information.
    pub text: String,
    pub guidance: Vec<GuidanceRef>,
    /// Why the severity is above the rule's own (empty when it is not).
    pub escalations: Vec<EscalationRef>,
    /// For a score rule, the names of the signals that added up (absent for other rules).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signals: Vec<String>,
    /// Why the severity is not the rule's own because of a cue near the finding
    /// (`lower_near`, `raise_near`); absent when none moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub moved: Option<MovedRef>,
    #[serde(skip)]
    pub base_severity: Severity,
    #[serde(skip)]
    pub excerpt: Excerpt,
    #[serde(skip)]
    pub context: Option<String>,
    #[serde(skip)]
    pub tags: Vec<String>,
}

/// The report on one draft.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// The path as given, `-` for standard input.
    pub source: String,
    pub language: DraftLanguage,
    /// The reader it was written for: `employee`, `manager` or `executive`.
    pub role: Role,
    pub risk: Risk,
    pub findings: Vec<ReportFinding>,
    /// Findings a reviewer accepted with an inline `postcheck-ignore` marker, and why.
    pub suppressed: Vec<SuppressedFinding>,
    /// The draft had nothing but white space and invisible characters: nothing to check.
    #[serde(skip)]
    pub blank: bool,
    /// Score rules that came close, for the human report's `--verbose` (never in JSON: its
    /// shape is public).
    #[serde(skip)]
    pub near_misses: Vec<ReportNearMiss>,
}

/// A score rule that came close without firing (see [`crate::engine::NearMiss`]), placed.
#[derive(Debug, Clone)]
pub struct ReportNearMiss {
    pub rule: String,
    /// Where the window's cues start, 1-based (column in characters).
    pub line: usize,
    pub column: usize,
    pub total: i32,
    pub threshold: i32,
    pub found: Vec<String>,
    pub negative: Vec<String>,
    pub missing: Vec<String>,
}

/// A finding taken out of a report by an inline marker; kept so an audit sees what and why.
#[derive(Debug, Clone, Serialize)]
pub struct SuppressedFinding {
    #[serde(flatten)]
    pub finding: ReportFinding,
    /// The reason written after `--` in the marker.
    pub reason: String,
}

impl Report {
    pub fn categories(&self) -> Vec<Category> {
        let mut c: Vec<Category> = self
            .findings
            .iter()
            .filter(|f| f.severity > Severity::Info)
            .map(|f| f.category)
            .collect();
        c.sort();
        c.dedup();
        c
    }

    /// Keeps only the guidance of these documents (`ops`, `federal`); a finding that would be
    /// left with none keeps its first section, so every finding still cites something.
    pub fn cite_only(&mut self, documents: &[&str]) {
        let suppressed = self.suppressed.iter_mut().map(|s| &mut s.finding);
        for f in self.findings.iter_mut().chain(suppressed) {
            let first = f.guidance.first().cloned();
            f.guidance
                .retain(|g| documents.contains(&g.document.as_str()));
            if f.guidance.is_empty() {
                f.guidance.extend(first);
            }
        }
    }
}

/// Counts over every report of a run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Summary {
    pub files: usize,
    pub findings: usize,
    pub info: usize,
    pub low: usize,
    pub medium: usize,
    pub high: usize,
    pub risk: Option<Risk>,
    pub errors: usize,
    /// Findings accepted by inline markers (not counted in `findings`).
    pub suppressed: usize,
}

impl Summary {
    pub fn add(&mut self, report: &Report) {
        self.files += 1;
        self.findings += report.findings.len();
        self.suppressed += report.suppressed.len();
        for f in &report.findings {
            match f.severity {
                Severity::Info => self.info += 1,
                Severity::Low => self.low += 1,
                Severity::Medium => self.medium += 1,
                Severity::High => self.high += 1,
            }
        }
        self.risk = Some(self.risk.map_or(report.risk, |r| r.max(report.risk)));
    }

    /// Adds the counts of another summary (of other reports) to these.
    pub fn merge(&mut self, other: &Summary) {
        self.files += other.files;
        self.findings += other.findings;
        self.info += other.info;
        self.low += other.low;
        self.medium += other.medium;
        self.high += other.high;
        self.risk = match (self.risk, other.risk) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.errors += other.errors;
        self.suppressed += other.suppressed;
    }
}

/// Masks personal information, keeping its shape: `046 *** ***`, `j***@example.com`.
pub fn mask(text: &str) -> String {
    if let Some(at) = text.find('@') {
        let (local, domain) = text.split_at(at);
        let first: String = local.chars().take(1).collect();
        return format!("{first}***{domain}");
    }
    let mut kept = 0;
    text.chars()
        .map(|c| {
            if c.is_alphanumeric() {
                kept += 1;
                if kept <= 3 {
                    c
                } else {
                    '*'
                }
            } else {
                c
            }
        })
        .collect()
}

/// Writes a character a terminal would act on as a visible escape instead.
pub fn escape_char(c: char, out: &mut String) {
    match c {
        '\t' => out.push_str("    "),
        // Line and paragraph separators break lines in some terminals and editors, and
        // interlinear annotations hide text: shown as escapes like the rest.
        c if c.is_control()
            || crate::text::is_invisible(c)
            || matches!(c, '\u{2028}' | '\u{2029}' | '\u{FFF9}'..='\u{FFFB}') =>
        {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32))
        }
        c => out.push(c),
    }
}

/// Makes text from a draft safe for a terminal or a log.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    text.chars().for_each(|c| escape_char(c, &mut out));
    out
}

/// Characters of context an excerpt shows either side of a finding: a draft may be one line of
/// a megabyte, and each finding must cost the same to print whatever the line's length.
const EXCERPT_CONTEXT: usize = 400;

/// Writes `original[range]` safe to print: personal information masked (`masked` is sorted and
/// disjoint), control and invisible characters escaped. A masked range only partly inside
/// `range` shows stars only, so that no slice of it leaks what the whole mask hides.
fn write_safe(original: &str, range: Range<usize>, masked: &[Range<usize>], out: &mut String) {
    let mut at = range.start;
    while at < range.end {
        let next = masked.partition_point(|m| m.end <= at);
        match masked.get(next) {
            Some(m) if m.start <= at => {
                let end = floor_char_boundary(original, m.end.min(range.end));
                let end = if end > at { end } else { range.end };
                let chunk = &original[at..end];
                if at == m.start && end == m.end {
                    out.push_str(&escape(&mask(chunk)));
                } else {
                    for c in chunk.chars() {
                        if c.is_alphanumeric() {
                            out.push('*');
                        } else {
                            escape_char(c, out);
                        }
                    }
                }
                at = end;
            }
            other => {
                let end = other.map_or(range.end, |m| m.start.min(range.end));
                let end = floor_char_boundary(original, end).max(at);
                let end = if end > at {
                    end
                } else {
                    at + original[at..].chars().next().map_or(1, char::len_utf8)
                };
                original[at..end].chars().for_each(|c| escape_char(c, out));
                at = end;
            }
        }
    }
}

/// `original[range]` made safe to print (see [`write_safe`]).
fn safe(original: &str, range: Range<usize>, masked: &[Range<usize>]) -> String {
    let mut out = String::new();
    write_safe(original, range, masked, &mut out);
    out
}

pub(crate) fn excerpt(original: &str, span: &Range<usize>, masked: &[Range<usize>]) -> Excerpt {
    // Up to EXCERPT_CONTEXT characters of the finding's line either side, `…` where cut.
    let mut from = span.start;
    let mut cut_before = false;
    for (n, (i, c)) in original[..span.start].char_indices().rev().enumerate() {
        if c == '\n' {
            break;
        }
        if n == EXCERPT_CONTEXT {
            cut_before = true;
            break;
        }
        from = i;
    }
    let mut to = span.end;
    let mut cut_after = false;
    for (n, (i, c)) in original[span.end..].char_indices().enumerate() {
        if c == '\n' || c == '\r' {
            break;
        }
        if n == EXCERPT_CONTEXT {
            cut_after = true;
            break;
        }
        to = span.end + i + c.len_utf8();
    }
    let mut line = String::from(if cut_before { "…" } else { "" });
    write_safe(original, from..span.start, masked, &mut line);
    let mark_start = line.len();
    write_safe(original, span.clone(), masked, &mut line);
    let mark = mark_start..line.len();
    write_safe(original, span.end..to, masked, &mut line);
    if cut_after {
        line.push('…');
    }
    Excerpt { line, mark }
}

/// Builds the report of one checked draft.
pub fn build(
    source: &str,
    original: &str,
    check: &Check,
    rs: &Ruleset,
    options: &ReportOptions,
) -> Report {
    let masked: Vec<Range<usize>> = if options.show_matches {
        Vec::new()
    } else {
        merge_ranges(
            check
                .findings
                .iter()
                .filter(|f| rs.rules[f.rule].sensitive)
                .map(|f| f.span.clone())
                .collect(),
        )
    };
    let mut lines = LineCounter::new(original);
    let findings: Vec<ReportFinding> = check
        .findings
        .iter()
        .map(|f| finding(original, f, rs, options, &masked, &mut lines))
        .collect();
    let risk = Risk::from_severity(findings.iter().map(|f| f.severity).max());
    Report {
        source: source.to_string(),
        language: check.languages.draft,
        role: options.role,
        risk,
        findings,
        suppressed: Vec::new(),
        blank: original
            .chars()
            .all(|c| c.is_whitespace() || crate::text::is_invisible(c)),
        near_misses: check
            .near_misses
            .iter()
            .map(|m| {
                let (line, column) = lines.position(floor_char_boundary(original, m.span.start));
                ReportNearMiss {
                    rule: rs.rules[m.rule].id.clone(),
                    line,
                    column,
                    total: m.total,
                    threshold: m.threshold,
                    found: m.found.clone(),
                    negative: m.negative.clone(),
                    missing: m.missing.clone(),
                }
            })
            .collect(),
    }
}

fn finding(
    original: &str,
    f: &Finding,
    rs: &Ruleset,
    options: &ReportOptions,
    masked: &[Range<usize>],
    lines: &mut LineCounter,
) -> ReportFinding {
    let lang = options.lang;
    let rule = &rs.rules[f.rule];
    let start = floor_char_boundary(original, f.span.start);
    let end = floor_char_boundary(original, f.span.end).max(start);
    // Findings come sorted by start: counting lines from one to the next is linear overall.
    let (line, column) = lines.position(start);
    let (end_line, end_column) = lines.clone().position(end);
    let text = safe(original, start..end, masked);
    let guidance = guidance_refs(rs, &rule.sections, lang);
    // Cues in the draft (escalation.toml) or the reader's role (roles.toml) raised it.
    let escalations = f
        .escalated_by
        .iter()
        .filter_map(|id| {
            let reason = match rs.escalations.iter().find(|e| e.id == *id) {
                Some(e) => &e.reason,
                None => &rs.roles.raise_by_id(id)?.reason,
            };
            Some(EscalationRef {
                id: id.clone(),
                reason: reason.get(lang).to_string(),
            })
        })
        .collect();
    ReportFinding {
        rule: rule.id.clone(),
        category: rule.category,
        severity: f.severity,
        class: rs.roles.classify(&rule.tags, rule.category, rule.severity),
        message: rule.message.get(lang).to_string(),
        advice: rule.advice.get(lang).to_string(),
        span: Span {
            start,
            end,
            line,
            column,
            end_line,
            end_column,
        },
        text,
        guidance,
        escalations,
        signals: f.signals.clone(),
        moved: f.moved.as_ref().map(|m| {
            let start = floor_char_boundary(original, m.cue.start);
            MovedRef {
                by: match (m.quoted, m.author, m.shift) {
                    (true, _, _) => "quoted",
                    (_, true, _) => "author",
                    (false, false, Shift::Lower) => "lower_near",
                    (false, false, Shift::Raise) => "raise_near",
                },
                from: m.from,
                to: m.shift.apply(m.from),
                cue: safe(
                    original,
                    start..floor_char_boundary(original, m.cue.end).max(start),
                    masked,
                ),
            }
        }),
        base_severity: rule.severity,
        excerpt: excerpt(original, &(start..end), masked),
        context: f.context.as_ref().map(|c| {
            let start = floor_char_boundary(original, c.start);
            safe(
                original,
                start..floor_char_boundary(original, c.end).max(start),
                masked,
            )
        }),
        tags: rule.tags.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_keep_shape() {
        assert_eq!(mask("046 454 286"), "046 *** ***");
        assert_eq!(mask("jane.doe@example.com"), "j***@example.com");
        assert_eq!(mask("416-555-0199"), "416-***-****");
    }

    #[test]
    fn escapes_terminal_controls() {
        assert_eq!(escape("a\u{1b}[31mb"), "a\\u{001b}[31mb");
        assert_eq!(escape("x\u{202e}y"), "x\\u{202e}y");
        assert_eq!(escape("a\u{2028}b\u{85}"), "a\\u{2028}b\\u{0085}");
    }

    #[test]
    fn excerpt_masks_and_marks() {
        let text = "hello\nmy SIN is 046 454 286 ok";
        let at = text.find("046").unwrap();
        let e = excerpt(text, &(at..at + 11), std::slice::from_ref(&(at..at + 11)));
        assert_eq!(e.line, "my SIN is 046 *** *** ok");
        assert_eq!(&e.line[e.mark.clone()], "046 *** ***");
    }

    #[test]
    fn a_slice_of_a_mask_shows_stars_only() {
        let text = "x \u{202e}SIN 046 454 286";
        let sin = text.find("046").unwrap();
        let masked = std::slice::from_ref(&(sin..text.len())).to_vec();
        // A finding that covers the whole SIN shows its masked shape...
        assert_eq!(
            safe(text, 0..text.len(), &masked),
            "x \\u{202e}SIN 046 *** ***"
        );
        // ...and one that starts inside it never shows the digits the mask hides.
        assert_eq!(safe(text, sin + 4..text.len(), &masked), "*** ***");
    }

    #[test]
    fn excerpts_of_long_lines_are_cut_around_the_finding() {
        let text = format!(
            "{}Protected B{}\r\nnext",
            "a".repeat(5000),
            "b".repeat(5000)
        );
        let at = text.find('P').unwrap();
        let e = excerpt(&text, &(at..at + 11), &[]);
        assert_eq!(&e.line[e.mark.clone()], "Protected B");
        assert_eq!(e.line.chars().count(), 2 * EXCERPT_CONTEXT + 11 + 2);
        assert!(e.line.starts_with('…') && e.line.ends_with('…'));
        let short = "ok Protected B\r\nnext";
        let e = excerpt(short, &(3..14), &[]);
        assert_eq!(e.line, "ok Protected B");
    }
}
