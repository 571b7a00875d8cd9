//! What every match of a pattern contains, read from its syntax: the sets of literals the
//! gates look for (`\b(est|sont)( un)* (cave|con)\b` needs `est` or `sont` starting a word,
//! and ` cave` or ` con` ending one), and characters beyond ASCII (`🤡`, invisible ones).
//! Reading is cheap next to compiling, and for the built-in rules build.rs does it.

use regex_syntax::hir::{Class, Hir, HirKind, Look};

/// The most strings a set may have: beyond, a set is split or given up.
const LIMIT: usize = 64;
/// The most characters a class may have to be read as its characters.
const CLASS_CHARS: u32 = 64;
/// The most sets a pattern needs: the ones that say the most.
const SETS: usize = 3;
/// Sets that say less than this (single ASCII characters) are left out: nearly every text
/// has them, and they would slow the scan of a long one.
const MIN_SCORE: usize = 2;

/// Flags of a literal: a word boundary before it (Unicode `\b`, or ASCII `(?-u:\b)`), one
/// after it, and whether ASCII case counts.
pub(super) const BEFORE: u8 = 1;
pub(super) const BEFORE_ASCII: u8 = 2;
pub(super) const AFTER: u8 = 4;
pub(super) const AFTER_ASCII: u8 = 8;
pub(super) const EXACT_CASE: u8 = 16;

/// A literal of a set: where it occurs (with its bounds holding), the set is met.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Lit {
    pub text: String,
    /// [`BEFORE`], [`AFTER`], their ASCII forms, [`EXACT_CASE`].
    pub flags: u8,
}

/// What every match of a pattern contains: a literal of each set, and a character of `chars`.
#[derive(Debug, Default)]
pub(crate) struct Need {
    pub(super) sets: Vec<Vec<Lit>>,
    /// Ranges of characters beyond ASCII, sorted; empty when a match needs none of them.
    pub(super) chars: Vec<(char, char)>,
}

impl Need {
    /// Reads a pattern; a pattern that does not parse needs nothing.
    pub fn of(pattern: &str) -> Need {
        let Ok(hir) = regex_syntax::parse(pattern) else {
            return Need::default();
        };
        let mut sets = facts(&hir).into_sets();
        sets.retain(|s| score(s) >= MIN_SCORE);
        for s in &mut sets {
            s.sort();
            s.dedup();
        }
        sets.sort_by_key(|s| (std::cmp::Reverse(score(s)), s.len()));
        // The same literals with fewer bounds say less: keep the first, best, of them.
        let mut seen = std::collections::HashSet::new();
        sets.retain(|s| seen.insert(s.iter().map(|l| l.text.clone()).collect::<Vec<_>>()));
        sets.truncate(SETS);
        Need {
            sets,
            chars: chars(&hir).unwrap_or_default(),
        }
    }

    /// True when the pattern needs nothing a text may lack.
    pub fn is_empty(&self) -> bool {
        self.sets.is_empty() && self.chars.is_empty()
    }
}

/// How much a set says, roughly how rare its most common literal is: one for each ASCII letter,
/// digit or space, two for other ASCII characters (`@`) and the bytes of the others, plus one
/// for each word boundary it needs.
fn score(set: &[Lit]) -> usize {
    let char = |c: char| match c {
        ' ' => 1,
        _ if c.is_ascii_alphanumeric() => 1,
        _ if c.is_ascii() => 2,
        _ => c.len_utf8(),
    };
    let weight = |l: &Lit| {
        let before = l.flags & (BEFORE | BEFORE_ASCII) != 0;
        let after = l.flags & (AFTER | AFTER_ASCII) != 0;
        l.text.chars().map(char).sum::<usize>() + usize::from(before) + usize::from(after)
    };
    set.iter().map(weight).min().unwrap_or(0)
}

/// A string a part of a pattern matches. When `any_case`, its ASCII letters (in lower case
/// here) may be of either case in the text: so `(?i)vote` is one string, not sixteen.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
struct Str {
    text: String,
    any_case: bool,
}

impl Str {
    fn lit(self, flags: u8) -> Lit {
        let case = if self.any_case { 0 } else { EXACT_CASE };
        Lit {
            text: self.text,
            flags: flags | case,
        }
    }
}

/// What is known of a part of a pattern.
struct Facts {
    /// Every string the part can match, when there are few.
    exact: Option<Vec<Str>>,
    /// Sets of which every match of the part contains a literal.
    sets: Vec<Vec<Lit>>,
}

impl Facts {
    fn exact(v: Vec<Str>) -> Facts {
        Facts {
            exact: Some(v),
            sets: Vec::new(),
        }
    }

    /// The sets a match holds a literal of, none of them with the empty string; the strings
    /// the part matches make one when there is no other (a product of several sets would make
    /// more literals than it is worth).
    fn into_sets(self) -> Vec<Vec<Lit>> {
        let mut sets = self.sets;
        sets.retain(|s| !s.is_empty() && s.iter().all(|l| !l.text.is_empty()));
        if let Some(exact) = self.exact.filter(|_| sets.is_empty()) {
            if !exact.iter().any(|s| s.text.is_empty()) {
                sets.push(exact.into_iter().map(|s| s.lit(0)).collect());
            }
        }
        sets
    }
}

/// The two characters beyond ASCII that case-insensitive matching equates with ASCII letters:
/// the long s and the Kelvin sign. Literals write them as `s` and `k` of any case (an `(?i)`
/// word of five letters s would otherwise be 32 literals), so a text that has one of them opens
/// every gate.
pub(super) const ODD_CASES: [char; 2] = ['\u{17F}', '\u{212A}'];

fn odd_case(c: char) -> Option<char> {
    match c {
        '\u{17F}' => Some('s'),
        '\u{212A}' => Some('k'),
        _ => None,
    }
}

fn sorted(mut v: Vec<Str>) -> Vec<Str> {
    v.sort();
    v.dedup();
    v
}

/// Every concatenation of a string of `a` with one of `b`; `None` when too many.
fn product(a: &[Str], b: &[Str]) -> Option<Vec<Str>> {
    if a.len() * b.len() > LIMIT {
        return None;
    }
    let all = a.iter().flat_map(|x| {
        b.iter().map(move |y| Str {
            text: format!("{}{}", x.text, y.text),
            any_case: x.any_case || y.any_case,
        })
    });
    Some(sorted(all.collect()))
}

/// The characters of a class, each as a string: a letter with its other case in the class is
/// one string of any case.
fn class_chars(ranges: &[(char, char)]) -> Option<Vec<Str>> {
    let size: u32 = ranges
        .iter()
        .map(|&(a, b)| u32::from(b) - u32::from(a) + 1)
        .sum();
    if size > CLASS_CHARS {
        return None;
    }
    let has = |c: char| ranges.iter().any(|&(a, b)| a <= c && c <= b);
    let chars = ranges.iter().flat_map(|&(a, b)| a..=b);
    let strs = chars.map(|c| {
        let other = if c.is_ascii_lowercase() {
            c.to_ascii_uppercase()
        } else {
            c.to_ascii_lowercase()
        };
        match odd_case(c) {
            Some(ascii) => Str {
                text: ascii.to_string(),
                any_case: true,
            },
            None if c.is_ascii_alphabetic() && has(other) => Str {
                text: c.to_ascii_lowercase().to_string(),
                any_case: true,
            },
            None => Str {
                text: c.to_string(),
                any_case: false,
            },
        }
    });
    Some(sorted(strs.collect()))
}

fn is_word_look(look: Look) -> Option<(u8, u8)> {
    match look {
        Look::WordUnicode => Some((BEFORE, AFTER)),
        Look::WordAscii => Some((BEFORE_ASCII, AFTER_ASCII)),
        _ => None,
    }
}

fn facts(h: &Hir) -> Facts {
    match h.kind() {
        HirKind::Empty | HirKind::Look(_) => Facts::exact(vec![Str::default()]),
        HirKind::Literal(l) => match std::str::from_utf8(&l.0) {
            Ok(s) => Facts::exact(vec![Str {
                text: s.chars().map(|c| odd_case(c).unwrap_or(c)).collect(),
                any_case: s.contains(ODD_CASES),
            }]),
            Err(_) => Facts {
                exact: None,
                sets: Vec::new(),
            },
        },
        HirKind::Class(Class::Unicode(c)) => {
            let ranges: Vec<(char, char)> =
                c.ranges().iter().map(|r| (r.start(), r.end())).collect();
            Facts {
                exact: class_chars(&ranges),
                sets: Vec::new(),
            }
        }
        HirKind::Class(Class::Bytes(c)) => {
            let ascii = c.ranges().iter().all(|r| r.end() < 0x80);
            let ranges: Vec<(char, char)> = c
                .ranges()
                .iter()
                .map(|r| (char::from(r.start()), char::from(r.end())))
                .collect();
            Facts {
                exact: class_chars(&ranges).filter(|_| ascii),
                sets: Vec::new(),
            }
        }
        HirKind::Capture(c) => facts(&c.sub),
        HirKind::Repetition(r) => {
            let sub = facts(&r.sub);
            let exact = sub.exact.as_ref().and_then(|e| {
                let max = r.max.filter(|&m| m <= 4)?;
                let mut power = vec![Str::default()];
                let mut all = if r.min == 0 {
                    power.clone()
                } else {
                    Vec::new()
                };
                for k in 1..=max {
                    power = product(&power, e)?;
                    if k >= r.min {
                        all.extend(power.iter().cloned());
                    }
                }
                let all = sorted(all);
                (all.len() <= LIMIT).then_some(all)
            });
            let sets = if r.min >= 1 {
                sub.into_sets()
            } else {
                Vec::new()
            };
            Facts { exact, sets }
        }
        HirKind::Alternation(v) => {
            let parts: Vec<Facts> = v.iter().map(facts).collect();
            let exact = parts
                .iter()
                .map(|p| p.exact.clone())
                .collect::<Option<Vec<Vec<Str>>>>()
                .map(|e| sorted(e.into_iter().flatten().collect()))
                .filter(|all| all.len() <= LIMIT);
            // Whatever branch matched, its best set holds a literal of the match.
            let mut union: Option<Vec<Lit>> = Some(Vec::new());
            for p in parts {
                let best = p
                    .into_sets()
                    .into_iter()
                    .max_by_key(|s| (score(s), std::cmp::Reverse(s.len())));
                match (&mut union, best) {
                    (Some(u), Some(b)) => u.extend(b),
                    _ => union = None,
                }
            }
            let sets = union.filter(|u| !u.is_empty() && u.len() <= LIMIT);
            Facts {
                exact,
                sets: sets.into_iter().collect(),
            }
        }
        HirKind::Concat(v) => concat(v),
    }
}

/// A concatenation: each run of parts with few strings gives sets (cut where a product grows
/// too big), bounded where a word boundary stands next to the run.
fn concat(parts: &[Hir]) -> Facts {
    let mut sets = Vec::new();
    let mut run: Vec<Vec<Str>> = Vec::new();
    let mut before = 0u8;
    let mut all: Option<Vec<Str>> = Some(vec![Str::default()]);
    for h in parts {
        if let HirKind::Look(look) = h.kind() {
            if let Some((b, a)) = is_word_look(*look) {
                flush(&mut run, before, a, &mut sets);
                before = b;
            }
            continue;
        }
        let f = facts(h);
        all = match (&all, &f.exact) {
            (Some(x), Some(y)) => product(x, y),
            _ => None,
        };
        match f.exact {
            Some(e) => run.push(e),
            None => {
                flush(&mut run, before, 0, &mut sets);
                before = 0;
                sets.extend(f.sets);
            }
        }
    }
    flush(&mut run, before, 0, &mut sets);
    Facts { exact: all, sets }
}

fn flush(run: &mut Vec<Vec<Str>>, before: u8, after: u8, sets: &mut Vec<Vec<Lit>>) {
    if run.is_empty() {
        return;
    }
    let mut pieces: Vec<Vec<Str>> = Vec::new();
    let mut current = vec![Str::default()];
    for e in run.drain(..) {
        // Two sets of many strings make more literals than they are worth: two pieces, both
        // needed, say nearly as much.
        match product(&current, &e).filter(|_| current.len().min(e.len()) <= 2) {
            Some(p) => current = p,
            None => pieces.push(std::mem::replace(&mut current, e)),
        }
    }
    pieces.push(current);
    let last = pieces.len() - 1;
    for (i, piece) in pieces.into_iter().enumerate() {
        if piece.iter().any(|s| s.text.is_empty()) {
            continue;
        }
        let bounds = if i == 0 { before } else { 0 } | if i == last { after } else { 0 };
        sets.push(piece.into_iter().map(|s| s.lit(bounds)).collect());
    }
}

/// Ranges of characters beyond ASCII one of which every match contains, when it is known.
fn chars(h: &Hir) -> Option<Vec<(char, char)>> {
    let size = |v: &[(char, char)]| v.iter().map(|&(a, b)| b as u32 - a as u32 + 1).sum::<u32>();
    match h.kind() {
        HirKind::Literal(l) => {
            let c = std::str::from_utf8(&l.0)
                .ok()?
                .chars()
                .find(|c| !c.is_ascii())?;
            Some(vec![(c, c)])
        }
        HirKind::Class(Class::Unicode(c)) => {
            let v: Vec<(char, char)> = c.ranges().iter().map(|r| (r.start(), r.end())).collect();
            v.iter().all(|&(a, _)| !a.is_ascii()).then_some(v)
        }
        HirKind::Repetition(r) if r.min >= 1 => chars(&r.sub),
        HirKind::Capture(c) => chars(&c.sub),
        // Any part's characters will do: the fewest say the most.
        HirKind::Concat(v) => v.iter().filter_map(chars).min_by_key(|c| size(c)),
        HirKind::Alternation(v) => {
            let mut all: Vec<(char, char)> = Vec::new();
            for part in v {
                all.extend(chars(part)?);
            }
            all.sort();
            Some(all)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A pattern's sets as strings, `\b` marking a needed boundary.
    fn sets(pattern: &str) -> Vec<Vec<String>> {
        let mark = |yes: bool| if yes { "\\b" } else { "" };
        Need::of(pattern)
            .sets
            .iter()
            .map(|s| {
                s.iter()
                    .map(|l| {
                        let before = mark(l.flags & (BEFORE | BEFORE_ASCII) != 0);
                        let after = mark(l.flags & (AFTER | AFTER_ASCII) != 0);
                        let case = if l.flags & EXACT_CASE != 0 { "" } else { "~" };
                        format!("{case}{before}{}{after}", l.text)
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn literals_every_match_contains() {
        assert_eq!(
            sets(r"\b(est|sont)( un| une)* (cave|con)\b"),
            [vec![" cave\\b", " con\\b"], vec!["\\best", "\\bsont"]]
        );
        assert_eq!(
            sets(r"\b(ahead of|before) (the )?launch\b"),
            [vec![
                "\\bahead of launch\\b",
                "\\bahead of the launch\\b",
                "\\bbefore launch\\b",
                "\\bbefore the launch\\b"
            ]]
        );
        // Two sets of many strings stay two sets rather than their product.
        assert_eq!(
            sets(r"\b(sera|seront|sont) (abolie?s?|coupee?s?)\b"),
            [
                vec!["\\bsera ", "\\bseront ", "\\bsont "],
                vec!["aboli\\b", "abolie\\b", "abolies\\b", "abolis\\b"]
                    .into_iter()
                    .chain(["coupe\\b", "coupee\\b", "coupees\\b", "coupes\\b"])
                    .collect()
            ]
        );
        // `~`: of any case.
        assert_eq!(sets(r"(?i)\bVote"), [vec!["~\\bvote"]]);
        assert_eq!(sets(r"\b[Vv]ote"), [vec!["~\\bvote"]]);
        assert_eq!(sets(r"\b(ARC|CRA)\b"), [vec!["\\bARC\\b", "\\bCRA\\b"]]);
        assert_eq!(
            sets(r"(?i)\bsk\b"),
            [vec!["~\\bsk\\b"]],
            "ſ and K are written s, k"
        );
        assert_eq!(sets(r"(?-u:\b)ab"), [vec!["\\bab"]]);
        assert_eq!(sets("🤡|📸"), [vec!["📸", "🤡"]]);
        assert_eq!(sets(r"\b[\w.+-]+@[\w-]+\.\w+"), [vec!["@"], vec!["."]]);
        assert_eq!(sets(r"foo|bar"), [vec!["bar", "foo"]]);
        assert_eq!(
            sets(r"(is|are)+ (\w+ ){0,2}(dead|over)"),
            [vec!["dead", "over"], vec!["are", "is"]]
        );
        // Whichever branch matched, one of their sets holds.
        assert_eq!(sets(r"x(ab|cd\w+)"), [vec!["ab", "cd"]]);
        // Single ASCII characters, digits, classes too big: nothing worth a gate.
        assert!(sets(r"\b\d{3}\b").is_empty());
        assert!(sets(r"a|b").is_empty());
        assert!(sets(r"\w+ \d+").is_empty());
        assert!(sets(r"(").is_empty(), "a pattern that does not parse");
    }

    #[test]
    fn characters_beyond_ascii_every_match_contains() {
        let chars = |p: &str| Need::of(p).chars;
        assert!(chars(r"\b\d{3}").is_empty());
        assert_eq!(
            chars(r"\p{L}*[\x{200B}\x{FEFF}]+\p{L}"),
            [('\u{200B}', '\u{200B}'), ('\u{FEFF}', '\u{FEFF}')]
        );
        assert_eq!(chars("[📸📷]|🤡"), [('📷', '📸'), ('🤡', '🤡')]);
        assert_eq!(chars("a(?:é|ü)"), [('é', 'é'), ('ü', 'ü')]);
        assert!(chars(r"x?🤡?").is_empty());
        assert!(chars(r"é|e").is_empty());
        assert!(chars(r"(?i)k").is_empty());
    }
}
