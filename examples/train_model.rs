//! Trains the word model (`src/model.rs`) and writes its feature table to
//! `rules/model/features.tsv`, embedded by build.rs at the next build:
//!
//! ```text
//! cargo run --release --example train_model            # the shipped model: the whole working corpus
//! TRAIN_SLICE=train cargo run --release --example train_model   # without the held-out quarter
//! ```
//!
//! Reads the WORKING corpus only (`tests/corpus/*.jsonl`, never `tests/corpus/unseen/`), takes
//! each draft's n-grams through the library's own [`postcheck::model::ngrams`] (training and
//! checking see the same words), and fits ten L2-regularised logistic regressions with balanced
//! class weights (C = 4, as scikit-learn's `LogisticRegression(C=4, class_weight="balanced")`)
//! by L-BFGS: deterministic, no randomness, the same file from the same corpus. Features whose
//! ten weights are all tiny are pruned and the models refitted on what is left, so the L2 norm at
//! checking time is over the same features as in training.

// A command-line tool: it reports on standard error.
#![allow(clippy::print_stderr)]

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::Path;

use postcheck::model::ngrams;
use postcheck::taxonomy::Category;
use postcheck::text::Document;

const C: f64 = 4.0;
const MIN_DF: usize = 2;
/// A feature is kept when one of its ten weights reaches this.
const PRUNE_BELOW: f64 = 0.3;

struct Draft {
    id: String,
    grams: HashMap<String, u32>,
    risky: bool,
    categories: Vec<String>,
}

fn load(dir: &Path) -> Vec<Draft> {
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("tests/corpus exists")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    files.sort();
    let mut out = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).expect("corpus file reads");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("corpus line is JSON");
            let risk = v["risk"].as_str().unwrap_or("none");
            out.push(Draft {
                id: v["id"].as_str().unwrap_or("").to_string(),
                grams: ngrams(&Document::new(v["text"].as_str().unwrap_or(""))),
                risky: matches!(risk, "medium" | "high"),
                categories: v["categories"]
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|c| c.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default(),
            });
        }
    }
    out
}

/// The held-out quarter of tests/corpus.rs: drafts whose number is 2 mod 4.
fn held_out(id: &str) -> bool {
    let digits: String = id
        .rsplit('-')
        .next()
        .unwrap_or("")
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    digits.parse::<u64>().unwrap_or(0) % 4 == 2
}

/// Sparse TF-IDF rows, L2-normalised over the features in `vocab`.
fn rows(drafts: &[Draft], vocab: &BTreeMap<String, (usize, f64)>) -> Vec<Vec<(usize, f64)>> {
    drafts
        .iter()
        .map(|d| {
            let mut r: Vec<(usize, f64)> = d
                .grams
                .iter()
                .filter_map(|(g, n)| {
                    let (i, idf) = vocab.get(g)?;
                    Some((*i, (1.0 + (*n as f64).ln()) * idf))
                })
                .collect();
            // Sorted before summing: a hash map's order would make the sums, and so the
            // weights, differ from run to run in the last digits.
            r.sort_unstable_by_key(|(i, _)| *i);
            let norm = r.iter().map(|(_, v)| v * v).sum::<f64>().sqrt();
            r.iter_mut().for_each(|(_, v)| *v /= norm.max(1e-12));
            r
        })
        .collect()
}

/// Loss and gradient of 0.5|w|² + C Σ s_i log(1 + e^(-y_i (w·x_i + b))); `w[dim]` is b.
fn loss(w: &[f64], x: &[Vec<(usize, f64)>], y: &[f64], s: &[f64], g: &mut [f64]) -> f64 {
    let dim = w.len() - 1;
    let mut f = 0.5 * w[..dim].iter().map(|v| v * v).sum::<f64>();
    g[..dim].copy_from_slice(&w[..dim]);
    g[dim] = 0.0;
    for ((r, yi), si) in x.iter().zip(y).zip(s) {
        let z = w[dim] + r.iter().map(|(j, v)| w[*j] * v).sum::<f64>();
        let m = -yi * z;
        // log(1 + e^m), stable both ways.
        f += C
            * si
            * if m > 0.0 {
                m + (-m).exp().ln_1p()
            } else {
                m.exp().ln_1p()
            };
        let d = -C * si * yi / (1.0 + (-m).exp());
        for (j, v) in r {
            g[*j] += d * v;
        }
        g[dim] += d;
    }
    f
}

/// L-BFGS (ten pairs) with a backtracking Armijo line search, from zero.
fn fit(x: &[Vec<(usize, f64)>], target: &[bool], dim: usize) -> Vec<f64> {
    let pos = target.iter().filter(|t| **t).count() as f64;
    let n = target.len() as f64;
    let neg = n - pos;
    // Balanced class weights: n / (2 n_class).
    let s: Vec<f64> = target
        .iter()
        .map(|t| {
            if *t {
                n / (2.0 * pos.max(1.0))
            } else {
                n / (2.0 * neg.max(1.0))
            }
        })
        .collect();
    let y: Vec<f64> = target.iter().map(|t| if *t { 1.0 } else { -1.0 }).collect();
    let mut w = vec![0.0; dim + 1];
    let mut g = vec![0.0; dim + 1];
    let mut f = loss(&w, x, &y, &s, &mut g);
    let mut pairs: Vec<(Vec<f64>, Vec<f64>, f64)> = Vec::new();
    let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(p, q)| p * q).sum::<f64>();
    for _ in 0..1000 {
        let gmax = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
        if gmax < 1e-4 {
            break;
        }
        // Two-loop recursion: d = -H g.
        let mut q = g.clone();
        let mut alphas = Vec::with_capacity(pairs.len());
        for (sv, yv, rho) in pairs.iter().rev() {
            let a = rho * dot(sv, &q);
            q.iter_mut().zip(yv).for_each(|(qi, yi)| *qi -= a * yi);
            alphas.push(a);
        }
        if let Some((sv, yv, _)) = pairs.last() {
            let gamma = dot(sv, yv) / dot(yv, yv);
            q.iter_mut().for_each(|v| *v *= gamma);
        } else {
            let scale = 1.0 / dot(&g, &g).sqrt().max(1e-12);
            q.iter_mut().for_each(|v| *v *= scale);
        }
        for ((sv, yv, rho), a) in pairs.iter().zip(alphas.iter().rev()) {
            let b = rho * dot(yv, &q);
            q.iter_mut()
                .zip(sv)
                .for_each(|(qi, si)| *qi += (a - b) * si);
        }
        let d: Vec<f64> = q.iter().map(|v| -v).collect();
        let slope = dot(&g, &d);
        if slope >= 0.0 {
            pairs.clear();
            continue;
        }
        let mut step = 1.0;
        let mut g2 = vec![0.0; dim + 1];
        let (w2, f2) = loop {
            let w2: Vec<f64> = w.iter().zip(&d).map(|(wi, di)| wi + step * di).collect();
            let f2 = loss(&w2, x, &y, &s, &mut g2);
            if f2 <= f + 1e-4 * step * slope || step < 1e-10 {
                break (w2, f2);
            }
            step *= 0.5;
        };
        let sv: Vec<f64> = w2.iter().zip(&w).map(|(a, b)| a - b).collect();
        let yv: Vec<f64> = g2.iter().zip(&g).map(|(a, b)| a - b).collect();
        let sy = dot(&sv, &yv);
        let done = (f - f2).abs() < 1e-9 * f.abs().max(1.0);
        if sy > 1e-12 {
            pairs.push((sv, yv, 1.0 / sy));
            if pairs.len() > 10 {
                pairs.remove(0);
            }
        }
        w = w2;
        g = g2;
        f = f2;
        if done {
            break;
        }
    }
    w
}

/// The ten targets: risky, then each category (in it AND risky).
fn targets(drafts: &[Draft]) -> Vec<Vec<bool>> {
    let mut t = vec![drafts.iter().map(|d| d.risky).collect::<Vec<_>>()];
    for c in Category::ALL {
        t.push(
            drafts
                .iter()
                .map(|d| d.risky && d.categories.iter().any(|x| x == c.as_str()))
                .collect(),
        );
    }
    t
}

/// Fits the ten models in parallel (two threads: the machine is shared).
fn fit_all(x: &[Vec<(usize, f64)>], targets: &[Vec<bool>], dim: usize) -> Vec<Vec<f64>> {
    let mut out: Vec<Vec<f64>> = vec![Vec::new(); targets.len()];
    std::thread::scope(|scope| {
        let (a, b) = out.split_at_mut(targets.len() / 2);
        let (ta, tb) = targets.split_at(targets.len() / 2);
        scope.spawn(move || {
            for (o, t) in a.iter_mut().zip(ta) {
                *o = fit(x, t, dim);
            }
        });
        for (o, t) in b.iter_mut().zip(tb) {
            *o = fit(x, t, dim);
        }
    });
    out
}

/// Prints how the risky model alone sorts `drafts` at a few thresholds.
fn report(name: &str, x: &[Vec<(usize, f64)>], drafts: &[Draft], risky: &[f64]) {
    let dim = risky.len() - 1;
    for t in [0.3, 0.5, 0.7] {
        let (mut rf, mut r, mut sf, mut s) = (0, 0, 0, 0);
        for (row, d) in x.iter().zip(drafts) {
            let z = risky[dim] + row.iter().map(|(j, v)| risky[*j] * v).sum::<f64>();
            let p = 1.0 / (1.0 + (-z).exp());
            if d.risky {
                r += 1;
                rf += (p >= t) as usize;
            } else {
                s += 1;
                sf += (p >= t) as usize;
            }
        }
        eprintln!(
            "{name}, p >= {t}: risky flagged {:.3}, safe flagged {:.3}",
            rf as f64 / r.max(1) as f64,
            sf as f64 / s.max(1) as f64
        );
    }
}

fn main() {
    let all = load(Path::new("tests/corpus"));
    let slice = std::env::var("TRAIN_SLICE").ok();
    let leave_out = slice.as_deref() == Some("train");
    let (held, drafts): (Vec<Draft>, Vec<Draft>) =
        all.into_iter().partition(|d| leave_out && held_out(&d.id));
    let prune: f64 = std::env::var("TRAIN_PRUNE")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(PRUNE_BELOW);
    let n = drafts.len();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in &drafts {
        for g in d.grams.keys() {
            *df.entry(g.as_str()).or_default() += 1;
        }
    }
    let mut vocab: BTreeMap<String, (usize, f64)> = df
        .iter()
        .filter(|(_, c)| **c >= MIN_DF)
        .map(|(g, c)| {
            (
                g.to_string(),
                (0, ((1 + n) as f64 / (1 + c) as f64).ln() + 1.0),
            )
        })
        .collect();
    vocab.values_mut().enumerate().for_each(|(i, v)| v.0 = i);
    eprintln!("{n} drafts, {} features with df >= {MIN_DF}", vocab.len());
    let targets = targets(&drafts);
    let x = rows(&drafts, &vocab);
    let models = fit_all(&x, &targets, vocab.len());
    if leave_out {
        report(
            "held-out quarter, all features",
            &rows(&held, &vocab),
            &held,
            &models[0],
        );
    }
    // Prune, renumber, refit on what is left.
    vocab.retain(|_, (i, _)| models.iter().any(|w| w[*i].abs() >= prune));
    vocab.values_mut().enumerate().for_each(|(i, v)| v.0 = i);
    let dim = vocab.len();
    eprintln!("{dim} features kept (a weight >= {prune})");
    let x = rows(&drafts, &vocab);
    let models = fit_all(&x, &targets, dim);
    report("training drafts", &x, &drafts, &models[0]);
    if leave_out {
        report(
            "held-out quarter, pruned",
            &rows(&held, &vocab),
            &held,
            &models[0],
        );
    }
    let num = |v: f64| {
        if v.abs() < 5e-5 {
            "0".to_string()
        } else {
            format!("{v:.4}").trim_end_matches('0').to_string()
        }
    };
    let mut out = String::from("# bias");
    for w in &models {
        let _ = write!(out, " {}", num(w[dim]));
    }
    out.push('\n');
    for (term, (i, idf)) in &vocab {
        let weights: Vec<String> = models.iter().map(|w| num(w[*i])).collect();
        let _ = writeln!(out, "{term}\t{}\t{}", num(*idf), weights.join(" "));
    }
    std::fs::write("rules/model/features.tsv", out).expect("rules/model is writable");
    eprintln!(
        "wrote rules/model/features.tsv ({} drafts{})",
        n,
        if slice.is_some() {
            ", held-out quarter left out"
        } else {
            ""
        }
    );
}
