//! In-process figures for the performance issue, with `std::time` only: ruleset compile time,
//! and, per draft and over one large input, what each step of the flow costs (text views,
//! engine, report). Run with `cargo bench --bench engine`; `tests/bench/run.sh` generates the
//! corpus it reads (`target/bench/corpus`, or `POSTCHECK_BENCH_CORPUS`). Extra rule files named
//! in `POSTCHECK_BENCH_RULES` (separated by `:`) are added to the built-in ones.
#![allow(clippy::print_stdout)]

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use postcheck::engine::{self, CheckOptions};
use postcheck::report::{self, ReportOptions};
use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::text::Document;

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// The fastest of `n` runs of `f`: on a shared machine, the least disturbed one.
fn fastest(n: usize, mut f: impl FnMut()) -> Duration {
    (0..n)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap_or_default()
}

/// Runs `f` `n` times and returns the median duration.
fn time_n(n: usize, mut f: impl FnMut()) -> Duration {
    median(
        (0..n)
            .map(|_| {
                let t = Instant::now();
                f();
                t.elapsed()
            })
            .collect(),
    )
}

fn sources() -> Vec<RuleSource> {
    let mut s = RuleSource::builtin();
    if let Ok(extra) = std::env::var("POSTCHECK_BENCH_RULES") {
        for p in extra.split(':').filter(|p| !p.is_empty()) {
            let text = std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{p}: {e}"));
            s.push(RuleSource::new(p, text));
        }
    }
    s
}

/// The corpus drafts, or the example drafts of the repository when no corpus was generated.
fn drafts(corpus: &Path) -> Vec<String> {
    if let Ok(lines) = std::fs::read_to_string(corpus.join("drafts.jsonl")) {
        return lines
            .lines()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter_map(|v| v["text"].as_str().map(str::to_string))
            .collect();
    }
    println!(
        "(no corpus in {}: using examples/*.txt; run tests/bench/run.sh for the full corpus)",
        corpus.display()
    );
    let mut out = Vec::new();
    for e in std::fs::read_dir("examples")
        .into_iter()
        .flatten()
        .flatten()
    {
        if e.path().extension().is_some_and(|x| x == "txt") {
            out.extend(std::fs::read_to_string(e.path()).ok());
        }
    }
    out
}

fn per_draft(label: &str, total: Duration, n: usize, bytes: usize) {
    let secs = total.as_secs_f64();
    println!(
        "  {label:<22} {:>8.2} µs/draft {:>9.1} MB/s",
        secs * 1e6 / n as f64,
        bytes as f64 / 1e6 / secs
    );
}

fn main() {
    let corpus = std::env::var_os("POSTCHECK_BENCH_CORPUS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("target/bench/corpus"));
    // `cargo bench --bench engine -- text`: the text views alone, the figures of Document::new.
    let only_text = std::env::args().skip(1).any(|a| a == "text");
    if only_text {
        text_views(&corpus);
        return;
    }
    let sources = sources();
    let options = CompileOptions::default();
    let compile = time_n(20, || {
        black_box(Ruleset::compile(&sources, &options).expect("rules compile"));
    });
    let rules = Ruleset::compile(&sources, &options).expect("rules compile");
    println!("ruleset: {} rules", rules.rules.len());
    println!(
        "  compile                {:>8.2} ms",
        compile.as_secs_f64() * 1e3
    );

    let drafts = drafts(&corpus);
    let bytes: usize = drafts.iter().map(String::len).sum();
    println!(
        "per draft: {} drafts, {:.1} MB",
        drafts.len(),
        bytes as f64 / 1e6
    );
    let check = CheckOptions::default();
    let report = ReportOptions::default();
    let docs: Vec<Document> = drafts.iter().map(|d| Document::new(d.as_str())).collect();
    let runs = 3;
    let views = time_n(runs, || {
        drafts.iter().for_each(|d| {
            black_box(Document::new(d.as_str()));
        })
    });
    per_draft("text views", views, drafts.len(), bytes);
    let engine_time = time_n(runs, || {
        docs.iter().for_each(|d| {
            black_box(engine::check(d, &rules, &check));
        })
    });
    per_draft("engine", engine_time, drafts.len(), bytes);
    let results: Vec<engine::Check> = docs
        .iter()
        .map(|d| engine::check(d, &rules, &check))
        .collect();
    let build = time_n(runs, || {
        for ((d, r), text) in docs.iter().zip(&results).zip(&drafts) {
            black_box(report::build("-", text, r, &rules, &report));
            black_box(d);
        }
    });
    per_draft("report", build, drafts.len(), bytes);
    let whole = time_n(runs, || {
        drafts.iter().for_each(|d| {
            black_box(postcheck::check_text("-", d, &rules, &check, &report));
        })
    });
    per_draft("whole (check_text)", whole, drafts.len(), bytes);

    text_views(&corpus);

    for name in ["big-tenth.txt"] {
        let Ok(text) = std::fs::read_to_string(corpus.join(name)) else {
            continue;
        };
        let mb = text.len() as f64 / 1e6;
        println!("one large input: {name}, {mb:.1} MB");
        let t = Instant::now();
        let doc = Document::new(text.as_str());
        let views = t.elapsed();
        let t = Instant::now();
        let result = engine::check(&doc, &rules, &check);
        let engine_time = t.elapsed();
        let t = Instant::now();
        black_box(report::build("-", &text, &result, &rules, &report));
        let build = t.elapsed();
        for (label, d) in [
            ("text views", views),
            ("engine", engine_time),
            ("report", build),
        ] {
            println!(
                "  {label:<22} {:>8.1} ms {:>9.1} MB/s",
                d.as_secs_f64() * 1e3,
                mb / d.as_secs_f64()
            );
        }
    }
}

/// Document::new alone: per draft, over the drafts joined into one text (pure ASCII apart from
/// the rest, mostly French: the two shapes of input the text views are tuned for), and over the
/// large input.
fn text_views(corpus: &Path) {
    let drafts = drafts(corpus);
    let bytes: usize = drafts.iter().map(String::len).sum();
    let runs = 9;
    let views = fastest(runs, || {
        drafts.iter().for_each(|d| {
            black_box(Document::new(d.as_str()));
        })
    });
    per_draft("Document::new", views, drafts.len(), bytes);
    let (ascii, other): (Vec<&String>, Vec<&String>) = drafts.iter().partition(|d| d.is_ascii());
    let big = std::fs::read_to_string(corpus.join("big-tenth.txt")).unwrap_or_default();
    for (label, text) in [
        (
            "ascii drafts",
            ascii.iter().map(|d| format!("{d}\n\n")).collect(),
        ),
        (
            "non-ascii drafts",
            other.iter().map(|d| format!("{d}\n\n")).collect(),
        ),
        ("big-tenth.txt", big),
    ] {
        if text.is_empty() {
            continue;
        }
        let d = fastest(runs, || {
            black_box(Document::new(text.as_str()));
        });
        println!(
            "  Document::new, {label:<17} {:>5.1} MB {:>9.1} MB/s",
            text.len() as f64 / 1e6,
            text.len() as f64 / 1e6 / d.as_secs_f64()
        );
    }
}
