//! `--format github`: one GitHub Actions workflow command per finding, so each appears on the
//! pull request's line (`::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`).
//! Suppressed findings are not annotated: they were accepted.

use std::io::{self, Write};

use crate::report::{Report, ReportFinding};
use crate::taxonomy::Severity;

use super::RenderOptions;

/// The workflow command for a severity: what must be reworked is an error.
pub fn command(s: Severity) -> &'static str {
    match s {
        Severity::High | Severity::Medium => "error",
        Severity::Low => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes a message the way the Actions toolkit does (`%`, CR, LF).
pub fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value: as a message, plus the `:` and `,` that separate properties.
pub fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// A path as GitHub expects it: relative to the repository, with forward slashes.
fn file(source: &str) -> Option<String> {
    (source != "-").then(|| {
        source
            .replace('\\', "/")
            .trim_start_matches("./")
            .to_string()
    })
}

fn annotation(
    out: &mut dyn Write,
    source: &str,
    f: &ReportFinding,
    o: &RenderOptions,
) -> io::Result<()> {
    let s = &f.span;
    let mut props = Vec::new();
    if let Some(file) = file(source) {
        props.push(format!("file={}", escape_property(&file)));
    }
    props.push(format!("line={}", s.line));
    // The runner drops columns when a range spans lines, so give them only on one line.
    if s.line == s.end_line {
        props.push(format!("col={}", s.column));
        props.push(format!("endLine={}", s.end_line));
        props.push(format!("endColumn={}", s.end_column.max(s.column)));
    } else {
        props.push(format!("endLine={}", s.end_line));
    }
    let title = format!("postcheck {} ({})", f.rule, f.category.label(o.lang));
    props.push(format!("title={}", escape_property(&title)));
    let guidance: Vec<&str> = f.guidance.iter().map(|g| g.section.as_str()).collect();
    let mut message = format!("{} {}", f.message, f.advice);
    if !guidance.is_empty() {
        message.push_str(&format!(
            " ({} {})",
            o.lang.pick("guidance:", "orientations :"),
            guidance.join(", ")
        ));
    }
    writeln!(
        out,
        "::{} {}::{}",
        command(f.severity),
        props.join(","),
        escape_data(&message)
    )
}

/// Writes the annotations of one report (streamed, report by report).
pub fn render_report(out: &mut dyn Write, report: &Report, o: &RenderOptions) -> io::Result<()> {
    for f in &report.findings {
        annotation(out, &report.source, f, o)?;
    }
    Ok(())
}

pub fn render(out: &mut dyn Write, reports: &[Report], o: &RenderOptions) -> io::Result<()> {
    for r in reports {
        render_report(out, r, o)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_like_the_toolkit() {
        assert_eq!(escape_data("50% done\r\nnext"), "50%25 done%0D%0Anext");
        assert_eq!(escape_property("a:b,c%\n"), "a%3Ab%2Cc%25%0A");
        assert_eq!(file("./drafts\\a.md").as_deref(), Some("drafts/a.md"));
        assert_eq!(file("-"), None);
    }

    #[test]
    fn commands_by_severity() {
        assert_eq!(command(Severity::High), "error");
        assert_eq!(command(Severity::Medium), "error");
        assert_eq!(command(Severity::Low), "warning");
        assert_eq!(command(Severity::Info), "notice");
    }
}
