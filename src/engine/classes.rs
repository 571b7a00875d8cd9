//! The classes `<name>`, `<mention>` and `<number>` found by hand instead of by their regular
//! expressions: compiling the Unicode classes of those expressions (`\p{Lu}`, `\w`) cost more
//! than everything else one short draft's run does, and drafts with a name or a mention are the
//! common case. Each matcher walks the text once and returns what the regex would (leftmost,
//! non-overlapping, the group when the pattern has one); its character sets are the regex's own,
//! read from the same parser, so the two cannot disagree on a character. The tests compare each
//! matcher with its regex (`Class::pattern`) on many generated texts.

use std::ops::Range;
use std::sync::OnceLock;

use regex_syntax::hir::{self, HirKind};

use crate::ruleset::Class;

/// The ranges of `text` a class covers, found by hand; `None` for the classes left to their
/// regex (`<amount>`, `<date>`: rarer, and their patterns are not a few lines of code).
pub(super) fn find(c: Class, text: &str) -> Option<Vec<Range<usize>>> {
    match c {
        Class::Name => Some(names(text)),
        Class::Mention => Some(mentions(text)),
        Class::Number => Some(numbers(text)),
        Class::Hashtag | Class::Amount | Class::Date | Class::Emoji => None,
    }
}

/// A set of characters as the regex parser reads a class (`\p{Ll}`, `[^\w@.]`), with the ASCII
/// ones in a bit mask.
struct CharSet {
    ascii: u128,
    ranges: Vec<(char, char)>,
}

impl CharSet {
    fn of(class: &str) -> CharSet {
        let ranges: Vec<(char, char)> = match regex_syntax::parse(class).map(|h| h.into_kind()) {
            Ok(HirKind::Class(hir::Class::Unicode(c))) => {
                c.ranges().iter().map(|r| (r.start(), r.end())).collect()
            }
            // Never for the classes below (a test reads each).
            _ => Vec::new(),
        };
        let mut ascii = 0u128;
        for &(a, b) in &ranges {
            for c in (a as u32)..=(b as u32).min(127) {
                ascii |= 1 << c;
            }
        }
        CharSet { ascii, ranges }
    }

    fn has(&self, c: char) -> bool {
        if c.is_ascii() {
            return self.ascii >> c as u32 & 1 == 1;
        }
        self.ranges
            .binary_search_by(|&(a, b)| {
                if b < c {
                    std::cmp::Ordering::Less
                } else if a > c {
                    std::cmp::Ordering::Greater
                } else {
                    std::cmp::Ordering::Equal
                }
            })
            .is_ok()
    }
}

/// The sets the matchers use, each read once per process.
#[derive(Clone, Copy)]
enum Set {
    /// `[\p{Ll}\d,;:)]`: what may come before the spaces before a name.
    NameLead,
    Space,
    Upper,
    Lower,
    Word,
    Digit,
}

impl Set {
    const ALL: [Set; 6] = [
        Set::NameLead,
        Set::Space,
        Set::Upper,
        Set::Lower,
        Set::Word,
        Set::Digit,
    ];

    fn class(self) -> &'static str {
        match self {
            Set::NameLead => r"[\p{Ll}\d,;:)]",
            Set::Space => r"\s",
            Set::Upper => r"\p{Lu}",
            Set::Lower => r"\p{Ll}",
            Set::Word => r"\w",
            Set::Digit => r"\d",
        }
    }

    fn get(self) -> &'static CharSet {
        static SETS: [OnceLock<CharSet>; Set::ALL.len()] =
            [const { OnceLock::new() }; Set::ALL.len()];
        SETS[self as usize].get_or_init(|| CharSet::of(self.class()))
    }

    fn has(self, c: char) -> bool {
        self.get().has(c)
    }
}

/// The end of the run of characters of `text` from `at` that pass `is`, and its length in
/// characters.
fn run(text: &str, at: usize, is: impl Fn(char) -> bool) -> (usize, usize) {
    let mut end = at;
    let mut n = 0;
    for c in text[at..].chars().take_while(|&c| is(c)) {
        end += c.len_utf8();
        n += 1;
    }
    (end, n)
}

/// `\p{Lu}\p{Ll}+` at `at`: its end.
fn capitalised(text: &str, at: usize) -> Option<usize> {
    let c = text[at..].chars().next().filter(|&c| Set::Upper.has(c))?;
    let (end, n) = run(text, at + c.len_utf8(), |c| Set::Lower.has(c));
    (n > 0).then_some(end)
}

/// `[\p{Ll}\d,;:)]\s+(\p{Lu}\p{Ll}+(?:[ \t]+\p{Lu}\p{Ll}+)*)`, its group. Nothing in it can
/// backtrack (spaces, capitals and lower-case letters are disjoint sets), so each quantifier
/// takes all it can.
fn names(text: &str) -> Vec<Range<usize>> {
    // The sets once, not once per character (each is behind a `OnceLock`), and a lead followed
    // by an ASCII character that is no space is passed over at once: nearly every lower-case
    // letter is a lead, and this loop was a tenth of a clean draft's check.
    let (lead, space) = (Set::NameLead.get(), Set::Space.get());
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut from = 0;
    for (at, c) in text.char_indices() {
        if at < from || !lead.has(c) {
            continue;
        }
        let next = at + c.len_utf8();
        if bytes
            .get(next)
            .is_some_and(|&b| b.is_ascii() && !space.has(char::from(b)))
        {
            continue;
        }
        let (start, spaces) = run(text, next, |c| space.has(c));
        if spaces == 0 {
            continue;
        }
        let Some(mut end) = capitalised(text, start) else {
            continue;
        };
        loop {
            let (next, gap) = run(text, end, |c| c == ' ' || c == '\t');
            match capitalised(text, next) {
                Some(e) if gap > 0 => end = e,
                _ => break,
            }
        }
        out.push(start..end);
        from = end;
    }
    out
}

/// `(?:^|[^\w@.])(@\w{2,})`, its group: an `@` at the start or after anything but a word
/// character, `@` or `.`, that did not end the previous match, then two word characters or more.
fn mentions(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut from = 0;
    let mut before: Option<(usize, char)> = None;
    for (at, c) in text.char_indices() {
        let lead = before.replace((at, c));
        if c != '@' {
            continue;
        }
        let led = match lead {
            None => true,
            Some((l, p)) => l >= from && p != '@' && p != '.' && !Set::Word.has(p),
        };
        if !led {
            continue;
        }
        let (end, n) = run(text, at + 1, |c| Set::Word.has(c));
        if n >= 2 {
            out.push(at..end);
            from = end;
        }
    }
    out
}

/// `\d+(?:[.,\u{A0}\u{202F}]\d+)*`.
fn numbers(text: &str) -> Vec<Range<usize>> {
    let digits = Set::Digit.get();
    let digit = |c| digits.has(c);
    let mut out = Vec::new();
    let mut from = 0;
    for (at, c) in text.char_indices() {
        if at < from || !digit(c) {
            continue;
        }
        let (mut end, _) = run(text, at, digit);
        while let Some(sep) = text[end..]
            .chars()
            .next()
            .filter(|c| matches!(c, '.' | ',' | '\u{A0}' | '\u{202F}'))
        {
            let (next, n) = run(text, end + sep.len_utf8(), digit);
            if n == 0 {
                break;
            }
            end = next;
        }
        out.push(at..end);
        from = end;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use regex::Regex;

    /// What the engine took from a class's regex before: each match, or its group.
    fn by_regex(re: &Regex, text: &str) -> Vec<Range<usize>> {
        re.captures_iter(text)
            .map(|c| c.get(1).or(c.get(0)).expect("a match").range())
            .collect()
    }

    #[test]
    fn every_set_is_a_class() {
        for s in Set::ALL {
            assert!(!s.get().ranges.is_empty(), "{}", s.class());
        }
        assert!(Set::Upper.has('É') && !Set::Upper.has('é') && Set::Lower.has('ß'));
        assert!(Set::Digit.has('٣') && !Set::Digit.has('²') && Set::Word.has('\u{300}'));
    }

    #[test]
    fn the_sets_agree_with_the_regex_at_every_edge_of_their_ranges() {
        for s in Set::ALL {
            let re = Regex::new(&format!("^{}$", s.class())).expect("compiles");
            let edges = s.get().ranges.iter().flat_map(|&(a, b)| {
                let (a, b) = (a as u32, b as u32);
                [a.saturating_sub(1), a, b, b + 1]
            });
            let mut buf = [0u8; 4];
            for c in edges.chain((0..128).chain((0..0x11_0000).step_by(997))) {
                let Some(c) = char::from_u32(c) else { continue };
                assert_eq!(
                    s.has(c),
                    re.is_match(c.encode_utf8(&mut buf)),
                    "{c:?} {}",
                    s.class()
                );
            }
        }
    }

    #[test]
    fn the_matchers_find_what_the_regex_finds() {
        // Letters of each case (and a title-case one, in neither), digits that are and are not
        // `\d`, spaces of several kinds, marks, and the punctuation the patterns name.
        let alphabet = [
            "a", "z", "Z", "É", "é", "ß", "ǅ", "ª", "Ⅸ", "1", "9", "٣", "²", " ", " ", "\t", "\n",
            "\u{A0}", "\u{202F}", "\u{2003}", "@", "@", ".", ",", ";", ":", ")", "#", "_", "-",
            "\u{300}", "$", "😀", "Sarah", "Jones", "met", "@jdoe",
        ];
        let mut next = crate::testing::random(7);
        for c in [Class::Name, Class::Mention, Class::Number] {
            let re = Regex::new(c.pattern().expect("a pattern")).expect("compiles");
            for _ in 0..10_000 {
                let len = next(14);
                let text: String = (0..len).map(|_| alphabet[next(alphabet.len())]).collect();
                let hand = find(c, &text).expect("found by hand");
                assert_eq!(hand, by_regex(&re, &text), "{c:?} on {text:?}");
            }
        }
    }

    #[test]
    fn the_matchers_find_names_mentions_and_numbers() {
        let text =
            "Lunch with Sarah Jones\tBlack, then Ottawa; ask @jdoe (a@b.ca) about 1 000,50 or 3.5.";
        let got = |c| -> Vec<&str> {
            find(c, text)
                .expect("by hand")
                .into_iter()
                .map(|r| &text[r])
                .collect()
        };
        assert_eq!(got(Class::Name), ["Sarah Jones\tBlack", "Ottawa"]);
        assert_eq!(got(Class::Mention), ["@jdoe"]);
        assert_eq!(got(Class::Number), ["1", "000,50", "3.5"]);
    }
}
