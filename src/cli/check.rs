//! `postcheck check`: settle the settings, expand the paths, check the drafts on every core,
//! render reports in input order (streamed for `jsonl` and `github`), choose the exit code.

use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::Result;

use postcheck::check_owned_with;
use postcheck::engine::CheckOptions;
use postcheck::render::{self, github, jsonl, summary, Format, RenderOptions};
use postcheck::report::{escape, Report, ReportOptions, Summary};
use postcheck::role::{self, Role};
use postcheck::ruleset::Ruleset;
use postcheck::suppress::SuppressOptions;
use postcheck::taxonomy::{Lang, Severity};

use super::args::{CheckArgs, CheckFormatArg, ColorArg, InputArg, RoleArg};
use super::batch;
use super::config::resolve;
use super::input::{self, InputError, Source};
use super::terminal_width;
use super::walk;

/// Everything a worker needs to check one draft.
struct Job<'a> {
    rules: &'a Ruleset,
    check: CheckOptions,
    report: ReportOptions,
    suppress: SuppressOptions,
    cite: Vec<String>,
    max_bytes: u64,
    /// For a streamed format, the worker renders the report itself (see [`Streamed`]).
    stream: Option<Stream>,
}

/// How a worker renders the report of a streamed format, and when it fails the run.
struct Stream {
    format: Format,
    render: RenderOptions,
    threshold: Option<Severity>,
}

/// A report rendered by the worker that checked its draft, and what the run needs to know of
/// it: rendering and freeing 20,000 reports on the thread that writes them made that thread the
/// slowest of the run.
struct Streamed {
    source: String,
    blank: bool,
    failed: bool,
    counts: Summary,
    bytes: Vec<u8>,
}

/// What became of one input.
enum Outcome {
    Checked { report: Report },
    Streamed(Streamed),
    Unreadable(InputError),
}

/// True when a report fails a run with this `--fail-on` threshold.
fn fails(report: &Report, threshold: Option<Severity>) -> bool {
    report.risk.reaches(threshold)
        || (threshold == Some(Severity::Info) && !report.findings.is_empty())
}

impl Job<'_> {
    fn check(&self, name: &str, text: String) -> Report {
        let mut report = check_owned_with(
            name,
            text,
            self.rules,
            &self.check,
            &self.report,
            &self.suppress,
        );
        if !self.cite.is_empty() {
            let docs: Vec<&str> = self.cite.iter().map(String::as_str).collect();
            report.cite_only(&docs);
        }
        report
    }

    fn run(&self, source: &Source) -> Outcome {
        let name = source.name();
        match input::read(source, self.max_bytes, self.report.lang) {
            Ok(text) => {
                let report = self.check(&name, text);
                match &self.stream {
                    None => Outcome::Checked { report },
                    Some(s) => Outcome::Streamed(s.render(report)),
                }
            }
            Err(message) => Outcome::Unreadable(InputError {
                source: name,
                message,
            }),
        }
    }
}

impl Stream {
    fn render(&self, report: Report) -> Streamed {
        let mut bytes = Vec::new();
        // Writing to memory fails only when serialising does, and a report always serialises.
        let _ = match self.format {
            Format::Github => github::render_report(&mut bytes, &report, &self.render),
            _ => jsonl::render_report(&mut bytes, &report),
        };
        let mut counts = Summary::default();
        counts.add(&report);
        Streamed {
            failed: fails(&report, self.threshold),
            blank: report.blank,
            counts,
            bytes,
            source: report.source,
        }
    }
}

fn report_error(err: &mut dyn Write, e: &InputError) -> io::Result<()> {
    writeln!(err, "postcheck: {}: {}", escape(&e.source), e.message)
}

fn note_blank(err: &mut dyn Write, name: &str, lang: Lang) -> io::Result<()> {
    writeln!(
        err,
        "postcheck: {}: {}",
        escape(name),
        lang.pick(
            "nothing to check (empty draft)",
            "rien à vérifier (brouillon vide)"
        )
    )
}

/// Today's date (UTC) for a manager's review note. `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention) fixes it, for tests and for notes dated after the fact.
fn today() -> Option<String> {
    let fixed = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok());
    let secs = match fixed {
        Some(s) => s,
        None => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .ok()?
            .as_secs(),
    };
    Some(role::date(secs))
}

pub fn run(a: CheckArgs) -> Result<u8> {
    let settings = resolve(a.fail_on, a.lang, &a.config, &a.rule_args)?;
    let lang = settings.lang.value;
    // The flag beats the configuration file.
    let role = match a.role {
        Some(RoleArg::Employee) => Role::Employee,
        Some(RoleArg::Manager) => Role::Manager,
        Some(RoleArg::Executive) => Role::Executive,
        None => settings.role.value.unwrap_or_default(),
    };
    // Left for the system to free at exit: dropping its thousands of small allocations one by
    // one costs more than checking a short draft.
    let rules = std::mem::ManuallyDrop::new(settings.load_rules()?);
    let mut job = Job {
        rules: &rules,
        check: rules.roles.check_options(role),
        report: ReportOptions {
            lang,
            show_matches: a.show_matches,
            role,
            no_model: a.no_model || settings.no_model(),
        },
        suppress: settings.suppress_options(),
        cite: settings.cited_documents(),
        max_bytes: a.max_bytes,
        stream: None,
    };
    if a.input == InputArg::Jsonl {
        let stream = super::stream::Stream {
            check: &|name: &str, text: &str| job.check(name, text.to_string()),
            lang,
            threshold: settings.fail_on.value.threshold(),
            max_bytes: a.max_bytes,
        };
        return super::stream::run(&a.paths, &stream);
    }
    let (sources, walk_errors) = walk::expand(&a.paths, lang).map_err(anyhow::Error::msg)?;
    let format = match a.format {
        CheckFormatArg::Text => Format::Text,
        CheckFormatArg::Json => Format::Json,
        CheckFormatArg::Jsonl => Format::Jsonl,
        CheckFormatArg::Sarif => Format::Sarif,
        CheckFormatArg::Github => Format::Github,
    };
    // Near misses are shown by the human report only, and cost a second look at score rules.
    job.check.near_misses = a.verbose && format == Format::Text;
    let color = match a.color {
        ColorArg::Always => true,
        ColorArg::Never => false,
        ColorArg::Auto => {
            format == Format::Text
                && io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        }
    };
    let render_options = RenderOptions {
        lang,
        color,
        verbose: a.verbose,
        quiet: a.quiet,
        width: terminal_width(),
        cite: settings.cited_documents(),
        date: if role == Role::Manager { today() } else { None },
    };
    let threshold = settings.fail_on.value.threshold();

    let stderr = io::stderr();
    let mut err = stderr.lock();
    for e in &walk_errors {
        report_error(&mut err, e)?;
    }
    let stdout = io::stdout();
    let mut out = BufWriter::new(stdout.lock());
    let streamed = matches!(format, Format::Jsonl | Format::Github);
    if streamed {
        job.stream = Some(Stream {
            format,
            render: render_options.clone(),
            threshold,
        });
    }
    let mut summary = Summary::default();
    let mut reports = Vec::new();
    let mut errors = walk_errors.len();
    let mut failed = false;
    batch::run_ordered(
        &sources,
        |s| job.run(s),
        |outcome| {
            let Some(outcome) = outcome else {
                // Streamed reports are flushed in pauses, not one by one (see run_ordered).
                return if streamed { out.flush() } else { Ok(()) };
            };
            match outcome {
                Outcome::Checked { report } => {
                    // The human report says it itself; other formats' readers are scripts.
                    if report.blank && format != Format::Text {
                        note_blank(&mut err, &report.source, lang)?;
                    }
                    summary.add(&report);
                    failed |= fails(&report, threshold);
                    reports.push(report);
                }
                Outcome::Streamed(r) => {
                    if r.blank {
                        note_blank(&mut err, &r.source, lang)?;
                    }
                    summary.merge(&r.counts);
                    failed |= r.failed;
                    out.write_all(&r.bytes)?;
                }
                Outcome::Unreadable(e) => {
                    errors += 1;
                    report_error(&mut err, &e)?;
                }
            }
            Ok(())
        },
    )?;
    summary.errors = errors;
    match format {
        Format::Jsonl => {}
        // Plain text in an Actions log: shown as is, never taken for a command.
        Format::Github => summary::render(&mut out, &summary, lang)?,
        _ => render::render(
            &mut out,
            format,
            &reports,
            &summary,
            &rules,
            &render_options,
        )?,
    }
    out.flush()?;

    if errors > 0 {
        return Ok(2);
    }
    Ok(if failed { 1 } else { 0 })
}
