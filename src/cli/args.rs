//! The command line, declared once with clap; `--help` shows the three common uses.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, Parser, Subcommand, ValueEnum};

use postcheck::taxonomy::{Category, Severity};

const EXAMPLES: &str = "\
Examples:
  postcheck check draft.txt                 check one draft
  echo \"Votez pour…\" | postcheck            check text from a pipe
  postcheck check --format json drafts/     check a folder of drafts, for CI
  postcheck check --format sarif drafts/    the same for code scanning (GitHub, GitLab)
  postcheck explain security-marking        what a rule looks for and why";

#[derive(Debug, Parser)]
#[command(name = "postcheck", version, about = "Pre-checks a social-media draft against the public-service guidance on personal social media (Ontario and federal), in English and French.", after_help = EXAMPLES)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check drafts: files, folders (their .txt and .md files, minus ignored ones), globs, or `-` for standard input.
    Check(CheckArgs),
    /// List, validate or test rules.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Explain a rule or a guidance section: what it looks for, why, examples.
    Explain(ExplainArgs),
    /// Print a shell completion script (bash, zsh, fish, elvish, powershell).
    ///
    /// Example: postcheck completions bash > ~/.local/share/bash-completion/completions/postcheck
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), of postcheck or of one subcommand.
    ///
    /// Example: postcheck man > postcheck.1; postcheck man check > postcheck-check.1
    Man {
        /// A subcommand whose page to print instead.
        subcommand: Option<String>,
    },
    /// Show the effective configuration and where each value comes from.
    Config(ConfigCommandArgs),
    /// Write a commented starter .postcheck.toml in the current folder.
    Init(InitArgs),
    /// Print a draft with its personal information masked, everything else unchanged.
    Redact(RedactArgs),
}

/// The output formats of `postcheck check`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormatArg {
    /// For a person at a terminal.
    Text,
    /// One JSON document for every draft.
    Json,
    /// One JSON report per line, written as each draft is checked.
    Jsonl,
    /// SARIF 2.1.0, for code-scanning services.
    Sarif,
    /// GitHub Actions annotations on the pull request's lines.
    Github,
}

/// Who reads the report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleArg {
    /// Checking your own draft before posting.
    Employee,
    /// Reviewing a post that was brought to you: a review note, findings sorted into clear breaches, possibly inappropriate and grey areas.
    Manager,
    /// Checking your own draft as an executive: political, integrity and branding findings rise one level.
    Executive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ProfileArg {
    Ops,
    Federal,
}

/// Where settings come from besides the flags: the configuration file.
#[derive(Debug, Clone, Args)]
pub struct ConfigArgs {
    /// Read this configuration file instead of looking for .postcheck.toml upwards from here.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Ignore every .postcheck.toml.
    #[arg(long, conflicts_with = "config")]
    pub no_config: bool,
    /// Cite the sections of these guidance documents (repeat for both) [default: ops and federal].
    #[arg(long = "profile", value_enum, value_name = "PROFILE")]
    pub profiles: Vec<ProfileArg>,
}

#[derive(Debug, Clone, Args)]
pub struct ConfigCommandArgs {
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    #[command(flatten)]
    pub config: ConfigArgs,
    #[command(flatten)]
    pub rule_args: RuleArgs,
}

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    /// Replace an existing .postcheck.toml.
    #[arg(long)]
    pub force: bool,
    /// Language of the file's comments.
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Text,
    Json,
}

/// How `postcheck check` reads its inputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputArg {
    /// Each file (or standard input) is one draft.
    Text,
    /// JSON Lines, one `{"id": …, "text": …}` draft per line; one JSON report per line out.
    Jsonl,
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
    /// Add a rule file to the built-in rules (a rule, list or escalation with a built-in id replaces it).
    #[arg(long = "rules", value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Use only the rule files given with --rules.
    #[arg(long)]
    pub no_default_rules: bool,
}

#[derive(Debug, Clone, Args)]
pub struct CheckArgs {
    /// Files, folders, quoted globs (`'drafts/**/*.md'`), or `-` for standard input (the default when input is piped).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value = "text")]
    pub format: CheckFormatArg,
    /// Exit with 1 when a draft's risk reaches this level [default: the configuration's, else medium].
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Language of the report (default: the configuration's, else from LC_ALL, LC_MESSAGES or LANG, else English).
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Who reads the report [default: the configuration's, else employee].
    #[arg(long, value_enum)]
    pub role: Option<RoleArg>,
    /// When to colour the report.
    #[arg(long, value_enum, default_value = "auto")]
    pub color: ColorArg,
    /// Show personal information as typed instead of masked (for a person at a terminal).
    #[arg(long)]
    pub show_matches: bool,
    /// Rules only: leave out the word model's second opinion (`postcheck explain model`).
    #[arg(long)]
    pub no_model: bool,
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
    /// How inputs are read: `jsonl` checks one draft per line and streams one report per line.
    #[arg(long, value_enum, default_value = "text")]
    pub input: InputArg,
    #[command(flatten)]
    pub rule_args: RuleArgs,
    #[command(flatten)]
    pub config: ConfigArgs,
}

#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// List the rules, as a table or JSON, optionally only some of them.
    List {
        #[arg(long, value_enum, default_value = "text")]
        format: FormatArg,
        /// Language of the list (default: from LC_ALL, LC_MESSAGES or LANG, else English).
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// Only rules of this category (repeat for several).
        #[arg(long, value_name = "CATEGORY", value_parser = category_parser())]
        category: Vec<Category>,
        /// Only rules that check drafts written in this language.
        #[arg(long, value_enum, value_name = "LANG")]
        language: Option<LangArg>,
        /// Only rules of this severity (repeat for several).
        #[arg(long, value_name = "SEVERITY", value_parser = severity_parser())]
        severity: Vec<Severity>,
        #[command(flatten)]
        rule_args: RuleArgs,
    },
    /// Check rule files, laid over the built-in ones as `check --rules` lays them (the built-in
    /// ones alone when none is given), and report every problem.
    Validate {
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Check only the files given, without the built-in rules.
        #[arg(long, requires = "files")]
        no_default_rules: bool,
    },
    /// Run the examples and counter-examples of the rules of the files given (laid over the
    /// built-in ones as `check --rules` lays them), or of every rule; name each one that fails.
    Test {
        #[arg(value_name = "FILE")]
        files: Vec<PathBuf>,
        /// Use only the files given, without the built-in rules.
        #[arg(long, requires = "files")]
        no_default_rules: bool,
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

/// The nine categories by name, offered to completion and `--help`.
fn category_parser() -> impl TypedValueParser<Value = Category> {
    PossibleValuesParser::new(Category::ALL.map(Category::as_str))
        .try_map(|s| Category::parse(&s).ok_or("unknown category"))
}

fn severity_parser() -> impl TypedValueParser<Value = Severity> {
    PossibleValuesParser::new(Severity::ALL.map(Severity::as_str))
        .try_map(|s| Severity::parse(&s).ok_or("unknown severity"))
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

const SUBCOMMANDS: &[&str] = &[
    "check",
    "rules",
    "explain",
    "completions",
    "man",
    "config",
    "init",
    "redact",
    "help",
];

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
