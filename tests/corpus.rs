//! Measures the default ruleset on labelled drafts: precision and recall per category, the share
//! of risky drafts flagged (risk medium or high) and of safe drafts wrongly flagged.
//!
//! Two corpora, measured the same way:
//! - `tests/corpus/*.jsonl`, the working corpus the rule writers read (except its held-out slice);
//! - `tests/corpus/unseen/*.jsonl`, written later by someone who never saw the rules, and read by
//!   no rule writer since: its figures are the honest estimate for drafts nobody has seen.
//!
//! `cargo test --release --test corpus -- --nocapture` prints the tables the README shows;
//! `POSTCHECK_CORPUS_DETAILS=1` also lists every draft of the working corpus the rules got wrong
//! (never those of the unseen corpus: reading them would make it one more working corpus).
//! `POSTCHECK_CORPUS_SLICE=heldout|train` keeps the held-out quarter (ids ≡ 2 mod 4) or the rest;
//! `POSTCHECK_CORPUS_SETS=5,6` keeps the drafts of some writers' sets (`en5-…`, `fr6-…`).

#![allow(clippy::print_stdout)] // the tables are this test's output

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

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

/// The least a corpus must score. The targets are precision and recall 0.90 per category,
/// 0.95 of risky drafts flagged and at most 0.05 of safe drafts wrongly flagged. The ruleset does
/// not reach all of them yet (see the README's tables), so the floors hold the line where it
/// stands: a change to the rules that loses accuracy fails here. Raise them as the rules improve;
/// never lower them, except when new drafts join the corpus (then they restart at its figures).
struct Floors {
    precision: f64,
    recall: f64,
    risky_flagged: f64,
    safe_flagged: f64,
}

// Restarted with the word model (src/model.rs), which is trained on the whole working corpus:
// the working floors hold what it learnt, only the unseen ones estimate new drafts.
const WORKING: Floors = Floors {
    precision: 0.83,
    recall: 0.85,
    risky_flagged: 0.98,
    safe_flagged: 0.022,
};

const UNSEEN: Floors = Floors {
    precision: 0.69,
    recall: 0.59,
    risky_flagged: 0.90,
    safe_flagged: 0.094,
};

fn load(dir: &Path) -> Vec<Labelled> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|f| f.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in &files {
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

/// The writer's set a draft comes from: the digits between its language and its number
/// (`en5-012` → "5"; the first writer's `en-012` → "").
fn set_of(id: &str) -> &str {
    let head = id.split('-').next().unwrap_or_default();
    head.trim_start_matches(|c: char| c.is_ascii_alphabetic())
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

/// Checks every draft, prints the table, and returns what falls below `floors`.
fn measure(corpus: &[Labelled], floors: &Floors, details: bool) -> Vec<String> {
    // POSTCHECK_DISABLE_RULES=id,id: the figures without those rules (what a figure owes them).
    let disabled: Vec<String> = std::env::var("POSTCHECK_DISABLE_RULES")
        .unwrap_or_default()
        .split(',')
        .map(str::trim)
        .filter(|id| !id.is_empty())
        .map(str::to_string)
        .collect();
    let options = postcheck::ruleset::CompileOptions {
        disabled,
        ..Default::default()
    };
    let rules = Ruleset::compile(&postcheck::ruleset::RuleSource::builtin(), &options)
        .expect("built-in rules compile");
    let mut per: BTreeMap<Category, Counts> = Category::ALL
        .iter()
        .map(|c| (*c, Counts::default()))
        .collect();
    let (mut risky, mut risky_flagged, mut safe, mut safe_flagged) = (0, 0, 0, 0);
    for d in corpus {
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
        let same = found.len() == expected.len() && found.iter().all(|c| expected.contains(c));
        if details && (!same || flagged != label_risky) {
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
        if p < floors.precision {
            failures.push(format!("{c}: precision {p:.2} < {}", floors.precision));
        }
        if r < floors.recall {
            failures.push(format!("{c}: recall {r:.2} < {}", floors.recall));
        }
    }
    let rf = ratio(risky_flagged, risky);
    let sf = ratio(safe_flagged, safe);
    println!("\nrisky drafts flagged (medium or high): {rf:.3} ({risky_flagged}/{risky})");
    println!("safe drafts wrongly flagged: {sf:.3} ({safe_flagged}/{safe})");
    println!("drafts: {}", corpus.len());
    if rf < floors.risky_flagged {
        failures.push(format!(
            "risky drafts flagged {rf:.3} < {}",
            floors.risky_flagged
        ));
    }
    if sf > floors.safe_flagged {
        failures.push(format!(
            "safe drafts wrongly flagged {sf:.3} > {}",
            floors.safe_flagged
        ));
    }
    failures
}

#[test]
fn corpus_precision_and_recall() {
    let corpus = load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus"
    )));
    assert!(corpus.len() >= 400, "the corpus has at least 400 drafts");
    let details = std::env::var_os("POSTCHECK_CORPUS_DETAILS").is_some();
    // POSTCHECK_CORPUS_SLICE=heldout keeps the drafts whose number is 2 mod 4 (the rule writers
    // never read them), =train the others. The floors apply to the whole corpus only.
    let slice = std::env::var("POSTCHECK_CORPUS_SLICE").ok();
    let corpus: Vec<Labelled> = match slice.as_deref() {
        Some(s @ ("heldout" | "train")) => corpus
            .into_iter()
            .filter(|d| held_out(&d.id) == (s == "heldout"))
            .collect(),
        _ => corpus,
    };
    // POSTCHECK_CORPUS_SETS=5,6,7 keeps the drafts of those writers' sets (`1` is the first
    // writer's en/fr files), to read one batch of new drafts apart from the memorised ones.
    let sets = std::env::var("POSTCHECK_CORPUS_SETS").ok();
    let corpus: Vec<Labelled> = match sets.as_deref() {
        Some(list) => {
            let wanted: Vec<&str> = list.split(',').map(str::trim).collect();
            corpus
                .into_iter()
                .filter(|d| {
                    let set = set_of(&d.id);
                    wanted.contains(&if set.is_empty() { "1" } else { set })
                })
                .collect()
        }
        None => corpus,
    };
    println!(
        "\nworking corpus{}{}",
        slice.map(|s| format!(", {s} slice")).unwrap_or_default(),
        sets.as_ref()
            .map(|s| format!(", sets {s}"))
            .unwrap_or_default()
    );
    let failures = measure(&corpus, &WORKING, details);
    if std::env::var_os("POSTCHECK_CORPUS_SLICE").is_none() && sets.is_none() {
        assert!(
            failures.is_empty(),
            "working corpus below its floors:\n{}",
            failures.join("\n")
        );
    }
}

#[test]
fn unseen_corpus_precision_and_recall() {
    let corpus = load(Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/corpus/unseen"
    )));
    assert!(
        corpus.len() >= 300,
        "the unseen corpus has at least 300 drafts"
    );
    println!("\nunseen corpus");
    let failures = measure(&corpus, &UNSEEN, false);
    assert!(
        failures.is_empty(),
        "unseen corpus below its floors:\n{}",
        failures.join("\n")
    );
}
