//! The two pseudo-rules postcheck reports about suppression markers themselves, described like
//! rules so reports, SARIF and the docs can name them, and the findings they make.

use std::ops::Range;

use crate::report::{self, GuidanceRef, ReportFinding, Span};
use crate::ruleset::Ruleset;
use crate::taxonomy::{Category, Lang, Severity};
use crate::text::line_column;

use super::{Marker, SuppressOptions};

/// A rule postcheck reports about markers themselves, described like a rule for SARIF and docs.
#[derive(Debug)]
pub struct PseudoRule {
    pub id: &'static str,
    pub category: Category,
    pub severity: Severity,
    /// (English, French)
    pub title: (&'static str, &'static str),
    pub description: (&'static str, &'static str),
    pub advice: (&'static str, &'static str),
    /// The guidance section it cites.
    pub section: &'static str,
}

impl PseudoRule {
    pub fn pick(&self, text: (&'static str, &'static str), lang: Lang) -> &'static str {
        lang.pick(text.0, text.1)
    }
}

pub const WITHOUT_REASON: &str = "suppression-without-reason";
pub const UNUSED: &str = "unused-suppression";

/// The pseudo-rules, in the order renderers list them after the real rules.
pub const PSEUDO_RULES: [PseudoRule; 2] = [
    PseudoRule {
        id: WITHOUT_REASON,
        category: Category::Integrity,
        severity: Severity::Low,
        title: ("Suppression without a reason", "Exception sans raison"),
        description: (
            "A postcheck-ignore marker gives no reason after `--`. It suppresses nothing: an accepted finding must say why it is acceptable, so a later review can check it.",
            "Un marqueur postcheck-ignore ne donne aucune raison après « -- ». Il ne masque rien : un constat accepté doit dire pourquoi il est acceptable, pour qu'une relecture puisse le vérifier.",
        ),
        advice: (
            "Write the marker as `postcheck-ignore: RULE -- reason`, for example `postcheck-ignore: consent -- everyone in the photo agreed by email on 3 May`.",
            "Écrivez le marqueur ainsi : `postcheck-ignore: RÈGLE -- raison`, par exemple `postcheck-ignore: consent -- toutes les personnes sur la photo ont accepté par courriel le 3 mai`.",
        ),
        section: "ops.when-in-doubt",
    },
    PseudoRule {
        id: UNUSED,
        category: Category::Integrity,
        severity: Severity::Low,
        title: ("Unused suppression", "Exception inutilisée"),
        description: (
            "A postcheck-ignore marker names a rule or category that reports nothing where the marker applies: its own line, the next non-blank line when it stands alone, or the whole draft for postcheck-ignore-file.",
            "Un marqueur postcheck-ignore nomme une règle ou une catégorie qui ne signale rien là où il s'applique : sa propre ligne, la ligne non vide suivante s'il est seul sur sa ligne, ou toute l'ébauche pour postcheck-ignore-file.",
        ),
        advice: (
            "Remove the marker, or name the rule id (or category) the report shows for that line.",
            "Retirez le marqueur, ou nommez l'identifiant de règle (ou la catégorie) que le rapport indique pour cette ligne.",
        ),
        section: "ops.when-in-doubt",
    },
];

/// The pseudo-rule with this id.
pub fn pseudo_rule(id: &str) -> Option<&'static PseudoRule> {
    PSEUDO_RULES.iter().find(|r| r.id == id)
}

pub(super) fn without_reason_message(m: &Marker, lang: Lang) -> String {
    let what = m.targets.join(", ");
    match lang {
        Lang::En => format!("This postcheck-ignore marker ({what}) gives no reason after `--`, so it suppresses nothing: say why the finding is acceptable."),
        Lang::Fr => format!("Ce marqueur postcheck-ignore ({what}) ne donne aucune raison après « -- » : il ne masque donc rien. Dites pourquoi le constat est acceptable."),
    }
}

pub(super) fn unused_message(unused: &[&str], rs: &Ruleset, lang: Lang) -> String {
    if unused.is_empty() {
        return lang
            .pick(
                "This postcheck-ignore marker names no rule or category: name the rule id the report shows.",
                "Ce marqueur postcheck-ignore ne nomme aucune règle ni catégorie : nommez l'identifiant de règle indiqué par le rapport.",
            )
            .to_string();
    }
    let known =
        |t: &str| rs.rule(t).is_some() || Category::parse(t).is_some() || pseudo_rule(t).is_some();
    let list = unused
        .iter()
        .map(|t| format!("`{t}`"))
        .collect::<Vec<_>>()
        .join(", ");
    let unknown: Vec<&&str> = unused.iter().filter(|t| !known(t)).collect();
    match (lang, unknown.is_empty()) {
        (Lang::En, true) => format!("This postcheck-ignore marker names {list}, but nothing of that rule or category is reported where the marker applies."),
        (Lang::Fr, true) => format!("Ce marqueur postcheck-ignore nomme {list}, mais rien de cette règle ou catégorie n'est signalé là où il s'applique."),
        (Lang::En, false) => format!("This postcheck-ignore marker names {list}: no rule or category has that name (see `postcheck rules list`)."),
        (Lang::Fr, false) => format!("Ce marqueur postcheck-ignore nomme {list} : aucune règle ni catégorie ne porte ce nom (voir `postcheck rules list`)."),
    }
}

#[allow(clippy::too_many_arguments)]
pub(super) fn pseudo_finding(
    id: &'static str,
    message: String,
    m: &Marker,
    original: &str,
    rs: &Ruleset,
    lang: Lang,
    masked: &[Range<usize>],
    options: &SuppressOptions,
) -> ReportFinding {
    let rule = pseudo_rule(id).unwrap_or(&PSEUDO_RULES[0]);
    let severity = options
        .severity
        .iter()
        .find(|(i, _)| i == id)
        .map_or(rule.severity, |(_, s)| *s);
    let (line, column) = line_column(original, m.span.start);
    let (end_line, end_column) = line_column(original, m.span.end);
    let guidance = rs
        .guidance
        .section(rule.section)
        .map(|s| GuidanceRef {
            document: s.document.clone(),
            section: s.id.clone(),
            title: s.title.get(lang).to_string(),
        })
        .into_iter()
        .collect();
    ReportFinding {
        rule: id.to_string(),
        category: rule.category,
        severity,
        class: rs.roles.classify(&[], rule.category, rule.severity),
        message,
        advice: rule.pick(rule.advice, lang).to_string(),
        span: Span {
            start: m.span.start,
            end: m.span.end,
            line,
            column,
            end_line,
            end_column,
        },
        text: report::escape(&original[m.span.clone()]),
        guidance,
        escalations: Vec::new(),
        base_severity: rule.severity,
        excerpt: report::excerpt(original, &m.span, masked),
        context: None,
        signals: Vec::new(),
        moved: None,
        tags: vec!["suppression".into()],
    }
}
