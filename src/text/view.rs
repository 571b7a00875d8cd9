//! A view of the original text and the map from its bytes back to the original bytes.
//!
//! The map is kept only where the view and the original diverge: most of a draft is copied (or
//! only changes case), so a run of the view whose characters have the lengths of the original
//! characters they came from is one entry, however long. A view of a 46 MB input needs a few
//! megabytes of map, not eight bytes for each of its bytes.

use std::ops::Range;
use std::sync::OnceLock;

/// The `end` of a run whose characters map one to one onto original characters of the same
/// byte length, the first of them at `start`.
const SAME: u32 = u32::MAX;

/// From view byte `view` on (to the next run), either every byte maps to `start..end`, or
/// (`end == SAME`) each character maps to the original character at the same distance from
/// `start`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    view: u32,
    start: u32,
    end: u32,
}

/// A view of the original text: its own string plus, for each of its bytes, the original
/// byte range of the character it was made from.
#[derive(Debug, Clone, Default)]
pub struct View {
    pub(super) text: String,
    runs: Vec<Run>,
    /// The distinct characters beyond ASCII, sorted: found when a pattern first asks.
    non_ascii: OnceLock<Vec<char>>,
}

impl View {
    pub(super) fn with_capacity(bytes: usize) -> View {
        View {
            text: String::with_capacity(bytes),
            ..View::default()
        }
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The distinct characters beyond ASCII in this view, sorted; empty for ASCII text.
    pub fn non_ascii(&self) -> &[char] {
        self.non_ascii.get_or_init(|| {
            let mut found: Vec<char> = Vec::new();
            let mut rest = self.text.as_str();
            while let Some(i) = rest.bytes().position(|b| !b.is_ascii()) {
                let Some(c) = rest[i..].chars().next() else {
                    break;
                };
                if let Err(at) = found.binary_search(&c) {
                    found.insert(at, c);
                }
                rest = &rest[i + c.len_utf8()..];
            }
            found
        })
    }

    /// Appends a character made from the original bytes `orig`.
    pub(super) fn push(&mut self, c: char, orig: Range<usize>) {
        let at = self.text.len() as u32;
        self.text.push(c);
        let (start, end) = (orig.start as u32, orig.end as u32);
        let n = c.len_utf8() as u32;
        if let Some(last) = self.runs.last() {
            let continues = if last.end == SAME {
                end.checked_sub(start) == Some(n) && start == last.start + (at - last.view)
            } else {
                // Every byte of one character maps to the same range either way.
                last.start == start && last.end == end
            };
            if continues {
                return;
            }
        }
        self.runs.push(Run {
            view: at,
            start,
            end: if end.checked_sub(start) == Some(n) {
                SAME
            } else {
                end
            },
        });
    }

    /// Appends text copied as is from the original, starting at original byte `orig`.
    pub(super) fn push_copy(&mut self, s: &str, orig: usize) {
        if s.is_empty() {
            return;
        }
        let at = self.text.len() as u32;
        self.text.push_str(s);
        self.map_same(at, orig as u32);
    }

    /// Appends ASCII text in lower case, made from as many original bytes from `orig` on.
    pub(super) fn push_lower(&mut self, s: &str, orig: u32) {
        if s.is_empty() {
            return;
        }
        let at = self.text.len();
        self.text.push_str(s);
        self.text[at..].make_ascii_lowercase();
        self.map_same(at as u32, orig);
    }

    /// Maps the view from byte `at` on, to its end, one to one onto the original from `start`.
    fn map_same(&mut self, at: u32, start: u32) {
        if let Some(last) = self.runs.last() {
            if last.end == SAME && start == last.start + (at - last.view) {
                return;
            }
        }
        self.runs.push(Run {
            view: at,
            start,
            end: SAME,
        });
    }

    /// Removes the last character, returning it and the original range it was made from.
    pub(super) fn pop(&mut self) -> Option<(char, u32, u32)> {
        let c = self.text.chars().next_back()?;
        let at = self.text.len() - c.len_utf8();
        let (start, end) = self.origin(at);
        self.text.truncate(at);
        while self.runs.last().is_some_and(|r| r.view as usize >= at) {
            self.runs.pop();
        }
        Some((c, start, end))
    }

    /// The original range of the character that holds view byte `i` (`i < text.len()`).
    fn origin(&self, i: usize) -> (u32, u32) {
        let k = self.runs.partition_point(|r| r.view as usize <= i) - 1;
        let r = self.runs[k];
        if r.end != SAME {
            return (r.start, r.end);
        }
        let mut at = i;
        while !self.text.is_char_boundary(at) {
            at -= 1;
        }
        let n = self.text[at..].chars().next().map_or(1, char::len_utf8);
        let start = r.start + (at as u32 - r.view);
        (start, start + n as u32)
    }

    /// Maps a non-empty byte range of this view back to the original text.
    pub fn to_original(&self, range: Range<usize>) -> Range<usize> {
        if self.text.is_empty() {
            return 0..0;
        }
        let s = range.start.min(self.text.len() - 1);
        let e = range.end.max(range.start + 1).min(self.text.len());
        let start = self.origin(s).0 as usize;
        let end = (self.origin(e - 1).1 as usize).max(start);
        start..end
    }

    /// The characters of the view in order, each with its view offset and original range.
    pub(super) fn chars_from(&self) -> Origins<'_> {
        Origins {
            view: self,
            run: 0,
            at: 0,
        }
    }

    #[cfg(test)]
    pub(super) fn runs(&self) -> usize {
        self.runs.len()
    }
}

/// Walks a view's characters and their original ranges in one pass, run by run.
pub(super) struct Origins<'v> {
    view: &'v View,
    run: usize,
    at: usize,
}

impl Origins<'_> {
    /// The original offset of the next `len` bytes when they are copied one to one from the
    /// original (and then passes them), else `None`.
    pub(super) fn same(&mut self, len: usize) -> Option<u32> {
        let runs = &self.view.runs;
        let r = runs.get(self.run)?;
        let run_end = runs
            .get(self.run + 1)
            .map_or(self.view.text.len(), |n| n.view as usize);
        if r.end != SAME || self.at + len > run_end {
            return None;
        }
        let start = r.start + (self.at as u32 - r.view);
        self.at += len;
        if self.at == run_end {
            self.run += 1;
        }
        Some(start)
    }

    /// Passes the next `len` bytes.
    pub(super) fn skip(&mut self, len: usize) {
        let runs = &self.view.runs;
        self.at += len;
        while runs
            .get(self.run + 1)
            .is_some_and(|n| n.view as usize <= self.at)
        {
            self.run += 1;
        }
    }

    /// The original range of each character of `text`, the view's text from the current
    /// position on, passed to `f` with the character; stops at the end of `text`.
    pub(super) fn take(&mut self, len: usize, mut f: impl FnMut(char, u32, u32)) {
        let runs = &self.view.runs;
        let stop = self.at + len;
        while self.at < stop {
            let r = runs[self.run];
            let run_end = runs
                .get(self.run + 1)
                .map_or(self.view.text.len(), |n| n.view as usize);
            let to = run_end.min(stop);
            let part = &self.view.text[self.at..to];
            if r.end == SAME {
                let base = r.start.wrapping_sub(r.view);
                for (i, c) in part.char_indices() {
                    let s = base.wrapping_add((self.at + i) as u32);
                    f(c, s, s + c.len_utf8() as u32);
                }
            } else {
                for c in part.chars() {
                    f(c, r.start, r.end);
                }
            }
            self.at = to;
            if to == run_end {
                self.run += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::text::Document;

    #[test]
    fn a_map_costs_one_entry_per_place_the_view_diverges() {
        let text = "Hello world, this is plain text. ".repeat(1000);
        let doc = Document::new(text.as_str());
        assert_eq!(doc.clean().runs(), 1);
        // `,` and `.` each make one space of two original bytes, and the word after it.
        assert!(doc.words().runs() <= 4 * 1000 + 1, "{}", doc.words().runs());
        let at = doc.words().as_str().rfind("plain").unwrap();
        let r = doc.words().to_original(at..at + 5);
        assert_eq!(&text[r], "plain");
    }

    #[test]
    fn popping_a_character_gives_back_its_range() {
        let doc = Document::new("Cafe\u{301} ouvert");
        assert_eq!(doc.clean().as_str(), "Café ouvert");
        assert_eq!(doc.clean().to_original(3..5), 3..6);
        assert_eq!(doc.clean().to_original(5..6), 6..7);
    }
}
