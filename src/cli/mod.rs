//! What each command does, in terms of the library. Reads files, writes stdout and stderr.

pub mod args;
mod input;

use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use postcheck::engine::CheckOptions;
use postcheck::render::{self, Format, RenderOptions};
use postcheck::report::{ReportOptions, Summary};
use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::taxonomy::{Lang, Severity};
use postcheck::{check_text, ruletest};

use args::{CheckArgs, ColorArg, Command, FailOn, FormatArg, LangArg, RuleArgs, RulesCommand};

/// True when an error only says that whoever read our output has gone (`| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The report language: the flag, else the environment's (`fr_*` gives French), else English.
fn language(flag: Option<LangArg>) -> Lang {
    if let Some(l) = flag {
        return match l {
            LangArg::En => Lang::En,
            LangArg::Fr => Lang::Fr,
        };
    }
    for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        if let Ok(v) = std::env::var(var) {
            if !v.is_empty() {
                return if v.starts_with("fr") {
                    Lang::Fr
                } else {
                    Lang::En
                };
            }
        }
    }
    Lang::En
}

fn load_rules(rule_args: &RuleArgs, options: &CompileOptions) -> Result<Ruleset> {
    let mut sources = if rule_args.no_default_rules {
        Vec::new()
    } else {
        RuleSource::builtin()
    };
    for path in &rule_args.rules {
        sources.push(read_rule_file(path)?);
    }
    if sources.is_empty() {
        bail!("no rules to run: --no-default-rules needs at least one --rules FILE");
    }
    Ruleset::compile(&sources, options)
        .map_err(|d| anyhow::anyhow!("the rules have {} problem(s):\n{d}", d.len()))
}

fn read_rule_file(path: &PathBuf) -> Result<RuleSource> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read rule file {}", path.display()))?;
    Ok(RuleSource::new(path.display().to_string(), text))
}

pub fn run(cli: args::Cli) -> Result<u8> {
    match cli.command {
        Command::Check(a) => check(a),
        Command::Rules(RulesCommand::List {
            format,
            lang,
            rule_args,
        }) => rules_list(format, language(lang), &rule_args),
        Command::Rules(RulesCommand::Validate { files }) => rules_validate(&files),
        Command::Rules(RulesCommand::Test { files }) => rules_test(&files),
        Command::Explain(a) => explain(&a.id, language(a.lang), &a.rule_args),
    }
}

fn check(a: CheckArgs) -> Result<u8> {
    let lang = language(a.lang);
    let rules = load_rules(&a.rule_args, &CompileOptions::default())?;
    let (sources, mut errors) = input::expand(&a.paths).map_err(anyhow::Error::msg)?;
    let check_options = CheckOptions::default();
    let report_options = ReportOptions {
        lang,
        show_matches: a.show_matches,
    };
    let mut reports = Vec::new();
    let mut blank = Vec::new();
    for source in &sources {
        match input::read(source, a.max_bytes) {
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

fn rules_list(format: FormatArg, lang: Lang, rule_args: &RuleArgs) -> Result<u8> {
    let rules = load_rules(rule_args, &CompileOptions::default())?;
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        FormatArg::Json => {
            let list: Vec<serde_json::Value> = rules
                .rules
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "category": r.category, "severity": r.severity,
                        "languages": r.languages, "sections": r.sections,
                        "message": r.message.get(lang), "origin": r.origin,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        FormatArg::Text => {
            for r in &rules.rules {
                let langs: Vec<&str> = r.languages.iter().map(|l| l.as_str()).collect();
                writeln!(
                    out,
                    "{:<36} {:<22} {:<7} {:<6} {}",
                    r.id,
                    r.category.as_str(),
                    r.severity.as_str(),
                    langs.join(","),
                    r.message.get(lang)
                )?;
            }
        }
    }
    out.flush()?;
    Ok(0)
}

fn sources_for(files: &[PathBuf]) -> Result<Vec<RuleSource>> {
    if files.is_empty() {
        return Ok(RuleSource::builtin());
    }
    let mut sources = RuleSource::builtin();
    for f in files {
        sources.push(read_rule_file(f)?);
    }
    Ok(sources)
}

fn rules_validate(files: &[PathBuf]) -> Result<u8> {
    let sources = sources_for(files)?;
    let mut out = io::stdout().lock();
    match Ruleset::compile(&sources, &CompileOptions::default()) {
        Ok(rs) => {
            writeln!(
                out,
                "{} rules and {} escalations are valid",
                rs.rules.len(),
                rs.escalations.len()
            )?;
            Ok(0)
        }
        Err(d) => {
            let mut err = io::stderr().lock();
            writeln!(err, "{d}")?;
            writeln!(err, "postcheck: {} problem(s) in the rules", d.len())?;
            Ok(2)
        }
    }
}

fn rules_test(files: &[PathBuf]) -> Result<u8> {
    let sources = sources_for(files)?;
    let rules = Ruleset::compile(&sources, &CompileOptions::default())
        .map_err(|d| anyhow::anyhow!("the rules have {} problem(s):\n{d}", d.len()))?;
    let only: Vec<String> = files.iter().map(|f| f.display().to_string()).collect();
    let outcome = ruletest::run(&rules, &only);
    let mut out = io::stdout().lock();
    for f in &outcome.failures {
        writeln!(out, "FAIL {f}")?;
    }
    let passed = outcome.examples - outcome.failures.len();
    writeln!(
        out,
        "rule examples: {passed} passed, {} failed",
        outcome.failures.len()
    )?;
    Ok(if outcome.failures.is_empty() { 0 } else { 1 })
}

fn explain(id: &str, lang: Lang, rule_args: &RuleArgs) -> Result<u8> {
    let rules = load_rules(rule_args, &CompileOptions::default())?;
    let mut out = BufWriter::new(io::stdout().lock());
    let l = lang;
    if let Some(r) = rules.rule(id) {
        writeln!(
            out,
            "{} — {} ({}: {})",
            r.id,
            r.category.label(l),
            l.pick("severity", "gravité"),
            r.severity.label(l)
        )?;
        writeln!(out)?;
        writeln!(out, "{}", r.description.get(l))?;
        writeln!(out)?;
        writeln!(
            out,
            "{} {}",
            l.pick("Advice:", "Conseil :"),
            r.advice.get(l)
        )?;
        writeln!(out)?;
        writeln!(out, "{}", l.pick("Guidance:", "Orientations :"))?;
        for s in r.sections.iter().filter_map(|s| rules.guidance.section(s)) {
            writeln!(out, "  {} — {}", s.id, s.title.get(l))?;
            writeln!(out, "    {}", s.summary.get(l))?;
        }
        let pick = |v: &[(Lang, String)]| {
            v.iter()
                .find(|(x, _)| *x == l)
                .or(v.first())
                .map(|(_, t)| t.clone())
        };
        if let Some(e) = pick(&r.examples.matches) {
            writeln!(out, "\n{} {e}", l.pick("Fires on:", "Se déclenche sur :"))?;
        }
        if let Some(e) = pick(&r.examples.no_match) {
            writeln!(
                out,
                "{} {e}",
                l.pick("Stays silent on:", "Reste muette sur :")
            )?;
        }
        out.flush()?;
        return Ok(0);
    }
    if let Some(s) = rules.guidance.section(id) {
        writeln!(out, "{} — {}", s.id, s.title.get(l))?;
        writeln!(out, "\n{}\n", s.summary.get(l))?;
        writeln!(
            out,
            "{}",
            l.pick("Rules that cite it:", "Règles qui la citent :")
        )?;
        for r in rules
            .rules
            .iter()
            .filter(|r| r.sections.iter().any(|x| x == id))
        {
            writeln!(out, "  {:<36} {}", r.id, r.message.get(l))?;
        }
        out.flush()?;
        return Ok(0);
    }
    bail!("no rule or guidance section has the id `{id}`: see `postcheck rules list`")
}
