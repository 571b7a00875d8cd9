//! `--format jsonl`: one report per line, the same object as an entry of `--format json`'s
//! `reports`, written as soon as its draft is checked so scripts can stream a large batch.

use std::io::{self, Write};

use crate::report::Report;

/// Writes one report as one line.
pub fn render_report(out: &mut dyn Write, report: &Report) -> io::Result<()> {
    serde_json::to_writer(&mut *out, report).map_err(io::Error::from)?;
    writeln!(out)
}

pub fn render(out: &mut dyn Write, reports: &[Report]) -> io::Result<()> {
    for r in reports {
        render_report(out, r)?;
    }
    Ok(())
}
