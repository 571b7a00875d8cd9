//! What the human report draws as one diagnostic. Several rules often catch one risk in the same
//! words (a teaser draft can raise four confidentiality findings over one sentence): drawing
//! each would bury the draft under repeats. So findings of one category whose words overlap, or
//! that start on the same line of the draft (a post's paragraph, most often one risk), are drawn
//! once, by the most serious of them, which names the others and where they are. `--verbose` draws every
//! finding; the JSON report always lists them all.

use crate::report::ReportFinding;

/// One diagnostic: the findings of one rule on one line (usually one), drawn with their marks,
/// and the findings of other rules of the same category on overlapping words, only named.
pub(super) struct Diagnostic<'a> {
    pub findings: Vec<&'a ReportFinding>,
    pub also: Vec<&'a ReportFinding>,
}

impl<'a> Diagnostic<'a> {
    /// The finding that speaks for the diagnostic: the most serious, the first of equals.
    pub fn lead(&self) -> Option<&'a ReportFinding> {
        self.findings
            .iter()
            .copied()
            .reduce(|a, b| if b.severity > a.severity { b } else { a })
    }
}

/// The diagnostics of `findings`, in the draft's order of their first words. With `merge`,
/// findings of one category whose words overlap or start on one line become one diagnostic.
pub(super) fn diagnostics<'a>(
    findings: impl IntoIterator<Item = &'a ReportFinding>,
    merge: bool,
) -> Vec<Diagnostic<'a>> {
    let mut findings: Vec<&ReportFinding> = findings.into_iter().collect();
    findings.sort_by_key(|f| f.span.start);
    let mut lines: Vec<Vec<&ReportFinding>> = Vec::new();
    for f in findings {
        push_diagnostic(&mut lines, f);
    }
    if !merge {
        return lines
            .into_iter()
            .map(|findings| Diagnostic {
                findings,
                also: Vec::new(),
            })
            .collect();
    }
    // Intervals sorted by start merge with the last one of their category only (a sweep), so
    // thousands of findings stay linear. A cluster is (its diagnostics, where its words end,
    // the line its words start on).
    let mut clusters: Vec<(Vec<Vec<&ReportFinding>>, usize, usize)> = Vec::new();
    let mut last_of: Vec<(crate::taxonomy::Category, usize)> = Vec::new();
    for d in lines {
        let (category, start, line) = (d[0].category, d[0].span.start, d[0].span.line);
        let end = d.iter().map(|f| f.span.end).max().unwrap_or(start);
        let open = last_of
            .iter()
            .find(|(c, _)| *c == category)
            .map(|&(_, i)| i)
            .filter(|&i| start < clusters[i].1 || line == clusters[i].2);
        match open {
            Some(i) => {
                clusters[i].0.push(d);
                clusters[i].1 = clusters[i].1.max(end);
            }
            None => {
                clusters.push((vec![d], end, line));
                let i = clusters.len() - 1;
                match last_of.iter_mut().find(|(c, _)| *c == category) {
                    Some(entry) => entry.1 = i,
                    None => last_of.push((category, i)),
                }
            }
        }
    }
    clusters
        .into_iter()
        .map(|(mut members, ..)| {
            let worst = |d: &Vec<&ReportFinding>| d.iter().map(|f| f.severity).max();
            // The first of the most serious speaks; the others are named once per rule.
            let lead = (0..members.len())
                .reduce(|a, b| {
                    if worst(&members[b]) > worst(&members[a]) {
                        b
                    } else {
                        a
                    }
                })
                .unwrap_or(0);
            let findings = members.remove(lead);
            let mut also: Vec<&ReportFinding> = Vec::new();
            for f in members.into_iter().flatten() {
                if f.rule != findings[0].rule && also.iter().all(|a| a.rule != f.rule) {
                    also.push(f);
                }
            }
            Diagnostic { findings, also }
        })
        .collect()
}

/// Adds a finding to a list of diagnostics: to the one of the same rule on the same line that
/// it follows, else as a new one.
fn push_diagnostic<'a>(diagnostics: &mut Vec<Vec<&'a ReportFinding>>, f: &'a ReportFinding) {
    // Findings come in the draft's order, so only the diagnostics of f's own line, at the end,
    // can take it: stopping at the first other line keeps thousands of findings linear.
    let same = diagnostics
        .iter_mut()
        .rev()
        .take_while(|d| d.last().is_some_and(|p| p.span.line == f.span.line))
        .find(|d| {
            d[0].rule == f.rule
                && d[0].excerpt.line == f.excerpt.line
                && d.last()
                    .is_some_and(|p| p.excerpt.mark.end <= f.excerpt.mark.start)
        });
    match same {
        Some(d) => d.push(f),
        None => diagnostics.push(vec![f]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::CheckOptions;
    use crate::report::ReportOptions;
    use crate::ruleset::Ruleset;
    use crate::taxonomy::{Category, Severity};

    /// A real finding to copy: the fields the merge reads are then set by hand.
    fn template() -> ReportFinding {
        let rs = Ruleset::builtin().expect("built-in rules");
        let text = "My SIN is 046 454 286.";
        let r = crate::check_text(
            "-",
            text,
            &rs,
            &CheckOptions::default(),
            &ReportOptions::default(),
        );
        r.findings.into_iter().next().expect("a SIN finding")
    }

    fn finding(
        t: &ReportFinding,
        rule: &str,
        category: Category,
        severity: Severity,
        words: (usize, usize),
        line: usize,
    ) -> ReportFinding {
        let mut f = t.clone();
        f.rule = rule.to_string();
        f.category = category;
        f.severity = severity;
        f.span.start = words.0;
        f.span.end = words.1;
        f.span.line = line;
        f.excerpt.line = format!("line {line}");
        f
    }

    fn rules<'a>(d: &Diagnostic<'a>) -> (Vec<&'a str>, Vec<&'a str>) {
        let names = |v: &[&'a ReportFinding]| v.iter().map(|f| f.rule.as_str()).collect();
        (names(&d.findings), names(&d.also))
    }

    #[test]
    fn one_category_on_the_same_words_or_line_is_drawn_once_by_the_most_serious() {
        use Category::{Confidentiality as C, Harassment as H};
        use Severity::{High, Low, Medium};
        let t = template();
        let fs = [
            finding(&t, "teaser", C, Medium, (0, 15), 1),
            finding(&t, "score", C, High, (10, 80), 1),
            finding(&t, "later-on-the-line", C, Low, (90, 95), 1),
            finding(&t, "insult", H, Medium, (20, 30), 1),
            finding(&t, "teaser", C, Medium, (200, 210), 3),
            finding(&t, "again", C, Low, (205, 215), 3),
        ];
        let merged = diagnostics(&fs, true);
        let got: Vec<_> = merged.iter().map(rules).collect();
        assert_eq!(
            got,
            [
                (vec!["score"], vec!["teaser", "later-on-the-line"]),
                (vec!["insult"], vec![]),
                (vec!["teaser"], vec!["again"]),
            ]
        );
        // --verbose: every finding drawn, none merged.
        assert_eq!(diagnostics(&fs, false).len(), fs.len());
        assert!(diagnostics(&fs, true).iter().all(|d| d.lead().is_some()));
    }

    #[test]
    fn findings_of_one_rule_on_one_line_share_a_diagnostic() {
        let t = template();
        let (c, m) = (Category::Confidentiality, Severity::Medium);
        let mut a = finding(&t, "hint", c, m, (0, 5), 1);
        let mut b = finding(&t, "hint", c, m, (20, 25), 1);
        a.excerpt.mark = 0..5;
        b.excerpt.mark = 20..25;
        let d = diagnostics([&a, &b], false);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].findings.len(), 2);
    }
}
