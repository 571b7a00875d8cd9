//! Paragraphs: the blocks of a long post between blank lines. A context met in another
//! paragraph of a LinkedIn post or a blog entry is another topic, not context.

use crate::text::Document;

/// The paragraph of each token, numbered from 0: a new one starts after a blank line (a line
/// break, then only white space, then another line break).
pub(super) fn paragraphs(doc: &Document) -> Vec<u32> {
    let tokens = doc.tokens();
    let original = doc.original();
    let mut n = 0;
    (0..tokens.len())
        .map(|i| {
            if i > 0 {
                let gap = original
                    .get(tokens[i - 1].orig_end as usize..tokens[i].orig_start as usize)
                    .unwrap_or("");
                if blank_line(gap) {
                    n += 1;
                }
            }
            n
        })
        .collect()
}

/// True when `gap` holds two line breaks with only white space between them.
fn blank_line(gap: &str) -> bool {
    let Some(first) = gap.find('\n') else {
        return false;
    };
    // Each piece but the last lies between two line breaks.
    gap[first + 1..]
        .split('\n')
        .rev()
        .skip(1)
        .any(|line| line.chars().all(char::is_whitespace))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(text: &str) -> Vec<u32> {
        paragraphs(&Document::new(text))
    }

    #[test]
    fn a_blank_line_starts_a_paragraph() {
        assert_eq!(ids("one two\n\nthree"), [0, 0, 1]);
        assert_eq!(ids("one\r\n\r\ntwo"), [0, 1]);
        assert_eq!(ids("one\n  \t\ntwo\n\n\n\nthree"), [0, 1, 2]);
        assert_eq!(
            ids("un. deux!\n\n— trois 🎉\n\n#tag #other"),
            [0, 0, 1, 2, 2]
        );
    }

    #[test]
    fn one_line_break_or_punctuation_does_not() {
        assert_eq!(ids("one.\ntwo! three\n#tag"), [0, 0, 0, 0]);
        assert_eq!(ids("one \n two"), [0, 0]);
        assert!(ids("").is_empty());
    }

    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};

    fn fires(body: &str, text: &str) -> bool {
        let rs = one_rule("consent", body);
        !check(&Document::new(text), &rs, &CheckOptions::default())
            .findings
            .is_empty()
    }

    const PHOTO: &str = "phrases = [\"photo\"]\n";

    #[test]
    fn a_paragraph_window_stops_at_blank_lines() {
        let rule =
            format!("{PHOTO}context = {{ phrases = [\"coworker\"], window = \"paragraph\" }}");
        assert!(fires(
            &rule,
            "A photo. Then more. My coworker\nagain.\n\nOther"
        ));
        assert!(fires(&rule, "Intro.\n\nMy coworker! A photo."));
        assert!(!fires(
            &rule,
            "A photo of the lake.\n\nMy coworker got a promotion."
        ));
        assert!(!fires(&rule, "My coworker.\n \nA photo"));
        // An exception, a condition and a score window read it too.
        let except =
            format!("{PHOTO}except_near = {{ phrases = [\"agreed\"], window = \"paragraph\" }}");
        assert!(!fires(&except, "A photo. Everyone agreed."));
        assert!(fires(&except, "A photo.\n\nEveryone agreed."));
        let cond =
            format!("{PHOTO}[rule.condition]\nrequires = [\"posted\"]\nwindow = \"paragraph\"");
        assert!(fires(&cond, "Posted it. A photo"));
        assert!(!fires(&cond, "Posted it.\n\nA photo"));
    }

    #[test]
    fn sentences_in_paragraph_stop_at_its_edge() {
        let rule = format!(
            "{PHOTO}context = {{ phrases = [\"coworker\"], window = \"sentences:1 in paragraph\" }}"
        );
        assert!(fires(&rule, "My coworker. A photo"));
        assert!(!fires(&rule, "My coworker.\n\nA photo"));
        assert!(!fires(&rule, "My coworker. The lake. A photo"));
        let plain =
            format!("{PHOTO}context = {{ phrases = [\"coworker\"], window = \"sentences:1\" }}");
        assert!(fires(&plain, "My coworker.\n\nA photo"));
    }

    #[test]
    fn a_bad_sentences_window_names_the_paragraph_form() {
        let err = one_rule_error(
            "consent",
            "phrases = [\"photo\"]\ncontext = { phrases = [\"x\"], window = \"sentences:1 in para\" }\n",
        );
        assert!(
            err.contains("`\"sentences:N in paragraph\"`: never past its paragraph"),
            "{err}"
        );
    }
}
