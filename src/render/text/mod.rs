//! The human report, in the reader's language. Per draft: the verdict, the draft's language,
//! the findings grouped by the guidance section they fall under (each drawn in context like a
//! compiler's diagnostic), and questions to ask oneself. At the end of the run: where to get
//! advice, the guidance's "when in doubt, don't post", and a summary line for several drafts.
//! A report written for a manager is a review note instead (see `manager`). It only formats:
//! excerpts arrive escaped and masked from `report`.

mod closing;
mod diagnostics;
mod labels;
mod manager;
mod misses;
mod paint;
mod snippet;
mod wrap;

pub use labels::Label;

use std::io::{self, Write};

use anstyle::Style;

use crate::guidance::Section;
use crate::report::{escape, Report, Summary};
use crate::role::{Class, Role};
use crate::ruleset::Ruleset;
use crate::taxonomy::{Category, Lang, Risk, Severity};

use super::RenderOptions;
use diagnostics::{diagnostics, Diagnostic};
use labels::{colon, count};
use paint::{Painter, BOLD, DIM};
use snippet::Gutter;

/// The width used when it is not known (output to a pipe or a file).
pub const DEFAULT_WIDTH: usize = 100;

/// More questions than this stop being read.
const MAX_QUESTIONS: usize = 5;

pub fn render(
    out: &mut dyn Write,
    reports: &[Report],
    summary: &Summary,
    rs: &Ruleset,
    o: &RenderOptions,
) -> io::Result<()> {
    let r = Renderer {
        rs,
        o,
        l: o.lang,
        p: Painter { on: o.color },
        width: if o.width == 0 { DEFAULT_WIDTH } else { o.width }.max(40),
    };
    for report in reports {
        if report.blank && report.findings.is_empty() {
            r.nothing_to_check(out, report)?;
            continue;
        }
        if report.role == Role::Manager {
            r.note(out, report)?;
            if o.verbose && !o.quiet {
                r.near_misses(out, report)?;
            }
            continue;
        }
        r.verdict(out, report)?;
        if !o.quiet {
            r.draft(out, report)?;
        }
    }
    if o.quiet {
        return Ok(());
    }
    // Every report of a run is written for the same reader.
    let role = reports.first().map_or(Role::Employee, |r| r.role);
    if role == Role::Manager {
        r.note_closing(out)?;
    } else if reports.iter().any(|r| r.risk > Risk::None) {
        r.closing(out, role)?;
    }
    if reports.len() + summary.errors > 1 || summary.suppressed > 0 {
        r.summary(out, reports, summary)?;
    }
    Ok(())
}

/// Splits prose into lines of at most `width` display columns, at spaces (for other printers
/// of the binary, such as `explain`).
pub fn wrap_text(text: &str, width: usize) -> Vec<String> {
    wrap::wrap(text, width)
}

/// The verdict a risk level gives, in words.
pub fn verdict(risk: Risk) -> Label {
    match risk {
        Risk::None => Label::VerdictSafe,
        Risk::Low => Label::VerdictSecondLook,
        Risk::Medium => Label::VerdictRework,
        Risk::High => Label::VerdictDoNotPost,
    }
}

/// The line-number gutter wide enough for every finding of a report.
fn gutter(report: &Report) -> Gutter {
    let digits = report
        .findings
        .iter()
        .map(|f| f.span.line.to_string().len())
        .max()
        .unwrap_or(1);
    Gutter { indent: 4, digits }
}

/// Findings shown under one guidance section (`None`: findings that cite no known section).
struct Group<'a> {
    section: Option<&'a Section>,
    diagnostics: Vec<Diagnostic<'a>>,
}

struct Renderer<'a> {
    rs: &'a Ruleset,
    o: &'a RenderOptions,
    l: Lang,
    p: Painter,
    width: usize,
}

impl Renderer<'_> {
    /// An empty or blank draft gets a plain answer rather than a verdict on nothing.
    fn nothing_to_check(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        writeln!(
            out,
            "{}{}{}",
            self.p.paint(BOLD, &escape(&report.source)),
            colon(self.l),
            Label::NothingToCheck.get(self.l)
        )
    }

    fn verdict(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        let words = verdict(report.risk).get(self.l);
        self.headline(out, report, words, paint::verdict(report.risk))
    }

    /// A draft's first line: its source, a verdict (the employee's or the manager's), its risk
    /// and how many findings.
    fn headline(
        &self,
        out: &mut dyn Write,
        report: &Report,
        words: &str,
        style: Style,
    ) -> io::Result<()> {
        let l = self.l;
        let n = report.findings.len();
        let findings = if n == 0 {
            Label::NoFindings.get(l).to_string()
        } else {
            count(n, Label::FindingOne, Label::FindingMany, l)
        };
        writeln!(
            out,
            "{}{}{} ({}{}{}, {findings})",
            self.p.paint(BOLD, &escape(&report.source)),
            colon(l),
            self.p.paint(style, &words.to_uppercase()),
            Label::Risk.get(l),
            colon(l),
            report.risk.label(l),
        )
    }

    fn draft(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        let l = self.l;
        let language = Label::language(report.language);
        writeln!(
            out,
            "  {}{}{}",
            Label::DraftLanguage.get(l),
            colon(l),
            language.get(l)
        )?;
        if let Some(raise) = self.rs.roles.raise(report.role) {
            writeln!(
                out,
                "  {}{}{}",
                Label::Role.get(l),
                colon(l),
                report.role.label(l)
            )?;
            let why = format!("{} [{}]", raise.reason.get(l), raise.section);
            self.paragraph(out, 4, "", Style::new(), &why, DIM)?;
        }
        let gutter = gutter(report);
        for group in self.groups(report) {
            writeln!(out)?;
            self.section(out, &group)?;
            for d in &group.diagnostics {
                writeln!(out)?;
                self.finding(out, report, d, gutter)?;
            }
        }
        if self.o.verbose {
            self.near_misses(out, report)?;
        }
        self.questions(out, report)?;
        writeln!(out)
    }

    /// Diagnostics grouped under the first section their lead finding cites: the most serious
    /// group first, then in the order the draft raises them.
    fn groups<'r>(&'r self, report: &'r Report) -> Vec<Group<'r>> {
        let mut groups: Vec<Group> = Vec::new();
        for d in diagnostics(&report.findings, !self.o.verbose) {
            let section = d
                .lead()
                .and_then(|f| f.guidance.first())
                .and_then(|g| self.rs.guidance.section(&g.section));
            let id = section.map(|s| s.id.as_str());
            match groups
                .iter_mut()
                .find(|g| g.section.map(|s| s.id.as_str()) == id)
            {
                Some(g) => g.diagnostics.push(d),
                None => groups.push(Group {
                    section,
                    diagnostics: vec![d],
                }),
            }
        }
        let worst = |g: &Group| {
            g.diagnostics
                .iter()
                .flat_map(|d| &d.findings)
                .map(|f| f.severity)
                .max()
        };
        // Stable: groups of equal severity keep the draft's order.
        groups.sort_by_key(|g| std::cmp::Reverse(worst(g)));
        groups
    }

    fn section(&self, out: &mut dyn Write, group: &Group) -> io::Result<()> {
        let Some(s) = group.section else {
            return writeln!(
                out,
                "  {}",
                self.p.paint(BOLD, Label::OtherFindings.get(self.l))
            );
        };
        writeln!(
            out,
            "  {} {}",
            self.p.paint(BOLD, &format!("§ {}", s.title.get(self.l))),
            self.p.paint(DIM, &format!("[{}]", s.id))
        )?;
        self.paragraph(out, 4, "", Style::new(), s.summary.get(self.l), DIM)
    }

    /// One diagnostic: findings of one rule on one line (usually just one finding), and the
    /// other rules that caught the same words.
    fn finding(
        &self,
        out: &mut dyn Write,
        report: &Report,
        d: &Diagnostic,
        gutter: Gutter,
    ) -> io::Result<()> {
        let l = self.l;
        let all = &d.findings;
        let Some(f) = d.lead() else {
            return Ok(());
        };
        let first = all[0];
        let location = if report.source == "-" {
            format!("{}:{}", first.span.line, first.span.column)
        } else {
            format!(
                "{}:{}:{}",
                escape(&report.source),
                first.span.line,
                first.span.column
            )
        };
        // Grey areas say so (a manager's note groups them under their own heading instead).
        let grey = match self.rs.roles.class(Class::GreyArea) {
            Some(c) if f.class == Class::GreyArea && report.role != Role::Manager => {
                format!(" · {}", c.verdict.get(l))
            }
            _ => String::new(),
        };
        writeln!(
            out,
            "    {} · {}{grey} · {} · {}",
            self.p
                .paint(paint::severity(f.severity), f.severity.label(l)),
            self.p.paint(BOLD, f.category.label(l)),
            self.p.paint(DIM, &f.rule),
            location
        )?;
        let marks: Vec<_> = all.iter().map(|f| f.excerpt.mark.clone()).collect();
        let line = snippet::Marked {
            number: first.span.line,
            text: &first.excerpt.line,
            marks: &marks,
            severity: f.severity,
        };
        snippet::write(out, self.p, gutter, &line, self.width)?;
        let indent = gutter.indent + gutter.digits + 1;
        let note = |out: &mut dyn Write, label: Option<Label>, text: &str| {
            let lead = match label {
                Some(label) => format!("= {}{}", label.get(l), colon(l)),
                None => "= ".to_string(),
            };
            self.paragraph(out, indent, &lead, BOLD, text, Style::new())
        };
        note(out, None, &f.message)?;
        let advice = match report.role {
            Role::Manager => Label::AdviceToAuthor,
            _ => Label::Advice,
        };
        note(out, Some(advice), &f.advice)?;
        let others: Vec<String> = f
            .guidance
            .iter()
            .skip(1)
            .map(|g| format!("{} [{}]", g.title, g.section))
            .collect();
        if !others.is_empty() {
            note(out, Some(Label::AlsoUnder), &others.join("; "))?;
        }
        if !d.also.is_empty() {
            let rules: Vec<String> = d
                .also
                .iter()
                .map(|a| format!("{} ({}:{})", a.rule, a.span.line, a.span.column))
                .collect();
            note(out, Some(Label::AlsoRaisedBy), &rules.join(", "))?;
        }
        if self.o.verbose {
            let rule = format!(
                "{} ({}, {} {})",
                f.rule,
                f.category.as_str(),
                Label::BaseSeverity.get(l),
                f.base_severity.label(l)
            );
            note(out, Some(Label::Rule), &rule)?;
            let quoted = |t: &str| format!("«\u{a0}{t}\u{a0}»");
            let matched: Vec<String> = all.iter().map(|f| quoted(&f.text)).collect();
            note(out, Some(Label::Matched), &matched.join(", "))?;
            let mut cues: Vec<String> = all
                .iter()
                .filter_map(|f| f.context.as_deref())
                .map(quoted)
                .collect();
            cues.dedup();
            if !cues.is_empty() {
                note(out, Some(Label::Context), &cues.join(", "))?;
            }
            if !f.signals.is_empty() {
                note(out, Some(Label::Signals), &f.signals.join(", "))?;
            }
            // Before the escalations: a cue near the finding moved it first.
            if let Some(m) = &f.moved {
                let to = match m.by {
                    "raise_near" => Label::RaisedTo,
                    _ => Label::LoweredTo,
                };
                let label = format!("{} {}", to.get(l), m.to.label(l));
                let lead = format!("= {label}{}", colon(l));
                let place = match m.by {
                    "quoted" => Label::InsideQuotation,
                    "author" => Label::AboutAuthor,
                    _ => Label::NearCue,
                };
                let text = format!(
                    "{} {} ({}; {} {})",
                    place.get(l),
                    quoted(&m.cue),
                    m.by,
                    Label::Was.get(l),
                    m.from.label(l)
                );
                self.paragraph(out, indent, &lead, BOLD, &text, Style::new())?;
            }
        }
        // A raise by the reader's role is always explained; cue escalations with --verbose.
        let shown = f
            .escalations
            .iter()
            .filter(|e| self.o.verbose || self.rs.roles.raise_by_id(&e.id).is_some());
        for e in shown {
            let label = format!("{} {}", Label::RaisedTo.get(l), f.severity.label(l));
            let lead = format!("= {label}{}", colon(l));
            let text = format!("{} [{}]", e.reason, e.id);
            self.paragraph(out, indent, &lead, BOLD, &text, Style::new())?;
        }
        Ok(())
    }

    /// The guidance's questions for the categories found: those of the most serious findings
    /// first, at most [`MAX_QUESTIONS`], each once, otherwise in the guidance's order.
    fn questions(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        let weight = |c: &Category| {
            report
                .findings
                .iter()
                .filter(|f| f.category == *c && f.severity > Severity::Info)
                .map(|f| f.severity)
                .max()
        };
        let mut ranked: Vec<(Severity, &str)> = self
            .rs
            .guidance
            .questions
            .iter()
            .filter_map(|q| {
                let w = q.categories.iter().filter_map(weight).max()?;
                Some((w, q.text.get(self.l)))
            })
            .collect();
        // Stable: questions of equal weight keep the guidance's order.
        ranked.sort_by_key(|q| std::cmp::Reverse(q.0));
        let questions: Vec<&str> = ranked
            .into_iter()
            .take(MAX_QUESTIONS)
            .map(|(_, q)| q)
            .collect();
        if questions.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(
            out,
            "  {}",
            self.p.paint(BOLD, Label::Questions.get(self.l))
        )?;
        for q in questions {
            self.paragraph(out, 4, "• ", Style::new(), q, Style::new())?;
        }
        Ok(())
    }

    /// Writes `lead` then `text` wrapped to the width, continuation lines hanging under the
    /// text, everything indented by `indent` columns.
    fn paragraph(
        &self,
        out: &mut dyn Write,
        indent: usize,
        lead: &str,
        lead_style: Style,
        text: &str,
        style: Style,
    ) -> io::Result<()> {
        let hang = indent + wrap::width(lead);
        let lines = wrap::wrap(text, self.width.saturating_sub(hang).max(20));
        for (i, line) in lines.iter().enumerate() {
            if i == 0 {
                writeln!(
                    out,
                    "{}{}{}",
                    " ".repeat(indent),
                    self.p.paint(lead_style, lead),
                    self.p.paint(style, line)
                )?;
            } else {
                writeln!(out, "{}{}", " ".repeat(hang), self.p.paint(style, line))?;
            }
        }
        Ok(())
    }
}
