//! Property tests over arbitrary Unicode: building a document never panics, every byte of every
//! view maps back to a valid range of the original, and every finding points at one.
//!
//! 256 cases per property keep the suite fast; `PROPTEST_CASES=10000 cargo test --test prop`
//! runs a longer search.

use std::ops::Range;
use std::sync::OnceLock;

use postcheck::engine::{self, CheckOptions};
use postcheck::ruleset::Ruleset;
use postcheck::text::{fold_phrase, Document};
use proptest::prelude::*;

fn rules() -> &'static Ruleset {
    static RULES: OnceLock<Ruleset> = OnceLock::new();
    RULES.get_or_init(|| Ruleset::builtin().expect("the built-in rules compile"))
}

/// Characters that stress the folding: invisibles, bidi controls, combining marks, look-alikes
/// from other scripts, compatibility forms, leetspeak, separators and line ends.
#[rustfmt::skip]
const TRICKY: &[char] = &[
    '\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{00AD}', '\u{FEFF}', '\u{034F}', '\u{202A}',
    '\u{202E}', '\u{202C}', '\u{2066}', '\u{2069}', '\u{E0041}', '\u{E007F}', '\u{0301}',
    '\u{0300}', '\u{0308}', '\u{0327}', '\u{20DD}', 'а', 'е', 'о', 'ѕ', 'А', 'Α', 'ο', 'σ', 'ｓ',
    'Ｅ', '𝐬', '𝕔', 'ᴇ', 'ꜱ', 'ı', 'ɑ', 'ﬁ', 'ﬃ', 'ß', 'œ', 'Æ', 'İ', 'ǅ', 'ŉ', '½', '²', '①',
    '０', '٣', 'é', 'É', 'è', 'ç', 'ô', '\r', '\n', '\t', ' ', '\u{00A0}', '\u{202F}', '.', '-',
    '_', '#', '\'', '’', '$', '@', '!', '|', '0', '1', '3', '4', '5', '7', '9', '🎉', '👩',
    '\u{1F3F4}', '\u{FE0F}', '\u{1b}', '\u{0}', '\u{85}', '\u{2028}', '\u{FFFD}', '\u{10FFFF}',
];

fn tricky_char() -> impl Strategy<Value = char> {
    prop_oneof![
        3 => proptest::sample::select(TRICKY),
        3 => proptest::char::range('a', 'z'),
        1 => proptest::char::range('A', 'Z'),
        1 => any::<char>(),
    ]
}

fn tricky_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(tricky_char(), 0..64).prop_map(|v| v.into_iter().collect())
}

/// Drafts of ASCII letters and the separators the folding treats specially.
fn ascii_text() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::char::range('a', 'z'),
            2 => proptest::char::range('A', 'Z'),
            2 => proptest::sample::select(vec![' ', '.', '-', '_', '#', '\'', ',', '\n', '\r']),
        ],
        0..48,
    )
    .prop_map(|v| v.into_iter().collect())
}

fn assert_valid(text: &str, r: &Range<usize>, what: &str) {
    assert!(
        r.start <= r.end && r.end <= text.len(),
        "{what}: {r:?} is not a range of {text:?} ({} bytes)",
        text.len()
    );
    assert!(
        text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
        "{what}: {r:?} cuts a character of {text:?}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 256,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_view_byte_maps_to_a_valid_original_range(text in tricky_text()) {
        let doc = Document::new(text.as_str());
        for (name, view) in [("clean", doc.clean()), ("words", doc.words())] {
            for i in 0..view.as_str().len() {
                assert_valid(&text, &view.to_original(i..i + 1), name);
            }
        }
        for t in doc.tokens() {
            let r = t.orig_start as usize..t.orig_end as usize;
            assert_valid(&text, &r, "token");
            prop_assert!(r.start < r.end, "empty token {t:?} in {text:?}");
            let w = t.start as usize..t.end as usize;
            prop_assert!(doc.words().as_str().get(w).is_some_and(|s| !s.is_empty()));
        }
    }

    #[test]
    fn every_finding_span_is_a_valid_original_range(text in tricky_text()) {
        let doc = Document::new(text.as_str());
        let check = engine::check(&doc, rules(), &CheckOptions::default());
        for f in &check.findings {
            assert_valid(&text, &f.span, &rules().rules[f.rule].id);
            prop_assert!(f.span.start < f.span.end, "empty finding span in {text:?}");
        }
    }

    #[test]
    fn ascii_words_fold_back_to_what_matched(text in ascii_text()) {
        let doc = Document::new(text.as_str());
        let words = doc.words().as_str();
        for t in doc.tokens() {
            let original = &text[t.orig_start as usize..t.orig_end as usize];
            prop_assert_eq!(
                fold_phrase(original),
                &words[t.start as usize..t.end as usize],
                "token of {:?}", text
            );
        }
    }

    #[test]
    fn invisible_characters_change_no_word(
        text in ascii_text(),
        hidden in proptest::collection::vec(
            (any::<prop::sample::Index>(), proptest::sample::select(&TRICKY[..12])),
            0..6,
        ),
    ) {
        let mut disguised: Vec<char> = text.chars().collect();
        for (at, c) in hidden {
            disguised.insert(at.index(disguised.len() + 1), c);
        }
        let disguised: String = disguised.into_iter().collect();
        let (plain, hidden) = (Document::new(text.as_str()), Document::new(disguised));
        prop_assert_eq!(hidden.words().as_str(), plain.words().as_str());
    }

    #[test]
    fn reports_build_for_any_text(text in tricky_text()) {
        let options = (CheckOptions::default(), Default::default());
        let report = postcheck::check_text("-", &text, rules(), &options.0, &options.1);
        for f in &report.findings {
            let (line, mark) = (&f.excerpt.line, &f.excerpt.mark);
            prop_assert!(line.get(mark.clone()).is_some(), "mark {mark:?} of {line:?}");
            prop_assert!(!line.chars().any(char::is_control), "raw control in {line:?}");
        }
    }
}
