//! The model's second opinion applied to a report, after the rules: raise a draft no rule
//! flagged when the model is confident it is risky, lower (veto) the rules' medium and high
//! findings when it is confident it is safe. Works on the report, so the engine and the
//! printers know nothing of the model, and `rules test` (which runs the engine) sees the rules
//! alone.

use std::ops::Range;

use crate::report::{escape, guidance_refs, Excerpt, MovedRef, Report, ReportFinding, Span};
use crate::ruleset::Ruleset;
use crate::taxonomy::{Category, Lang, Risk, Severity};
use crate::text::{floor_char_boundary, line_column, Document};

use super::{heaviest, score, Meta, Scores, META};

/// How many of the words that weighed most a raised finding lists.
const WORDS_SHOWN: usize = 6;

/// What the model does to one report, decided from its scores (no text needed: unit-testable).
#[derive(Debug, Clone, PartialEq)]
pub enum Verdict {
    /// Nothing to do.
    Agree,
    /// Lower the rules' medium and high findings (but the exempt ones) to low.
    Lower,
    /// Add findings: the top category at medium, the others listed at low.
    Raise(Category, Vec<Category>),
}

/// The verdict for a draft with these scores, whose rules' highest finding is `highest`.
pub fn verdict(meta: &Meta, scores: &Scores, highest: Option<Severity>) -> Verdict {
    let flagged = highest.is_some_and(|s| s >= Severity::Medium);
    if flagged && scores.risky < meta.lower_below {
        return Verdict::Lower;
    }
    if !flagged && scores.risky >= meta.raise_at {
        let (top, _) = scores.top();
        let also = Category::ALL
            .iter()
            .zip(scores.categories)
            .filter(|(c, p)| **c != top && *p >= meta.also_at)
            .map(|(c, _)| *c)
            .collect();
        return Verdict::Raise(top, also);
    }
    Verdict::Agree
}

/// Applies the model to the report of `doc` (its text is `original`).
pub fn apply(report: &mut Report, doc: &Document, original: &str, rs: &Ruleset, lang: Lang) {
    let Some(meta) = META.as_ref() else {
        return;
    };
    if report.blank || doc.tokens().is_empty() {
        return;
    }
    let scores = score(doc);
    let highest = report.findings.iter().map(|f| f.severity).max();
    match verdict(meta, &scores, highest) {
        Verdict::Agree => return,
        Verdict::Lower => {
            for f in report.findings.iter_mut() {
                if f.severity >= Severity::Medium && !meta.exempt.contains(&f.rule) {
                    f.moved = Some(MovedRef {
                        by: "model",
                        from: f.severity,
                        to: Severity::Low,
                        cue: format!("p = {:.2}", scores.risky),
                    });
                    f.severity = Severity::Low;
                }
            }
        }
        Verdict::Raise(top, also) => {
            let words = heaviest(doc, 0, WORDS_SHOWN);
            let span = sentence_of(doc, original, words.first().map(|w| w.0.as_str()));
            let mut add = vec![(top, Severity::Medium)];
            add.extend(also.into_iter().map(|c| (c, Severity::Low)));
            for (c, severity) in add {
                let Some(f) = raised(meta, rs, lang, c, severity, original, &span, &words) else {
                    continue;
                };
                let at = report
                    .findings
                    .partition_point(|x| x.span.start <= f.span.start);
                report.findings.insert(at, f);
            }
        }
    }
    report.risk = Risk::from_severity(report.findings.iter().map(|f| f.severity).max());
}

/// The sentence (or line) holding the first occurrence of `gram`, in the original; the whole
/// draft when it is not found.
fn sentence_of(doc: &Document, original: &str, gram: Option<&str>) -> Range<usize> {
    let whole = 0..original.trim_end().len();
    let Some(gram) = gram else { return whole };
    let text = doc.words().as_str();
    let words: Vec<_> = doc
        .tokens()
        .iter()
        .filter(|t| {
            text.get(t.start as usize..t.end as usize)
                .is_some_and(|w| w.chars().count() >= 2)
        })
        .collect();
    let parts: Vec<&str> = gram.split(' ').collect();
    let at = words.windows(parts.len()).find(|w| {
        w.iter()
            .zip(&parts)
            .all(|(t, p)| text.get(t.start as usize..t.end as usize) == Some(*p))
    });
    let Some(at) = at else { return whole };
    let (from, to) = (
        at[0].orig_start as usize,
        at[at.len() - 1].orig_end as usize,
    );
    let ends = |c: char| matches!(c, '.' | '!' | '?' | '\n');
    let start = original[..floor_char_boundary(original, from)]
        .rfind(ends)
        .map_or(0, |i| i + 1);
    let to = floor_char_boundary(original, to);
    let end = original[to..]
        .find(ends)
        .map_or(original.len(), |i| to + i + 1);
    let slice = &original[start..end];
    let lead = slice.len() - slice.trim_start().len();
    let trail = slice.len() - slice.trim_end().len();
    if start + lead >= end - trail {
        return whole;
    }
    start + lead..end - trail
}

/// The finding the model raises for `category`.
#[allow(clippy::too_many_arguments)]
fn raised(
    meta: &Meta,
    rs: &Ruleset,
    lang: Lang,
    category: Category,
    severity: Severity,
    original: &str,
    span: &Range<usize>,
    words: &[(String, f32)],
) -> Option<ReportFinding> {
    let r = meta.raised(category)?;
    let (line, column) = line_column(original, span.start);
    let (end_line, end_column) = line_column(original, span.end);
    let guidance = guidance_refs(rs, &r.sections, lang);
    let listed: Vec<String> = words.iter().map(|w| w.0.clone()).collect();
    let message = format!(
        "{} ({}: {})",
        r.message.get(lang),
        lang.pick("words that weighed most", "mots qui ont pesé le plus"),
        listed.join(", ")
    );
    let text = escape(&original[span.clone()]);
    // The excerpt is the line of the span's start, cut at the span's end.
    let line_start = original[..span.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = original[span.start..]
        .find('\n')
        .map_or(original.len(), |i| span.start + i)
        .max(span.end.min(line_start + 4096));
    let before = escape(&original[line_start..span.start]);
    let mark_end = floor_char_boundary(original, span.end.min(line_end));
    let marked = escape(&original[span.start..mark_end]);
    let after = escape(&original[mark_end..line_end.max(mark_end)]);
    let excerpt = Excerpt {
        mark: before.len()..before.len() + marked.len(),
        line: format!("{before}{marked}{after}"),
    };
    Some(ReportFinding {
        rule: format!("model-{}", category.as_str()),
        category,
        severity,
        class: rs.roles.classify(&[], category, severity),
        message,
        advice: r.advice.get(lang).to_string(),
        span: Span {
            start: span.start,
            end: span.end,
            line,
            column,
            end_line,
            end_column,
        },
        text,
        guidance,
        escalations: Vec::new(),
        signals: listed,
        moved: None,
        base_severity: severity,
        excerpt,
        context: None,
        tags: vec!["model".to_string()],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn meta() -> Meta {
        META.clone().expect("the model file parses")
    }

    fn scores(risky: f32, top: usize, also: f32) -> Scores {
        let mut categories = [0.1; 9];
        categories[top] = 0.9;
        categories[(top + 1) % 9] = also;
        Scores { risky, categories }
    }

    #[test]
    fn confident_safe_lowers_only_flagged_drafts() {
        let m = meta();
        let s = scores(0.1, 0, 0.1);
        assert_eq!(verdict(&m, &s, Some(Severity::High)), Verdict::Lower);
        assert_eq!(verdict(&m, &s, Some(Severity::Low)), Verdict::Agree);
        assert_eq!(verdict(&m, &s, None), Verdict::Agree);
    }

    #[test]
    fn confident_risky_raises_unflagged_drafts_with_its_top_category() {
        let m = meta();
        let s = scores(0.9, 4, 0.6);
        assert_eq!(
            verdict(&m, &s, None),
            Verdict::Raise(Category::Harassment, vec![Category::Discrimination])
        );
        assert_eq!(verdict(&m, &s, Some(Severity::Medium)), Verdict::Agree);
        assert_eq!(verdict(&m, &scores(0.5, 4, 0.6), None), Verdict::Agree);
    }

    #[test]
    fn the_raised_span_is_the_sentence_of_the_heaviest_words() {
        let text = "Nice day. The big leak is out! Bye";
        let doc = Document::new(text);
        let r = sentence_of(&doc, text, Some("big leak"));
        assert_eq!(&text[r], "The big leak is out!");
        assert_eq!(sentence_of(&doc, text, Some("nowhere")), 0..text.len());
    }
}
