//! The `--verbose` block of score rules that came close without firing: which signals were
//! found, which were missing or pulled the total under, and where.

use std::io::{self, Write};

use super::labels::{colon, Label};
use super::paint::BOLD;
use super::Renderer;
use crate::report::Report;

impl Renderer<'_> {
    pub(super) fn near_misses(&self, out: &mut dyn Write, report: &Report) -> io::Result<()> {
        if report.near_misses.is_empty() {
            return Ok(());
        }
        let l = self.l;
        writeln!(out)?;
        let heading = format!("{}{}", Label::NearMisses.get(l), colon(l).trim_end());
        writeln!(out, "  {}", self.p.paint(BOLD, &heading))?;
        for m in &report.near_misses {
            let mut parts = vec![format!("{} {} {}", m.total, Label::Of.get(l), m.threshold)];
            for (label, names) in [
                (Label::Found, &m.found),
                (Label::MissingRequired, &m.missing),
                (Label::Against, &m.negative),
            ] {
                if !names.is_empty() {
                    parts.push(format!("{}{}{}", label.get(l), colon(l), names.join(", ")));
                }
            }
            let lead = format!("{} ({}:{}){}", m.rule, m.line, m.column, colon(l));
            let text = format!("{lead}{}", parts.join(l.pick("; ", " ; ")));
            let lines = super::wrap_text(&text, self.width.saturating_sub(6));
            for (i, line) in lines.iter().enumerate() {
                let indent = if i == 0 { 4 } else { 6 };
                writeln!(out, "{:indent$}{line}", "")?;
            }
        }
        Ok(())
    }
}
