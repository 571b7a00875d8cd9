//! Measures the default ruleset on the labelled corpus (`tests/corpus/*.jsonl`): precision and
//! recall per category, the share of risky drafts flagged and of safe drafts wrongly flagged.
//!
//! `cargo test --release --test corpus -- --nocapture` prints the table the README shows;
//! `POSTCHECK_CORPUS_DETAILS=1` also lists every draft the rules got wrong.

#![allow(clippy::print_stdout)] // the table is this test's output

use std::collections::BTreeMap;
use std::fs;

use postcheck::engine::CheckOptions;
use postcheck::report::ReportOptions;
use postcheck::ruleset::Ruleset;
use postcheck::taxonomy::{Category, Risk, Severity};
use serde::Deserialize;

#[derive(Deserialize)]
struct Labelled {
    id: String,
    #[allow(dead_code)]
    lang: String,
    text: String,
    categories: Vec<String>,
    risk: String,
}

// The targets are precision and recall 0.90 per category, 0.95 of risky drafts flagged
// and at most 0.05 of safe drafts wrongly flagged. The ruleset does not reach all of them yet
// (see the README's table), so this test holds the line where it stands: a change to the rules
// that loses accuracy fails here. Raise the floors as the rules improve; never lower them.
const MIN_PRECISION: f64 = 0.90;
const MIN_RECALL: f64 = 0.80;
const MIN_RISKY_FLAGGED: f64 = 0.92;
const MAX_SAFE_FLAGGED: f64 = 0.05;

fn load() -> Vec<Labelled> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    let mut files: Vec<_> = fs::read_dir(dir)
        .expect("tests/corpus exists")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files
        .iter()
        .filter(|f| f.extension().is_some_and(|e| e == "jsonl"))
    {
        let text = fs::read_to_string(f).expect("corpus file is UTF-8");
        for (i, line) in text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
        {
            let d: Labelled = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("{}:{}: {e}", f.display(), i + 1));
            out.push(d);
        }
    }
    out
}

/// Whether a draft is in the held-out slice: its number (`en-042` → 42) is 2 mod 4.
fn held_out(id: &str) -> bool {
    id.rsplit('-')
        .next()
        .and_then(|n| n.parse::<u32>().ok())
        .is_some_and(|n| n % 4 == 2)
}

#[derive(Default)]
struct Counts {
    tp: usize,
    fp: usize,
    fn_: usize,
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        1.0
    } else {
        a as f64 / b as f64
    }
}

#[test]
fn corpus_precision_and_recall() {
    let rules = Ruleset::builtin().expect("built-in rules compile");
    let corpus = load();
    assert!(corpus.len() >= 400, "the corpus has at least 400 drafts");
    // POSTCHECK_CORPUS_SLICE=heldout keeps the drafts whose number is 2 mod 4 (the rule writers
    // never read them), =train the others: the held-out figures are the honest estimate of how
    // the rules do on drafts they were not written against. The thresholds apply to the whole.
    let slice = std::env::var("POSTCHECK_CORPUS_SLICE").ok();
    let corpus: Vec<Labelled> = match slice.as_deref() {
        Some(s @ ("heldout" | "train")) => corpus
            .into_iter()
            .filter(|d| held_out(&d.id) == (s == "heldout"))
            .collect(),
        _ => corpus,
    };
    let details = std::env::var_os("POSTCHECK_CORPUS_DETAILS").is_some();
    let mut per: BTreeMap<Category, Counts> = Category::ALL
        .iter()
        .map(|c| (*c, Counts::default()))
        .collect();
    let (mut risky, mut risky_flagged, mut safe, mut safe_flagged) = (0, 0, 0, 0);
    for d in &corpus {
        let report = postcheck::check_text(
            &d.id,
            &d.text,
            &rules,
            &CheckOptions::default(),
            &ReportOptions::default(),
        );
        let found: Vec<Category> = report.categories();
        let expected: Vec<Category> = d
            .categories
            .iter()
            .map(|c| Category::parse(c).unwrap_or_else(|| panic!("{}: unknown category {c}", d.id)))
            .collect();
        for c in Category::ALL {
            let (e, f) = (expected.contains(&c), found.contains(&c));
            let n = per.get_mut(&c).expect("every category is counted");
            match (e, f) {
                (true, true) => n.tp += 1,
                (false, true) => n.fp += 1,
                (true, false) => n.fn_ += 1,
                _ => {}
            }
        }
        let flagged = report.risk >= Risk::Medium;
        let label_risky = matches!(d.risk.as_str(), "medium" | "high");
        if label_risky {
            risky += 1;
            risky_flagged += flagged as usize;
        } else {
            safe += 1;
            safe_flagged += flagged as usize;
        }
        if details && (found != expected || flagged != label_risky) {
            let fired: Vec<String> = report
                .findings
                .iter()
                .filter(|f| f.severity > Severity::Info)
                .map(|f| format!("{}:{}({})", f.rule, f.severity, f.text))
                .collect();
            println!(
                "MISS {} expected {:?}/{} got {:?}/{} {:?}\n     {}",
                d.id,
                d.categories,
                d.risk,
                found.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
                report.risk.as_str(),
                fired,
                d.text.replace('\n', " ")
            );
        }
    }
    println!("\n| category | precision | recall | drafts |");
    println!("|---|---:|---:|---:|");
    let mut failures = Vec::new();
    for (c, n) in &per {
        let p = ratio(n.tp, n.tp + n.fp);
        let r = ratio(n.tp, n.tp + n.fn_);
        println!("| {c} | {p:.2} | {r:.2} | {} |", n.tp + n.fn_);
        if p < MIN_PRECISION {
            failures.push(format!("{c}: precision {p:.2} < {MIN_PRECISION}"));
        }
        if r < MIN_RECALL {
            failures.push(format!("{c}: recall {r:.2} < {MIN_RECALL}"));
        }
    }
    let rf = ratio(risky_flagged, risky);
    let sf = ratio(safe_flagged, safe);
    println!("\nrisky drafts flagged (medium or high): {rf:.3} ({risky_flagged}/{risky})");
    println!("safe drafts wrongly flagged: {sf:.3} ({safe_flagged}/{safe})");
    println!("drafts: {}", corpus.len());
    if slice.is_some() {
        return; // a slice is for reading, the thresholds are for the whole corpus
    }
    if rf < MIN_RISKY_FLAGGED {
        failures.push(format!(
            "risky drafts flagged {rf:.3} < {MIN_RISKY_FLAGGED}"
        ));
    }
    if sf > MAX_SAFE_FLAGGED {
        failures.push(format!(
            "safe drafts wrongly flagged {sf:.3} > {MAX_SAFE_FLAGGED}"
        ));
    }
    assert!(
        failures.is_empty(),
        "corpus thresholds not met:\n{}",
        failures.join("\n")
    );
}
