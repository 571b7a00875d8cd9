//! The text views as first written, slow and simple, kept for tests only: the fast views must
//! give the same text, the same tokens and the same original range for every byte.

#![allow(dead_code)]

use std::ops::Range;

/// The views as they were first written: every byte of a view with its own original range.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub text: String,
    pub starts: Vec<u32>,
    pub ends: Vec<u32>,
}

impl View {
    fn push(&mut self, c: char, orig: Range<usize>) {
        let n = c.len_utf8();
        self.text.push(c);
        for _ in 0..n {
            self.starts.push(orig.start as u32);
            self.ends.push(orig.end as u32);
        }
    }

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

pub mod clean {

    use unicode_normalization::char::{decompose_canonical, is_combining_mark};
    use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
    use unicode_script::{Script, UnicodeScript};

    use super::View;
    use crate::text::is_invisible;

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
        // Most characters are their own NFKC form: ask the quick check before building the iterator.
        let mut one = None;
        let mut many = None;
        let forms: &mut dyn Iterator<Item = char> =
            if is_nfkc_quick(std::iter::once(c)) == IsNormalized::Yes {
                one.insert(std::iter::once(c))
            } else {
                many.insert(std::iter::once(c).nfkc())
            };
        for k in forms {
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
            Script::Latin => {
                let mut parts = 0;
                decompose_canonical(k, |_| parts += 1);
                parts == 1
            }
            _ => true,
        }
    }

    pub fn clean_view(original: &str) -> View {
        let mut view = View {
            text: String::with_capacity(original.len()),
            starts: Vec::with_capacity(original.len()),
            ends: Vec::with_capacity(original.len()),
        };
        let mut buf = Vec::with_capacity(4);
        let bytes = original.as_bytes();
        let mut chars = original.char_indices();
        while let Some((i, c)) = chars.next() {
            if c.is_ascii() {
                // A run of ASCII is copied as is, one byte of the view for one of the original.
                let run = bytes[i..].iter().take_while(|b| b.is_ascii()).count();
                view.text.push_str(&original[i..i + run]);
                view.starts.extend(i as u32..(i + run) as u32);
                view.ends.extend(i as u32 + 1..=(i + run) as u32);
                if run > 1 {
                    chars.nth(run - 2);
                }
                continue;
            }
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
}

pub mod words {

    use std::ops::Range;

    use unicode_normalization::char::{decompose_canonical, is_combining_mark};

    use super::View;
    use crate::text::Token;

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
                // The canonical decomposition, marks dropped: what `nfd()` gives, without its
                // reordering of marks (which are dropped) or its buffers.
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        out.extend(d.to_lowercase());
                    }
                });
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

    /// The units of the clean view: one per folded character, with its case and original range.
    fn units(clean: &View) -> Vec<Unit> {
        let mut units: Vec<Unit> = Vec::with_capacity(clean.text.len());
        let mut folded = Vec::with_capacity(4);
        for (i, c) in clean.text.char_indices() {
            let (start, end) = (clean.starts[i], clean.ends[i]);
            if c.is_ascii() {
                units.push(Unit {
                    c: c.to_ascii_lowercase(),
                    upper: c.is_ascii_uppercase(),
                    start,
                    end,
                });
                continue;
            }
            folded.clear();
            fold_char(c, &mut folded);
            let upper = c.is_uppercase();
            for &k in &folded {
                units.push(Unit {
                    c: k,
                    upper,
                    start,
                    end,
                });
            }
        }
        units
    }

    /// Builds the words view from the clean view.
    pub fn words_view(clean: &View) -> (View, Vec<Token>) {
        let units = units(clean);

        // Raw tokens: runs of word units, as ranges of `units`; what stands between two of them
        // is their separator. Symbols only count inside a word, never alone.
        let mut raw: Vec<Range<usize>> = Vec::new();
        let mut start: Option<usize> = None;
        for (i, u) in units.iter().enumerate() {
            let in_word = if is_leet_symbol(u.c) {
                // '$ecret' at a word's start, 'v@te' inside; '@name', 'wow!' and the '@' of an
                // e-mail address are not letters.
                let next_letter = units.get(i + 1).is_some_and(Unit::is_letter);
                let prev_letter = start.is_some() && units[i - 1].is_letter();
                next_letter
                    && (u.c == '$' || prev_letter)
                    && !(u.c == '@' && is_mail_domain(&units[i + 1..]))
            } else {
                u.is_word()
            };
            match (in_word, start) {
                (true, None) => start = Some(i),
                (false, Some(s)) => {
                    raw.push(s..i);
                    start = None;
                }
                _ => {}
            }
        }
        if let Some(s) = start {
            raw.push(s..units.len());
        }

        let words = join_split_letters(&units, &raw);
        let mut view = View {
            text: String::with_capacity(clean.text.len()),
            starts: Vec::with_capacity(clean.text.len()),
            ends: Vec::with_capacity(clean.text.len()),
        };
        let mut tokens = Vec::with_capacity(words.len());
        let mut word: Vec<Unit> = Vec::new();
        let mut part: Vec<Unit> = Vec::new();
        let mut cuts: Vec<usize> = Vec::new();
        let word_units = |w: &Word| raw[w.from..w.to].iter().flat_map(|r| &units[r.clone()]);
        for (n, w) in words.iter().enumerate() {
            word.clear();
            word.extend(word_units(w));
            // `M5V 2T6` is a postal code, `t0p` a word in disguise.
            let postal = is_postal_shape(&word, "ldl")
                && words.get(n + 1).is_some_and(|next| {
                    let next: Vec<Unit> = word_units(next).copied().collect();
                    is_postal_shape(&next, "dld")
                });
            if !postal {
                undo_leet(&mut word);
            }
            // Letters the writer split apart carry no word boundary in their case: `S.e.C.r.E.t`.
            cuts.clear();
            if !w.joined {
                split_camel(&word, &mut cuts);
            }
            cuts.push(word.len());
            let mut from = 0;
            for &to in &cuts {
                part.clear();
                collapse_repeats(&word[from..to], &mut part);
                from = to;
                let (Some(first), Some(last)) = (part.first(), part.last()) else {
                    continue;
                };
                if !view.text.is_empty() {
                    let gap = view.ends.last().copied().unwrap_or(0) as usize;
                    view.push(' ', gap..(first.start as usize).max(gap));
                }
                let start = view.text.len() as u32;
                for u in &part {
                    view.push(u.c, u.start as usize..u.end as usize);
                }
                tokens.push(Token {
                    start,
                    end: view.text.len() as u32,
                    orig_start: first.start,
                    orig_end: last.end,
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

    /// A word of the draft: raw tokens `from..to` (one, or several single letters joined).
    struct Word {
        from: usize,
        to: usize,
        joined: bool,
    }

    /// `s.e.c.r.e.t`, `c o n f i d e n t i e l`, `c-0-n-f-i-d-e-n-t-i-a-l`: a run of single letters
    /// (or leetspeak digits between them) with the same one-character separator becomes one word,
    /// marked `joined`. Three letters are enough with `.`, `-` or `_`; spaces need four, so that
    /// French `y a à` stays three words. Numbers never start or end a run, so `a 1 2 3` stays apart.
    fn join_split_letters(units: &[Unit], raw: &[Range<usize>]) -> Vec<Word> {
        let letter = |r: &Range<usize>| r.len() == 1 && units[r.start].is_letter();
        let single =
            |r: &Range<usize>| letter(r) || (r.len() == 1 && leet(units[r.start].c).is_some());
        // The separator before raw token `j` (for `j > 0`): the units since the one before it.
        let sep = |j: usize| &units[raw[j - 1].end..raw[j].start];
        let one = |i: usize| Word {
            from: i,
            to: i + 1,
            joined: false,
        };
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if letter(&raw[i]) {
                let mut j = i + 1;
                let mut by: Option<char> = None;
                while j < raw.len() && single(&raw[j]) && sep(j).len() == 1 {
                    let s = sep(j)[0].c;
                    if !matches!(s, '.' | '-' | '_' | ' ') || by.is_some_and(|p| p != s) {
                        break;
                    }
                    by = Some(s);
                    j += 1;
                }
                let run_end = j;
                while j > i + 1 && !letter(&raw[j - 1]) {
                    j -= 1;
                }
                let letters = 1 + raw[i + 1..j].iter().filter(|r| letter(r)).count();
                let need = if by == Some(' ') { 4 } else { 3 };
                if letters >= need && letters >= 2 * (j - i - letters) {
                    out.push(Word {
                        from: i,
                        to: j,
                        joined: true,
                    });
                    i = j;
                    continue;
                }
                // Not a word spelled out: leave apart everything up to its last digit, and look
                // for a word only after it, so that no run is scanned twice.
                let k = (i + 1..run_end)
                    .rev()
                    .find(|&k| !letter(&raw[k]))
                    .map_or(i + 1, |k| k + 1);
                out.extend((i..k).map(one));
                i = k;
                continue;
            }
            out.push(one(i));
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
    fn undo_leet(word: &mut [Unit]) {
        let letters = word.iter().filter(|u| u.is_letter()).count();
        let others = word.len() - letters;
        if others == 0 || letters < 2 || letters < 2 * others {
            return;
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
            if at_start
                || (before.is_some_and(Unit::is_letter) && after.is_some_and(Unit::is_letter))
            {
                word[i].c = leet(word[i].c).unwrap_or(word[i].c);
            }
        }
    }

    /// `VoteNDP` → `Vote`, `NDP`; `ProtégéB` → `Protégé`, `B`; `NDPCandidate` → `NDP`, `Candidate`.
    /// Pushes the offsets where a new part starts.
    fn split_camel(word: &[Unit], cuts: &mut Vec<usize>) {
        let mut from = 0;
        for (i, u) in word.iter().enumerate().skip(1) {
            let prev = word[i - 1];
            let lower_to_upper = prev.is_letter() && !prev.upper && u.upper && u.is_letter();
            let acronym_end = prev.upper
                && u.upper
                && word.get(i + 1).is_some_and(|n| n.is_letter() && !n.upper)
                && i - from >= 2;
            if lower_to_upper || acronym_end {
                cuts.push(i);
                from = i;
            }
        }
    }

    /// `looooser` → `loser`: three or more of the same letter are one letter said loudly.
    fn collapse_repeats(part: &[Unit], out: &mut Vec<Unit>) {
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
    }
}

mod tests {
    use proptest::prelude::*;

    use super::{clean, words};
    use crate::text::Document;

    /// The fast views give the reference's text and tokens, and map every byte (and the
    /// ranges around it) to the same original bytes.
    fn same_as_reference(text: &str) {
        let doc = Document::new(text);
        let clean = clean::clean_view(text);
        let (words, tokens) = words::words_view(&clean);
        assert_eq!(doc.clean().as_str(), clean.text, "{text:?}");
        assert_eq!(doc.words().as_str(), words.text, "{text:?}");
        assert_eq!(doc.tokens(), &tokens[..], "{text:?}");
        for (new, old) in [(doc.clean(), &clean), (doc.words(), &words)] {
            let n = old.text.len();
            for i in 0..=n + 1 {
                for j in [i, i + 1, i + 2, i + 5, n] {
                    assert_eq!(
                        new.to_original(i..j),
                        old.to_original(i..j),
                        "{text:?} {:?} {i}..{j}",
                        old.text
                    );
                }
            }
        }
    }

    /// Characters that exercise every rule of the views, ASCII and French mostly.
    const ALPHABET: &[char] = &[
        'a', 'b', 'c', 'e', 'o', 's', 't', 'A', 'B', 'E', 'N', 'D', 'P', 'M', 'V', '0', '1', '2',
        '3', '5', '7', '$', '@', '!', '|', '.', '-', '_', ' ', ' ', ' ', '\n', ',', '\'', '#', 'é',
        'è', 'à', 'ç', 'É', 'ô', 'œ', 'Œ', 'æ', 'ß', 'ø', 'ł', 'İ', 'ı', 'ǅ', '\u{301}', '\u{308}',
        '\u{200B}', '\u{00AD}', '\u{202E}', 'ѕ', 'е', 'А', 'ｓ', 'Ａ', '𝐬', 'ꜱ', 'ᴇ', 'ﬁ', '’',
        '—', '…', '²', '½', '\u{A0}', '🎉', '中', '\t', '\r',
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn fast_views_match_the_reference_on_drafts_like_text(
            chars in prop::collection::vec(prop::sample::select(ALPHABET), 0..120)
        ) {
            same_as_reference(&chars.into_iter().collect::<String>());
        }

        #[test]
        fn fast_views_match_the_reference_on_any_text(text in any::<String>()) {
            same_as_reference(&text);
        }
    }

    #[test]
    fn fast_views_match_the_reference_on_every_character_below_u0800() {
        let text: String = (0x80..0x800u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'a', c, ' ', 'x', c, 'E'])
            .collect();
        same_as_reference(&text);
    }

    #[test]
    fn fast_views_match_the_reference_across_chunks() {
        let words = [
            "Hello",
            "world",
            "l'été à",
            "y a t il",
            "a b c d",
            "x",
            "É",
            "à",
            "s-e-c-r-e-t",
            "A.",
            "n.d.p",
            "M5V",
            "2T6",
            "s.e.c.r.e.t",
            "c o n f i d",
            "$ecret",
            "v@te",
            "jane@example.com",
            "looooser",
            "#VoteNDP",
            "ministère",
            "cœur",
            "word",
        ];
        let mut text = String::new();
        for i in 0..3000 {
            text.push_str(words[i * 7 % words.len()]);
            text.push_str([" ", "\n", ", ", "  ", "-", "."][i % 6]);
        }
        same_as_reference(&text);
    }
}
