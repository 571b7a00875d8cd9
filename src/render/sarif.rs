//! `--format sarif`: SARIF 2.1.0, the log format code-scanning services read. One run: the tool
//! with every enabled rule (and the pseudo-rules about suppression markers), then one result per
//! finding; findings accepted by a marker are results with an in-source suppression.

use std::collections::HashMap;
use std::io::{self, Write};

use serde_json::{json, Value};

use crate::report::{Report, ReportFinding, Summary};
use crate::ruleset::Ruleset;
use crate::suppress::PSEUDO_RULES;
use crate::taxonomy::{Category, Lang, Severity};

use super::RenderOptions;

const SCHEMA: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where people learn about the tool: the package's homepage or repository when it names one.
fn information_uri() -> Option<&'static str> {
    [env!("CARGO_PKG_HOMEPAGE"), env!("CARGO_PKG_REPOSITORY")]
        .into_iter()
        .find(|u| !u.is_empty())
}

/// SARIF's three levels: what must not be posted is an error.
pub fn level(s: Severity) -> &'static str {
    match s {
        Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// `embargoed-information` → `EmbargoedInformation`: SARIF's readable rule name.
fn pascal(id: &str) -> String {
    id.split('-')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

/// A draft's path as a URI reference: relative paths stay relative (code scanning resolves them
/// against the checkout), `-` is `stdin`, and bytes outside the URI alphabet are escaped.
pub fn uri(source: &str) -> String {
    if source == "-" {
        return "stdin".into();
    }
    let path = source.replace('\\', "/");
    let path = path.trim_start_matches("./");
    let mut out = String::with_capacity(path.len());
    let absolute = path.starts_with('/') || path.as_bytes().get(1) == Some(&b':');
    if absolute {
        out.push_str(if path.starts_with('/') {
            "file://"
        } else {
            "file:///"
        });
    }
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            b':' if absolute => out.push(':'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// FNV-1a: a stable hash with no dependency, for fingerprints that survive line moves.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for p in parts {
        for b in p.bytes().chain([0]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// The guidance sections a rule cites under the chosen profiles (its first one if none is left).
fn cited<'a>(sections: &'a [String], cite: &[String]) -> Vec<&'a String> {
    let kept: Vec<&String> = sections
        .iter()
        .filter(|s| {
            cite.is_empty()
                || cite.iter().any(|d| {
                    s.strip_prefix(d.as_str())
                        .is_some_and(|r| r.starts_with('.'))
                })
        })
        .collect();
    if kept.is_empty() {
        sections.iter().take(1).collect()
    } else {
        kept
    }
}

#[allow(clippy::too_many_arguments)]
fn descriptor(
    id: &str,
    category: Category,
    severity: Severity,
    short: &str,
    full: &str,
    advice: &str,
    sections: &[String],
    tags: &[String],
    rs: &Ruleset,
    o: &RenderOptions,
) -> Value {
    let l = o.lang;
    let mut text = format!("{} {advice}", l.pick("Advice:", "Conseil :"));
    let mut markdown = format!("**{}** {advice}", l.pick("Advice:", "Conseil :"));
    let found: Vec<_> = cited(sections, &o.cite)
        .into_iter()
        .filter_map(|s| rs.guidance.section(s))
        .collect();
    if !found.is_empty() {
        let head = l.pick("Guidance:", "Orientations :");
        text.push_str(&format!("\n\n{head}"));
        markdown.push_str(&format!("\n\n**{head}**\n"));
        for s in found {
            let (title, summary) = (s.title.get(l), s.summary.get(l));
            text.push_str(&format!("\n- {title} ({}): {summary}", s.id));
            markdown.push_str(&format!("\n- **{title}** (`{}`): {summary}", s.id));
        }
    }
    // SARIF tags are a set: the category first, then the rule's own labels, once each.
    let mut all_tags = vec![category.as_str().to_string()];
    for t in tags {
        if !all_tags.contains(t) {
            all_tags.push(t.clone());
        }
    }
    json!({
        "id": id,
        "name": pascal(id),
        "shortDescription": { "text": short },
        "fullDescription": { "text": full },
        "help": { "text": text, "markdown": markdown },
        "defaultConfiguration": { "level": level(severity) },
        "properties": {
            "category": category.as_str(),
            "severity": severity.as_str(),
            "tags": all_tags,
        },
    })
}

fn rules(rs: &Ruleset, o: &RenderOptions) -> Vec<Value> {
    let l = o.lang;
    let mut out: Vec<Value> = rs
        .rules
        .iter()
        .filter(|r| r.is_enabled())
        .map(|r| {
            descriptor(
                &r.id,
                r.category,
                r.severity,
                r.message.get(l),
                r.description.get(l),
                r.advice.get(l),
                &r.sections,
                &r.tags,
                rs,
                o,
            )
        })
        .collect();
    for p in &PSEUDO_RULES {
        out.push(descriptor(
            p.id,
            p.category,
            p.severity,
            p.pick(p.title, l),
            p.pick(p.description, l),
            p.pick(p.advice, l),
            &[p.section.to_string()],
            &["suppression".to_string()],
            rs,
            o,
        ));
    }
    out
}

fn result(
    report: &Report,
    f: &ReportFinding,
    occurrence: usize,
    index: &HashMap<String, usize>,
) -> Value {
    let s = &f.span;
    let mut r = json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": format!("{} {}", f.message, f.advice) },
        "locations": [{
            "physicalLocation": {
                "artifactLocation": { "uri": uri(&report.source) },
                "region": {
                    "startLine": s.line,
                    "startColumn": s.column,
                    "endLine": s.end_line,
                    "endColumn": s.end_column,
                },
            },
        }],
        // Built from the masked text, never the personal information itself.
        "partialFingerprints": {
            "postcheckFinding/v1": format!("{:016x}", fnv1a(&[&f.rule, &f.text, &occurrence.to_string()])),
        },
        "properties": {
            "category": f.category.as_str(),
            "severity": f.severity.as_str(),
            "class": f.class.as_str(),
            "guidance": f.guidance.iter().map(|g| g.section.as_str()).collect::<Vec<_>>(),
            "escalations": f.escalations.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(),
        },
    });
    if let Some(i) = index.get(&f.rule) {
        r["ruleIndex"] = json!(i);
    }
    r
}

pub fn render(
    out: &mut dyn Write,
    reports: &[Report],
    summary: &Summary,
    rs: &Ruleset,
    o: &RenderOptions,
) -> io::Result<()> {
    let rules = rules(rs, o);
    let index: HashMap<String, usize> = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r["id"].as_str().map(|id| (id.to_string(), i)))
        .collect();
    let mut results = Vec::new();
    for report in reports {
        // Repeats of the same words for the same rule are told apart by their order.
        let mut seen: HashMap<(&str, &str), usize> = HashMap::new();
        let mut all: Vec<(&ReportFinding, Option<&str>)> =
            report.findings.iter().map(|f| (f, None)).collect();
        all.extend(
            report
                .suppressed
                .iter()
                .map(|s| (&s.finding, Some(s.reason.as_str()))),
        );
        all.sort_by_key(|(f, _)| (f.span.start, f.span.end));
        for (f, reason) in all {
            let n = seen.entry((&f.rule, &f.text)).or_insert(0);
            *n += 1;
            let mut r = result(report, f, *n, &index);
            if let Some(reason) = reason {
                r["suppressions"] = json!([{ "kind": "inSource", "justification": reason }]);
            }
            results.push(r);
        }
    }
    let mut driver = json!({
        "name": "postcheck",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if let Some(u) = information_uri() {
        driver["informationUri"] = json!(u);
    }
    let doc = json!({
        "$schema": SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "invocations": [{ "executionSuccessful": summary.errors == 0 }],
            "language": match o.lang { Lang::En => "en-CA", Lang::Fr => "fr-CA" },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &doc).map_err(io::Error::from)?;
    writeln!(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uris_are_relative_and_escaped() {
        assert_eq!(uri("-"), "stdin");
        assert_eq!(uri("./drafts/a b.md"), "drafts/a%20b.md");
        assert_eq!(uri("drafts\\été.txt"), "drafts/%C3%A9t%C3%A9.txt");
        assert_eq!(uri("/tmp/x.md"), "file:///tmp/x.md");
        assert_eq!(uri("C:\\d\\x.md"), "file:///C:/d/x.md");
    }

    #[test]
    fn names_and_levels() {
        assert_eq!(pascal("embargoed-information"), "EmbargoedInformation");
        assert_eq!(level(Severity::Medium), "warning");
        assert_eq!(level(Severity::Info), "note");
    }

    #[test]
    fn profiles_filter_sections_but_keep_one() {
        let s = vec!["ops.a".to_string(), "federal.b".to_string()];
        assert_eq!(cited(&s, &["federal".into()]), [&s[1]]);
        assert_eq!(cited(&s[..1], &["federal".into()]), [&s[0]]);
        assert_eq!(cited(&s, &[]).len(), 2);
    }
}
