//! What each command does, in terms of the library. Reads files, writes stdout and stderr.

pub mod args;
mod batch;
mod check;
mod completions;
mod config;
mod explain;
mod input;
mod redact;
mod rules;
mod stream;
mod walk;

use std::io;
use std::path::PathBuf;

use anyhow::{bail, Context, Result};

use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::taxonomy::Lang;

use args::{Command, LangArg, RuleArgs, RulesCommand};

/// True when an error only says that whoever read our output has gone (`| head`).
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        e.downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// The report language: the flag, else the environment's (`fr_*` gives French), else English.
pub(crate) fn language(flag: Option<LangArg>) -> Lang {
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

/// The terminal's width when stdout is one; otherwise the human report's default.
pub(crate) fn terminal_width() -> usize {
    use std::io::IsTerminal;
    match terminal_size::terminal_size() {
        Some((terminal_size::Width(w), _)) if io::stdout().is_terminal() => usize::from(w),
        _ => postcheck::render::text::DEFAULT_WIDTH,
    }
}

pub(crate) fn load_rules(rule_args: &RuleArgs, options: &CompileOptions) -> Result<Ruleset> {
    let sources = rule_sources(rule_args)?;
    Ruleset::compile(&sources, options)
        .map_err(|d| anyhow::anyhow!("the rules have {} problem(s):\n{d}", d.len()))
}

/// The built-in rule files (unless `--no-default-rules`) then the user's, in the order given:
/// `Ruleset::compile` lays the user's over the built-in ones.
pub(crate) fn rule_sources(rule_args: &RuleArgs) -> Result<Vec<RuleSource>> {
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
    Ok(sources)
}

pub(crate) fn read_rule_file(path: &PathBuf) -> Result<RuleSource> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read rule file {}", path.display()))?;
    Ok(RuleSource::new(path.display().to_string(), text))
}

pub fn run(cli: args::Cli) -> Result<u8> {
    match cli.command {
        Command::Check(a) => check::run(a),
        Command::Rules(RulesCommand::List {
            format,
            lang,
            category,
            language: only_language,
            severity,
            rule_args,
        }) => {
            let filter = rules::Filter {
                categories: category,
                language: only_language.map(|l| language(Some(l))),
                severities: severity,
            };
            rules::list(format, language(lang), &filter, &rule_args)
        }
        Command::Rules(RulesCommand::Validate {
            files,
            no_default_rules,
        }) => rules::validate(&RuleArgs {
            rules: files,
            no_default_rules,
        }),
        Command::Rules(RulesCommand::Test {
            files,
            no_default_rules,
        }) => rules::test(&RuleArgs {
            rules: files,
            no_default_rules,
        }),
        Command::Explain(a) => explain::run(&a.id, language(a.lang), &a.rule_args),
        Command::Completions { shell } => completions::completions(shell),
        Command::Man { subcommand } => completions::man(subcommand.as_deref()),
        Command::Config(a) => config::show(&a),
        Command::Init(a) => config::init(&a),
        Command::Redact(a) => redact::run(a),
    }
}
