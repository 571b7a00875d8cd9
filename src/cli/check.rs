//! `postcheck check`: read drafts, check them, render reports, choose the exit code.

use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::Result;

use postcheck::check_text;
use postcheck::engine::CheckOptions;
use postcheck::render::{self, Format, RenderOptions};
use postcheck::report::{ReportOptions, Summary};
use postcheck::ruleset::CompileOptions;
use postcheck::taxonomy::Severity;

use super::args::{CheckArgs, ColorArg, FailOn, FormatArg};
use super::{input, language, load_rules};

pub fn run(a: CheckArgs) -> Result<u8> {
    let lang = language(a.lang);
    let rules = load_rules(&a.rule_args, &CompileOptions::default())?;
    let (sources, mut errors) = input::expand(&a.paths, lang).map_err(anyhow::Error::msg)?;
    let check_options = CheckOptions::default();
    let report_options = ReportOptions {
        lang,
        show_matches: a.show_matches,
    };
    let mut reports = Vec::new();
    let mut blank = Vec::new();
    for source in &sources {
        match input::read(source, a.max_bytes, lang) {
            Ok(text) => {
                if text.trim().is_empty() {
                    blank.push(source.name());
                }
                reports.push(check_text(
                    &source.name(),
                    &text,
                    &rules,
                    &check_options,
                    &report_options,
                ));
            }
            Err(message) => errors.push(input::InputError {
                source: source.name(),
                message,
            }),
        }
    }
    let mut summary = Summary::default();
    reports.iter().for_each(|r| summary.add(r));
    summary.errors = errors.len();

    let color = match a.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let format = match a.format {
        FormatArg::Text => Format::Text,
        FormatArg::Json => Format::Json,
    };
    let render_options = RenderOptions {
        lang,
        color,
        verbose: a.verbose,
        quiet: a.quiet,
    };
    let stderr = io::stderr();
    let mut err = stderr.lock();
    for e in &errors {
        writeln!(
            err,
            "postcheck: {}: {}",
            postcheck::report::escape(&e.source),
            e.message
        )?;
    }
    if format == Format::Text {
        for b in &blank {
            writeln!(
                err,
                "postcheck: {}: {}",
                postcheck::report::escape(b),
                lang.pick(
                    "nothing to check (empty draft)",
                    "rien à vérifier (brouillon vide)"
                )
            )?;
        }
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    render::render(
        &mut out,
        format,
        &reports,
        &summary,
        &rules,
        &render_options,
    )?;
    out.flush()?;

    let threshold = match a.fail_on {
        FailOn::Info => Some(Severity::Info),
        FailOn::Low => Some(Severity::Low),
        FailOn::Medium => Some(Severity::Medium),
        FailOn::High => Some(Severity::High),
        FailOn::Never => None,
    };
    if !errors.is_empty() {
        return Ok(2);
    }
    let failed = reports.iter().any(|r| {
        r.risk.reaches(threshold) || (threshold == Some(Severity::Info) && !r.findings.is_empty())
    });
    Ok(if failed { 1 } else { 0 })
}

