//! Redaction: the draft exactly as written, but with the personal information the rules find
//! (the findings of `sensitive` rules) masked in place, keeping its shape (`046 *** ***`).

use std::ops::Range;

use crate::engine::{self, CheckOptions};
use crate::report::mask;
use crate::ruleset::Ruleset;
use crate::text::{floor_char_boundary, Document};

/// The byte ranges of the personal information in a draft, sorted, overlaps merged.
pub fn personal_information(doc: &Document, rules: &Ruleset) -> Vec<Range<usize>> {
    let check = engine::check(doc, rules, &CheckOptions::default());
    let mut spans: Vec<Range<usize>> = check
        .findings
        .into_iter()
        .filter(|f| rules.rules[f.rule].sensitive)
        .map(|f| f.span)
        .collect();
    spans.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for r in spans {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The draft with its personal information masked; every other byte unchanged.
pub fn redact(text: &str, rules: &Ruleset) -> String {
    let doc = Document::new(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in personal_information(&doc, rules) {
        // Spans fall on char boundaries (tests/prop.rs); widening one that did not would mask
        // a little more, never less.
        let start = floor_char_boundary(text, r.start).max(at);
        let mut end = r.end.clamp(start, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        out.push_str(&text[at..start]);
        out.push_str(&mask(&text[start..end]));
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> Ruleset {
        Ruleset::builtin().expect("the built-in rules compile")
    }

    #[test]
    fn masks_personal_information_and_nothing_else() {
        let rs = rules();
        let draft = "Salut!\r\nHer SIN is 046 454 286, see the Protected B memo 🎉\n";
        assert_eq!(
            redact(draft, &rs),
            "Salut!\r\nHer SIN is 046 *** ***, see the Protected B memo 🎉\n"
        );
        for clean in [
            "Order 046 454 286 shipped today!",
            "My SIN is 046 454 287 lol",
        ] {
            assert_eq!(redact(clean, &rs), clean);
        }
        assert_eq!(redact("", &rs), "");
    }

    #[test]
    fn masks_every_occurrence_in_place() {
        let rs = rules();
        let draft = "SIN 046 454 286\nNAS : 046-454-286";
        assert_eq!(redact(draft, &rs), "SIN 046 *** ***\nNAS : 046-***-***");
    }
}
