//! The end of a run: once, who to ask for advice and the guidance's "when in doubt, don't
//! post"; for several drafts, one summary line of verdicts and findings.

use std::io::{self, Write};

use anstyle::Style;

use crate::report::{Report, Summary};
use crate::role::Role;
use crate::taxonomy::{Risk, Severity};

use super::labels::{colon, count, Label};
use super::paint::{self, BOLD, DIM};
use super::{wrap, Renderer};

/// The guidance section that says what to do when unsure.
const WHEN_IN_DOUBT: &str = "ops.when-in-doubt";

impl Renderer<'_> {
    /// Once per run: who to ask (the contacts meant for the reader's role), and the guidance's
    /// advice for when one is unsure.
    pub(super) fn closing(&self, out: &mut dyn Write, role: Role) -> io::Result<()> {
        let l = self.l;
        let g = &self.rs.guidance;
        let contacts: Vec<&str> = g
            .contacts
            .iter()
            .filter(|c| c.roles.iter().any(|r| r == role.as_str()))
            .map(|c| c.text.get(l))
            .collect();
        if !contacts.is_empty() {
            writeln!(out, "{}", self.p.paint(BOLD, Label::Contacts.get(l)))?;
            for c in contacts {
                self.paragraph(out, 2, "• ", Style::new(), c, Style::new())?;
            }
            writeln!(out)?;
        }
        if let Some(s) = g.section(WHEN_IN_DOUBT) {
            writeln!(
                out,
                "{} {}",
                self.p.paint(BOLD, Label::WhenInDoubt.get(l)),
                self.p.paint(DIM, &format!("[{}]", s.id))
            )?;
            self.paragraph(out, 2, "", Style::new(), s.summary.get(l), Style::new())?;
            writeln!(out)?;
        }
        self.learn_more(out)
    }

    /// How to read more about a section or a rule the report names.
    pub(super) fn learn_more(&self, out: &mut dyn Write) -> io::Result<()> {
        let l = self.l;
        let how = l.pick(
            "postcheck explain ID (a section in [brackets], or a rule)",
            "postcheck explain ID (une section entre [crochets], ou une règle)",
        );
        writeln!(out, "{}{}{how}", Label::LearnMore.get(l), colon(l))?;
        writeln!(out)
    }

    pub(super) fn summary(
        &self,
        out: &mut dyn Write,
        reports: &[Report],
        s: &Summary,
    ) -> io::Result<()> {
        let l = self.l;
        let c = colon(l);
        // (plain, painted): widths are measured on the plain text.
        let manager = reports.first().is_some_and(|r| r.role == Role::Manager);
        let files = if manager {
            count(s.files, Label::PostOne, Label::PostMany, l)
        } else {
            count(s.files, Label::DraftOne, Label::DraftMany, l)
        };
        let mut parts = vec![(files.clone(), files)];
        if manager {
            parts.extend(self.note_tally(reports));
        } else {
            for (label, risks) in [
                (Label::VerdictDoNotPost, &[Risk::High][..]),
                (Label::VerdictRework, &[Risk::Medium]),
                (Label::VerdictSafe, &[Risk::Low, Risk::None]),
            ] {
                let n = reports.iter().filter(|r| risks.contains(&r.risk)).count();
                let painted = self.p.paint(paint::verdict(risks[0]), label.get(l));
                parts.push((
                    format!("{}{c}{n}", label.get(l)),
                    format!("{painted}{c}{n}"),
                ));
            }
        }
        let by_severity: Vec<String> = [
            (Severity::High, s.high),
            (Severity::Medium, s.medium),
            (Severity::Low, s.low),
            (Severity::Info, s.info),
        ]
        .iter()
        .map(|(sev, n)| format!("{} {n}", sev.label(l)))
        .collect();
        let findings = format!(
            "{}{c}{} ({})",
            Label::Findings.get(l),
            s.findings,
            by_severity.join(", ")
        );
        parts.push((findings.clone(), findings));
        if s.suppressed > 0 {
            let suppressed = format!("{}{c}{}", Label::Suppressed.get(l), s.suppressed);
            parts.push((suppressed.clone(), suppressed));
        }
        if s.errors > 0 {
            let unreadable = format!("{}{c}{}", Label::Unreadable.get(l), s.errors);
            parts.push((unreadable.clone(), unreadable));
        }
        // One line when it fits, else broken between parts.
        let mut used = 0;
        let mut line = String::new();
        for (plain, painted) in parts {
            let w = wrap::width(&plain);
            if used > 0 && used + 3 + w > self.width {
                writeln!(out, "{line}")?;
                line = format!("  {painted}");
                used = 2 + w;
            } else if used > 0 {
                line.push_str(" · ");
                line.push_str(&painted);
                used += 3 + w;
            } else {
                line = painted;
                used = w;
            }
        }
        writeln!(out, "{line}")
    }
}
