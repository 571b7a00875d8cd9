//! Embeds every `rules/*.toml` (but the guidance catalogue and the roles, embedded on their own)
//! in the binary, so a new rule file needs no Rust change and the binary needs no files beside it;
//! and compiles them once here, with the library's own compiler (its modules are included
//! below), so that a run reads the compiled ruleset instead of expanding and folding tens of
//! thousands of phrases at every start. When the rule files do not compile, nothing compiled is
//! written: the binary then compiles them at run time and reports their problems with file, line
//! and column (`postcheck rules validate`).

// The library's modules, compiled here only for the ruleset compiler: what it does not call is
// unused here, and the library is linted on its own.
#![allow(dead_code, unused_imports, clippy::all)]

use std::{env, fs, path::Path};

#[path = "src"]
mod library {
    pub mod diagnostic;
    pub mod engine;
    pub mod guidance;
    pub mod lang;
    pub mod phrase;
    pub mod role;
    pub mod ruleset;
    pub mod taxonomy;
    pub mod text;
}
use library::{diagnostic, engine, guidance, lang, phrase, role, ruleset, taxonomy, text};

/// What `src/lib.rs` includes from this script's output, for the compiler run here.
mod builtin {
    use std::sync::LazyLock;

    /// The rule files as (name, text), read once.
    pub static BUILTIN_RULES: LazyLock<Vec<(&'static str, &'static str)>> = LazyLock::new(|| {
        super::rule_files()
            .into_iter()
            .map(|f| {
                let text = std::fs::read_to_string(format!("rules/{f}")).unwrap_or_default();
                let name: &'static str = Box::leak(format!("rules/{f}").into_boxed_str());
                let text: &'static str = Box::leak(text.into_boxed_str());
                (name, text)
            })
            .collect()
    });
    /// Nothing compiled yet: the compiler here compiles the files.
    pub static PRECOMPILED: &[u8] = &[];
}

/// The names of the rule files, sorted.
fn rule_files() -> Vec<String> {
    let mut files: Vec<String> = fs::read_dir("rules")
        .expect("the rules/ folder is part of the crate")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml") && n != "guidance.toml" && n != "roles.toml")
        .collect();
    files.sort();
    files
}

fn main() {
    println!("cargo:rerun-if-changed=rules");
    let files = rule_files();
    let mut out = String::from("/// Built-in rule files: (name, text), in file-name order.\npub const BUILTIN_RULES: &[(&str, &str)] = &[\n");
    for f in &files {
        println!("cargo:rerun-if-changed=rules/{f}");
        out.push_str(&format!(
            "    (\"rules/{f}\", include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), \"/rules/{f}\"))),\n"
        ));
    }
    out.push_str("];\n");
    // Aligned to 4 bytes, so that the runs of numbers in them are read in place as `[u32]`.
    out.push_str(concat!(
        "#[repr(C, align(4))]\nstruct Aligned<B: ?Sized>(B);\n",
        "static ALIGNED: &Aligned<[u8]> = &Aligned(*include_bytes!(concat!(env!(\"OUT_DIR\"), \"/builtin.bin\")));\n",
        "/// The same files compiled by build.rs (empty when they do not compile).\npub static PRECOMPILED: &[u8] = &ALIGNED.0;\n",
    ));
    let dir = env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    let compiled = match ruleset::Ruleset::precompile() {
        Ok(bytes) => bytes,
        Err(d) => {
            println!(
                "cargo:warning=the built-in rules have {} problem(s); `postcheck rules validate` lists them",
                d.len()
            );
            Vec::new()
        }
    };
    fs::write(Path::new(&dir).join("builtin.bin"), compiled).expect("OUT_DIR is writable");
    fs::write(Path::new(&dir).join("builtin.rs"), out).expect("OUT_DIR is writable");
    fs::write(Path::new(&dir).join("model_table.rs"), model_table()).expect("OUT_DIR is writable");
}

/// The model's feature table (`rules/model/features.tsv`, written by
/// `examples/train_model.rs`) as a sorted static array, so a run reads it in place instead of
/// parsing it: `# bias` and ten numbers, then one line per n-gram: term, idf, ten weights.
/// Without the file (before the first training) the table is empty and every score is 0.5.
fn model_table() -> String {
    const MODELS: usize = 10;
    println!("cargo:rerun-if-changed=rules/model/features.tsv");
    let tsv = fs::read_to_string("rules/model/features.tsv").unwrap_or_default();
    let mut bias = vec![0.0f32; MODELS];
    let mut rows: Vec<(String, f32, Vec<f32>)> = Vec::new();
    for line in tsv.lines().filter(|l| !l.trim().is_empty()) {
        let numbers = |s: &str| -> Vec<f32> {
            let mut v: Vec<f32> = s
                .split_whitespace()
                .filter_map(|x| x.parse().ok())
                .collect();
            v.resize(MODELS, 0.0);
            v
        };
        if let Some(rest) = line.strip_prefix("# bias") {
            bias = numbers(rest);
            continue;
        }
        let mut cols = line.split('\t');
        let (Some(term), Some(idf), Some(weights)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        rows.push((
            term.to_string(),
            idf.parse().unwrap_or(0.0),
            numbers(weights),
        ));
    }
    rows.sort_by(|a, b| a.0.cmp(&b.0));
    rows.dedup_by(|a, b| a.0 == b.0);
    let list = |v: &[f32]| {
        v.iter()
            .map(|x| format!("{x:?}"))
            .collect::<Vec<_>>()
            .join(",")
    };
    let mut out = format!(
        "/// Bias of each model.\npub static BIAS: [f32; {MODELS}] = [{}];\n\
         /// (term, idf, weights), sorted by term.\npub static FEATURES: &[(&str, f32, [f32; {MODELS}])] = &[\n",
        list(&bias)
    );
    // An open-addressing index over the terms (FNV-1a, linear probing, at most half full), so a
    // draft's n-gram is found in one or two probes of a small array instead of a binary search
    // whose every step compares strings far apart in memory (100 µs a draft).
    let size = (rows.len() * 2).next_power_of_two().max(2);
    let mut slots = vec![0u32; size];
    for (i, (term, _, _)) in rows.iter().enumerate() {
        let mut at = (fnv1a(term.as_bytes(), &[]) as usize) & (size - 1);
        while slots[at] != 0 {
            at = (at + 1) & (size - 1);
        }
        slots[at] = i as u32 + 1;
    }
    for (term, idf, w) in rows {
        out.push_str(&format!("({term:?},{idf:?},[{}]),\n", list(&w)));
    }
    out.push_str("];\n");
    out.push_str(&format!(
        "/// Index into FEATURES + 1 (0: empty) by `fnv1a(term)`, linear probing.\npub static SLOTS: [u32; {size}] = [{}];\n",
        slots.iter().map(|s| s.to_string()).collect::<Vec<_>>().join(",")
    ));
    out
}

/// FNV-1a of `a`, then (when `b` is not empty) a space and `b`: a bigram hashed without building
/// it. The same function as `model::fnv1a`.
fn fnv1a(a: &[u8], b: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let space: &[u8] = if b.is_empty() { &[] } else { b" " };
    for &x in a.iter().chain(space).chain(b) {
        h ^= u64::from(x);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}
