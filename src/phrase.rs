//! The small phrase language rules are written in, expanded into the literals the automaton finds.
//!
//! - `fonctionnaire(s)`: an optional part, here a plural;
//! - `vot{e|er|ez|é|ée}`: one of several endings (an empty choice is allowed: `{|s}`);
//! - `confidenti*`: at the end of a phrase, any word that starts this way.
//!
//! Case, accents and punctuation need no syntax: phrases are folded like the draft, so
//! `note d'information` meets `Note d’information` and `embargo` meets `l'embargo`.

use crate::text::fold_phrase;

/// How many literals one phrase may expand to: beyond this a rule is better as a pattern.
pub const MAX_EXPANSIONS: usize = 512;

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
        return Ok(vec![Literal { text, prefix }]);
    }
    let segments = parse(body).map_err(|e| format!("phrase `{phrase}`: {e}"))?;
    let mut variants = vec![String::new()];
    for seg in &segments {
        match seg {
            Segment::Text(t) => variants.iter_mut().for_each(|v| v.push_str(t)),
            Segment::Choice(opts) => {
                if variants.len() * opts.len() > MAX_EXPANSIONS {
                    return Err(format!(
                        "phrase `{phrase}` expands to more than {MAX_EXPANSIONS} forms: split it or use a pattern"
                    ));
                }
                variants = variants
                    .iter()
                    .flat_map(|v| opts.iter().map(move |o| format!("{v}{o}")))
                    .collect();
            }
        }
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
        assert_eq!(texts("Note d’information"), ["note d information"]);
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
    fn errors_say_what_is_wrong() {
        assert!(expand("  ").unwrap_err().contains("empty"));
        assert!(expand("abc(d").unwrap_err().contains("never closed"));
        assert!(expand("a(b(c))").unwrap_err().contains("nested"));
        assert!(expand("!!!").unwrap_err().contains("match anything"));
        assert!(expand("a*b").unwrap_err().contains("very end"));
        let huge = "{a|b|c|d}{a|b|c|d}{a|b|c|d}{a|b|c|d}{a|b|c|d}";
        assert!(expand(huge).unwrap_err().contains("more than"));
    }
}
