//! The words view: the clean view in lower case without accents, leetspeak, split letters and
//! shouting undone, CamelCase and hashtags split, one space between words.

use std::ops::Range;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

use super::{Token, View};

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
pub(super) fn words_view(clean: &View) -> (View, Vec<Token>) {
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
        ..View::default()
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
    let single = |r: &Range<usize>| letter(r) || (r.len() == 1 && leet(units[r.start].c).is_some());
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
