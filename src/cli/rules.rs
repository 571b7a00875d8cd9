//! `postcheck rules list|validate|test`.

use std::io::{self, BufWriter, Write};
use std::path::PathBuf;

use anyhow::Result;

use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::ruletest;
use postcheck::taxonomy::Lang;

use super::args::{FormatArg, RuleArgs};
use super::{load_rules, read_rule_file};

pub fn list(format: FormatArg, lang: Lang, rule_args: &RuleArgs) -> Result<u8> {
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

pub fn validate(files: &[PathBuf]) -> Result<u8> {
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

pub fn test(files: &[PathBuf]) -> Result<u8> {
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
