//! The review note a manager keeps about a post that was brought to them (`--role manager`),
//! sorted the way the federal guidance sorts posts. Per post: where it came from and when it
//! was reviewed, then the findings by class (clear breaches first), each class with what to do,
//! and the proportionate steps when something may be inappropriate. Once per run: whom to
//! consult and the limits the guidance sets on managers. The texts come from
//! `rules/roles.toml` and `rules/guidance.toml`.

use std::io::{self, Write};

use anstyle::Style;

use crate::report::{escape, Report};
use crate::role::{conclusion, Class, Role};
use crate::taxonomy::Risk;

use super::diagnostics::diagnostics;
use super::labels::{colon, Label};
use super::paint::{self, BOLD, DIM};
use super::{gutter, Renderer};

fn classes(report: &Report) -> impl Iterator<Item = (Class, crate::taxonomy::Severity)> + '_ {
    report.findings.iter().map(|f| (f.class, f.severity))
}

impl Renderer<'_> {
    /// One post's review note; only its verdict line with `--quiet`.
    pub(super) fn note(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        self.note_verdict(out, report)?;
        if self.o.quiet {
            return Ok(());
        }
        self.note_header(out, report)?;
        let gutter = gutter(report);
        for class in Class::ALL {
            let in_class = report.findings.iter().filter(|f| f.class == class);
            let diagnostics = diagnostics(in_class, !self.o.verbose);
            if diagnostics.is_empty() {
                continue;
            }
            writeln!(out)?;
            self.class_heading(out, class)?;
            for d in &diagnostics {
                writeln!(out)?;
                self.finding(out, report, d, gutter)?;
            }
        }
        // The steps are what the possibly inappropriate and grey-area classes point to.
        if report
            .findings
            .iter()
            .any(|f| f.class != Class::ClearBreach)
        {
            self.steps(out)?;
        }
        writeln!(out)
    }

    /// A conclusion in words, and its colour.
    fn concluded(&self, conclusion: Option<Class>) -> (&str, Style) {
        let l = self.l;
        let words = conclusion
            .and_then(|c| self.rs.roles.class(c))
            .map_or(Label::NothingToActOn.get(l), |c| c.verdict.get(l));
        let style = paint::verdict(match conclusion {
            Some(Class::ClearBreach) => Risk::High,
            Some(Class::PossiblyInappropriate) => Risk::Medium,
            Some(Class::GreyArea) => Risk::Low,
            None => Risk::None,
        });
        (words, style)
    }

    /// For the summary line of a run: how many notes reached each conclusion, as (plain,
    /// painted) parts.
    pub(super) fn note_tally(&self, reports: &[Report]) -> Vec<(String, String)> {
        let c = colon(self.l);
        let conclusions: Vec<Option<Class>> =
            reports.iter().map(|r| conclusion(classes(r))).collect();
        Class::ALL
            .map(Some)
            .into_iter()
            .chain([None])
            .map(|class| {
                let n = conclusions.iter().filter(|&&x| x == class).count();
                let (words, style) = self.concluded(class);
                (
                    format!("{words}{c}{n}"),
                    format!("{}{c}{n}", self.p.paint(style, words)),
                )
            })
            .collect()
    }

    fn note_verdict(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        let (words, style) = self.concluded(conclusion(classes(report)));
        self.headline(out, report, words, style)
    }

    /// What a kept note needs to stand on its own: which post, when, in what language.
    fn note_header(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        let l = self.l;
        writeln!(out, "  {}", self.p.paint(BOLD, Label::ReviewNote.get(l)))?;
        let source = if report.source == "-" {
            Label::StandardInput.get(l).to_string()
        } else {
            escape(&report.source)
        };
        let row = |out: &mut dyn Write, label: Label, value: &str| {
            writeln!(out, "  {}{}{value}", label.get(l), colon(l))
        };
        row(out, Label::Post, &source)?;
        if let Some(date) = &self.o.date {
            row(out, Label::ReviewedOn, &escape(date))?;
        }
        row(
            out,
            Label::PostLanguage,
            Label::language(report.language).get(l),
        )
    }

    fn class_heading(&self, out: &mut dyn Write, class: Class) -> io::Result<()> {
        let Some(c) = self.rs.roles.class(class) else {
            return writeln!(out, "  {}", self.p.paint(BOLD, class.as_str()));
        };
        writeln!(
            out,
            "  {} {}",
            self.p.paint(BOLD, c.title.get(self.l)),
            self.p.paint(DIM, &format!("[{}]", c.section))
        )?;
        self.paragraph(out, 4, "", Style::new(), c.action.get(self.l), Style::new())
    }

    fn steps(&self, out: &mut dyn Write) -> io::Result<()> {
        let steps = &self.rs.roles.steps;
        if steps.is_empty() {
            return Ok(());
        }
        writeln!(out)?;
        writeln!(out, "  {}", self.p.paint(BOLD, Label::Steps.get(self.l)))?;
        for (i, s) in steps.iter().enumerate() {
            let lead = format!("{}. ", i + 1);
            self.paragraph(out, 4, &lead, Style::new(), s.get(self.l), Style::new())?;
        }
        Ok(())
    }

    /// Once per run: whom to consult, the limits the guidance sets, how to learn more.
    pub(super) fn note_closing(&self, out: &mut dyn Write) -> io::Result<()> {
        let l = self.l;
        let contacts: Vec<&str> = self
            .rs
            .guidance
            .contacts
            .iter()
            .filter(|c| c.roles.iter().any(|r| r == Role::Manager.as_str()))
            .map(|c| c.text.get(l))
            .collect();
        if !contacts.is_empty() {
            writeln!(out, "{}", self.p.paint(BOLD, Label::Consult.get(l)))?;
            for c in contacts {
                self.paragraph(out, 2, "• ", Style::new(), c, Style::new())?;
            }
            writeln!(out)?;
        }
        let reminders = &self.rs.roles.reminders;
        if !reminders.is_empty() {
            writeln!(out, "{}", self.p.paint(BOLD, Label::Limits.get(l)))?;
            for r in reminders {
                let text = format!("{} [{}]", r.text.get(l), r.section);
                self.paragraph(out, 2, "• ", Style::new(), &text, Style::new())?;
            }
            writeln!(out)?;
        }
        self.learn_more(out)
    }
}
