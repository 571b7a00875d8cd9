//! The small phrase language rules are written in, expanded into the literals the automaton finds.
//!
//! - `fonctionnaire(s)`: an optional part, here a plural;
//! - `vot{e|er|ez|é|ée}`: one of several endings (an empty choice is allowed: `{|s}`);
//! - `confidenti*`: at the end of a phrase, any word that starts this way.
//!
//! Case, accents and punctuation need no syntax: phrases are folded like the draft, so
//! `note d'information` meets `Note d’information` and `embargo` meets `l'embargo`. A phrase
//! written with an apostrophe also meets the form people type without it: `don't tell` meets
//! `dont tell`, `c'est` meets `cest` (see [`joined`] for the forms that are words of their own).

use crate::text::fold_phrase;

/// How many literals one phrase may expand to: a guard against a phrase whose choices multiply
/// out of hand (`{…}{…}{…}{…}` of ten each is 10,000 forms), not a cost of the engine. Every
/// form is one entry of the one cue index, found by the same lookup per word, so a phrase of
/// 4,096 forms costs what eight phrases of 512 cost (writers split phrases at the old 512).
pub const MAX_EXPANSIONS: usize = 4096;

/// Apostrophes as written in phrases.
const APOSTROPHES: [char; 3] = ['\'', '’', 'ʼ'];

/// Joined forms that are words of their own in English or French: a phrase never meets them,
/// or a draft using the word would be taken for the contraction (`it's` → `its`, `we'll` →
/// `well`, `who're` → `whore`, `n'est` → `nest`, `m'a` → `ma`, `qu'elle` → `quelle`).
const NEVER_JOINED: [&str; 33] = [
    "its", "were", "well", "ill", "id", "hell", "shell", "wed", "shed", "lets", "whore", "lest",
    "hed", "nest", "tes", "tas", "mas", "ma", "ta", "sa", "la", "las", "mai", "men", "ten", "don",
    "dune", "lune", "quelle", "quelles", "sest", "ne", "le",
];

/// Joined forms that are words of the other language (`dont` is French for "whose"): met only
/// inside a longer phrase (`don't tell` meets `dont tell`; `don't` alone does not meet `dont`).
const JOINED_IN_LONGER: [&str; 3] = ["dont", "cant", "wont"];

/// The phrase with the apostrophes people leave out removed (`don't tell` → `dont tell`), or
/// `None` when it has none that may go.
fn joined(v: &str) -> Option<String> {
    if !v.contains(APOSTROPHES) {
        return None;
    }
    let chars: Vec<char> = v.chars().collect();
    let longer = fold_phrase(v).split(' ').count() > 2;
    let (mut out, mut any) = (String::with_capacity(v.len()), false);
    for (i, &c) in chars.iter().enumerate() {
        if APOSTROPHES.contains(&c) {
            let before = chars[..i].iter().rev().take_while(|c| c.is_alphanumeric());
            let mut word: Vec<char> = before.copied().collect();
            word.reverse();
            let after = chars[i + 1..].iter().take_while(|c| c.is_alphanumeric());
            let n = word.len();
            word.extend(after);
            if n > 0 && word.len() > n {
                let w = fold_phrase(&word.iter().collect::<String>());
                let kept = NEVER_JOINED.contains(&w.as_str())
                    || (!longer && JOINED_IN_LONGER.contains(&w.as_str()));
                if !kept {
                    any = true;
                    continue;
                }
            }
        }
        out.push(c);
    }
    any.then_some(out)
}

/// One folded literal a phrase expands to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Literal {
    pub text: String,
    /// The last word may continue: `confidenti*` also meets `confidentiality`.
    pub prefix: bool,
}

enum Segment {
    Text(String),
    Choice(Vec<String>),
}

/// Expands a phrase into its folded literals, or says what is wrong with it.
pub fn expand(phrase: &str) -> Result<Vec<Literal>, String> {
    let trimmed = phrase.trim();
    if trimmed.is_empty() {
        return Err("empty phrase".into());
    }
    let (body, prefix) = match trimmed.strip_suffix('*') {
        Some(b) => (b, true),
        None => (trimmed, false),
    };
    if body.contains('*') {
        return Err(format!(
            "phrase `{phrase}`: `*` is only allowed at the very end"
        ));
    }
    if !body.contains(['(', ')', '{', '}']) {
        // Most phrases have no groups: one form, folded as is.
        let text = fold_phrase(body);
        if text.is_empty() {
            return Err(format!("phrase `{phrase}` has a form with no letters or digits, which would match anything"));
        }
        let prefix = prefix && !body.ends_with(|c: char| !c.is_alphanumeric());
        let mut out = vec![Literal { text, prefix }];
        if let Some(j) = joined(body) {
            out.push(Literal {
                text: fold_phrase(&j),
                prefix,
            });
        }
        return Ok(out);
    }
    let segments = parse(body).map_err(|e| format!("phrase `{phrase}`: {e}"))?;
    let mut variants = vec![String::new()];
    for seg in &segments {
        match seg {
            Segment::Text(t) => variants.iter_mut().for_each(|v| v.push_str(t)),
            Segment::Choice(opts) => {
                if variants.len() * opts.len() > MAX_EXPANSIONS {
                    return Err(format!(
                        "phrase `{phrase}` expands to more than {MAX_EXPANSIONS} forms: split it into several phrases, or write its parts as a sequence (`sequences`, with `first`, `then` and `last`) or with a class (`<number>`)"
                    ));
                }
                variants = variants
                    .iter()
                    .flat_map(|v| opts.iter().map(move |o| format!("{v}{o}")))
                    .collect();
            }
        }
    }
    // Each form with an apostrophe also without it, after it.
    if variants.iter().any(|v| v.contains(APOSTROPHES)) {
        variants = variants
            .into_iter()
            .flat_map(|v| {
                let j = joined(&v);
                std::iter::once(v).chain(j)
            })
            .collect();
    }
    let mut out: Vec<Literal> = Vec::with_capacity(variants.len());
    // A phrase may expand to hundreds of forms: find repeats by hash, not by scanning.
    let mut seen: std::collections::HashSet<(String, bool)> = std::collections::HashSet::new();
    for v in variants {
        let text = fold_phrase(&v);
        if text.is_empty() {
            return Err(format!("phrase `{phrase}` has a form with no letters or digits, which would match anything"));
        }
        // `*` means the last word may continue; a phrase ending in a separator cannot.
        let prefix = prefix && !v.ends_with(|c: char| !c.is_alphanumeric());
        if out.len() < 8 {
            let lit = Literal { text, prefix };
            if !out.contains(&lit) {
                out.push(lit);
            }
            continue;
        }
        if seen.is_empty() {
            seen.extend(out.iter().map(|l| (l.text.clone(), l.prefix)));
        }
        if seen.insert((text.clone(), prefix)) {
            out.push(Literal { text, prefix });
        }
    }
    Ok(out)
}

fn parse(body: &str) -> Result<Vec<Segment>, String> {
    let mut segments = Vec::new();
    let mut text = String::new();
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        match c {
            '(' | '{' => {
                let close = if c == '(' { ')' } else { '}' };
                let mut inner = String::new();
                loop {
                    match chars.next() {
                        Some(k) if k == close => break,
                        Some('(' | '{' | ')' | '}') => return Err("groups cannot be nested".into()),
                        Some(k) => inner.push(k),
                        None => return Err(format!("`{c}` is never closed with `{close}`")),
                    }
                }
                if !text.is_empty() {
                    segments.push(Segment::Text(std::mem::take(&mut text)));
                }
                let opts = if c == '(' {
                    if inner.contains('|') {
                        return Err("use `{a|b}` for choices; `(x)` marks one optional part".into());
                    }
                    vec![String::new(), inner]
                } else {
                    inner.split('|').map(str::to_string).collect()
                };
                segments.push(Segment::Choice(opts));
            }
            ')' | '}' => return Err(format!("`{c}` closes nothing")),
            _ => text.push(c),
        }
    }
    if !text.is_empty() {
        segments.push(Segment::Text(text));
    }
    Ok(segments)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(p: &str) -> Vec<String> {
        expand(p).unwrap().into_iter().map(|l| l.text).collect()
    }

    #[test]
    fn optional_parts_and_choices() {
        assert_eq!(
            texts("fonctionnaire(s)"),
            ["fonctionnaire", "fonctionnaires"]
        );
        assert_eq!(texts("protégé(e)"), ["protege", "protegee"]);
        assert_eq!(texts("vot{e|ez} pour"), ["vote pour", "votez pour"]);
        assert_eq!(
            texts("Note d’information"),
            ["note d information", "note dinformation"]
        );
    }

    #[test]
    fn prefix_marker() {
        let lits = expand("confidenti*").unwrap();
        assert_eq!(
            lits,
            [Literal {
                text: "confidenti".into(),
                prefix: true
            }]
        );
    }

    #[test]
    fn apostrophes_may_be_left_out() {
        assert_eq!(texts("c'est"), ["c est", "cest"]);
        assert_eq!(texts("j’ai vu"), ["j ai vu", "jai vu"]);
        assert_eq!(texts("can't say much"), ["can t say much", "cant say much"]);
        assert_eq!(
            texts("{i'm|we're} hiring"),
            ["i m hiring", "im hiring", "we re hiring"]
        );
        // A joined form that is a word of its own is never met; `dont` only in longer phrases.
        assert_eq!(texts("it's official"), ["it s official"]);
        assert_eq!(texts("n'est pas"), ["n est pas"]);
        assert_eq!(texts("don't"), ["don t"]);
        assert_eq!(texts("don't tell"), ["don t tell", "dont tell"]);
        assert_eq!(texts("aujourd'hui*"), ["aujourd hui", "aujourdhui"]);
        assert_eq!(texts("l'"), ["l"]);
    }

    #[test]
    fn errors_say_what_is_wrong() {
        assert!(expand("  ").unwrap_err().contains("empty"));
        assert!(expand("abc(d").unwrap_err().contains("never closed"));
        assert!(expand("a(b(c))").unwrap_err().contains("nested"));
        assert!(expand("!!!").unwrap_err().contains("match anything"));
        assert!(expand("a*b").unwrap_err().contains("very end"));
        let four = "{red|blue|green|gold} ";
        assert_eq!(expand(&four.repeat(6)).map(|f| f.len()), Ok(4096));
        assert!(expand(&four.repeat(7))
            .unwrap_err()
            .contains("more than 4096 forms: split it into several phrases"));
    }
}
