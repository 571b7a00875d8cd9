//! `postcheck rules list|validate|test`: the rules as a table or JSON (filtered by category,
//! language and severity), their validation, and their own examples run as tests.

use std::io::{self, BufWriter, IsTerminal, Write};

use anyhow::Result;

use postcheck::ruleset::{CompileOptions, Rule, Ruleset};
use postcheck::ruletest;
use postcheck::taxonomy::{Category, Lang, Severity};

use super::args::{FormatArg, RuleArgs};
use super::{load_rules, rule_sources, terminal_width};

/// Which rules `rules list` shows; an empty list lets every value through.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub categories: Vec<Category>,
    pub language: Option<Lang>,
    pub severities: Vec<Severity>,
}

impl Filter {
    fn keeps(&self, r: &Rule) -> bool {
        (self.categories.is_empty() || self.categories.contains(&r.category))
            && self.language.is_none_or(|l| r.languages.contains(&l))
            && (self.severities.is_empty() || self.severities.contains(&r.severity))
    }
}

pub fn list(format: FormatArg, lang: Lang, filter: &Filter, rule_args: &RuleArgs) -> Result<u8> {
    let rules = load_rules(rule_args, &CompileOptions::default())?;
    let shown: Vec<&Rule> = rules.rules.iter().filter(|r| filter.keeps(r)).collect();
    let mut out = BufWriter::new(io::stdout().lock());
    match format {
        FormatArg::Json => {
            let list: Vec<serde_json::Value> = shown
                .iter()
                .map(|r| {
                    serde_json::json!({
                        "id": r.id, "category": r.category, "severity": r.severity,
                        "languages": r.languages, "sections": r.sections,
                        "message": r.message.get(lang), "advice": r.advice.get(lang),
                        "enabled": r.is_enabled(), "origin": r.origin,
                    })
                })
                .collect();
            serde_json::to_writer_pretty(&mut out, &list)?;
            writeln!(out)?;
        }
        _ => table(&mut out, &shown, lang)?,
    }
    out.flush()?;
    Ok(0)
}

/// One rule a line; on a terminal the message is cut to the width, in a pipe it is whole.
fn table(out: &mut dyn Write, rules: &[&Rule], l: Lang) -> io::Result<()> {
    if rules.is_empty() {
        return writeln!(
            out,
            "{}",
            l.pick(
                "No rule matches these filters.",
                "Aucune règle ne correspond à ces filtres."
            )
        );
    }
    let header = [
        l.pick("ID", "ID"),
        l.pick("CATEGORY", "CATÉGORIE"),
        l.pick("SEVERITY", "GRAVITÉ"),
        l.pick("LANG", "LANGUE"),
        l.pick("MESSAGE", "MESSAGE"),
    ];
    let rows: Vec<[String; 5]> = rules
        .iter()
        .map(|r| {
            let langs: Vec<&str> = r.languages.iter().map(|x| x.as_str()).collect();
            let id = if r.is_enabled() {
                r.id.clone()
            } else {
                format!("{} ({})", r.id, l.pick("off", "désactivée"))
            };
            [
                id,
                r.category.as_str().to_string(),
                r.severity.as_str().to_string(),
                langs.join(","),
                r.message.get(l).to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row.iter()).take(4) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let room = if io::stdout().is_terminal() {
        let used: usize = widths[..4].iter().map(|w| w + 2).sum();
        Some(terminal_width().saturating_sub(used).max(20))
    } else {
        None
    };
    let line = |cells: [&str; 5]| {
        let message = match room {
            Some(room) if cells[4].chars().count() > room => {
                let cut: String = cells[4].chars().take(room - 1).collect();
                format!("{cut}…")
            }
            _ => cells[4].to_string(),
        };
        format!(
            "{:<w0$}  {:<w1$}  {:<w2$}  {:<w3$}  {message}",
            cells[0],
            cells[1],
            cells[2],
            cells[3],
            w0 = widths[0],
            w1 = widths[1],
            w2 = widths[2],
            w3 = widths[3],
        )
    };
    writeln!(out, "{}", line(header))?;
    for row in &rows {
        let cells = [&*row[0], &*row[1], &*row[2], &*row[3], &*row[4]];
        writeln!(out, "{}", line(cells))?;
    }
    Ok(())
}

pub fn validate(files: &RuleArgs) -> Result<u8> {
    let sources = rule_sources(files)?;
    let mut out = io::stdout().lock();
    let strict = CompileOptions {
        check_patterns: true,
        ..CompileOptions::default()
    };
    match Ruleset::compile(&sources, &strict) {
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

pub fn test(files: &RuleArgs) -> Result<u8> {
    let sources = rule_sources(files)?;
    let rules = Ruleset::compile(&sources, &CompileOptions::default())
        .map_err(|d| anyhow::anyhow!("the rules have {} problem(s):\n{d}", d.len()))?;
    let only: Vec<String> = files
        .rules
        .iter()
        .map(|f| f.display().to_string())
        .collect();
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
