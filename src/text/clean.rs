//! The clean view: what the writer typed with compatibility forms, invisible characters and
//! look-alike letters undone, but case, accents and punctuation kept.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};
use unicode_script::{Script, UnicodeScript};

use std::sync::OnceLock;

use super::{is_invisible, View};

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

/// True for the characters below U+0250 (Latin-1 and the Latin extensions, the accented
/// letters of French drafts) that the clean view keeps as they are, found once by asking the
/// full mapping about each, so that they skip it from then on.
fn kept_as_is(c: char) -> bool {
    const END: usize = 0x250;
    static KEPT: OnceLock<[bool; END]> = OnceLock::new();
    let i = c as usize;
    i < END
        && KEPT.get_or_init(|| {
            let mut kept = [false; END];
            let mut buf = Vec::with_capacity(4);
            for (i, k) in kept.iter_mut().enumerate() {
                let Some(c) = char::from_u32(i as u32) else {
                    continue;
                };
                buf.clear();
                clean_char(c, &mut buf);
                *k = !is_invisible(c) && !is_combining_mark(c) && buf == [c];
            }
            kept
        })[i]
}

pub(super) fn clean_view(original: &str) -> View {
    let mut view = View::with_capacity(original.len());
    let mut buf = Vec::with_capacity(4);
    let bytes = original.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        // A run of ASCII, or of letters kept as they are, is copied in one piece.
        let mut end = i;
        loop {
            end += bytes[end..].iter().take_while(|b| b.is_ascii()).count();
            match original[end..].chars().next() {
                Some(c) if kept_as_is(c) => end += c.len_utf8(),
                _ => break,
            }
        }
        if end > i {
            view.push_copy(&original[i..end], i);
            i = end;
            continue;
        }
        let Some(c) = original[i..].chars().next() else {
            break;
        };
        let range = i..i + c.len_utf8();
        i = range.end;
        if is_invisible(c) {
            continue;
        }
        if is_combining_mark(c) {
            if let Some((prev, start, _)) = view.pop() {
                // A combining accent belongs to the character before it: compose the two when
                // Unicode can, and widen that character's range to cover the accent either way.
                let composed = unicode_normalization::char::compose(prev, c).unwrap_or(prev);
                view.push(composed, start as usize..range.end);
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
