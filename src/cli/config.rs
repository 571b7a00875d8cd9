//! Settings for a run: defaults, then `.postcheck.toml` (found by walking up from the current
//! folder, or `--config FILE`), then the environment's language, then flags, each value
//! remembering where it came from for `postcheck config`. Also `postcheck init`.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};

use postcheck::config::{self, Config, FailOn, Profile, Role};
use postcheck::diagnostic::Diagnostics;
use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::suppress::{self, SuppressOptions};
use postcheck::taxonomy::{Lang, Severity};

use super::args::{self, ConfigArgs, ConfigCommandArgs, InitArgs, LangArg, ProfileArg, RuleArgs};
use super::{language, read_rule_file};

/// Where a value comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Default,
    File(PathBuf),
    Environment(&'static str),
    Flag,
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Origin::Default => f.write_str("default"),
            Origin::File(p) => write!(f, "{}", p.display()),
            Origin::Environment(v) => write!(f, "environment ({v})"),
            Origin::Flag => f.write_str("command line"),
        }
    }
}

#[derive(Debug, Clone)]
pub struct Setting<T> {
    pub value: T,
    pub origin: Origin,
}

fn default<T>(value: T) -> Setting<T> {
    Setting {
        value,
        origin: Origin::Default,
    }
}

/// The effective settings of a run.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The configuration file read, if any.
    pub file: Option<PathBuf>,
    pub fail_on: Setting<FailOn>,
    pub lang: Setting<Lang>,
    pub profiles: Setting<Vec<Profile>>,
    pub role: Setting<Option<Role>>,
    pub disable: Setting<Vec<String>>,
    pub severity: Setting<Vec<(String, Severity)>>,
    pub allow: Setting<Vec<String>>,
    pub default_rules: Setting<bool>,
    /// The word model's second opinion (`model = false`, `--no-model`: rules only).
    pub model: Setting<bool>,
    /// Extra rule files, config's first (relative to it), then the flags'.
    pub rules: Vec<Setting<PathBuf>>,
    config: Config,
}

/// `.postcheck.toml` in `dir` or the nearest parent that has one.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(config::FILE_NAME))
        .find(|p| p.is_file())
}

fn read_config(path: &Path) -> Result<Config> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read configuration file {}", path.display()))?;
    config::parse(&path.display().to_string(), &text)
        .map_err(|d| anyhow::anyhow!("the configuration file has {} problem(s):\n{d}", d.len()))
}

fn fail_on_flag(f: args::FailOn) -> FailOn {
    match f {
        args::FailOn::Info => FailOn::At(Severity::Info),
        args::FailOn::Low => FailOn::At(Severity::Low),
        args::FailOn::Medium => FailOn::At(Severity::Medium),
        args::FailOn::High => FailOn::At(Severity::High),
        args::FailOn::Never => FailOn::Never,
    }
}

/// Rule ids (comma-separated) to switch off for a run, added to the file's `disable`.
pub const DISABLE_VAR: &str = "POSTCHECK_DISABLE_RULES";

/// Layers the defaults, the configuration file, the environment and the flags.
pub fn resolve(
    fail_on: Option<args::FailOn>,
    lang: Option<LangArg>,
    c: &ConfigArgs,
    rule_args: &RuleArgs,
) -> Result<Settings> {
    let file = if c.no_config {
        None
    } else if let Some(p) = &c.config {
        if !p.is_file() {
            bail!("configuration file {} does not exist", p.display());
        }
        Some(p.clone())
    } else {
        discover(&std::env::current_dir().context("cannot read the current folder")?)
    };
    let cfg = match &file {
        Some(p) => read_config(p)?,
        None => Config::default(),
    };
    let from_file = |set: bool| match (&file, set) {
        (Some(p), true) => Origin::File(p.clone()),
        _ => Origin::Default,
    };
    let mut s = Settings {
        file: file.clone(),
        fail_on: default(FailOn::At(Severity::Medium)),
        lang: default(Lang::En),
        profiles: default(Profile::ALL.to_vec()),
        role: default(None),
        disable: Setting {
            value: cfg.disable.iter().map(|d| d.value.clone()).collect(),
            origin: from_file(!cfg.disable.is_empty()),
        },
        severity: Setting {
            value: cfg
                .severity
                .iter()
                .map(|(id, s)| (id.value.clone(), *s))
                .collect(),
            origin: from_file(!cfg.severity.is_empty()),
        },
        allow: Setting {
            value: cfg.allow.clone(),
            origin: from_file(!cfg.allow.is_empty()),
        },
        default_rules: default(true),
        model: default(true),
        rules: Vec::new(),
        config: cfg.clone(),
    };
    if let Some(f) = cfg.fail_on {
        s.fail_on = Setting {
            value: f,
            origin: from_file(true),
        };
    }
    // The environment's language sits between the file and the flag: a team's file sets the
    // language of its reports, and a person can still ask for theirs with --lang.
    if let Some(l) = cfg.lang {
        s.lang = Setting {
            value: l,
            origin: from_file(true),
        };
    } else if let Some(var) = ["LC_ALL", "LC_MESSAGES", "LANG"]
        .into_iter()
        .find(|v| std::env::var(v).is_ok_and(|x| !x.is_empty()))
    {
        s.lang = Setting {
            value: language(None),
            origin: Origin::Environment(var),
        };
    }
    if let Some(p) = &cfg.profiles {
        s.profiles = Setting {
            value: p.clone(),
            origin: from_file(true),
        };
    }
    if let Some(r) = cfg.role {
        s.role = Setting {
            value: Some(r),
            origin: from_file(true),
        };
    }
    if let Some(m) = cfg.model {
        s.model = Setting {
            value: m,
            origin: from_file(true),
        };
    }
    if let Some(d) = cfg.default_rules {
        s.default_rules = Setting {
            value: d,
            origin: from_file(true),
        };
    }
    if let Some(dir) = file.as_deref().and_then(Path::parent) {
        for r in &cfg.rules {
            s.rules.push(Setting {
                value: dir.join(r),
                origin: from_file(true),
            });
        }
    }
    // Rules switched off for one run, on top of the file's: what a figure owes to one rule.
    if let Ok(v) = std::env::var(DISABLE_VAR) {
        let ids: Vec<String> = v
            .split(',')
            .map(str::trim)
            .filter(|id| !id.is_empty())
            .map(str::to_string)
            .collect();
        if !ids.is_empty() {
            s.disable.value.extend(ids);
            s.disable.origin = Origin::Environment(DISABLE_VAR);
        }
    }
    // Flags last: they beat the file.
    if let Some(f) = fail_on {
        s.fail_on = Setting {
            value: fail_on_flag(f),
            origin: Origin::Flag,
        };
    }
    if lang.is_some() {
        s.lang = Setting {
            value: language(lang),
            origin: Origin::Flag,
        };
    }
    if !c.profiles.is_empty() {
        let mut p: Vec<Profile> = c
            .profiles
            .iter()
            .map(|p| match p {
                ProfileArg::Ops => Profile::Ops,
                ProfileArg::Federal => Profile::Federal,
            })
            .collect();
        p.sort();
        p.dedup();
        s.profiles = Setting {
            value: p,
            origin: Origin::Flag,
        };
    }
    if rule_args.no_default_rules {
        s.default_rules = Setting {
            value: false,
            origin: Origin::Flag,
        };
    }
    for r in &rule_args.rules {
        s.rules.push(Setting {
            value: r.clone(),
            origin: Origin::Flag,
        });
    }
    Ok(s)
}

impl Settings {
    fn is_pseudo(id: &str) -> bool {
        suppress::pseudo_rule(id).is_some()
    }

    /// The ruleset options: the pseudo-rules about markers are not rules of the ruleset.
    pub fn compile_options(&self) -> CompileOptions {
        CompileOptions {
            allow: self.allow.value.clone(),
            disabled: self
                .disable
                .value
                .iter()
                .filter(|id| !Self::is_pseudo(id))
                .cloned()
                .collect(),
            severity: self
                .severity
                .value
                .iter()
                .filter(|(id, _)| !Self::is_pseudo(id))
                .cloned()
                .collect(),
            check_patterns: false,
        }
    }

    /// Rules only: the configuration turned the word model off, or the built-in rules are off
    /// (the model is trained to back them, not someone's own rule files).
    pub fn no_model(&self) -> bool {
        !self.model.value || !self.default_rules.value
    }

    pub fn suppress_options(&self) -> SuppressOptions {
        SuppressOptions {
            disabled: self
                .disable
                .value
                .iter()
                .filter(|id| Self::is_pseudo(id))
                .cloned()
                .collect(),
            severity: self
                .severity
                .value
                .iter()
                .filter(|(id, _)| Self::is_pseudo(id))
                .cloned()
                .collect(),
        }
    }

    /// Document ids reports cite; empty when every document is cited (nothing to filter).
    pub fn cited_documents(&self) -> Vec<String> {
        if self.profiles.value.len() == Profile::ALL.len() {
            return Vec::new();
        }
        self.profiles
            .value
            .iter()
            .map(|p| p.as_str().to_string())
            .collect()
    }

    /// Compiles the ruleset; a rule id of the file that names no rule is placed in the file.
    pub fn load_rules(&self) -> Result<Ruleset> {
        let mut sources = if self.default_rules.value {
            RuleSource::builtin()
        } else {
            Vec::new()
        };
        for r in &self.rules {
            sources.push(read_rule_file(&r.value)?);
        }
        if sources.is_empty() {
            bail!("no rules to run: --no-default-rules needs at least one rule file (--rules FILE, or `rules` in .postcheck.toml)");
        }
        Ruleset::compile(&sources, &self.compile_options()).map_err(|d| {
            let d = self.place(d);
            anyhow::anyhow!("the rules have {} problem(s):\n{d}", d.len())
        })
    }

    /// Points problems the ruleset reports against "configuration" at the file's line.
    fn place(&self, mut d: Diagnostics) -> Diagnostics {
        let Some(file) = &self.file else {
            return d;
        };
        for x in d.0.iter_mut().filter(|x| x.file == "configuration") {
            let Some(id) = &x.rule else { continue };
            let at = self
                .config
                .disable
                .iter()
                .chain(self.config.severity.iter().map(|(l, _)| l))
                .find(|l| l.value == *id);
            if let Some(at) = at {
                x.file = file.display().to_string();
                x.line = at.line;
                x.column = at.column;
            }
        }
        d
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_string()).to_string()
}

fn toml_list<I: IntoIterator<Item = String>>(items: I) -> String {
    let v: Vec<String> = items.into_iter().map(|s| toml_string(&s)).collect();
    format!("[{}]", v.join(", "))
}

/// `postcheck config`: the effective settings as TOML, each with where it came from.
pub fn show(a: &ConfigCommandArgs) -> Result<u8> {
    let s = resolve(a.fail_on, a.lang, &a.config, &a.rule_args)?;
    let mut out = io::BufWriter::new(io::stdout().lock());
    let l = s.lang.value;
    match &s.file {
        Some(p) => writeln!(
            out,
            "# {} {}",
            l.pick("configuration file:", "fichier de configuration :"),
            p.display()
        )?,
        None => writeln!(
            out,
            "# {}",
            l.pick(
                "no configuration file (none found upwards from here, or --no-config)",
                "aucun fichier de configuration (aucun trouvé en remontant d'ici, ou --no-config)"
            )
        )?,
    }
    let row = |out: &mut dyn Write, key: &str, value: String, origin: &Origin| {
        writeln!(out, "{:<30} # {origin}", format!("{key} = {value}"))
    };
    row(
        &mut out,
        "fail_on",
        toml_string(s.fail_on.value.as_str()),
        &s.fail_on.origin,
    )?;
    row(
        &mut out,
        "lang",
        toml_string(s.lang.value.as_str()),
        &s.lang.origin,
    )?;
    row(
        &mut out,
        "profiles",
        toml_list(s.profiles.value.iter().map(|p| p.as_str().to_string())),
        &s.profiles.origin,
    )?;
    row(
        &mut out,
        "role",
        toml_string(s.role.value.unwrap_or_default().as_str()),
        &s.role.origin,
    )?;
    row(
        &mut out,
        "disable",
        toml_list(s.disable.value.clone()),
        &s.disable.origin,
    )?;
    row(
        &mut out,
        "allow",
        toml_list(s.allow.value.clone()),
        &s.allow.origin,
    )?;
    row(
        &mut out,
        "default_rules",
        s.default_rules.value.to_string(),
        &s.default_rules.origin,
    )?;
    writeln!(out, "rules = [")?;
    for r in &s.rules {
        writeln!(
            out,
            "  {:<28} # {}",
            format!("{},", toml_string(&r.value.display().to_string())),
            r.origin
        )?;
    }
    writeln!(out, "]")?;
    writeln!(out, "\n[severity]{:<20} # {}", "", s.severity.origin)?;
    for (id, sev) in &s.severity.value {
        writeln!(out, "{} = {}", toml_string(id), toml_string(sev.as_str()))?;
    }
    out.flush()?;
    Ok(0)
}

/// `postcheck init`: writes the commented starter file, never over an existing one unless asked.
pub fn init(a: &InitArgs) -> Result<u8> {
    let path = PathBuf::from(config::FILE_NAME);
    if path.exists() && !a.force {
        bail!(
            "{} already exists: edit it, or run `postcheck init --force` to replace it",
            config::FILE_NAME
        );
    }
    let lang = language(a.lang);
    std::fs::write(&path, config::starter(lang))
        .with_context(|| format!("cannot write {}", path.display()))?;
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "{} {}",
        lang.pick("wrote", "écrit :"),
        config::FILE_NAME
    )?;
    Ok(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn discovery_walks_up() {
        let root = std::env::temp_dir().join(format!("postcheck-discover-{}", std::process::id()));
        let deep = root.join("a/b");
        std::fs::create_dir_all(&deep).unwrap();
        std::fs::write(root.join(config::FILE_NAME), "").unwrap();
        assert_eq!(discover(&deep), Some(root.join(config::FILE_NAME)));
        std::fs::remove_dir_all(&root).unwrap();
    }
}
