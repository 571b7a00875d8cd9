//! The quotations of a draft, for rules with `quoted = "skip"` or `"lower"`: reported speech,
//! a quoted headline or film line, a slur reported by the person it targeted. Found on the text
//! as typed, only when such a rule has a hit to decide (a draft no such rule touches is never
//! scanned), and never past the end of a line: an unpaired mark quotes nothing.

use std::ops::Range;

use crate::text::merge_ranges;

/// The kinds of quotation marks, each closed by its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// « … »
    Guillemet,
    /// “ … ”
    Curly,
    /// „ … “ or „ … ”
    Low,
    /// " … ", paired in order.
    Straight,
}

/// Quotations nested deeper than this are not real text: deeper marks are ignored, which also
/// keeps the search for an opening mark short on any input.
const MAX_DEPTH: usize = 16;

/// The quotations of a draft: the insides of every one (the marks excluded), sorted by start,
/// and the same merged (a quotation inside another is part of it).
pub(super) struct Quotations {
    all: Vec<Range<usize>>,
    outer: Vec<Range<usize>>,
}

/// How many quotations before a hit are looked at for the innermost one that holds it.
const INNERMOST_LOOKS: usize = 64;

impl Quotations {
    /// The quotations of `text`. Apostrophes and single quotes are never quotation marks here:
    /// `l'équipe`, `don't` and `‘scare quotes’` would open quotations that never close.
    pub fn of(text: &str) -> Quotations {
        let mut all = quotations(text);
        all.sort_by_key(|r| (r.start, std::cmp::Reverse(r.end)));
        let outer = merge_ranges(all.clone());
        Quotations { all, outer }
    }

    /// The innermost quotation `span` lies entirely inside, if any.
    pub fn inside(&self, span: &Range<usize>) -> Option<Range<usize>> {
        let outer = inside(&self.outer, span)?;
        // Nested ones start later than what holds them: the last to start before the span and
        // to hold it is the innermost (looked for among a few, or the outer one).
        let to = self.all.partition_point(|q| q.start <= span.start);
        let innermost = self.all[..to]
            .iter()
            .rev()
            .take(INNERMOST_LOOKS)
            .take_while(|q| q.start >= outer.start)
            .find(|q| span.end <= q.end);
        Some(innermost.cloned().unwrap_or(outer))
    }
}

/// The insides of the quotations of `text` (the marks excluded), unsorted.
fn quotations(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    // Open marks of the current line: their kind and where their inside starts.
    let mut open: Vec<(Mark, usize)> = Vec::new();
    let mut close = |open: &mut Vec<(Mark, usize)>, at: usize, closes: &[Mark]| {
        if let Some(p) = open.iter().rposition(|(k, _)| closes.contains(k)) {
            if open[p].1 < at {
                found.push(open[p].1..at);
            }
            open.truncate(p);
        }
    };
    for (i, ch) in text.char_indices() {
        let after = i + ch.len_utf8();
        let has = |open: &[(Mark, usize)], k: Mark| open.iter().any(|(m, _)| *m == k);
        let opens = match ch {
            '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                open.clear();
                None
            }
            '«' => Some(Mark::Guillemet),
            '„' => Some(Mark::Low),
            '»' => {
                close(&mut open, i, &[Mark::Guillemet]);
                None
            }
            // “ closes a „ (German style) and otherwise opens.
            '“' if has(&open, Mark::Low) => {
                close(&mut open, i, &[Mark::Low]);
                None
            }
            '“' => Some(Mark::Curly),
            '”' => {
                close(&mut open, i, &[Mark::Curly, Mark::Low]);
                None
            }
            '"' if has(&open, Mark::Straight) => {
                close(&mut open, i, &[Mark::Straight]);
                None
            }
            '"' => Some(Mark::Straight),
            _ => None,
        };
        if let Some(k) = opens.filter(|_| open.len() < MAX_DEPTH) {
            open.push((k, after));
        }
    }
    found
}

/// The one of `quotes` (merged, sorted) that `span` lies entirely inside, if any.
fn inside(quotes: &[Range<usize>], span: &Range<usize>) -> Option<Range<usize>> {
    let i = quotes.partition_point(|q| q.end < span.end);
    quotes
        .get(i)
        .filter(|q| q.start <= span.start && span.end <= q.end)
        .cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{check, one_rule, one_rule_error, CheckOptions};
    use crate::ruleset::Ruleset;
    use crate::taxonomy::Severity;
    use crate::text::Document;

    fn quoted(text: &str) -> Vec<&str> {
        Quotations::of(text)
            .all
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn every_kind_of_mark_pairs_with_its_own() {
        assert_eq!(quoted("il dit « bof » et “meh”"), [" bof ", "meh"]);
        assert_eq!(quoted("„so“ und „so”"), ["so", "so"]);
        assert_eq!(quoted(r#"a "b" c "d" e"#), ["b", "d"]);
        // Nested: the outer quotation holds the inner one, which is the one a hit is in.
        let text = "« il a dit “non” hier »";
        assert_eq!(quoted(text), [" il a dit “non” hier ", "non"]);
        let q = Quotations::of(text);
        let at = |w: &str| text.find(w).map(|i| i..i + w.len()).unwrap();
        assert_eq!(q.inside(&at("non")), Some(at("non")));
        assert_eq!(q.inside(&at("dit")), Some(at(" il a dit “non” hier ")));
        assert_eq!(q.inside(&at("« il")), None);
    }

    #[test]
    fn apostrophes_and_unpaired_marks_quote_nothing() {
        assert!(quoted("l'équipe, don't, ‘scare quotes’").is_empty());
        // An unpaired mark stops at the end of its line.
        assert_eq!(quoted("« open\nthen \"a\" and « more"), ["a"]);
        assert!(quoted("“never closed\nand ” closed").is_empty());
        assert!(quoted(r#"5" screen"#).is_empty());
        assert!(quoted("»«»„").is_empty());
    }

    #[test]
    fn deep_or_broken_input_neither_panics_nor_slows() {
        let deep = "«".repeat(100_000) + &"»".repeat(100_000);
        let q = Quotations::of(&deep);
        assert_eq!((q.all.len(), q.outer.len()), (16, 1));
        let many = "« ".to_string() + &"\"a\" ".repeat(100_000) + "b »";
        let q = Quotations::of(&many);
        let b = many.len() - 4..many.len() - 3;
        assert_eq!(q.inside(&b), Some(2..many.len() - 2));
        let mixed = "„“”«»\"".repeat(50_000);
        let _ = Quotations::of(&mixed);
        assert!(Quotations::of("").all.is_empty());
    }

    #[test]
    fn inside_needs_the_whole_span() {
        let q = vec![2..6, 10..20];
        assert_eq!(inside(&q, &(3..5)), Some(2..6));
        assert_eq!(inside(&q, &(2..6)), Some(2..6));
        assert_eq!(inside(&q, &(5..8)), None);
        assert_eq!(inside(&q, &(12..20)), Some(10..20));
        assert_eq!(inside(&q, &(21..22)), None);
    }

    fn found(rs: &Ruleset, text: &str) -> Vec<(String, Severity, Option<String>)> {
        check(&Document::new(text), rs, &CheckOptions::default())
            .findings
            .into_iter()
            .map(|f| {
                let cue = f.moved.map(|m| text[m.cue].to_string());
                (text[f.span].to_string(), f.severity, cue)
            })
            .collect()
    }

    const SLUR: &str = "phrases = [\"anglos comprennent rien\", \"clowns\"]\n";

    #[test]
    fn a_quoted_hit_is_dropped_or_lowered_as_the_rule_says() {
        let skip = one_rule("discrimination", &format!("quoted = \"skip\"\n{SLUR}"));
        let lower = one_rule("discrimination", &format!("quoted = \"lower\"\n{SLUR}"));
        let plain = one_rule("discrimination", SLUR);
        let said = r#"« "Les anglos comprennent rien", dit le collègue »"#;
        assert!(found(&skip, said).is_empty());
        assert_eq!(
            found(&lower, said),
            [(
                "anglos comprennent rien".into(),
                Severity::Low,
                Some("Les anglos comprennent rien".into())
            )]
        );
        assert_eq!(found(&plain, said)[0].1, Severity::Medium);
        // Outside the quotation it counts as ever; partly inside is not inside.
        let own = "Les anglos comprennent rien. Il a dit « bonjour ».";
        assert_eq!(found(&skip, own).len(), 1);
        assert_eq!(found(&lower, own)[0].1, Severity::Medium);
        assert_eq!(found(&skip, "Those “clowns” in finance").len(), 0);
        assert_eq!(found(&skip, "Those clowns in finance").len(), 1);
        // An unpaired mark does not swallow the next line.
        assert_eq!(found(&skip, "He said “no.\nThose clowns again").len(), 1);
    }

    #[test]
    fn a_bad_quoted_value_says_what_to_write() {
        let err = one_rule_error("discrimination", &format!("quoted = \"drop\"\n{SLUR}"));
        assert!(
            err.contains("t.toml:8:10: rule `x`: `quoted = \"drop\"`: write \"skip\""),
            "{err}"
        );
        let err = one_rule_error("discrimination", &format!("quoted = true\n{SLUR}"));
        assert!(err.contains("t.toml:8:10"), "{err}");
    }
}
