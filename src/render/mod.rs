//! Renderers: each turns reports into one output format and knows nothing of matching.

pub mod github;
pub mod json;
pub mod jsonl;
pub mod sarif;
pub mod summary;
pub mod text;

use std::io::{self, Write};

use crate::report::{Report, Summary};
use crate::ruleset::Ruleset;
use crate::taxonomy::Lang;

/// The output formats `--format` offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Text,
    Json,
    /// One report per line, streamed.
    Jsonl,
    /// SARIF 2.1.0 for code-scanning services.
    Sarif,
    /// GitHub Actions workflow commands (annotations on a pull request's lines).
    Github,
}

/// What every renderer may need besides the reports.
#[derive(Debug, Clone, Default)]
pub struct RenderOptions {
    pub lang: Lang,
    pub color: bool,
    pub verbose: bool,
    pub quiet: bool,
    /// Columns to wrap the human report to; 0 means [`text::DEFAULT_WIDTH`].
    pub width: usize,
    /// Guidance documents whose sections rule descriptions cite (`ops`, `federal`); empty: all.
    pub cite: Vec<String>,
    /// The date (`YYYY-MM-DD`) a manager's review note records; `None` leaves it out.
    pub date: Option<String>,
}

/// Writes all reports of a run in one format.
pub fn render(
    out: &mut dyn Write,
    format: Format,
    reports: &[Report],
    summary: &Summary,
    rs: &Ruleset,
    options: &RenderOptions,
) -> io::Result<()> {
    match format {
        // The human report ends with its own summary of verdicts; `summary` is for the
        // formats whose readers are logs (GitHub annotations).
        Format::Text => text::render(out, reports, summary, rs, options),
        Format::Json => json::render(out, reports, summary),
        Format::Jsonl => jsonl::render(out, reports),
        Format::Sarif => sarif::render(out, reports, summary, rs, options),
        Format::Github => github::render(out, reports, options),
    }
}
