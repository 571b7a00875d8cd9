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

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;
use unicode_script::{Script, UnicodeScript};

/// A view of the original text: its own string plus, for each of its bytes, the original
/// byte range of the character it was made from.
#[derive(Debug, Clone, Default)]
pub struct View {
    text: String,
    starts: Vec<u32>,
    ends: Vec<u32>,
}

impl View {
    pub fn as_str(&self) -> &str {
        &self.text
    }

    fn push(&mut self, c: char, orig: Range<usize>) {
        let n = c.len_utf8();
        self.text.push(c);
        for _ in 0..n {
            self.starts.push(orig.start as u32);
            self.ends.push(orig.end as u32);
        }
    }

    /// Maps a non-empty byte range of this view back to the original text.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        if self.starts.is_empty() {
            return 0..0;
        }
        let s = range.start.min(self.starts.len() - 1);
        let e = range.end.max(range.start + 1).min(self.ends.len());
        let start = self.starts[s] as usize;
        let end = (self.ends[e - 1] as usize).max(start);
        start..end
    }
}

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

/// Maps one character of the original to what the clean view shows for it.
fn clean_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c);
        return;
    }
    match c {
        '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{2032}' | '\u{02BC}' | '\u{00B4}' | '`' => {
            out.push('\'');
            return;
        }
        '\u{2010}'..='\u{2015}' | '\u{2212}' => {
            out.push('-');
            return;
        }
        _ => {}
    }
    for k in std::iter::once(c).nfkc() {
        if let Some(&(_, ascii)) = SMALL_CAPITALS.iter().find(|(small, _)| *small == k) {
            out.push(ascii);
            continue;
        }
        if k.is_alphabetic() && !k.is_ascii() && is_look_alike_candidate(k) {
            // A letter from another script, or a Latin one without accents that is not ASCII
            // (`ı`, `ɑ`, small capitals like `ꜱ`): use its ASCII look-alike when it has one.
            let mut buf = [0u8; 4];
            let skel: Vec<char> = unicode_security::skeleton(k.encode_utf8(&mut buf)).collect();
            if skel.len() == 1 && skel[0].is_ascii_alphabetic() {
                // Keep the case the writer saw: Cyrillic 'А' looks like 'A'.
                out.push(if k.is_uppercase() {
                    skel[0].to_ascii_uppercase()
                } else {
                    skel[0].to_ascii_lowercase()
                });
                continue;
            }
        }
        if k.is_whitespace() {
            out.push(if k == '\n' { '\n' } else { ' ' });
        } else {
            out.push(k);
        }
    }
}

/// Small capitals, popular in "fancy text" generators, have no compatibility decomposition and
/// no entry in the confusables data (they are told apart from ASCII there), so they are listed.
#[rustfmt::skip]
const SMALL_CAPITALS: &[(char, char)] = &[
    ('ᴀ', 'a'), ('ʙ', 'b'), ('ᴄ', 'c'), ('ᴅ', 'd'), ('ᴇ', 'e'), ('ꜰ', 'f'), ('ɢ', 'g'),
    ('ʜ', 'h'), ('ɪ', 'i'), ('ᴊ', 'j'), ('ᴋ', 'k'), ('ʟ', 'l'), ('ᴍ', 'm'), ('ɴ', 'n'),
    ('ᴏ', 'o'), ('ᴘ', 'p'), ('ꞯ', 'q'), ('ʀ', 'r'), ('ꜱ', 's'), ('ᴛ', 't'), ('ᴜ', 'u'),
    ('ᴠ', 'v'), ('ᴡ', 'w'), ('ʏ', 'y'), ('ᴢ', 'z'),
];

/// Letters whose look-alike we look up: other scripts, and Latin letters that are not accented
/// forms of ASCII ones (those fold to ASCII with their accents dropped, in the words view).
fn is_look_alike_candidate(k: char) -> bool {
    match k.script() {
        Script::Common | Script::Inherited => false,
        Script::Latin => std::iter::once(k).nfd().nth(1).is_none(),
        _ => true,
    }
}

fn clean_view(original: &str) -> View {
    let mut view = View {
        text: String::with_capacity(original.len()),
        starts: Vec::with_capacity(original.len()),
        ends: Vec::with_capacity(original.len()),
    };
    let mut buf = Vec::with_capacity(4);
    for (i, c) in original.char_indices() {
        if is_invisible(c) {
            continue;
        }
        let range = i..i + c.len_utf8();
        if is_combining_mark(c) {
            if let Some(prev) = view.text.chars().next_back() {
                // A combining accent belongs to the character before it: compose the two when
                // Unicode can, and widen that character's range to cover the accent either way.
                let n = prev.len_utf8();
                let start = view.starts[view.starts.len() - n];
                if let Some(composed) = unicode_normalization::char::compose(prev, c) {
                    view.text.pop();
                    view.starts.truncate(view.starts.len() - n);
                    view.ends.truncate(view.ends.len() - n);
                    view.push(composed, start as usize..range.end);
                } else {
                    let len = view.ends.len();
                    for e in &mut view.ends[len - n..] {
                        *e = range.end as u32;
                    }
                }
                continue;
            }
        }
        buf.clear();
        clean_char(c, &mut buf);
        for &k in &buf {
            view.push(k, range.clone());
        }
    }
    view
}

/// Lower case without accents, with the few letters Unicode does not decompose spelled out.
fn fold_char(c: char, out: &mut Vec<char>) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.extend(['o', 'e']),
        'æ' | 'Æ' => out.extend(['a', 'e']),
        'ß' => out.extend(['s', 's']),
        'ø' | 'Ø' => out.push('o'),
        'ł' | 'Ł' => out.push('l'),
        'đ' | 'Đ' => out.push('d'),
        _ => {
            for d in std::iter::once(c).nfd() {
                if !is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
}

#[derive(Clone, Copy)]
struct Unit {
    c: char,
    upper: bool,
    start: u32,
    end: u32,
}

impl Unit {
    fn is_letter(&self) -> bool {
        self.c.is_alphabetic()
    }
    fn is_word(&self) -> bool {
        self.c.is_alphanumeric() || is_leet_symbol(self.c)
    }
}

fn is_leet_symbol(c: char) -> bool {
    matches!(c, '$' | '@' | '!' | '|')
}

fn leet(c: char) -> Option<char> {
    Some(match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' => 't',
        '8' => 'b',
        '9' => 'g',
        _ => return None,
    })
}

/// Builds the words view from the clean view.
fn words_view(clean: &View) -> (View, Vec<Token>) {
    let mut units: Vec<Unit> = Vec::with_capacity(clean.text.len());
    let mut folded = Vec::with_capacity(4);
    for (i, c) in clean.text.char_indices() {
        folded.clear();
        fold_char(c, &mut folded);
        let upper = c.is_uppercase();
        for &k in &folded {
            units.push(Unit {
                c: k,
                upper,
                start: clean.starts[i],
                end: clean.ends[i],
            });
        }
    }

    // Raw tokens: runs of word units. Symbols only count inside a word, never alone.
    let mut raw: Vec<Vec<Unit>> = Vec::new();
    let mut seps: Vec<Vec<char>> = vec![Vec::new()];
    let mut cur: Vec<Unit> = Vec::new();
    for (i, u) in units.iter().enumerate() {
        let in_word = if is_leet_symbol(u.c) {
            // '$ecret' at a word's start, 'v@te' inside; '@name', 'wow!' and the '@' of an
            // e-mail address are not letters.
            let next_letter = units.get(i + 1).is_some_and(Unit::is_letter);
            let prev_letter = cur.last().is_some_and(Unit::is_letter);
            next_letter
                && (u.c == '$' || prev_letter)
                && !(u.c == '@' && is_mail_domain(&units[i + 1..]))
        } else {
            u.is_word()
        };
        if in_word {
            cur.push(*u);
        } else {
            if !cur.is_empty() {
                raw.push(std::mem::take(&mut cur));
                seps.push(Vec::new());
            }
            if let Some(s) = seps.last_mut() {
                s.push(u.c);
            }
        }
    }
    if !cur.is_empty() {
        raw.push(cur);
        seps.push(Vec::new());
    }
    // seps[i] is what stands before raw[i]; seps[raw.len()] trails.

    let raw = join_split_letters(raw, &seps);
    let mut view = View {
        text: String::with_capacity(clean.text.len()),
        starts: Vec::with_capacity(clean.text.len()),
        ends: Vec::with_capacity(clean.text.len()),
    };
    let mut tokens = Vec::with_capacity(raw.len());
    let mut raw = raw.into_iter().peekable();
    while let Some((word, joined)) = raw.next() {
        // `M5V 2T6` is a postal code, `t0p` a word in disguise.
        let postal = is_postal_shape(&word, "ldl")
            && raw
                .peek()
                .is_some_and(|(next, _)| is_postal_shape(next, "dld"));
        let word = if postal { word } else { undo_leet(word) };
        // Letters the writer split apart carry no word boundary in their case: `S.e.C.r.E.t`.
        let parts = if joined {
            vec![word]
        } else {
            split_camel(&word)
        };
        for part in parts {
            let part = collapse_repeats(part);
            if part.is_empty() {
                continue;
            }
            if !view.text.is_empty() {
                let gap = view.ends.last().copied().unwrap_or(0) as usize;
                view.push(' ', gap..(part[0].start as usize).max(gap));
            }
            let start = view.text.len() as u32;
            for u in &part {
                view.push(u.c, u.start as usize..u.end as usize);
            }
            tokens.push(Token {
                start,
                end: view.text.len() as u32,
                orig_start: part[0].start,
                orig_end: part[part.len() - 1].end,
            });
        }
    }
    (view, tokens)
}

/// True when the units after an `@` read as an e-mail domain (`example.com`), not a word.
fn is_mail_domain(after: &[Unit]) -> bool {
    let label = after.iter().take_while(|u| u.c.is_alphanumeric()).count();
    after.get(label).is_some_and(|u| u.c == '.')
        && after.get(label + 1).is_some_and(|u| u.c.is_alphanumeric())
}

/// `s.e.c.r.e.t`, `c o n f i d e n t i e l`, `c-0-n-f-i-d-e-n-t-i-a-l`: a run of single letters
/// (or leetspeak digits between them) with the same one-character separator becomes one word,
/// marked `true`. Three letters are enough with `.`, `-` or `_`; spaces need four, so that French
/// `y a à` stays three words. Numbers never start or end a run, so `a 1 2 3` stays apart.
fn join_split_letters(raw: Vec<Vec<Unit>>, seps: &[Vec<char>]) -> Vec<(Vec<Unit>, bool)> {
    let letter = |w: &Vec<Unit>| w.len() == 1 && w[0].is_letter();
    let single = |w: &Vec<Unit>| letter(w) || (w.len() == 1 && leet(w[0].c).is_some());
    let mut out = Vec::with_capacity(raw.len());
    let mut raw = raw.into_iter().map(Some).collect::<Vec<_>>();
    let mut i = 0;
    while i < raw.len() {
        let Some(first) = raw[i].take() else {
            i += 1;
            continue;
        };
        if letter(&first) {
            let mut j = i + 1;
            let mut sep: Option<char> = None;
            while j < raw.len() && raw[j].as_ref().is_some_and(single) && seps[j].len() == 1 {
                let s = seps[j][0];
                if !matches!(s, '.' | '-' | '_' | ' ') || sep.is_some_and(|p| p != s) {
                    break;
                }
                sep = Some(s);
                j += 1;
            }
            let run_end = j;
            while j > i + 1 && !raw[j - 1].as_ref().is_some_and(letter) {
                j -= 1;
            }
            let letters = 1 + raw[i + 1..j]
                .iter()
                .filter(|w| w.as_ref().is_some_and(letter))
                .count();
            let need = if sep == Some(' ') { 4 } else { 3 };
            if letters >= need && letters >= 2 * (j - i - letters) {
                let mut word = first;
                for w in raw[i + 1..j].iter_mut().filter_map(Option::take) {
                    word.extend(w);
                }
                out.push((word, true));
                i = j;
                continue;
            }
            // Not a word spelled out: leave apart everything up to its last digit, and look
            // for a word only after it, so that no run is scanned twice.
            let k = (i + 1..run_end)
                .rev()
                .find(|&k| !raw[k].as_ref().is_some_and(letter))
                .map_or(i + 1, |k| k + 1);
            out.push((first, false));
            out.extend(
                raw[i + 1..k]
                    .iter_mut()
                    .filter_map(Option::take)
                    .map(|w| (w, false)),
            );
            i = k;
            continue;
        }
        out.push((first, false));
        i += 1;
    }
    out
}

/// True when a word is three characters of letters (`l`) and digits (`d`) in this order: half
/// of a Canadian postal code (`M5V`, `2T6`).
fn is_postal_shape(word: &[Unit], shape: &str) -> bool {
    word.len() == 3
        && word.iter().zip(shape.bytes()).all(|(u, s)| match s {
            b'l' => u.c.is_ascii_alphabetic(),
            _ => u.c.is_ascii_digit(),
        })
}

/// Digits and symbols standing between letters are letters in disguise: `c0nfidential`, `$ecret`.
/// A word mostly of digits (`1er`, `3rd`, `covid19`, `b2b`) is left alone.
fn undo_leet(mut word: Vec<Unit>) -> Vec<Unit> {
    let letters = word.iter().filter(|u| u.is_letter()).count();
    let others = word.len() - letters;
    if others == 0 || letters < 2 || letters < 2 * others {
        return word;
    }
    let n = word.len();
    for i in 0..n {
        if word[i].is_letter() || leet(word[i].c).is_none() {
            continue;
        }
        let before = word[..i]
            .iter()
            .rev()
            .find(|u| leet(u.c).is_none() || u.is_letter());
        let after = word[i + 1..]
            .iter()
            .find(|u| leet(u.c).is_none() || u.is_letter());
        let at_start = i == 0 && word[i].c == '$';
        if at_start || (before.is_some_and(Unit::is_letter) && after.is_some_and(Unit::is_letter)) {
            word[i].c = leet(word[i].c).unwrap_or(word[i].c);
        }
    }
    word
}

/// `VoteNDP` → `Vote`, `NDP`; `ProtégéB` → `Protégé`, `B`; `NDPCandidate` → `NDP`, `Candidate`.
fn split_camel(word: &[Unit]) -> Vec<Vec<Unit>> {
    let mut parts = Vec::new();
    let mut cur: Vec<Unit> = Vec::new();
    for (i, u) in word.iter().enumerate() {
        if let Some(prev) = cur.last() {
            let lower_to_upper = prev.is_letter() && !prev.upper && u.upper && u.is_letter();
            let acronym_end = prev.upper
                && u.upper
                && word.get(i + 1).is_some_and(|n| n.is_letter() && !n.upper)
                && cur.len() >= 2;
            if lower_to_upper || acronym_end {
                parts.push(std::mem::take(&mut cur));
            }
        }
        cur.push(*u);
    }
    if !cur.is_empty() {
        parts.push(cur);
    }
    parts
}

/// `looooser` → `loser`: three or more of the same letter are one letter said loudly.
fn collapse_repeats(part: Vec<Unit>) -> Vec<Unit> {
    let mut out: Vec<Unit> = Vec::with_capacity(part.len());
    let mut i = 0;
    while i < part.len() {
        let mut j = i + 1;
        while j < part.len() && part[j].c == part[i].c {
            j += 1;
        }
        if j - i >= 3 && part[i].is_letter() {
            let mut u = part[i];
            u.end = part[j - 1].end;
            out.push(u);
        } else {
            out.extend_from_slice(&part[i..j]);
        }
        i = j;
    }
    out
}

/// Folds a phrase of a rule the same way the words view folds a draft, so both meet.
pub fn fold_phrase(phrase: &str) -> String {
    Document::new(phrase).words.text
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

    fn words(s: &str) -> String {
        Document::new(s).words.text
    }

    #[test]
    fn folds_case_accents_and_punctuation() {
        assert_eq!(words("Le Ministère, l'ÉBAUCHE!"), "le ministere l ebauche");
        assert_eq!(words("note d’information"), "note d information");
        assert_eq!(words("cœur"), "coeur");
    }

    #[test]
    fn undoes_disguises() {
        assert_eq!(words("c0nfidential"), "confidential");
        assert_eq!(words("pr0t3cted"), "protected");
        assert_eq!(words("$ecret"), "secret");
        assert_eq!(words("v0te"), "vote");
        assert_eq!(words("s.e.c.r.e.t"), "secret");
        assert_eq!(words("c o n f i d e n t i e l"), "confidentiel");
        assert_eq!(words("looooser"), "loser");
        assert_eq!(words("#VoteNDP"), "vote ndp");
        assert_eq!(words("#ProtégéB"), "protege b");
        assert_eq!(words("se\u{200B}cret"), "secret");
        assert_eq!(words("ѕесrеt"), "secret"); // Cyrillic look-alikes
        assert_eq!(words("ｓｅｃｒｅｔ"), "secret"); // fullwidth
        assert_eq!(words("ꜱᴇᴄʀᴇᴛ ᴄᴏɴꜰɪᴅᴇɴᴛɪᴀʟ"), "secret confidential"); // small capitals
        assert_eq!(words("ѕеcrеt ɑnd ıt"), "secret and it");
        assert_eq!(
            words("Ministère, cœur, Straße, Łódź"),
            "ministere coeur strasse lodz"
        );
    }

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
    fn leaves_ordinary_numbers_and_words_alone() {
        assert_eq!(words("le 1er mai"), "le 1er mai");
        assert_eq!(words("covid19 b2b 3rd"), "covid19 b2b 3rd");
        assert_eq!(words("M5V 2T6, H3Z 2Y7, K1A0B1"), "m5v 2t6 h3z 2y7 k1a0b1");
        assert_eq!(words("h3z-2y7 m5v\n2t6"), "h3z 2y7 m5v 2t6");
        assert_eq!(words("jane.doe@example.com"), "jane doe example com");
        assert_eq!(words("a 1 2 3 4"), "a 1 2 3 4");
        assert_eq!(words("a-t-il"), "a t il");
        assert_eq!(words("il y a à faire"), "il y a a faire");
        assert_eq!(words("looser"), "looser");
        assert_eq!(words("@john wow!"), "john wow");
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
