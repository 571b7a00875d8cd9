//! The words view: the clean view in lower case without accents, leetspeak, split letters and
//! shouting undone, CamelCase and hashtags split, one space between words.

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use std::sync::OnceLock;

use super::view::{Origins, View};
use super::Token;

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

/// The folding of the characters below U+0250 (Latin-1 and the Latin extensions, the accented
/// letters of French drafts), found once by asking [`fold_char`] about each: at most two
/// characters, and whether the character is upper case.
struct Folded {
    chars: [char; 2],
    len: u8,
    upper: bool,
}

const TABLE_END: usize = 0x250;

fn folded(c: char) -> Option<&'static Folded> {
    static TABLE: OnceLock<Vec<Folded>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        let mut out = Vec::with_capacity(4);
        (0..TABLE_END as u32)
            .map(|i| {
                let c = char::from_u32(i).unwrap_or('\0');
                out.clear();
                fold_char(c, &mut out);
                let mut chars = ['\0'; 2];
                let len = if out.len() <= 2 {
                    chars[..out.len()].copy_from_slice(&out);
                    out.len() as u8
                } else {
                    u8::MAX
                };
                Folded {
                    chars,
                    len,
                    upper: c.is_uppercase(),
                }
            })
            .collect()
    });
    table.get(c as usize).filter(|f| f.len != u8::MAX)
}

/// Appends the units of the next `len` bytes of the clean view: one per folded character, with
/// its case and original range.
fn fill_units(origins: &mut Origins<'_>, len: usize, units: &mut Vec<Unit>) {
    let mut slow = Vec::with_capacity(4);
    origins.take(len, |c, start, end| {
        if c.is_ascii() {
            units.push(Unit {
                c: c.to_ascii_lowercase(),
                upper: c.is_ascii_uppercase(),
                start,
                end,
            });
        } else if let Some(f) = folded(c) {
            for &k in &f.chars[..f.len as usize] {
                units.push(Unit {
                    c: k,
                    upper: f.upper,
                    start,
                    end,
                });
            }
        } else {
            slow.clear();
            fold_char(c, &mut slow);
            let upper = c.is_uppercase();
            for &k in &slow {
                units.push(Unit {
                    c: k,
                    upper,
                    start,
                    end,
                });
            }
        }
    });
}

/// The words view is built a chunk of the clean view at a time, so that its working memory
/// (16 bytes per character) stays small whatever the size of the draft.
/// Tests use tiny chunks, so that every draft of theirs crosses chunk boundaries.
const CHUNK: usize = if cfg!(test) { 8 } else { 1 << 16 };

/// Where a chunk may end, at or after `at` (or at `limit`): at a space or line break that follows four ASCII
/// letters. Nothing the words view looks at crosses such a place: the word before it is too
/// long to be a split letter or half a postal code, and no symbol next to it is a leet letter.
fn chunk_end(text: &str, at: usize, limit: usize) -> usize {
    let b = text.as_bytes();
    if at >= limit {
        return limit;
    }
    (at.max(4)..limit)
        .find(|&p| matches!(b[p], b' ' | b'\n') && b[p - 4..p].iter().all(u8::is_ascii_alphabetic))
        .unwrap_or(limit)
}

/// The buffers of one chunk, kept from one to the next.
#[derive(Default)]
struct Scratch {
    units: Vec<Unit>,
    raw: Vec<Range<usize>>,
    words: Vec<Word>,
    word: Vec<Unit>,
    next: Vec<Unit>,
    part: Vec<Unit>,
    cuts: Vec<usize>,
}

/// The words view being built, and the original offset its last byte ends at.
struct Out {
    view: View,
    tokens: Vec<Token>,
    last_end: u32,
}

impl Out {
    /// Appends a plain word (see [`is_plain_ascii`]) of the clean view.
    fn plain(&mut self, word: &str, origins: &mut Origins<'_>, units: &mut Vec<Unit>) {
        let Some(orig) = origins.same(word.len()) else {
            units.clear();
            fill_units(origins, word.len(), units);
            self.word(units);
            return;
        };
        if !self.view.text.is_empty() {
            let gap = self.last_end;
            self.view.push(' ', gap as usize..orig.max(gap) as usize);
        }
        let start = self.view.text.len() as u32;
        self.view.push_lower(word, orig);
        self.last_end = orig + word.len() as u32;
        self.tokens.push(Token {
            start,
            end: self.view.text.len() as u32,
            orig_start: orig,
            orig_end: self.last_end,
        });
    }

    /// Appends one word, after a space when it is not the first.
    fn word(&mut self, part: &[Unit]) {
        let (Some(first), Some(last)) = (part.first(), part.last()) else {
            return;
        };
        if !self.view.text.is_empty() {
            let gap = self.last_end as usize;
            self.view.push(' ', gap..(first.start as usize).max(gap));
        }
        let start = self.view.text.len() as u32;
        for u in part {
            self.view.push(u.c, u.start as usize..u.end as usize);
        }
        self.last_end = last.end;
        self.tokens.push(Token {
            start,
            end: self.view.text.len() as u32,
            orig_start: first.start,
            orig_end: last.end,
        });
    }
}

/// Builds the words view from the clean view.
///
/// Most words of a draft are plain (see [`is_plain_ascii`]) and stand between spaces or
/// punctuation: they are found on the bytes of the clean view and copied in lower case. What
/// stands between two of them goes through the full folding, one unit per character.
pub(super) fn words_view(clean: &View) -> (View, Vec<Token>) {
    let text = clean.as_str();
    let b = text.as_bytes();
    let mut out = Out {
        view: View::with_capacity(text.len()),
        // Drafts average five to six bytes a token; pages reserved and not used cost nothing.
        tokens: Vec::with_capacity(text.len() / 4),
        last_end: 0,
    };
    let mut scratch = Scratch::default();
    let mut origins = clean.chars_from();
    let mut done = 0;
    let mut i = 0;
    while i < b.len() {
        if !is_wordish(b[i]) {
            i += 1;
            continue;
        }
        let j = i + b[i..].iter().take_while(|&&c| is_wordish(c)).count();
        // A `.` before could end an e-mail domain (`@example.com`) the full folding looks for.
        let apart =
            (i == 0 || (is_cut(b[i - 1]) && b[i - 1] != b'.')) && (j == b.len() || is_cut(b[j]));
        if apart {
            let word = &text[i..j];
            let lone = || is_lone(b, i, j);
            if is_plain_ascii(word.as_bytes())
                || (j - i == 1 && b[i].is_ascii_alphabetic() && lone())
            {
                fold_between(text, done..i, &mut origins, &mut scratch, &mut out);
                out.plain(word, &mut origins, &mut scratch.part);
                done = j;
            } else if !word.is_ascii()
                && match latin_units(word) {
                    Some(1) => lone(),
                    Some(n) => n >= 2,
                    None => false,
                }
            {
                fold_between(text, done..i, &mut origins, &mut scratch, &mut out);
                scratch.part.clear();
                fill_units(&mut origins, word.len(), &mut scratch.part);
                out.word(&scratch.part);
                done = j;
            }
        }
        i = j;
    }
    fold_between(text, done..b.len(), &mut origins, &mut scratch, &mut out);
    (out.view, out.tokens)
}

/// ASCII that is neither a word character nor a leet letter: nothing the words view looks at
/// crosses it next to a plain word.
fn is_cut(c: u8) -> bool {
    c.is_ascii() && !c.is_ascii_alphanumeric() && !matches!(c, b'$' | b'@' | b'!' | b'|')
}

/// Bytes that may belong to a word: ASCII letters and digits, and any byte beyond ASCII.
fn is_wordish(c: u8) -> bool {
    c.is_ascii_alphanumeric() || !c.is_ascii()
}

/// True when the single letter `b[i..j]` cannot belong to a word spelled out letter by letter
/// (`s.e.c.r.e.t`): the words on either side of it are two characters away or two letters long.
fn is_lone(b: &[u8], i: usize, j: usize) -> bool {
    let alnum = |k: usize| b.get(k).is_some_and(u8::is_ascii_alphanumeric);
    let before = i < 2 || is_cut(b[i - 2]) || (i >= 3 && alnum(i - 2) && alnum(i - 3));
    let after = j + 1 >= b.len() || is_cut(b[j + 1]) || (alnum(j + 1) && alnum(j + 2));
    before && after
}

/// The number of units of a word of letters below U+0250 that folds to a plain word (see
/// [`is_plain_ascii`], but single letters too): `été`, `Québec`, `cœur`, `à`; `None` for others.
fn latin_units(w: &str) -> Option<usize> {
    let mut units = 0;
    let (mut last, mut before) = (0u8, 0u8);
    for (k, c) in w.chars().enumerate() {
        let lower = [c.to_ascii_lowercase()];
        let (chars, upper): (&[char], bool) = if c.is_ascii() {
            (&lower, c.is_ascii_uppercase())
        } else {
            match folded(c) {
                Some(f) => (&f.chars[..f.len as usize], f.upper),
                None => return None,
            }
        };
        if chars.is_empty() || (upper && (k > 0 || chars.len() > 1)) {
            return None;
        }
        for &f in chars {
            if !f.is_ascii_lowercase() {
                return None;
            }
            let f = f as u8;
            if units >= 2 && f == last && f == before {
                return None;
            }
            (before, last) = (last, f);
            units += 1;
        }
    }
    Some(units)
}

/// A word the full folding leaves as it is but for case: ASCII letters, the first of them
/// alone may be a capital, at least two of them (single letters may be a word spelled out),
/// no letter three times in a row.
fn is_plain_ascii(w: &[u8]) -> bool {
    w.len() >= 2
        && w[0].is_ascii_alphabetic()
        && w[1..].iter().all(u8::is_ascii_lowercase)
        && !w
            .windows(3)
            .any(|x| x[0].to_ascii_lowercase() == x[1] && x[1] == x[2])
}

/// Folds the clean view's bytes `range` (what stands between two plain words) in full, a chunk
/// at a time.
fn fold_between(
    text: &str,
    range: Range<usize>,
    origins: &mut Origins<'_>,
    scratch: &mut Scratch,
    out: &mut Out,
) {
    if text.as_bytes()[range.clone()].iter().all(|&c| is_cut(c)) {
        // Spaces and punctuation only: no word, nothing to fold.
        origins.skip(range.len());
        return;
    }
    let mut from = range.start;
    while from < range.end {
        let to = chunk_end(text, from + CHUNK, range.end);
        scratch.units.clear();
        fill_units(origins, to - from, &mut scratch.units);
        chunk_words(scratch, out);
        from = to;
    }
}

/// True when a word needs none of the undoing below: lower-case letters (the first may be a
/// capital), no letter three times in a row. Most words of a draft are such.
fn is_plain(word: &[Unit]) -> bool {
    word.iter()
        .enumerate()
        .all(|(i, u)| u.c.is_ascii_lowercase() && (i == 0 || !u.upper))
        && !word
            .windows(3)
            .any(|w| w[0].c == w[1].c && w[1].c == w[2].c)
}

/// Splits the units of one chunk into words and appends them to the view.
fn chunk_words(scratch: &mut Scratch, out: &mut Out) {
    let Scratch {
        units,
        raw,
        words,
        word,
        next,
        part,
        cuts,
    } = scratch;
    let units = &units[..];

    // Raw tokens: runs of word units, as ranges of `units`; what stands between two of them
    // is their separator. Symbols only count inside a word, never alone.
    raw.clear();
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

    join_split_letters(units, raw, words);
    let word_units = |w: &Word| raw[w.from..w.to].iter().flat_map(|r| &units[r.clone()]);
    for (n, w) in words.iter().enumerate() {
        if w.to - w.from == 1 {
            let only = &units[raw[w.from].clone()];
            if is_plain(only) {
                out.word(only);
                continue;
            }
        }
        word.clear();
        word.extend(word_units(w));
        // `M5V 2T6` is a postal code, `t0p` a word in disguise.
        let postal = is_postal_shape(word, "ldl")
            && words.get(n + 1).is_some_and(|after| {
                next.clear();
                next.extend(word_units(after));
                is_postal_shape(next, "dld")
            });
        if !postal {
            undo_leet(word);
        }
        // Letters the writer split apart carry no word boundary in their case: `S.e.C.r.E.t`.
        cuts.clear();
        if !w.joined {
            split_camel(word, cuts);
        }
        cuts.push(word.len());
        let mut from = 0;
        for &to in cuts.iter() {
            part.clear();
            collapse_repeats(&word[from..to], part);
            from = to;
            out.word(part);
        }
    }
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
fn join_split_letters(units: &[Unit], raw: &[Range<usize>], out: &mut Vec<Word>) {
    let letter = |r: &Range<usize>| r.len() == 1 && units[r.start].is_letter();
    let single = |r: &Range<usize>| letter(r) || (r.len() == 1 && leet(units[r.start].c).is_some());
    // The separator before raw token `j` (for `j > 0`): the units since the one before it.
    let sep = |j: usize| &units[raw[j - 1].end..raw[j].start];
    let one = |i: usize| Word {
        from: i,
        to: i + 1,
        joined: false,
    };
    out.clear();
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
        if at_start || (before.is_some_and(Unit::is_letter) && after.is_some_and(Unit::is_letter)) {
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

#[cfg(test)]
mod tests {
    use crate::text::Document;

    fn words(s: &str) -> String {
        Document::new(s).words().as_str().to_string()
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
}
