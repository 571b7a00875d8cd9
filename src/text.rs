//! The normalised views of a draft that rules match against.
//!
//! A [`Document`] keeps the original text untouched and builds two views of it, each with a map
//! from every byte of the view back to the original bytes it came from, so a finding always
//! points at the exact bytes the writer typed:
//! - the *clean* view (NFKC, invisible characters dropped, look-alike letters from other
//!   scripts mapped to Latin, case and punctuation kept) is what regular-expression patterns see;
//! - the *words* view (lower case, no accents, leetspeak and split letters undone, CamelCase
//!   and hashtags split, every run of non-word characters folded to one space) is what phrases see.

use std::ops::Range;

mod clean;
#[cfg(test)]
mod reference;
mod view;
mod words;

pub use view::View;

use clean::clean_view;
use words::words_view;

/// One word of the words view: its byte range in that view and in the original.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: u32,
    pub end: u32,
    pub orig_start: u32,
    pub orig_end: u32,
}

/// A draft with its normalised views. Built once per draft; every rule reads it.
#[derive(Debug, Clone)]
pub struct Document {
    original: String,
    clean: View,
    words: View,
    tokens: Vec<Token>,
}

impl Document {
    pub fn new(original: impl Into<String>) -> Document {
        let original = original.into();
        let clean = clean_view(&original);
        let (words, tokens) = words_view(&clean);
        Document {
            original,
            clean,
            words,
            tokens,
        }
    }

    pub fn original(&self) -> &str {
        &self.original
    }
    pub fn clean(&self) -> &View {
        &self.clean
    }
    pub fn words(&self) -> &View {
        &self.words
    }
    pub fn tokens(&self) -> &[Token] {
        &self.tokens
    }

    /// True when the draft has nothing but white space and invisible characters.
    pub fn is_blank(&self) -> bool {
        self.clean.text.trim().is_empty()
    }

    /// Index of the token that contains (or follows) an original byte offset.
    pub fn token_at_original(&self, offset: usize) -> usize {
        self.tokens
            .partition_point(|t| (t.orig_end as usize) <= offset)
            .min(self.tokens.len().saturating_sub(1))
    }

    /// The first and last token a range of the original covers (the nearest when it falls
    /// between tokens), as the engine places a match among the words.
    pub fn tokens_covering(&self, orig: &Range<usize>) -> (usize, usize) {
        let first = self.token_at_original(orig.start);
        let last = self
            .token_at_original(orig.end.saturating_sub(1))
            .max(first);
        (first, last)
    }

    /// Index of the token that contains a words-view byte offset.
    pub fn token_at_words(&self, offset: usize) -> usize {
        self.tokens
            .partition_point(|t| (t.end as usize) <= offset)
            .min(self.tokens.len().saturating_sub(1))
    }
}

/// Characters that change nothing a reader sees but can split a word to dodge a matcher.
pub fn is_invisible(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}' | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}'
        | '\u{FFA0}' | '\u{E0000}'..='\u{E0FFF}')
}

/// Folds a phrase of a rule the same way the words view folds a draft, so both meet.
pub fn fold_phrase(phrase: &str) -> String {
    fold_plain(phrase).unwrap_or_else(|| Document::new(phrase).words.text)
}

/// The words view of a phrase of lower-case ASCII words, built without a [`Document`]: a
/// ruleset has thousands of such literals, and compiling it is part of every run. `None` when a
/// rule of the words view could apply (capitals, digits, symbols, repeated letters, single
/// letters side by side), so that the answer is always the same as the full fold's.
fn fold_plain(phrase: &str) -> Option<String> {
    let mut out = String::with_capacity(phrase.len());
    let mut single_before = false;
    for word in phrase.split([' ', '\'', '-', ',', '.']) {
        if word.is_empty() {
            continue;
        }
        let b = word.as_bytes();
        if !b.iter().all(u8::is_ascii_lowercase)
            || b.windows(3).any(|w| w[0] == w[1] && w[1] == w[2])
        {
            return None;
        }
        let single = b.len() == 1;
        if single && single_before {
            return None;
        }
        single_before = single;
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    Some(out)
}

/// 1-based line and column (in characters) of a byte offset of the original text.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(text, offset);
    let before = &text[..offset];
    let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Lines and columns of offsets met in increasing order, in time linear in the text: a report
/// needs the position of every finding, and a draft may have thousands of them on one line.
#[derive(Debug, Clone)]
pub struct LineCounter<'t> {
    text: &'t str,
    at: usize,
    line: usize,
    column: usize,
}

impl<'t> LineCounter<'t> {
    pub fn new(text: &'t str) -> LineCounter<'t> {
        LineCounter {
            text,
            at: 0,
            line: 1,
            column: 1,
        }
    }

    /// 1-based line and column (in characters) of a byte offset. An offset before the last one
    /// asked for counts again from the start.
    pub fn position(&mut self, offset: usize) -> (usize, usize) {
        let offset = floor_char_boundary(self.text, offset);
        if offset < self.at {
            *self = LineCounter::new(self.text);
        }
        for c in self.text[self.at..offset].chars() {
            if c == '\n' {
                self.line += 1;
                self.column = 1;
            } else {
                self.column += 1;
            }
        }
        self.at = offset;
        (self.line, self.column)
    }
}

/// Sorts byte ranges and merges those that overlap or touch: masks and exceptions are tested
/// against the merged list by binary search.
pub fn merge_ranges(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| r.start);
    let mut out: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for r in ranges {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The largest char boundary at or below `i` (std's version is not yet stable).
pub fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_disguise_maps_back_to_what_was_typed() {
        // (draft, folded word, the original bytes a finding on it must cover)
        let cases = [
            ("a c0nfidential memo", "confidential", "c0nfidential"),
            ("the pr0t3cted file", "protected", "pr0t3cted"),
            ("t0p $ecret!", "top secret", "t0p $ecret"),
            ("go v0te", "vote", "v0te"),
            ("it is s.e.c.r.e.t ok", "secret", "s.e.c.r.e.t"),
            (
                "c o n f i d e n t i e l",
                "confidentiel",
                "c o n f i d e n t i e l",
            ),
            ("S.e.C.r.E.t", "secret", "S.e.C.r.E.t"),
            (
                "c-0-n-f-i-d-e-n-t-i-a-l",
                "confidential",
                "c-0-n-f-i-d-e-n-t-i-a-l",
            ),
            ("what a looooser", "loser", "looooser"),
            ("#VoteNDP now", "ndp", "NDP"),
            ("#ProtégéB", "protege", "Protégé"),
            ("se\u{200B}cret", "secret", "se\u{200B}cret"),
            ("se\u{00AD}cret", "secret", "se\u{00AD}cret"),
            ("se\u{200D}cr\u{200C}et", "secret", "se\u{200D}cr\u{200C}et"),
            ("s\u{202E}ecret", "secret", "s\u{202E}ecret"),
            ("ѕесrеt", "secret", "ѕесrеt"),
            ("ｓｅｃｒｅｔ", "secret", "ｓｅｃｒｅｔ"),
            ("𝐬𝐞𝐜𝐫𝐞𝐭 𝕤𝕖𝕔𝕣𝕖𝕥", "secret", "𝐬𝐞𝐜𝐫𝐞𝐭"),
            ("Αpple", "apple", "Αpple"),
            ("le ministére", "ministere", "ministére"),
            (
                "le ministe\u{301}\u{301}re",
                "ministere",
                "ministe\u{301}\u{301}re",
            ),
            ("le ministere", "ministere", "ministere"),
        ];
        for (draft, folded, typed) in cases {
            let doc = Document::new(draft);
            let w = doc.words.as_str();
            let at = w
                .find(folded)
                .unwrap_or_else(|| panic!("{folded:?} not in {w:?} ({draft:?})"));
            let r = doc.words.to_original(at..at + folded.len());
            assert_eq!(&doc.original()[r], typed, "{draft:?}");
        }
    }

    #[test]
    fn maps_back_to_original_bytes() {
        let doc = Document::new("Un d\u{200B}ocument s.e.c.r.e.t ici");
        let w = doc.words.as_str();
        let at = w.find("secret").unwrap();
        let r = doc.words.to_original(at..at + 6);
        assert_eq!(&doc.original()[r], "s.e.c.r.e.t");
        let at = w.find("document").unwrap();
        let r = doc.words.to_original(at..at + 8);
        assert_eq!(&doc.original()[r], "d\u{200B}ocument");
    }

    #[test]
    fn combining_accents_stay_with_their_letter() {
        let doc = Document::new("Prote\u{301}ge\u{301} B");
        assert_eq!(doc.words.as_str(), "protege b");
        let r = doc.words.to_original(0..7);
        assert_eq!(&doc.original()[r], "Prote\u{301}ge\u{301}");
    }

    #[test]
    fn plain_phrases_fold_as_drafts_do() {
        let phrases = [
            "protected b",
            "note d'information",
            "cabinet confidence",
            "isn't public yet",
            "y a t il",
            "a-t-il",
            "looooser",
            "c o n f",
            "s.e.c.r.e.t",
            "vote ndp",
            "t0p",
            "",
            " . ",
            "e-mail, courriel.",
            "a b",
            "l information",
            "x-ray",
            "aaa",
            "aab",
            "Protected B",
            "protégé",
            "top  secret ",
            "se-cret",
        ];
        for p in phrases {
            if let Some(fast) = fold_plain(p) {
                assert_eq!(fast, Document::new(p).words.text, "{p:?}");
            }
        }
        assert_eq!(
            fold_plain("note d'information").as_deref(),
            Some("note d information")
        );
        assert_eq!(fold_plain("a b"), None);
    }

    #[test]
    fn line_and_column_count_characters() {
        let t = "ab\r\nçé x";
        assert_eq!(line_column(t, 0), (1, 1));
        assert_eq!(line_column(t, t.find('x').unwrap()), (2, 4));
        let mut lines = LineCounter::new(t);
        assert_eq!(lines.position(1), (1, 2));
        assert_eq!(lines.position(t.find('x').unwrap()), (2, 4));
        assert_eq!(lines.position(0), (1, 1));
        assert_eq!(lines.position(t.len() + 9), (2, 5));
    }
}
