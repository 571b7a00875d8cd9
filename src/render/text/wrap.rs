//! Wrapping prose (messages, advice, summaries) to the terminal's width, counted in display
//! columns: an emoji or a CJK character takes two, an accent none.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// The columns `s` takes on a terminal.
pub(super) fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

pub(super) fn char_width(c: char) -> usize {
    UnicodeWidthChar::width(c).unwrap_or(0)
}

/// Splits `text` into lines of at most `max` columns at spaces, never at a no-break space (French
/// puts them inside « »); a word longer than a line is cut, since nothing else can be done.
pub(super) fn wrap(text: &str, max: usize) -> Vec<String> {
    let max = max.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0;
    let breaks = |c: char| c.is_whitespace() && c != '\u{a0}' && c != '\u{202f}';
    for word in text.split(breaks).filter(|w| !w.is_empty()) {
        let w = width(word);
        if line_width > 0 && line_width + 1 + w <= max {
            line.push(' ');
            line.push_str(word);
            line_width += 1 + w;
            continue;
        }
        if line_width > 0 {
            lines.push(std::mem::take(&mut line));
            line_width = 0;
        }
        for c in word.chars() {
            let cw = char_width(c);
            if line_width + cw > max && line_width > 0 {
                lines.push(std::mem::take(&mut line));
                line_width = 0;
            }
            line.push(c);
            line_width += cw;
        }
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_at_spaces_within_width() {
        assert_eq!(
            wrap("the quick brown fox jumps", 10),
            ["the quick", "brown fox", "jumps"]
        );
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("", 10), [""]);
        assert_eq!(wrap("a «\u{a0}b\u{a0}»", 6), ["a", "«\u{a0}b\u{a0}»"]);
    }

    #[test]
    fn counts_display_columns() {
        assert_eq!(width("été"), 3);
        assert_eq!(width("👀"), 2);
        assert_eq!(wrap("👀 👀 👀", 5), ["👀 👀", "👀"]);
    }
}
