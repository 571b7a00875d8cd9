//! The hashtags of a draft, for rules with `hashtags = "skip"` or `"lower"`: `#burnout
//! #mentalhealth #proudtoserve`, the tag line at the end of a long post, names topics; it claims
//! nothing. Found on the text as typed, only when such a rule has a hit to decide.

use std::ops::Range;

/// The stretches of a draft made of hashtags: each `#` with the letters, digits, `_` and `-`
/// after it, hashtags separated by white space only joined in one stretch (a tag line).
pub(super) struct Hashtags {
    runs: Vec<Range<usize>>,
}

impl Hashtags {
    pub fn of(text: &str) -> Hashtags {
        let mut runs: Vec<Range<usize>> = Vec::new();
        let mut chars = text.char_indices().peekable();
        while let Some((i, ch)) = chars.next() {
            if ch != '#' {
                continue;
            }
            // A `#` inside a word (`C#`, `issue#4`) starts no hashtag.
            let before = text[..i].chars().next_back();
            if before.is_some_and(|b| b.is_alphanumeric() || b == '_') {
                continue;
            }
            let mut end = i + 1;
            while let Some(&(j, c)) = chars.peek() {
                if !(c.is_alphanumeric() || c == '_' || c == '-' || is_joiner(c)) {
                    break;
                }
                end = j + c.len_utf8();
                chars.next();
            }
            if end == i + 1 {
                continue;
            }
            match runs.last_mut() {
                Some(last) if text[last.end..i].chars().all(char::is_whitespace) => last.end = end,
                _ => runs.push(i..end),
            }
        }
        Hashtags { runs }
    }

    /// True when `span` lies entirely inside hashtags (one tag, or a line of them).
    pub fn inside(&self, span: &Range<usize>) -> bool {
        let k = self.runs.partition_point(|r| r.end < span.end);
        self.runs
            .get(k)
            .is_some_and(|r| r.start <= span.start && span.end <= r.end)
    }
}

/// Marks that may sit inside a typed word: accents typed apart, the zero-width joiner.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}' | '\u{200D}')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inside(text: &str, part: &str) -> bool {
        let start = text.find(part).expect("part is in the text");
        Hashtags::of(text).inside(&(start..start + part.len()))
    }

    #[test]
    fn a_word_of_a_tag_or_a_tag_line_is_inside() {
        let post = "Back Monday.\n#burnout #MentalHealth #fiertéfonctionnaire";
        assert!(inside(post, "burnout"));
        assert!(inside(post, "Health"));
        assert!(inside(post, "#MentalHealth #fierté"));
        assert!(inside(post, "fiertéfonctionnaire"));
        assert!(!inside(post, "Monday"));
        assert!(!inside(post, "Monday.\n#burnout"));
    }

    #[test]
    fn a_hash_inside_a_word_or_alone_is_no_tag() {
        assert!(!inside("I code in C#stuff", "stuff"));
        assert!(!inside("# burnout", "burnout"));
        assert!(!inside("#tag then words", "then"));
        assert!(inside("#tag-line", "line"));
        assert!(Hashtags::of("").runs.is_empty());
    }

    #[test]
    fn a_rule_that_skips_hashtags_is_silent_on_a_tag_only() {
        use crate::engine::{check, one_rule, CheckOptions};
        use crate::text::Document;
        let rs = one_rule(
            "harassment",
            "hashtags = \"skip\"\nphrases = [\"step down\"]\n",
        );
        let fires = |t: &str| {
            !check(&Document::new(t), &rs, &CheckOptions::default())
                .findings
                .is_empty()
        };
        assert!(!fires("Dance recital tonight! #StepDown #Tango"));
        assert!(!fires("Soirée de danse! #StepDown #tango"));
        assert!(fires("He should step down. #onpoli"));
        let keep = one_rule("harassment", "phrases = [\"step down\"]\n");
        assert!(
            !check(&Document::new("#StepDown"), &keep, &CheckOptions::default())
                .findings
                .is_empty()
        );
        let err = crate::engine::one_rule_error(
            "harassment",
            "hashtags = \"lower\"\nphrases = [\"x\"]\n",
        );
        assert!(
            err.contains("`hashtags = \"lower\"`: write \"skip\""),
            "{err}"
        );
    }
}
