//! `postcheck explain ID`: a rule or a guidance section, in the reader's language.

use std::io::{self, BufWriter, Write};

use anyhow::{bail, Result};

use postcheck::ruleset::CompileOptions;
use postcheck::taxonomy::Lang;

use super::args::RuleArgs;
use super::load_rules;

pub fn run(id: &str, lang: Lang, rule_args: &RuleArgs) -> Result<u8> {
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
