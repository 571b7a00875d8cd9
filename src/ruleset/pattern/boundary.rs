//! Word boundaries the fast regex engines can run on any text.
//!
//! The `regex` crate's lazy DFA gives up on a Unicode `\b` as soon as the text has a byte beyond
//! ASCII (an accent), and the search falls back to the PikeVM, tens of times slower. Where each
//! `\b` of a pattern stands next to a part that only matches ASCII letters, digits or `_`,
//! an ASCII `\b` holds wherever the Unicode one does (and sometimes where it does not, as in
//! `é1`). So the pattern with ASCII boundaries finds every place a match may start, quickly, and
//! the pattern itself, anchored there, confirms it: the matches are exactly the pattern's own.
//! Where a `\b` has no such neighbour, or the text has a character that would make the ASCII
//! one miss (`é` next to `\w`), the looser pattern leaves that `\b` out: it then matches more,
//! never less, and the confirmation keeps only the pattern's matches.

use std::ops::Range;

use regex_automata::meta;
use regex_automata::{Anchored, Input};
use regex_syntax::hir::Repetition;
use regex_syntax::hir::{Capture, Class, ClassUnicode, ClassUnicodeRange, Hir, HirKind, Look};

/// A pattern run as "a looser pattern finds, the pattern confirms".
#[derive(Debug)]
pub(crate) struct Loose {
    /// The pattern with ASCII `\b`: its matches start wherever the pattern's may, in a text
    /// that [`Loose::fits`].
    ascii: Option<meta::Regex>,
    /// The pattern with ASCII `\b` where that holds for any text, and no assertion where the
    /// Unicode one stood otherwise: its matches start wherever the pattern's may, in any text.
    /// Built when `ascii` is missing or does not fit every text.
    dropped: Option<meta::Regex>,
    /// The pattern itself, run anchored where a looser one found a start.
    exact: meta::Regex,
    /// The longest match of the pattern, in bytes, when it has one. The confirmation looks no
    /// further (its `\b` still see the text beyond), so that regex may run it with its
    /// backtracker, not with the slower PikeVM that a long text beyond ASCII leaves it.
    longest: Option<usize>,
    /// Characters beyond ASCII that a part next to a `\b` can match: the first claim holds for
    /// a text only when it has none of them (`\d` also matches `٣`, a word character).
    risky: Vec<ClassUnicodeRange>,
}

impl Loose {
    /// `None` when the pattern has no Unicode word assertion, or can match empty text.
    pub fn new(source: &str, size_limit: usize, cache: usize) -> Option<Loose> {
        let hir = regex_syntax::parse(source).ok()?;
        if hir.properties().minimum_len().is_none_or(|n| n == 0) {
            return None;
        }
        let config = meta::Config::new()
            .nfa_size_limit(Some(size_limit))
            .hybrid_cache_capacity(cache);
        let build = |hir: &Hir| {
            let mut b = meta::Builder::new();
            b.configure(config.clone());
            b.build_from_hir(hir).ok()
        };
        let mut risky = ClassUnicode::empty();
        let mut found = false;
        let ascii = rewrite(&hir, &mut risky, &mut found, false).filter(|_| found);
        let (mut none, mut dropped_found) = (ClassUnicode::empty(), false);
        let dropped = if ascii.is_none() || !risky.ranges().is_empty() {
            rewrite(&hir, &mut none, &mut dropped_found, true).filter(|_| dropped_found)
        } else {
            None
        };
        if ascii.is_none() && dropped.is_none() {
            return None;
        }
        Some(Loose {
            ascii: ascii.as_ref().and_then(build),
            dropped: dropped.as_ref().and_then(build),
            exact: build(&hir)?,
            longest: hir.properties().maximum_len(),
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
    /// match empty text, so there is no empty match to step over); `chars` are the distinct
    /// characters beyond ASCII of `haystack`, sorted. `None` when no looser pattern fits.
    pub fn find_iter<'a>(
        &'a self,
        haystack: &'a str,
        chars: &[char],
    ) -> Option<impl Iterator<Item = Range<usize>> + 'a> {
        let loose = match (&self.ascii, &self.dropped) {
            (Some(a), _) if self.fits(chars) => a,
            (_, Some(d)) => d,
            _ => return None,
        };
        let mut at = 0;
        Some(std::iter::from_fn(move || {
            let mut from = at;
            while from <= haystack.len() {
                let start = loose.search(&Input::new(haystack).range(from..))?.start();
                let end = self.longest.map_or(haystack.len(), |n| {
                    haystack.len().min(start.saturating_add(n))
                });
                let anchored = Input::new(haystack)
                    .range(start..end)
                    .anchored(Anchored::Yes);
                if let Some(m) = self.exact.search(&anchored) {
                    at = m.end();
                    return Some(m.range());
                }
                // No match of the pattern starts there: look for the next possible start.
                from = start + haystack[start..].chars().next().map_or(1, char::len_utf8);
            }
            None
        }))
    }
}

/// The pattern with each Unicode `\b` made ASCII, when each has a neighbour of ASCII word
/// characters (beyond ASCII, the neighbour's characters go to `risky`). With `drop`, a Unicode
/// word assertion that cannot be made ASCII for every text is left out instead: the pattern
/// then matches more, never less.
fn rewrite(h: &Hir, risky: &mut ClassUnicode, found: &mut bool, drop: bool) -> Option<Hir> {
    Some(match h.kind() {
        HirKind::Empty | HirKind::Literal(_) | HirKind::Class(_) => h.clone(),
        HirKind::Look(look) => {
            if is_unicode_word(*look) {
                if !drop {
                    return None;
                }
                *found = true;
                return Some(Hir::empty());
            }
            h.clone()
        }
        HirKind::Repetition(r) => Hir::repetition(Repetition {
            min: r.min,
            max: r.max,
            greedy: r.greedy,
            sub: Box::new(rewrite(&r.sub, risky, found, drop)?),
        }),
        HirKind::Capture(c) => Hir::capture(Capture {
            index: c.index,
            name: c.name.clone(),
            sub: Box::new(rewrite(&c.sub, risky, found, drop)?),
        }),
        HirKind::Alternation(v) => Hir::alternation(
            v.iter()
                .map(|s| rewrite(s, risky, found, drop))
                .collect::<Option<_>>()?,
        ),
        HirKind::Concat(v) => {
            let mut out = Vec::with_capacity(v.len());
            for (i, s) in v.iter().enumerate() {
                if !matches!(s.kind(), HirKind::Look(Look::WordUnicode)) {
                    out.push(rewrite(s, risky, found, drop)?);
                    continue;
                }
                let after = edge_of(&v[i + 1..], true);
                let before = edge_of(&v[..i], false);
                let side = [after, before]
                    .into_iter()
                    .flatten()
                    .filter_map(|c| split_ascii_word(&c))
                    .min_by_key(|beyond| beyond.ranges().len());
                *found = true;
                match side {
                    Some(beyond) if !drop || beyond.ranges().is_empty() => {
                        risky.union(&beyond);
                        out.push(Hir::look(Look::WordAscii));
                    }
                    _ if drop => out.push(Hir::empty()),
                    _ => return None,
                }
            }
            Hir::concat(out)
        }
    })
}

/// The characters a match of `parts` (one after the other) can start with (`first`) or end
/// with; `None` when unknown or when they can match empty text.
fn edge_of(parts: &[Hir], first: bool) -> Option<ClassUnicode> {
    let concat = Hir::concat(parts.to_vec());
    if concat.properties().minimum_len().is_none_or(|n| n == 0) {
        return None;
    }
    edge(&concat, first)
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

/// The characters a match of `h` that is not empty can start with (`first`) or end with;
/// `None` when unknown.
fn edge(h: &Hir, first: bool) -> Option<ClassUnicode> {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Some(ClassUnicode::empty()),
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
        HirKind::Class(Class::Bytes(_)) => None,
        HirKind::Repetition(r) if r.max == Some(0) => Some(ClassUnicode::empty()),
        HirKind::Repetition(r) => edge(&r.sub, first),
        HirKind::Capture(c) => edge(&c.sub, first),
        HirKind::Concat(v) => {
            // The first part that matches something gives the edge: parts that may match
            // nothing add theirs, up to one that must match something.
            let mut all = ClassUnicode::empty();
            let parts: Box<dyn Iterator<Item = &Hir>> = if first {
                Box::new(v.iter())
            } else {
                Box::new(v.iter().rev())
            };
            for part in parts {
                all.union(&edge(part, first)?);
                if part.properties().minimum_len().is_some_and(|n| n > 0) {
                    break;
                }
            }
            Some(all)
        }
        HirKind::Alternation(v) => {
            let mut all = ClassUnicode::empty();
            for s in v {
                all.union(&edge(s, first)?);
            }
            Some(all)
        }
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
        Loose::new(p, 1 << 22, super::super::DFA_CACHE)
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
        // `.` is no word character: the boundary is left out, and the pattern confirms.
        let dot = loose(r"\b[a-z.]").unwrap();
        assert!(dot.ascii.is_none() && dot.dropped.is_some());
        assert!(loose(r"\Bvote").unwrap().ascii.is_none());
        assert!(loose(r"vote").is_none(), "no boundary: nothing to gain");
        assert!(loose(r"\b").is_none());
        // Where every ASCII boundary holds for any text, nothing need be left out.
        assert!(loose(r"\bvote\b").unwrap().dropped.is_none());
        // A neighbour that may match nothing looks past it.
        assert!(loose(r"\b(sera|seront) (annoncee?s?|abolie?s?)\b")
            .unwrap()
            .dropped
            .is_none());
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
            let found: Vec<_> = l.find_iter(text, &chars).expect(p).collect();
            assert_eq!(found, exact(p, text), "{p}");
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
            r"\b[a.]b",
            r"\Bab",
            r"\b\w+\b c",
            r"(?i)\bab?\w*\b",
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
                let got: Vec<_> = l.find_iter(&text, &chars).expect(p).collect();
                let want: Vec<_> = re.find_iter(&text).map(|m| m.range()).collect();
                assert_eq!(got, want, "{p} on {text:?}");
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
