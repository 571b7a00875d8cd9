//! The command line, declared once with clap; `--help` shows the three common uses.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXAMPLES: &str = "\
Examples:
  postcheck check draft.txt                 check one draft
  echo \"Votez pour…\" | postcheck            check text from a pipe
  postcheck check --format json drafts/     check a folder of drafts, for CI
  postcheck explain embargoed-information   what a rule looks for and why";

#[derive(Debug, Parser)]
#[command(name = "postcheck", version, about = "Pre-checks a social-media draft against the public-service guidance on personal social media (Ontario and federal), in English and French.", after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts: files, folders (their .txt and .md files) or `-` for standard input.
    Check(CheckArgs),
    /// List, validate or test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Explain a rule or a guidance section: what it looks for, why, examples.
    Explain(ExplainArgs),
    /// Print a draft with its personal information masked, everything else unchanged.
    Redact(RedactArgs),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FailOn {
    Info,
    Low,
    Medium,
    High,
    Never,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Fr,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorArg {
    Auto,
    Always,
    Never,
}

/// Options about which rules run.
#[derive(Debug, Clone, Args)]
pub struct RuleArgs {
    /// Add a rule file to the built-in rules (a rule with the same id replaces the built-in one).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Use only the rule files given with --rules.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files, folders, or `-` for standard input (the default when input is piped).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: FormatArg,
    /// Exit with 1 when a draft's risk reaches this level.
    #[arg(long, value_enum, default_value = "medium")]
    pub fail_on: FailOn,
    /// Language of the report (default: from LC_ALL, LC_MESSAGES or LANG, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// When to colour the report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    /// Show personal information as typed instead of masked (for a person at a terminal).
    #[arg(long)]
    pub show_matches: bool,
    /// Print only the verdict line of each draft.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Also print which rule and which words matched, and why a severity was raised.
    #[arg(long, short)]
    pub verbose: bool,
    /// Refuse inputs larger than this many bytes (at most 1 GiB).
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = 4 * 1024 * 1024,
        value_parser = max_bytes()
    )]
    pub max_bytes: u64,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        #[command(flatten)]
        rule_args: RuleArgs,
    },
    /// Check rule files (the built-in ones when none is given) and report every problem.
    Validate {
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// Run every rule's examples and counter-examples; name each one that fails.
    Test {
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
    },
}

#[derive(Debug, Clone, Args)]
pub struct ExplainArgs {
    /// A rule id or a guidance section id.
    pub id: String,
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Clone, Args)]
pub struct RedactArgs {
    /// The draft, or `-` for standard input.
    #[arg(value_name = "FILE")]
    pub path: PathBuf,
    /// Language of error messages.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Refuse inputs larger than this many bytes (at most 1 GiB).
    #[arg(
        long,
        value_name = "BYTES",
        default_value_t = 4 * 1024 * 1024,
        value_parser = max_bytes()
    )]
    pub max_bytes: u64,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

/// Offsets into a draft are 32-bit, and each byte of a draft takes tens of bytes of memory once
/// folded: a ceiling keeps both in bounds.
fn max_bytes() -> clap::builder::RangedU64ValueParser<u64> {
    clap::value_parser!(u64).range(0..=1 << 30)
}

const SUBCOMMANDS: &[&str] = &["check", "rules", "explain", "redact", "help"];

/// `postcheck FILE` and `cmd | postcheck` are shorthands for `postcheck check …`.
pub fn with_default_command(mut args: Vec<OsString>) -> Vec<OsString> {
    let first = args.get(1).and_then(|a| a.to_str()).map(str::to_string);
    let needs_check = match first.as_deref() {
        None => true,
        Some(a) if SUBCOMMANDS.contains(&a) => false,
        Some("-h" | "--help" | "-V" | "--version") => false,
        Some(_) => true,
    };
    if needs_check {
        args.insert(1.min(args.len()), OsString::from("check"));
    }
    args
}

pub fn parse() -> Cli {
    Cli::parse_from(with_default_command(std::env::args_os().collect()))
}
