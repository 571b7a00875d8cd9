//! Renderers: each turns reports into one output format and knows nothing of matching.

pub mod json;
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
        Format::Text => text::render(out, reports, summary, rs, options),
        Format::Json => json::render(out, reports, summary),
    }
}
