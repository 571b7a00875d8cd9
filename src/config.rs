//! `.postcheck.toml`: what a team sets once for every run (threshold, rules switched off or
//! re-weighted, extra rule files, phrases that are fine, report language, guidance profiles).
//! Parsed from a string here; finding and reading the file is the binary's job.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::ruleset::syntax::S;
use crate::taxonomy::{Lang, Severity};
use crate::text::line_column;

/// The file name looked for in the current folder and its parents.
pub const FILE_NAME: &str = ".postcheck.toml";

/// What the file says, exactly as written.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct ConfigSyntax {
    fail_on: Option<S<String>>,
    #[serde(default)]
    disable: Vec<S<String>>,
    #[serde(default)]
    severity: BTreeMap<String, S<String>>,
    #[serde(default)]
    rules: Vec<S<String>>,
    default_rules: Option<bool>,
    /// `false`: rules only, without the word model's second opinion.
    model: Option<bool>,
    #[serde(default)]
    allow: Vec<S<String>>,
    lang: Option<S<String>>,
    profiles: Option<S<Vec<S<String>>>>,
    role: Option<S<String>>,
}

/// A value and where it is written, so later checks (an unknown rule id) can point at it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub line: usize,
    pub column: usize,
}

/// The `--fail-on` threshold: a severity, or never fail on findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailOn {
    At(Severity),
    Never,
}

impl FailOn {
    pub fn parse(s: &str) -> Option<FailOn> {
        match s {
            "never" => Some(FailOn::Never),
            s => Severity::parse(s).map(FailOn::At),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FailOn::At(s) => s.as_str(),
            FailOn::Never => "never",
        }
    }

    /// The lowest severity that fails a run, `None` for never.
    pub fn threshold(self) -> Option<Severity> {
        match self {
            FailOn::At(s) => Some(s),
            FailOn::Never => None,
        }
    }
}

/// A guidance document whose sections reports cite.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Profile {
    /// The Ontario Public Service guidance, for every OPS employee.
    Ops,
    /// The federal guidance for managers.
    Federal,
}

impl Profile {
    pub const ALL: [Profile; 2] = [Profile::Ops, Profile::Federal];

    pub fn parse(s: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.as_str() == s)
    }

    /// Also the id of its document in `rules/guidance.toml`.
    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Ops => "ops",
            Profile::Federal => "federal",
        }
    }
}

/// Who reads the report (`role = …`); see [`crate::role`].
pub use crate::role::Role;

/// A checked configuration file. Absent keys are `None` or empty: defaults are the caller's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config {
    pub fail_on: Option<FailOn>,
    /// Rule ids to switch off.
    pub disable: Vec<Located<String>>,
    /// New severities by rule id.
    pub severity: Vec<(Located<String>, Severity)>,
    /// Extra rule files, as written: relative to the configuration file's folder.
    pub rules: Vec<String>,
    /// `false`: run only the extra rule files, not the built-in rules.
    pub default_rules: Option<bool>,
    /// `false`: rules only, without the word model (`--no-model`).
    pub model: Option<bool>,
    /// Phrases that are fine to post.
    pub allow: Vec<String>,
    pub lang: Option<Lang>,
    pub profiles: Option<Vec<Profile>>,
    pub role: Option<Role>,
}

/// Parses a configuration file's text; `file` is the name errors show. Every problem of a
/// well-formed file is reported at once; a TOML error or an unknown key stops at the first.
pub fn parse(file: &str, source: &str) -> Result<Config, Diagnostics> {
    let mut diags = Diagnostics::default();
    let syntax: ConfigSyntax = match toml::from_str(source) {
        Ok(s) => s,
        Err(e) => {
            let mut d = Diagnostic::from_toml(file, source, &e);
            if d.message.starts_with("unknown field") {
                d.message
                    .push_str(" (see `postcheck init` for a commented example)");
            }
            diags.push(d);
            return Err(diags);
        }
    };
    let locate = |s: &S<String>| -> Located<String> {
        let (line, column) = line_column(source, s.span().start);
        Located {
            value: s.get_ref().clone(),
            line,
            column,
        }
    };
    let bad = |diags: &mut Diagnostics, s: &S<String>, message: String| {
        diags.push(Diagnostic::at(file, source, s.span(), None, message));
    };
    let mut config = Config::default();
    if let Some(f) = &syntax.fail_on {
        config.fail_on = FailOn::parse(f.get_ref());
        if config.fail_on.is_none() {
            bad(
                &mut diags,
                f,
                format!(
                    "`fail_on = \"{}\"`: use info, low, medium, high or never",
                    f.get_ref()
                ),
            );
        }
    }
    for d in &syntax.disable {
        config.disable.push(locate(d));
    }
    for (id, level) in &syntax.severity {
        match Severity::parse(level.get_ref()) {
            Some(s) => config.severity.push((
                Located {
                    value: id.clone(),
                    ..locate(level)
                },
                s,
            )),
            None => bad(
                &mut diags,
                level,
                format!(
                    "severity of `{id}` is `{}`: use info, low, medium or high",
                    level.get_ref()
                ),
            ),
        }
    }
    for r in &syntax.rules {
        if r.get_ref().trim().is_empty() {
            bad(&mut diags, r, "`rules` lists an empty path".into());
        } else {
            config.rules.push(r.get_ref().clone());
        }
    }
    config.default_rules = syntax.default_rules;
    config.model = syntax.model;
    for a in &syntax.allow {
        if a.get_ref().split_whitespace().next().is_none() {
            bad(&mut diags, a, "`allow` lists an empty phrase".into());
        } else {
            config.allow.push(a.get_ref().clone());
        }
    }
    if let Some(l) = &syntax.lang {
        config.lang = Lang::parse(l.get_ref());
        if config.lang.is_none() {
            bad(
                &mut diags,
                l,
                format!("`lang = \"{}\"`: use en or fr", l.get_ref()),
            );
        }
    }
    if let Some(ps) = &syntax.profiles {
        let mut profiles = Vec::new();
        for p in ps.get_ref() {
            match Profile::parse(p.get_ref()) {
                Some(p) if !profiles.contains(&p) => profiles.push(p),
                Some(_) => {}
                None => bad(
                    &mut diags,
                    p,
                    format!(
                        "unknown profile `{}`: use ops, federal or both",
                        p.get_ref()
                    ),
                ),
            }
        }
        if ps.get_ref().is_empty() {
            diags.push(Diagnostic::at(
                file,
                source,
                ps.span(),
                None,
                "`profiles` is empty: name ops, federal or both",
            ));
        }
        profiles.sort();
        config.profiles = Some(profiles);
    }
    if let Some(r) = &syntax.role {
        config.role = Role::parse(r.get_ref());
        if config.role.is_none() {
            diags.push(Diagnostic::at(
                file,
                source,
                r.span(),
                None,
                format!(
                    "`role = \"{}\"`: use employee, manager or executive",
                    r.get_ref()
                ),
            ));
        }
    }
    if diags.is_empty() {
        Ok(config)
    } else {
        Err(diags)
    }
}

/// The commented file `postcheck init` writes: every key, each off or at its default.
pub fn starter(lang: Lang) -> &'static str {
    match lang {
        Lang::En => STARTER_EN,
        Lang::Fr => STARTER_FR,
    }
}

const STARTER_EN: &str = r#"# postcheck configuration, found by walking up from the folder postcheck runs in.
# Command-line flags beat what is set here. `postcheck config` shows the effective values.

# Exit with 1 when a draft's risk reaches this level: info, low, medium, high or never.
fail_on = "medium"

# Language of the reports: en or fr (default: from LANG, else en).
# lang = "fr"

# Guidance whose sections reports cite: "ops" (Ontario Public Service), "federal", or both.
profiles = ["ops", "federal"]

# Who reads the reports: employee (checking a draft), manager (reviewing a post brought to
# you: a review note) or executive (political, integrity and branding findings rise one level).
# role = "employee"

# Rule ids to switch off (`postcheck rules list` shows them).
disable = []

# Phrases that are fine to post, such as a campaign name that has become public.
allow = []

# Extra rule files, relative to this file (see rules/README.md for the format).
rules = []

# Set to false to run only the rule files above, not the built-in rules.
# default_rules = true

# New severities for some rules: info, low, medium or high.
[severity]
# some-rule-id = "low"

# To accept one finding in a draft, put a marker on its line, or alone on the line above it,
# with a reason after `--` (in Markdown, inside an HTML comment):
#   <!-- postcheck-ignore: consent -- everyone in the photo agreed by email on 3 May -->
"#;

const STARTER_FR: &str = r#"# Configuration de postcheck, cherchée dans le dossier courant puis dans ses parents.
# Les options de la ligne de commande l'emportent. `postcheck config` montre les valeurs en vigueur.

# Code de sortie 1 quand le risque d'une ébauche atteint ce niveau : info, low, medium, high ou never.
fail_on = "medium"

# Langue des rapports : en ou fr (par défaut : selon LANG, sinon en).
# lang = "fr"

# Orientations dont les rapports citent les sections : "ops" (fonction publique de l'Ontario),
# "federal", ou les deux.
profiles = ["ops", "federal"]

# Qui lit les rapports : employee (vérifier une ébauche), manager (examiner un message qu'on vous
# signale : une note d'examen) ou executive (politique, intégrité et image relevées d'un niveau).
# role = "employee"

# Identifiants des règles à désactiver (voir `postcheck rules list`).
disable = []

# Expressions sans risque, comme le nom d'une campagne devenue publique.
allow = []

# Fichiers de règles supplémentaires, relatifs à ce fichier (format : rules/README.md).
rules = []

# false pour n'appliquer que les fichiers de règles ci-dessus, sans les règles intégrées.
# default_rules = true

# Nouvelles gravités pour certaines règles : info, low, medium ou high.
[severity]
# identifiant-de-regle = "low"

# Pour accepter un constat dans une ébauche, ajoutez un marqueur sur sa ligne, ou seul sur la
# ligne au-dessus, avec une raison après `--` (en Markdown, dans un commentaire HTML) :
#   <!-- postcheck-ignore: consent -- toutes les personnes sur la photo ont accepté par courriel le 3 mai -->
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_key() {
        let c = parse(
            "c.toml",
            r#"
fail_on = "high"
disable = ["a-rule"]
rules = ["extra/rules.toml"]
default_rules = false
allow = ["Operation Sunrise"]
lang = "fr"
profiles = ["federal", "ops", "ops"]
role = "manager"
[severity]
b-rule = "low"
"#,
        )
        .unwrap();
        assert_eq!(c.fail_on, Some(FailOn::At(Severity::High)));
        assert_eq!(c.disable[0].value, "a-rule");
        assert_eq!((c.disable[0].line, c.disable[0].column), (3, 12));
        assert_eq!(c.severity[0].0.value, "b-rule");
        assert_eq!(c.severity[0].0.line, 11);
        assert_eq!(c.default_rules, Some(false));
        assert_eq!(c.severity[0].1, Severity::Low);
        assert_eq!(c.rules, ["extra/rules.toml"]);
        assert_eq!(c.allow, ["Operation Sunrise"]);
        assert_eq!(c.lang, Some(Lang::Fr));
        assert_eq!(c.profiles, Some(vec![Profile::Ops, Profile::Federal]));
        assert_eq!(c.role, Some(Role::Manager));
    }

    #[test]
    fn unknown_keys_are_placed() {
        let e = parse("c.toml", "fail_on = \"low\"\nfial_on = \"high\"\n").unwrap_err();
        let d = &e.0[0];
        assert_eq!((d.file.as_str(), d.line, d.column), ("c.toml", 2, 1));
        assert!(d.message.contains("fial_on"), "{}", d.message);
    }

    #[test]
    fn bad_values_are_all_reported_with_places() {
        let e = parse(
            "c.toml",
            "fail_on = \"sometimes\"\nlang = \"de\"\nprofiles = [\"provincial\"]\nrole = \"intern\"\n[severity]\nx = \"urgent\"\n",
        )
        .unwrap_err();
        let places: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(places, [(1, 11), (6, 5), (2, 8), (3, 13), (4, 8)]);
        assert!(e
            .to_string()
            .contains("use info, low, medium, high or never"));
    }

    #[test]
    fn wrong_types_are_errors() {
        let e = parse("c.toml", "disable = \"a-rule\"\n").unwrap_err();
        assert_eq!(e.0[0].line, 1);
    }

    #[test]
    fn starters_parse_to_the_defaults() {
        for lang in [Lang::En, Lang::Fr] {
            let c = parse("starter", starter(lang)).unwrap();
            assert_eq!(c.fail_on, Some(FailOn::At(Severity::Medium)));
            assert_eq!(c.profiles, Some(vec![Profile::Ops, Profile::Federal]));
            assert!(c.disable.is_empty() && c.role.is_none());
        }
    }
}
