//! The human report: per draft, the risk, then each finding in context like a compiler's
//! diagnostic, its message, advice and guidance sections; at the end what to do next.

use std::io::{self, Write};

use crate::report::{Report, ReportFinding, Summary};
use crate::ruleset::Ruleset;
use crate::taxonomy::{Risk, Severity};

use super::RenderOptions;

fn paint(on: bool, code: &str, s: &str) -> String {
    if on {
        format!("\x1b[{code}m{s}\x1b[0m")
    } else {
        s.to_string()
    }
}

fn severity_color(s: Severity) -> &'static str {
    match s {
        Severity::High => "1;31",
        Severity::Medium => "1;33",
        Severity::Low => "1;36",
        Severity::Info => "2",
    }
}

fn risk_color(r: Risk) -> &'static str {
    match r {
        Risk::High => "1;31",
        Risk::Medium => "1;33",
        Risk::Low => "1;36",
        Risk::None => "1;32",
    }
}

pub fn render(
    out: &mut dyn Write,
    reports: &[Report],
    summary: &Summary,
    rs: &Ruleset,
    o: &RenderOptions,
) -> io::Result<()> {
    let l = o.lang;
    for report in reports {
        let verdict = match report.risk {
            Risk::None => l.pick("safe to post", "peut être publié"),
            Risk::Low => l.pick(
                "safe to post after a second look",
                "peut être publié après relecture",
            ),
            Risk::Medium => l.pick("rework before posting", "à retravailler avant publication"),
            Risk::High => l.pick("do not post", "à ne pas publier"),
        };
        let risk = paint(
            o.color,
            risk_color(report.risk),
            &report.risk.label(l).to_uppercase(),
        );
        writeln!(
            out,
            "{} — {}: {} ({verdict})",
            crate::report::escape(&report.source),
            l.pick("risk", "risque"),
            risk
        )?;
        if o.quiet {
            continue;
        }
        for f in &report.findings {
            finding(out, f, o)?;
        }
        if !report.findings.is_empty() {
            writeln!(out)?;
        }
    }
    if o.quiet {
        return Ok(());
    }
    if summary.findings > 0 {
        let when_in_doubt = rs
            .guidance
            .section("ops.when-in-doubt")
            .map(|s| s.summary.get(l).to_string())
            .unwrap_or_default();
        writeln!(out, "{} {}", paint(o.color, "1", l.pick("Next:", "Ensuite :")), l.pick(
            "rework or remove what is flagged, or ask your manager before posting.",
            "retravaillez ou retirez ce qui est signalé, ou consultez votre gestionnaire avant de publier."
        ))?;
        if !when_in_doubt.is_empty() {
            writeln!(out, "{when_in_doubt}")?;
        }
    }
    Ok(())
}

fn finding(out: &mut dyn Write, f: &ReportFinding, o: &RenderOptions) -> io::Result<()> {
    let l = o.lang;
    let sev = paint(
        o.color,
        severity_color(f.severity),
        &format!("{:<6}", f.severity.label(l)),
    );
    writeln!(out)?;
    writeln!(
        out,
        "  {sev} {} [{}] {}:{}",
        f.category.label(l),
        f.rule,
        f.span.line,
        f.span.column
    )?;
    let num = f.span.line.to_string();
    let pad = " ".repeat(num.len());
    let e = &f.excerpt;
    let (before, marked, after) = (
        &e.line[..e.mark.start],
        &e.line[e.mark.clone()],
        &e.line[e.mark.end..],
    );
    writeln!(out, "   {pad} |")?;
    writeln!(
        out,
        "   {num} | {before}{}{after}",
        paint(o.color, "1;4", marked)
    )?;
    let width_before = before.chars().count();
    let width = marked.chars().count().max(1);
    writeln!(
        out,
        "   {pad} | {}{}",
        " ".repeat(width_before),
        paint(o.color, severity_color(f.severity), &"^".repeat(width))
    )?;
    writeln!(out, "   {pad} = {}", f.message)?;
    writeln!(
        out,
        "   {pad} = {} {}",
        l.pick("advice:", "conseil :"),
        f.advice
    )?;
    for g in &f.guidance {
        writeln!(
            out,
            "   {pad} = {} {} — {}",
            l.pick("guidance:", "orientation :"),
            g.section,
            g.title
        )?;
    }
    for e in &f.escalations {
        writeln!(
            out,
            "   {pad} = {} {}",
            l.pick("raised:", "relevé :"),
            e.reason
        )?;
    }
    if o.verbose {
        writeln!(
            out,
            "   {pad} = {} {} ({} {})",
            l.pick("rule:", "règle :"),
            f.rule,
            l.pick("base severity", "gravité de base"),
            f.base_severity.label(l)
        )?;
        if let Some(c) = &f.context {
            writeln!(
                out,
                "   {pad} = {} « {c} »",
                l.pick("context:", "contexte :")
            )?;
        }
    }
    Ok(())
}
