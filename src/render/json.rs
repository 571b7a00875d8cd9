//! `--format json`: exactly one JSON document, `{"version", "reports", "summary"}`.

use std::io::{self, Write};

use serde::Serialize;

use crate::report::{Report, Summary, JSON_VERSION};

#[derive(Serialize)]
struct Document<'a> {
    version: u32,
    reports: &'a [Report],
    summary: &'a Summary,
}

pub fn render(out: &mut dyn Write, reports: &[Report], summary: &Summary) -> io::Result<()> {
    let doc = Document {
        version: JSON_VERSION,
        reports,
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}
