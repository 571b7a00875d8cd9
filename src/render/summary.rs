//! The one line that closes the text output of a batch: files, findings by severity, what was
//! accepted by markers, and the highest risk. Kept apart from the per-draft text renderer.

use std::io::{self, Write};

use crate::report::Summary;
use crate::taxonomy::{Lang, Risk, Severity};

/// Whether the line says anything the reports above it do not: more than one draft, a
/// suppressed finding, or an input that could not be read.
pub fn worth_printing(s: &Summary) -> bool {
    s.files > 1 || s.suppressed > 0 || s.errors > 0
}

/// `Summary: 3 files · 4 findings (1 high, 2 medium, 1 low, 0 info) · 1 suppressed · highest risk: high`
pub fn line(s: &Summary, l: Lang) -> String {
    let plural = |n: usize, en: (&str, &str), fr: (&str, &str)| -> String {
        let (one, many) = match l {
            Lang::En => en,
            Lang::Fr => fr,
        };
        format!("{n} {}", if n == 1 { one } else { many })
    };
    let mut parts = vec![
        plural(s.files, ("file", "files"), ("fichier", "fichiers")),
        format!(
            "{} ({} {}, {} {}, {} {}, {} {})",
            plural(s.findings, ("finding", "findings"), ("constat", "constats")),
            s.high,
            Severity::High.label(l),
            s.medium,
            Severity::Medium.label(l),
            s.low,
            Severity::Low.label(l),
            s.info,
            Severity::Info.label(l),
        ),
    ];
    if s.suppressed > 0 {
        parts.push(plural(
            s.suppressed,
            ("suppressed", "suppressed"),
            ("accepté par marqueur", "acceptés par marqueur"),
        ));
    }
    if s.errors > 0 {
        parts.push(plural(
            s.errors,
            ("unreadable input", "unreadable inputs"),
            ("entrée illisible", "entrées illisibles"),
        ));
    }
    parts.push(format!(
        "{} {}",
        l.pick("highest risk:", "risque le plus élevé :"),
        s.risk.unwrap_or(Risk::None).label(l)
    ));
    format!("{} {}", l.pick("Summary:", "Bilan :"), parts.join(" · "))
}

pub fn render(out: &mut dyn Write, s: &Summary, l: Lang) -> io::Result<()> {
    writeln!(out, "{}", line(s, l))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_in_both_languages() {
        let s = Summary {
            files: 3,
            findings: 1,
            high: 1,
            suppressed: 2,
            risk: Some(Risk::High),
            ..Summary::default()
        };
        assert_eq!(
            line(&s, Lang::En),
            "Summary: 3 files · 1 finding (1 high, 0 medium, 0 low, 0 info) · 2 suppressed · highest risk: high"
        );
        assert_eq!(
            line(&s, Lang::Fr),
            "Bilan : 3 fichiers · 1 constat (1 élevé, 0 moyen, 0 faible, 0 info) · 2 acceptés par marqueur · risque le plus élevé : élevé"
        );
    }
}
