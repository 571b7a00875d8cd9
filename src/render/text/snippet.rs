//! One finding's line of the draft, drawn like a compiler's diagnostic: a line-number gutter,
//! the line wrapped to the width without ever cutting the matched words, and a row of `^`
//! under them. A very long line is cropped to a window around the match.

use std::io::{self, Write};
use std::ops::Range;

use crate::taxonomy::Severity;

use super::paint::{self, Painter};
use super::wrap::{char_width, width};

/// A line longer than this many rows is cropped around the match.
const MAX_ROWS: usize = 4;

/// Marks up to this wide (a word, a name, a number) are never cut across rows; wider ones (a
/// clause a score rule spans) wrap at their spaces like the rest of the line, since keeping them
/// whole would break the line before them at odd places.
const WHOLE_MARK: usize = 30;

/// Where the gutter sits: `indent` spaces, then the line number right-aligned in `digits`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Gutter {
    pub indent: usize,
    pub digits: usize,
}

impl Gutter {
    /// The columns the gutter takes before the draft's text: `    12 │ `.
    pub fn columns(self) -> usize {
        self.indent + self.digits + 3
    }

    fn blank(self, p: Painter) -> String {
        format!(
            "{}{}",
            " ".repeat(self.indent + self.digits + 1),
            p.paint(paint::gutter(), "│")
        )
    }

    fn numbered(self, p: Painter, line: usize) -> String {
        let n = format!("{line:>w$} │", w = self.digits);
        format!(
            "{}{}",
            " ".repeat(self.indent),
            p.paint(paint::gutter(), &n)
        )
    }
}

/// One line of the draft and what to mark in it.
pub(super) struct Marked<'a> {
    pub number: usize,
    pub text: &'a str,
    /// Byte ranges of `text`, sorted, not overlapping.
    pub marks: &'a [Range<usize>],
    pub severity: Severity,
}

/// Draws a line of the draft with its marks in at most `max` columns.
pub(super) fn write(
    out: &mut dyn Write,
    p: Painter,
    gutter: Gutter,
    line: &Marked,
    max: usize,
) -> io::Result<()> {
    let (number, severity) = (line.number, line.severity);
    let avail = max.saturating_sub(gutter.columns()).max(20);
    let (text, marks) = crop(line.text, line.marks, avail * (MAX_ROWS - 1));
    writeln!(out, "{}", gutter.blank(p))?;
    for (i, row) in rows(&text, &marks, avail).into_iter().enumerate() {
        let lead = if i == 0 {
            gutter.numbered(p, number)
        } else {
            gutter.blank(p)
        };
        let mut drawn = String::new();
        let mut carets = String::new();
        let mut at = row.start;
        for m in &marks {
            let touches = if m.is_empty() {
                row.start <= m.start && m.start <= row.end
            } else {
                m.start < row.end && row.start < m.end
            };
            // A mark may go on from the row before (then it starts before this row).
            if !touches || m.end <= at {
                continue;
            }
            let m0 = m.start.max(at);
            let m1 = m.end.clamp(m0, row.end);
            let before = &text[at..m0];
            let marked = &text[m0..m1];
            drawn.push_str(before);
            drawn.push_str(&p.paint(paint::mark(severity), marked));
            let column = width(&text[row.start..m0]);
            carets.push_str(&" ".repeat(column.saturating_sub(width(&carets))));
            carets.push_str(&"^".repeat(width(marked).max(1)));
            at = m1;
        }
        drawn.push_str(&text[at..row.end]);
        writeln!(out, "{lead} {drawn}")?;
        if !carets.is_empty() {
            let first = carets.len() - carets.trim_start().len();
            writeln!(
                out,
                "{} {}{}",
                gutter.blank(p),
                &carets[..first],
                p.paint(paint::severity(severity), &carets[first..])
            )?;
        }
    }
    Ok(())
}

/// Keeps about `budget` columns of `line` around the marks (all of them, whatever their
/// width), with `…` where text was left out. Returns the new line and where the marks now are.
fn crop(line: &str, marks: &[Range<usize>], budget: usize) -> (String, Vec<Range<usize>>) {
    let (Some(first), Some(last)) = (marks.first(), marks.last()) else {
        return (line.to_string(), Vec::new());
    };
    if width(line) <= budget + budget / (MAX_ROWS - 1) {
        return (line.to_string(), marks.to_vec());
    }
    let span = first.start..last.end.max(first.start);
    let room = budget.saturating_sub(width(&line[span.clone()]));
    let mut start = span.start;
    let mut used = 0;
    for (i, c) in line[..span.start].char_indices().rev() {
        if used + char_width(c) > room / 2 {
            break;
        }
        used += char_width(c);
        start = i;
    }
    let mut end = span.end;
    for (i, c) in line[span.end..].char_indices() {
        if used + char_width(c) > room {
            break;
        }
        used += char_width(c);
        end = span.end + i + c.len_utf8();
    }
    // Cut between words when there is a space to cut at.
    if start > 0 && !line[..start].ends_with(' ') {
        if let Some(i) = line[start..span.start].find(' ') {
            start += i + 1;
        }
    }
    if end < line.len() && !line[end..].starts_with(' ') {
        if let Some(i) = line[span.end..end].rfind(' ') {
            end = span.end + i;
        }
    }
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < line.len() { "…" } else { "" };
    let text = format!("{lead}{}{tail}", &line[start..end]);
    let shift = |i: usize| i - start + lead.len();
    let marks = marks.iter().map(|m| shift(m.start)..shift(m.end)).collect();
    (text, marks)
}

/// Cuts `line` into rows of at most `max` columns, at spaces where it can, never inside a short
/// mark: such a mark wider than a row overflows it rather than being cut. Long marks (wider
/// than [`WHOLE_MARK`]) wrap at their spaces.
fn rows(line: &str, marks: &[Range<usize>], max: usize) -> Vec<Range<usize>> {
    let whole: Vec<&Range<usize>> = marks
        .iter()
        .filter(|m| {
            line.get(m.start..m.end)
                .is_none_or(|t| width(t) <= WHOLE_MARK)
        })
        .collect();
    let inside = |i: usize| whole.iter().any(|m| m.start < i && i < m.end);
    let opens = |i: usize| whole.iter().any(|m| m.start == i && !m.is_empty());
    // Words: runs between spaces that may be broken at (none inside a mark).
    let mut words: Vec<Range<usize>> = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c == ' ' && !inside(i) && !opens(i) {
            if let Some(s) = start.take() {
                words.push(s..i);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push(s..line.len());
    }
    // A word wider than a row is cut into pieces, anywhere but inside a mark.
    let mut pieces: Vec<Range<usize>> = Vec::new();
    for w in words {
        let mut s = w.start;
        let mut used = 0;
        for (i, c) in line[w.clone()].char_indices() {
            let i = w.start + i;
            if used + char_width(c) > max && i > s && !inside(i) {
                pieces.push(s..i);
                s = i;
                used = 0;
            }
            used += char_width(c);
        }
        pieces.push(s..w.end);
    }
    let mut rows: Vec<Range<usize>> = Vec::new();
    for piece in pieces {
        match rows.last_mut() {
            Some(row) if width(&line[row.start..piece.end]) <= max => row.end = piece.end,
            _ => rows.push(piece),
        }
    }
    if rows.is_empty() {
        rows.push(0..line.len());
    }
    rows
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn texts<'a>(line: &'a str, rows: &[Range<usize>]) -> Vec<&'a str> {
        rows.iter().map(|r| &line[r.clone()]).collect()
    }

    #[test]
    fn wraps_without_cutting_the_mark() {
        let line = "one two three four five six";
        let at = line.find("three four").unwrap();
        let r = rows(line, &[at..at + 10], 12);
        assert_eq!(texts(line, &r), ["one two", "three four", "five six"]);
    }

    #[test]
    fn a_mark_wider_than_a_row_overflows() {
        let line = "aa bbbbbbbbbbbb cc";
        let r = rows(line, &[3..15], 5);
        assert_eq!(texts(line, &r), ["aa", "bbbbbbbbbbbb", "cc"]);
    }

    #[test]
    fn long_words_are_cut_outside_the_mark() {
        let line = "xxxxxxxxxxMARKxxxxxxxxxx";
        let r = rows(line, &[10..14], 8);
        assert!(texts(line, &r).iter().any(|t| t.contains("MARK")));
        assert!(r.iter().all(|r| !(r.start > 10 && r.start < 14)));
    }

    #[test]
    fn long_marks_wrap_like_text() {
        let line = "Big news coming Monday for our team, can't say much yet but the office signed off on it";
        let at = line.find("our team").unwrap();
        let r = rows(line, &[at..line.len()], 40);
        // The row before the mark is filled, not broken where the mark starts.
        assert_eq!(texts(line, &r)[0], "Big news coming Monday for our team,");
        let mut out = Vec::new();
        let g = Gutter {
            indent: 0,
            digits: 1,
        };
        let marked = Marked {
            number: 1,
            text: line,
            marks: &[at..line.len()],
            severity: Severity::Medium,
        };
        write(&mut out, Painter { on: false }, g, &marked, 46).unwrap();
        let s = String::from_utf8(out).unwrap();
        // Every row of the mark is underlined.
        let carets = s.lines().filter(|l| l.contains('^')).count();
        assert_eq!(carets, r.len(), "{s}");
    }

    #[test]
    fn crops_around_the_mark() {
        let line = format!("{}MARK{}", "a ".repeat(200), " b".repeat(200));
        let at = line.find("MARK").unwrap();
        let (text, marks) = crop(&line, &[at..at + 4], 30);
        assert_eq!(&text[marks[0].clone()], "MARK");
        assert!(text.starts_with("…a ") && text.ends_with(" b…"), "{text}");
        assert!(width(&text) <= 32);
    }

    #[test]
    fn draws_gutter_line_and_carets() {
        let line = "Sneak peek at the Protected B deck";
        let mut out = Vec::new();
        let g = Gutter {
            indent: 2,
            digits: 1,
        };
        let p = Painter { on: false };
        let marked = Marked {
            number: 3,
            text: line,
            marks: &[0..5, 18..29],
            severity: Severity::High,
        };
        write(&mut out, p, g, &marked, 80).unwrap();
        let s = String::from_utf8(out).unwrap();
        assert_eq!(
            s,
            "    │\n  3 │ Sneak peek at the Protected B deck\n    │ ^^^^^             ^^^^^^^^^^^\n"
        );
    }

    #[test]
    fn odd_lines_and_marks_never_panic() {
        let lines = [
            "",
            "é",
            "👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀👀",
            "   leading and trailing spaces   ",
            "a\\u{202e}b c d e f g h i j k l m n o p q r s t u v w x y z",
        ];
        for line in lines {
            let bounds: Vec<usize> = (0..=line.len())
                .filter(|&i| line.is_char_boundary(i))
                .collect();
            for &a in &bounds {
                for &b in bounds.iter().filter(|&&b| b >= a).take(4) {
                    for max in [1, 10, 25, 80] {
                        let marked = Marked {
                            number: 12345,
                            text: line,
                            marks: &[a..b],
                            severity: Severity::Low,
                        };
                        let g = Gutter {
                            indent: 4,
                            digits: 5,
                        };
                        let mut out = Vec::new();
                        write(&mut out, Painter { on: true }, g, &marked, max).unwrap();
                        assert!(!out.is_empty());
                    }
                }
            }
        }
    }
}
