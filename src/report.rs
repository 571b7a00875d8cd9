//! Reports: the findings of one draft turned into what people and scripts read, in one
//! language, with personal information masked. The JSON shape of these types is a public
//! interface (`version` 1): fields may be added, never renamed or removed.

use std::ops::Range;

use serde::Serialize;

use crate::engine::{Check, Finding};
use crate::lang::DraftLanguage;
use crate::ruleset::Ruleset;
use crate::taxonomy::{Category, Lang, Risk, Severity};
use crate::text::{floor_char_boundary, line_column};

/// The JSON format's version; bumped only if a field changes meaning or goes away.
pub const JSON_VERSION: u32 = 1;

/// How reports are written.
#[derive(Debug, Clone, Default)]
pub struct ReportOptions {
    /// The language of messages, advice and section titles.
    pub lang: Lang,
    /// Show personal information as typed instead of masked.
    pub show_matches: bool,
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

#[derive(Debug, Clone, Serialize)]
pub struct EscalationRef {
    pub id: String,
    pub reason: String,
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
    pub message: String,
    pub advice: String,
    pub span: Span,
    /// The words that matched; masked when they are personal information.
    pub text: String,
    pub guidance: Vec<GuidanceRef>,
    /// Why the severity is above the rule's own (empty when it is not).
    pub escalations: Vec<EscalationRef>,
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
    pub risk: Risk,
    pub findings: Vec<ReportFinding>,
    /// Findings a reviewer accepted with an inline `postcheck-ignore` marker, and why.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub suppressed: Vec<SuppressedFinding>,
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
        c if c.is_control() || crate::text::is_invisible(c) => {
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

pub(crate) fn excerpt(original: &str, span: &Range<usize>, masked: &[Range<usize>]) -> Excerpt {
    let line_start = original[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = original[span.start..]
        .find('\n')
        .map_or(original.len(), |i| span.start + i);
    let line_end = line_end.max(span.end.min(original.len()));
    let mut line = String::new();
    let mut mark = 0..0;
    let mut at = line_start;
    while at < line_end {
        if at == span.start {
            mark.start = line.len();
        }
        if at == span.end {
            mark.end = line.len();
        }
        if let Some(m) = masked.iter().find(|m| m.contains(&at)) {
            let end = floor_char_boundary(original, m.end.min(line_end)).max(at + 1);
            let end = if original.is_char_boundary(end) {
                end
            } else {
                line_end
            };
            line.push_str(&mask(&original[at..end]));
            at = end;
            continue;
        }
        let Some(c) = original[at..].chars().next() else {
            break;
        };
        if c != '\r' && c != '\n' {
            escape_char(c, &mut line);
        }
        at += c.len_utf8();
    }
    if span.end >= at || mark.end < mark.start {
        mark.end = line.len();
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
        check
            .findings
            .iter()
            .filter(|f| rs.rules[f.rule].sensitive)
            .map(|f| f.span.clone())
            .collect()
    };
    let findings: Vec<ReportFinding> = check
        .findings
        .iter()
        .map(|f| finding(original, f, rs, options, &masked))
        .collect();
    let risk = Risk::from_severity(findings.iter().map(|f| f.severity).max());
    Report {
        source: source.to_string(),
        language: check.languages.draft,
        risk,
        findings,
        suppressed: Vec::new(),
    }
}

fn finding(
    original: &str,
    f: &Finding,
    rs: &Ruleset,
    options: &ReportOptions,
    masked: &[Range<usize>],
) -> ReportFinding {
    let lang = options.lang;
    let rule = &rs.rules[f.rule];
    let start = floor_char_boundary(original, f.span.start);
    let end = floor_char_boundary(original, f.span.end).max(start);
    let (line, column) = line_column(original, start);
    let (end_line, end_column) = line_column(original, end);
    let raw = &original[start..end];
    let text = if rule.sensitive && !options.show_matches {
        mask(raw)
    } else {
        escape(raw)
    };
    let guidance = rule
        .sections
        .iter()
        .filter_map(|id| rs.guidance.section(id))
        .map(|s| GuidanceRef {
            document: s.document.clone(),
            section: s.id.clone(),
            title: s.title.get(lang).to_string(),
        })
        .collect();
    let escalations = f
        .escalated_by
        .iter()
        .filter_map(|id| rs.escalations.iter().find(|e| e.id == *id))
        .map(|e| EscalationRef {
            id: e.id.clone(),
            reason: e.reason.get(lang).to_string(),
        })
        .collect();
    ReportFinding {
        rule: rule.id.clone(),
        category: rule.category,
        severity: f.severity,
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
        base_severity: rule.severity,
        excerpt: excerpt(original, &(start..end), masked),
        context: f.context.as_ref().map(|c| {
            escape(
                &original
                    [floor_char_boundary(original, c.start)..floor_char_boundary(original, c.end)],
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
    }

    #[test]
    fn excerpt_masks_and_marks() {
        let text = "hello\nmy SIN is 046 454 286 ok";
        let at = text.find("046").unwrap();
        let e = excerpt(text, &(at..at + 11), std::slice::from_ref(&(at..at + 11)));
        assert_eq!(e.line, "my SIN is 046 *** *** ok");
        assert_eq!(&e.line[e.mark.clone()], "046 *** ***");
    }
}
