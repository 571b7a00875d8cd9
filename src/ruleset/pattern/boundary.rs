//! Word boundaries the fast regex engines can run on any text.
//!
//! The `regex` crate's lazy DFA gives up on a Unicode `\b` as soon as the text has a byte beyond
//! ASCII (an accent), and the search falls back to the PikeVM, tens of times slower. Where each
//! `\b` of a pattern stands next to a part that only matches ASCII letters, digits or `_`,
//! an ASCII `\b` holds wherever the Unicode one does (and sometimes where it does not, as in
//! `é1`). So the pattern with ASCII boundaries finds every place a match may start, quickly, and
//! the pattern itself, anchored there, confirms it: the matches are exactly the pattern's own.

use std::ops::Range;

use regex_automata::meta;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Repetition;
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};

/// A pattern run as "ASCII boundaries find, the pattern confirms".
#[derive(Debug)]
pub(crate) struct Loose {
    /// The pattern with ASCII `\b`: its matches start wherever the pattern's may.
    loose: meta::Regex,
    /// The pattern itself, run anchored where `loose` found a start.
    exact: meta::Regex,
    /// Characters beyond ASCII that a part next to a `\b` can match: the first claim holds for
    /// a text only when it has none of them (`\d` also matches `٣`, a word character).
    risky: Vec<ClassUnicodeRange>,
}

impl Loose {
    /// `None` when the pattern has no Unicode `\b`, another Unicode word assertion, a `\b`
    /// without an ASCII-only neighbour, or can match empty text.
    pub fn new(source: &str, size_limit: usize) -> Option<Loose> {
        let hir = regex_syntax::parse(source).ok()?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        let mut risky = ClassUnicode::empty();
        let mut found = false;
        let ascii = rewrite(&hir, &mut risky, &mut found)?;
        if !found {
            return None;
        }
        let config = meta::Config::new()
            .nfa_size_limit(Some(size_limit))
            .hybrid_cache_capacity(2 * (1 << 20));
        let builder = || {
            let mut b = meta::Builder::new();
            b.configure(config.clone());
            b
        };
        Some(Loose {
            loose: builder().build_from_hir(&ascii).ok()?,
            exact: builder().build(source).ok()?,
            risky: risky.ranges().to_vec(),
        })
    }

    /// True when `chars` (the distinct characters beyond ASCII of a text, sorted) has none that
    /// would make the ASCII boundaries miss a match.
    pub fn fits(&self, chars: &[char]) -> bool {
        !chars.iter().any(|&c| {
            let i = self.risky.partition_point(|r| r.end() < c);
            self.risky.get(i).is_some_and(|r| r.start() <= c)
        })
    }

    /// The pattern's matches in `haystack`, as `Regex::find_iter` gives them (the pattern cannot
    /// match empty text, so there is no empty match to step over).
    pub fn find_iter<'a>(&'a self, haystack: &'a str) -> impl Iterator<Item = Range<usize>> + 'a {
        let mut at = 0;
        std::iter::from_fn(move || {
            let mut from = at;
            while from <= haystack.len() {
                let start = self
                    .loose
                    .search(&Input::new(haystack).range(from..))?
                    .start();
                let anchored = Input::new(haystack).range(start..).anchored(Anchored::Yes);
                if let Some(m) = self.exact.search(&anchored) {
                    at = m.end();
                    return Some(m.range());
                }
                // No match of the pattern starts there: look for the next possible start.
                from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
            }
            None
        })
    }
}

/// The pattern with each Unicode `\b` made ASCII, when each has a neighbour of ASCII word
/// characters (beyond ASCII, the neighbour's characters go to `risky`).
fn rewrite(h: &Hir, risky: &mut ClassUnicode, found: &mut bool) -> Option<Hir> {
    Some(match h.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => h.clone(),
        HirKind::Look(look) => {
            if is_unicode_word(*look) {
                return None;
            }
            h.clone()
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(rewrite(&r.sub, risky, found)?),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(rewrite(&c.sub, risky, found)?),
        }),
        HirKind::Alternation(v) => Hir::alternation(
            v.iter()
                .map(|s| rewrite(s, risky, found))
                .collect::<Option<_>>()?,
        ),
        HirKind::Concat(v) => {
            let mut out = Vec::with_capacity(v.len());
            for (i, s) in v.iter().enumerate() {
                if !matches!(s.kind(), HirKind::Look(Look::WordUnicode)) {
                    out.push(rewrite(s, risky, found)?);
                    continue;
                }
                let after = v.get(i + 1).and_then(|n| edge(n, true));
                let before = i.checked_sub(1).and_then(|p| edge(&v[p], false));
                let side = [after, before]
                    .into_iter()
                    .flatten()
                    .filter_map(|c| split_ascii_word(&c))
                    .min_by_key(|beyond| beyond.ranges().len())?;
                risky.union(&side);
                *found = true;
                out.push(Hir::look(Look::WordAscii));
            }
            Hir::concat(out)
        }
    })
}

fn is_unicode_word(look: Look) -> bool {
    matches!(
        look,
        Look::WordUnicode
            | Look::WordUnicodeNegate
            | Look::WordStartUnicode
            | Look::WordEndUnicode
            | Look::WordStartHalfUnicode
            | Look::WordEndHalfUnicode
    )
}

/// The characters a match of `h` can start with (`first`) or end with; `None` when unknown or
/// when `h` can match empty text.
fn edge(h: &Hir, first: bool) -> Option<ClassUnicode> {
    if h.properties().minimum_len().is_none_or(|n| n == 0) {
        return None;
    }
    match h.kind() {
        HirKind::Literal(l) => {
            let s = std::str::from_utf8(&l.0).ok()?;
            let c = if first {
                s.chars().next()
            } else {
                s.chars().next_back()
            }?;
            Some(ClassUnicode::new([ClassUnicodeRange::new(c, c)]))
        }
        HirKind::Class(Class::Unicode(c)) => Some(c.clone()),
        HirKind::Repetition(r) => edge(&r.sub, first),
        HirKind::Capture(c) => edge(&c.sub, first),
        HirKind::Concat(v) => {
            let part = if first { v.first() } else { v.last() }?;
            edge(part, first)
        }
        HirKind::Alternation(v) => {
            let mut all = ClassUnicode::empty();
            for s in v {
                all.union(&edge(s, first)?);
            }
            Some(all)
        }
        _ => None,
    }
}

/// The characters of `class` beyond ASCII, when all of its ASCII ones are word characters.
fn split_ascii_word(class: &ClassUnicode) -> Option<ClassUnicode> {
    let mut ascii = class.clone();
    ascii.intersect(&ClassUnicode::new([ClassUnicodeRange::new('\0', '\x7f')]));
    let word = |c: char| c.is_ascii_alphanumeric() || c == '_';
    let all_word = ascii
        .ranges()
        .iter()
        .all(|r| (r.start()..=r.end()).all(word));
    if !all_word {
        return None;
    }
    let mut beyond = class.clone();
    beyond.difference(&ascii);
    Some(beyond)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn loose(p: &str) -> Option<Loose> {
        Loose::new(p, 1 << 22)
    }

    /// The ranges `Regex::find_iter` gives.
    fn exact(p: &str, text: &str) -> Vec<Range<usize>> {
        regex::Regex::new(p)
            .unwrap()
            .find_iter(text)
            .map(|m| m.range())
            .collect()
    }

    #[test]
    fn which_patterns_can_run_loose() {
        assert!(loose(r"\bvote\b").is_some());
        assert!(loose(r"\b\d{3}[ .-]?\d{3}\b").is_some());
        assert!(loose(r"(?i)\b(rts?|likes?)\s*=").is_some());
        // A neighbour that may be a letter beyond ASCII: fine only for texts without one.
        let name = loose(r"\b[A-Z][a-zà-ÿ]+\b").unwrap();
        assert!(name.fits(&['’']) && !name.fits(&['é']));
        assert!(!loose(r"\b\w+").unwrap().fits(&['é']));
        assert!(loose(r"\b[a-z.]").is_none(), "`.` is no word character");
        assert!(loose(r"vote").is_none(), "no boundary: nothing to gain");
        assert!(loose(r"\Bvote").is_none());
        assert!(loose(r"\b").is_none());
        assert!(loose(r"(?i)\bk\b").is_some());
    }

    #[test]
    fn finds_what_the_pattern_finds() {
        let cases = [
            (r"\bvote\b", "évote vote votes xvote vote, été vote"),
            (
                r"\b\d{3}[ .-]?\d{3}\b",
                "é123 456 a123456 123 456é 123-456 ١٢٣ 123 456",
            ),
            (r"(?i)\b(rts?|likes?)\s*[=≠]", "RT= likes ≠ élikes= rts =x"),
            (r"(?i)\bk\w*", "Kelvin K é k kk"),
            (r"\b(a|ab)c?d\b", "abd abcd acd éabcd ad adé"),
            (r"\b[A-Z][a-zà-ÿ]+\b", "Été Ana Éric xAna Anaé"),
        ];
        for (p, text) in cases {
            let l = loose(p).unwrap_or_else(|| panic!("{p}"));
            let chars: Vec<char> = {
                let mut v: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
                v.sort();
                v.dedup();
                v
            };
            if l.fits(&chars) {
                assert_eq!(l.find_iter(text).collect::<Vec<_>>(), exact(p, text), "{p}");
            }
        }
    }

    #[test]
    fn agrees_with_the_pattern_on_many_texts() {
        let patterns = [
            r"\bab\b",
            r"\b\d{2}[ -]?\d\b",
            r"(?i)\b(a|ab)c?\w*",
            r"\b[A-Z][a-zé]+",
            r"x\b[ -]?\bb",
            r"\b(?:a|1)(b|é)\b",
            r"\b(a|ab)c?\b(?:x|é)",
        ];
        let compiled: Vec<(&str, Loose, regex::Regex)> = patterns
            .iter()
            .map(|p| (*p, loose(p).expect(p), regex::Regex::new(p).expect(p)))
            .collect();
        let alphabet = ['a', 'b', 'c', 'A', '1', '2', ' ', '-', 'é', 'É', 'x', '٣'];
        let mut seed = 7u64;
        for _ in 0..2000 {
            let len = (seed % 12) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    alphabet[(seed >> 33) as usize % alphabet.len()]
                })
                .collect();
            let mut chars: Vec<char> = text.chars().filter(|c| !c.is_ascii()).collect();
            chars.sort();
            chars.dedup();
            for (p, l, re) in &compiled {
                if l.fits(&chars) {
                    let got: Vec<_> = l.find_iter(&text).collect();
                    let want: Vec<_> = re.find_iter(&text).map(|m| m.range()).collect();
                    assert_eq!(got, want, "{p} on {text:?}");
                }
            }
        }
    }

    #[test]
    fn non_ascii_digits_make_a_text_unfit() {
        let l = loose(r"\b\d{3}\b").unwrap();
        assert!(l.fits(&['é', 'à']));
        assert!(!l.fits(&['é', '١']));
    }
}
