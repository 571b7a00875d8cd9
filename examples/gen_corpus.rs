//! Writes the benchmark corpus: realistic English and French drafts (tweets, longer posts,
//! LinkedIn-style threads; hashtags, mentions, emoji, accents), one in ten risky, built from the
//! fragments in `tests/bench/fragments.toml`. The same seed always gives the same bytes.
//!
//! ```text
//! cargo run --release --example gen_corpus -- --seed 42 --count 20000 --out target/bench/corpus
//! ```
//!
//! Writes, under `--out`: `drafts/NNNNN.LANG.txt` (one file per draft), `drafts.jsonl`
//! (`{"id", "text"}` per line), `big.txt` (the drafts concatenated, cycled until `--big-mb` MB),
//! `big-tenth.txt` (its first tenth), `short.txt` (one tweet-sized draft), and
//! `extra-rules.toml` (as many phrase rules and phrases as the built-in ruleset, made of
//! ordinary words, to measure what doubling the phrase rules costs).
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::fs;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::Deserialize;

const FRAGMENTS: &str = include_str!("../tests/bench/fragments.toml");

#[derive(Deserialize)]
struct Fragments {
    en: Language,
    fr: Language,
    fill: Fill,
}

#[derive(Deserialize)]
struct Language {
    openers: Vec<String>,
    sentences: Vec<String>,
    closers: Vec<String>,
    hashtags: Vec<String>,
    risky: Vec<String>,
}

#[derive(Deserialize)]
struct Fill {
    name: Vec<String>,
    place: Vec<String>,
    day: Vec<String>,
    jour: Vec<String>,
    org: Vec<String>,
    party: Vec<String>,
    mention: Vec<String>,
    emoji: Vec<String>,
}

/// SplitMix64: small, fast, and the same on every machine, unlike a crate's default generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a>(&mut self, v: &'a [String]) -> &'a str {
        &v[self.below(v.len())]
    }
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

struct Options {
    seed: u64,
    count: usize,
    out: PathBuf,
    big_mb: usize,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        seed: 42,
        count: 20_000,
        out: PathBuf::from("target/bench/corpus"),
        big_mb: 46,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().ok_or(format!("{a} needs a value"));
        match a.as_str() {
            "--seed" => o.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--count" => o.count = value()?.parse().map_err(|e| format!("--count: {e}"))?,
            "--big-mb" => o.big_mb = value()?.parse().map_err(|e| format!("--big-mb: {e}"))?,
            "--out" => o.out = PathBuf::from(value()?),
            _ => {
                return Err(format!(
                    "unknown argument {a}: use --seed N --count N --out DIR [--big-mb N]"
                ))
            }
        }
    }
    Ok(o)
}

/// A nine-digit number that passes the Luhn check, grouped like a SIN.
fn sin(rng: &mut Rng) -> String {
    let mut d: Vec<u32> = (0..8).map(|_| rng.below(10) as u32).collect();
    let sum: u32 = d
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if i % 2 == 1 {
                (x * 2) / 10 + (x * 2) % 10
            } else {
                x
            }
        })
        .sum();
    d.push((10 - sum % 10) % 10);
    let s: String = d.iter().map(|x| char::from(b'0' + *x as u8)).collect();
    let sep = [" ", "-", ""][rng.below(3)];
    format!("{}{sep}{}{sep}{}", &s[0..3], &s[3..6], &s[6..9])
}

fn fill(template: &str, f: &Fill, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        let key = &rest[open + 1..open + close];
        match key {
            "name" => out.push_str(rng.pick(&f.name)),
            "place" => out.push_str(rng.pick(&f.place)),
            "day" => out.push_str(rng.pick(&f.day)),
            "jour" => out.push_str(rng.pick(&f.jour)),
            "org" => out.push_str(rng.pick(&f.org)),
            "party" => out.push_str(rng.pick(&f.party)),
            "mention" => out.push_str(rng.pick(&f.mention)),
            "emoji" => out.push_str(rng.pick(&f.emoji)),
            "num" => out.push_str(&(20 + rng.below(80)).to_string()),
            "sin" => out.push_str(&sin(rng)),
            "phone" => {
                let _ = write!(
                    out,
                    "613-{:03}-{:04}",
                    100 + rng.below(900),
                    rng.below(10_000)
                );
            }
            _ => out.push_str(&rest[open..open + close + 1]),
        }
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// One draft: a tweet (most), a short post, or a long LinkedIn-style post in paragraphs.
fn draft(fr: &Fragments, rng: &mut Rng, french: bool, risky: bool) -> String {
    let (lang, other) = if french {
        (&fr.fr, &fr.en)
    } else {
        (&fr.en, &fr.fr)
    };
    let kind = rng.below(100);
    let (sentences, paragraphs) = match kind {
        0..=54 => (1 + rng.below(2), 1),
        55..=89 => (2 + rng.below(4), 1 + rng.below(2)),
        _ => (6 + rng.below(7), 2 + rng.below(3)),
    };
    let mut parts: Vec<String> = Vec::new();
    let opener = rng.pick(&lang.openers);
    if !opener.is_empty() && rng.chance(40) {
        parts.push(fill(opener, &fr.fill, rng));
    }
    for _ in 0..sentences {
        // A few drafts mix both languages, as Canadian posts often do.
        let source = if rng.chance(4) { other } else { lang };
        let mut s = fill(rng.pick(&source.sentences), &fr.fill, rng);
        if rng.chance(20) {
            s.push(' ');
            s.push_str(rng.pick(&fr.fill.emoji));
        }
        parts.push(s);
    }
    if risky {
        for _ in 0..1 + usize::from(rng.chance(25)) {
            let at = rng.below(parts.len() + 1);
            parts.insert(at, fill(rng.pick(&lang.risky), &fr.fill, rng));
        }
    }
    let closer = rng.pick(&lang.closers);
    if !closer.is_empty() && rng.chance(50) {
        parts.push(closer.to_string());
    }
    if rng.chance(30) {
        parts.push(format!("@{}", rng.pick(&fr.fill.mention)));
    }
    let per = parts.len().div_ceil(paragraphs);
    let mut text = parts
        .chunks(per.max(1))
        .map(|c| c.join(" "))
        .collect::<Vec<_>>()
        .join("\n\n");
    let tags = rng.below(4);
    if tags > 0 {
        text.push(if paragraphs > 1 { '\n' } else { ' ' });
        let chosen: Vec<&str> = (0..tags).map(|_| rng.pick(&lang.hashtags)).collect();
        text.push_str(&chosen.join(" "));
    }
    text
}

fn json_string(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// Phrase rules with as many rules and phrases as the built-in ones, made of ordinary words.
fn extra_rules(fr: &Fragments, rng: &mut Rng) -> Result<String, String> {
    let mut shapes: Vec<usize> = Vec::new();
    for source in postcheck::ruleset::RuleSource::builtin() {
        let v: toml::Value = toml::from_str(&source.text).map_err(|e| e.to_string())?;
        for rule in v
            .get("rule")
            .and_then(|r| r.as_array())
            .into_iter()
            .flatten()
        {
            if let Some(p) = rule.get("phrases").and_then(|p| p.as_array()) {
                shapes.push(p.len());
            }
        }
    }
    let mut words: BTreeSet<String> = BTreeSet::new();
    for s in fr.en.sentences.iter().chain(&fr.fr.sentences) {
        for w in s.split(|c: char| !c.is_alphabetic()) {
            if w.chars().count() >= 4 && !w.contains('{') {
                words.insert(w.to_lowercase());
            }
        }
    }
    let words: Vec<String> = words.into_iter().collect();
    let mut out = String::from(
        "# Generated by examples/gen_corpus.rs: as many phrase rules again as the built-in ones.\n",
    );
    for (i, &n) in shapes.iter().enumerate() {
        let phrases: Vec<String> = (0..n)
            .map(|_| {
                let a = rng.pick(&words);
                match rng.below(3) {
                    // Some phrases are common words, so the doubled rules also fire.
                    0 => format!("{a} {}", rng.pick(&words)),
                    1 => format!("{a}(s) {}", rng.pick(&words)),
                    _ => format!("{a} {} {}", rng.pick(&words), rng.pick(&words)),
                }
            })
            .collect();
        let list = phrases
            .iter()
            .map(|p| json_string(p))
            .collect::<Vec<_>>()
            .join(", ");
        let example = json_string(&format!("x {} x", phrases[0].replace("(s)", "")));
        let _ = write!(
            out,
            "\n[[rule]]\nid = \"bench-extra-{i:04}\"\ncategory = \"confidentiality\"\nseverity = \"info\"\n\
             sections = [\"ops.confidential-information\"]\n\
             message = {{ en = \"Benchmark rule.\", fr = \"Règle de mesure.\" }}\n\
             advice = {{ en = \"None.\", fr = \"Aucun.\" }}\nphrases = [{list}]\n\
             [rule.examples]\nmatch.en = [{example}]\nmatch.fr = [{example}]\n\
             no_match.en = [\"nothing\"]\nno_match.fr = [\"rien\"]\n"
        );
    }
    Ok(out)
}

fn write_all(o: &Options) -> Result<(), String> {
    let io = |p: &Path, e: std::io::Error| format!("{}: {e}", p.display());
    let fragments: Fragments =
        toml::from_str(FRAGMENTS).map_err(|e| format!("fragments.toml: {e}"))?;
    let mut rng = Rng(o.seed);
    let dir = o.out.join("drafts");
    if dir.exists() {
        fs::remove_dir_all(&dir).map_err(|e| io(&dir, e))?;
    }
    fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;

    // Exactly one draft in ten is risky, spread by the seed rather than every tenth.
    let mut risky: Vec<bool> = (0..o.count).map(|i| i % 10 == 0).collect();
    for i in (1..risky.len()).rev() {
        risky.swap(i, rng.below(i + 1));
    }
    let jsonl_path = o.out.join("drafts.jsonl");
    let mut jsonl = BufWriter::new(fs::File::create(&jsonl_path).map_err(|e| io(&jsonl_path, e))?);
    let mut drafts = Vec::with_capacity(o.count);
    let mut short: Option<String> = None;
    for (i, &r) in risky.iter().enumerate() {
        let french = rng.chance(45);
        let text = draft(&fragments, &mut rng, french, r);
        let lang = if french { "fr" } else { "en" };
        let id = format!("{i:05}.{lang}");
        let path = dir.join(format!("{id}.txt"));
        fs::write(&path, &text).map_err(|e| io(&path, e))?;
        writeln!(
            jsonl,
            "{{\"id\":{},\"text\":{}}}",
            json_string(&id),
            json_string(&text)
        )
        .map_err(|e| io(&jsonl_path, e))?;
        if short.is_none() && !r && (120..=280).contains(&text.len()) {
            short = Some(text.clone());
        }
        drafts.push(text);
    }
    jsonl.flush().map_err(|e| io(&jsonl_path, e))?;

    let target = o.big_mb * 1_000_000;
    let mut big = String::with_capacity(target + 4096);
    let mut tenth_len = 0;
    'fill: loop {
        for d in &drafts {
            if big.len() >= target {
                break 'fill;
            }
            big.push_str(d);
            big.push_str("\n\n");
            if tenth_len == 0 && big.len() >= target / 10 {
                tenth_len = big.len();
            }
        }
        if drafts.is_empty() {
            break;
        }
    }
    let files = [
        ("big.txt", big.as_str()),
        ("big-tenth.txt", &big[..tenth_len]),
        (
            "short.txt",
            short
                .as_deref()
                .unwrap_or("Hiking with my dog this weekend!"),
        ),
    ];
    for (name, text) in files {
        let path = o.out.join(name);
        fs::write(&path, text).map_err(|e| io(&path, e))?;
    }
    let path = o.out.join("extra-rules.toml");
    fs::write(&path, extra_rules(&fragments, &mut rng)?).map_err(|e| io(&path, e))?;
    let bytes: usize = drafts.iter().map(String::len).sum();
    println!(
        "{} drafts ({:.1} MB, {} risky) in {}; big.txt {:.1} MB",
        drafts.len(),
        bytes as f64 / 1e6,
        risky.iter().filter(|&&r| r).count(),
        o.out.display(),
        big.len() as f64 / 1e6
    );
    Ok(())
}

fn main() -> std::process::ExitCode {
    match parse_args().and_then(|o| write_all(&o)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gen_corpus: {e}");
            std::process::ExitCode::from(2)
        }
    }
}
