//! Inline suppressions that leave a trail. A reviewer accepts a finding by writing, in the draft,
//! `postcheck-ignore: RULE-OR-CATEGORY -- reason` (in Markdown, inside `<!-- … -->`).
//!
//! Where a marker applies: a marker that shares its line with draft text covers that line; a
//! marker alone on its line (only comment punctuation around it) covers the next non-blank line;
//! `postcheck-ignore-file:` covers the whole draft. Findings are matched by the line they start
//! on. A marker without a reason suppresses nothing, and a marker that names nothing firing where
//! it applies is itself reported, by the two pseudo-rules of `pseudo.rs`. The engine never sees markers:
//! [`scan`] blanks them before the check (so a reason's words cannot trigger or mitigate a rule)
//! and [`apply`] moves findings out of the report after it.

mod pseudo;

use std::borrow::Cow;
use std::ops::Range;

use crate::report::{Report, ReportFinding, SuppressedFinding};
use crate::ruleset::Ruleset;
use crate::taxonomy::{Lang, Risk, Severity};

use pseudo::{pseudo_finding, unused_message, without_reason_message};
pub use pseudo::{pseudo_rule, PseudoRule, PSEUDO_RULES, UNUSED, WITHOUT_REASON};

const MARKER: &str = "postcheck-ignore";

/// Where a marker applies.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Scope {
    /// Findings starting on this line (1-based).
    Line(usize),
    /// Every finding of the draft.
    File,
}

/// One marker found in a draft.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    /// Bytes of the marker in the original text, from `postcheck-ignore` to the end of its reason.
    pub span: Range<usize>,
    pub scope: Scope,
    /// Rule ids or categories, lower-cased, as written.
    pub targets: Vec<String>,
    /// `None` when nothing but blanks follows `--` (or there is no `--`).
    pub reason: Option<String>,
}

/// What a run changes about the pseudo-rules (from the configuration).
#[derive(Debug, Clone, Default)]
pub struct SuppressOptions {
    /// Pseudo-rule ids switched off.
    pub disabled: Vec<String>,
    /// New severities for pseudo-rules.
    pub severity: Vec<(String, Severity)>,
}

/// True when a line holds no draft text: only blanks and comment punctuation.
fn is_blank(line: &str) -> bool {
    !line.chars().any(char::is_alphanumeric)
}

/// True when `text` holds the marker in any case. Lowered a slice at a time: a lowered copy of
/// the whole draft was a second copy of a 46 MB input, for a word almost no draft holds.
fn has_marker(text: &str) -> bool {
    const SLICE: usize = 64 * 1024;
    let (bytes, n) = (text.as_bytes(), MARKER.len());
    let mut lower = Vec::with_capacity(SLICE.min(bytes.len()) + n);
    let mut from = 0;
    while from < bytes.len() {
        // Each slice overlaps the next by the marker's length less one byte.
        let to = (from + SLICE + n - 1).min(bytes.len());
        lower.clear();
        lower.extend(bytes[from..to].iter().map(u8::to_ascii_lowercase));
        if lower
            .windows(n)
            .any(|w| w[0] == b'p' && w == MARKER.as_bytes())
        {
            return true;
        }
        from += SLICE;
    }
    false
}

/// Finds the markers of a draft and returns the text with each marker blanked by spaces (same
/// byte offsets, same lines) for the engine to check.
pub fn scan(text: &str) -> (Cow<'_, str>, Vec<Marker>) {
    if !has_marker(text) {
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut lines: Vec<(usize, &str)> = Vec::new();
    let mut at = 0;
    for l in text.split_inclusive('\n') {
        lines.push((at, l.trim_end_matches(['\n', '\r'])));
        at += l.len();
    }
    let mut markers = Vec::new();
    for (index, &(start, line)) in lines.iter().enumerate() {
        let lower = line.to_ascii_lowercase();
        let mut from = 0;
        let mut on_line: Vec<Marker> = Vec::new();
        while let Some(found) = lower[from..].find(MARKER) {
            let pos = from + found;
            from = pos + MARKER.len();
            if let Some((m, end)) = parse_marker(line, &lower, pos) {
                on_line.push(Marker {
                    span: start + pos..start + end,
                    ..m
                });
                from = end;
            }
        }
        if on_line.is_empty() {
            continue;
        }
        // Alone on its line when nothing but punctuation remains outside the markers.
        let mut rest = line.to_string();
        for m in &on_line {
            let r = m.span.start - start..m.span.end - start;
            rest.replace_range(r.clone(), &" ".repeat(r.len()));
        }
        let target = if is_blank(&rest) {
            lines[index + 1..]
                .iter()
                .position(|(_, l)| !is_blank(l))
                .map_or(index + 2, |p| index + 2 + p)
        } else {
            index + 1
        };
        for mut m in on_line {
            if m.scope != Scope::File {
                m.scope = Scope::Line(target);
            }
            markers.push(m);
        }
    }
    let mut blanked = text.to_string();
    for m in &markers {
        blanked.replace_range(m.span.clone(), &" ".repeat(m.span.len()));
    }
    (Cow::Owned(blanked), markers)
}

/// Parses the marker starting at byte `pos` of a line; returns it and where it ends.
fn parse_marker(line: &str, lower: &str, pos: usize) -> Option<(Marker, usize)> {
    let mut at = pos + MARKER.len();
    let file = lower[at..].starts_with("-file");
    if file {
        at += "-file".len();
    }
    let after = &line[at..];
    let colon = after.len() - after.trim_start().len();
    if !after[colon..].starts_with(':') {
        return None;
    }
    let body_start = at + colon + 1;
    let mut body_end = line[body_start..]
        .find("-->")
        .map_or(line.len(), |i| body_start + i);
    if let Some(next) = lower[body_start..body_end].find(MARKER) {
        body_end = body_start + next;
    }
    let body = &line[body_start..body_end];
    let sep = ["--", "—", "–"]
        .iter()
        .filter_map(|s| body.find(s).map(|i| (i, s.len())))
        .min();
    let (names, reason) = match sep {
        Some((i, n)) => (&body[..i], Some(body[i + n..].trim())),
        None => (body, None),
    };
    let targets = names
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|t| !t.is_empty())
        .map(str::to_lowercase)
        .collect();
    let reason = reason
        .filter(|r| r.chars().any(char::is_alphanumeric))
        .map(str::to_string);
    let end = body_start + body.trim_end().len();
    let scope = if file { Scope::File } else { Scope::Line(0) };
    Some((
        Marker {
            span: 0..0,
            scope,
            targets,
            reason,
        },
        end,
    ))
}

fn covers(m: &Marker, f: &ReportFinding) -> bool {
    match m.scope {
        Scope::File => true,
        Scope::Line(l) => l == f.span.line,
    }
}

fn names(target: &str, f: &ReportFinding) -> bool {
    target == f.rule || target == f.category.as_str()
}

/// Moves the findings that markers accept into `report.suppressed`, reports markers without a
/// reason or without a finding to accept, and recomputes the risk.
pub fn apply(
    report: &mut Report,
    original: &str,
    markers: &[Marker],
    rs: &Ruleset,
    lang: Lang,
    show_matches: bool,
    options: &SuppressOptions,
) {
    if markers.is_empty() {
        return;
    }
    let masked: Vec<Range<usize>> = if show_matches {
        Vec::new()
    } else {
        report
            .findings
            .iter()
            .filter(|f| rs.rule(&f.rule).is_some_and(|r| r.sensitive))
            .map(|f| f.span.start..f.span.end)
            .collect()
    };
    let mut used: Vec<Vec<bool>> = markers
        .iter()
        .map(|m| vec![false; m.targets.len()])
        .collect();
    let mut kept = Vec::new();
    for f in std::mem::take(&mut report.findings) {
        let mut reason = None;
        for (mi, m) in markers.iter().enumerate() {
            if m.reason.is_none() || !covers(m, &f) {
                continue;
            }
            for (ti, t) in m.targets.iter().enumerate() {
                if names(t, &f) {
                    used[mi][ti] = true;
                    reason = reason.or(m.reason.clone());
                }
            }
        }
        match reason {
            Some(reason) => report
                .suppressed
                .push(SuppressedFinding { finding: f, reason }),
            None => kept.push(f),
        }
    }
    for (m, used) in markers.iter().zip(&used) {
        let problem = if m.reason.is_none() {
            Some((WITHOUT_REASON, without_reason_message(m, lang)))
        } else {
            let unused: Vec<&str> = m
                .targets
                .iter()
                .zip(used)
                .filter(|(_, u)| !**u)
                .map(|(t, _)| t.as_str())
                .collect();
            (m.targets.is_empty() || !unused.is_empty())
                .then(|| (UNUSED, unused_message(&unused, rs, lang)))
        };
        let Some((id, message)) = problem else {
            continue;
        };
        if options.disabled.iter().any(|d| d == id) {
            continue;
        }
        kept.push(pseudo_finding(
            id, message, m, original, rs, lang, &masked, options,
        ));
    }
    kept.sort_by(|a, b| {
        (a.span.start, a.span.end, &a.rule).cmp(&(b.span.start, b.span.end, &b.rule))
    });
    report.findings = kept;
    report.risk = Risk::from_severity(report.findings.iter().map(|f| f.severity).max());
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_marker_is_found_in_any_case_across_slices() {
        for at in [0, 10, 65_530, 65_536, 65_540, 200_000] {
            let mut text = "x".repeat(at);
            text.push_str("PostCheck-Ignore");
            assert!(super::has_marker(&text), "{at}");
            assert!(!super::has_marker(&text[..text.len() - 1]), "{at}");
        }
        assert!(!super::has_marker(""));
    }

    use super::*;

    fn one(text: &str) -> Marker {
        let (_, m) = scan(text);
        assert_eq!(m.len(), 1, "{m:?}");
        m.into_iter().next().unwrap()
    }

    #[test]
    fn reads_plain_and_html_markers() {
        let m = one("Team photo! postcheck-ignore: consent -- all agreed by email on 3 May\n");
        assert_eq!(m.targets, ["consent"]);
        assert_eq!(m.reason.as_deref(), Some("all agreed by email on 3 May"));
        assert_eq!(m.scope, Scope::Line(1));

        let text =
            "<!-- postcheck-ignore: Consent, photo-of-people -- agreed -->\n\n  \nTeam photo!";
        let m = one(text);
        assert_eq!(m.targets, ["consent", "photo-of-people"]);
        assert_eq!(m.reason.as_deref(), Some("agreed"));
        assert_eq!(m.scope, Scope::Line(4));
        assert_eq!(
            &text[m.span.clone()],
            "postcheck-ignore: Consent, photo-of-people -- agreed"
        );
    }

    #[test]
    fn missing_reasons_and_file_scope() {
        assert_eq!(one("<!-- postcheck-ignore: consent -->\nx").reason, None);
        assert_eq!(one("postcheck-ignore: consent --   \nx").reason, None);
        assert_eq!(
            one("postcheck-ignore: consent — ok\nx").reason.as_deref(),
            Some("ok")
        );
        let m = one("<!-- postcheck-ignore-file: integrity -- reviewed by J. on 2 May -->\nx");
        assert_eq!(m.scope, Scope::File);
        // Prose that mentions the marker without a colon is not one.
        assert!(scan("about postcheck-ignore markers").1.is_empty());
    }

    #[test]
    fn blanks_markers_keeping_offsets() {
        let text = "a <!-- postcheck-ignore: x -- secret plans -->\nb";
        let (clean, _) = scan(text);
        assert_eq!(clean.len(), text.len());
        assert!(!clean.contains("secret"));
        assert!(clean.ends_with("-->\nb"));
    }

    fn rules() -> Ruleset {
        let src = crate::ruleset::RuleSource::new(
            "tests/fixtures/ci/rules.toml",
            include_str!("../../tests/fixtures/ci/rules.toml"),
        );
        Ruleset::compile(&[src], &Default::default()).expect("fixture rules compile")
    }

    fn check(text: &str) -> Report {
        crate::check_text(
            "d.md",
            text,
            &rules(),
            &Default::default(),
            &Default::default(),
        )
    }

    #[test]
    fn accepted_findings_move_with_their_reason() {
        let r = check("Our group photo!\n<!-- postcheck-ignore: consent -- all agreed on 3 May -->\nAnother group photo.\n");
        assert_eq!(r.findings.len(), 1, "{:?}", r.findings);
        assert_eq!(r.findings[0].span.line, 1);
        assert_eq!(r.suppressed.len(), 1);
        assert_eq!(r.suppressed[0].finding.span.line, 3);
        assert_eq!(r.suppressed[0].reason, "all agreed on 3 May");
        assert_eq!(r.risk, Risk::Medium);
        let json = serde_json::to_value(&r).unwrap();
        assert_eq!(json["suppressed"][0]["rule"], "test-group-photo");
        assert_eq!(json["suppressed"][0]["reason"], "all agreed on 3 May");
    }

    #[test]
    fn markers_without_reason_or_use_are_reported() {
        let r = check("Group photo postcheck-ignore: test-group-photo\nHello postcheck-ignore: test-secret-project, nope -- fine\n");
        let ids: Vec<&str> = r.findings.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(ids, ["test-group-photo", WITHOUT_REASON, UNUSED]);
        assert!(r.suppressed.is_empty());
        let unused = &r.findings[2];
        assert_eq!((unused.span.line, unused.severity), (2, Severity::Low));
        assert!(
            unused.message.contains("`test-secret-project`, `nope`"),
            "{}",
            unused.message
        );
        assert!(unused.message.contains("no rule or category has that name"));
    }

    #[test]
    fn reasons_never_trigger_rules_and_file_markers_cover_all() {
        let r = check("postcheck-ignore-file: confidentiality -- Project Bluebird was announced on 1 May\n\nProject Bluebird launches!\nProject Bluebird again.");
        assert!(r.findings.is_empty(), "{:?}", r.findings);
        assert_eq!(r.suppressed.len(), 2);
        assert_eq!(r.risk, Risk::None);
    }

    #[test]
    fn pseudo_rules_can_be_switched_off() {
        let options = SuppressOptions {
            disabled: vec![UNUSED.into()],
            severity: vec![(WITHOUT_REASON.into(), Severity::Medium)],
        };
        let r = crate::check_text_with(
            "d.md",
            "postcheck-ignore: consent -- ok\nx\npostcheck-ignore: consent\ny",
            &rules(),
            &Default::default(),
            &Default::default(),
            &options,
        );
        assert_eq!(r.findings.len(), 1);
        assert_eq!(r.findings[0].rule, WITHOUT_REASON);
        assert_eq!(r.risk, Risk::Medium);
    }

    #[test]
    fn marker_on_last_line_covers_nothing_after() {
        let m = one("text\npostcheck-ignore: consent -- fine");
        assert_eq!(m.scope, Scope::Line(3));
    }
}
