//! Everything a person reads exists in English and in French: every built-in rule's message,
//! advice and description, every escalation's reason, every guidance section's title and
//! summary, every question and contact, and every fixed word of the report. A text of more than
//! a few words that is the same in both languages was not translated.

use postcheck::render::text::Label;
use postcheck::ruleset::Ruleset;
use postcheck::taxonomy::{Category, Lang, Risk, Severity, Text};

/// Up to this many words, the same text in both languages may be right (`Discrimination`).
const FEW_WORDS: usize = 3;

fn check(problems: &mut Vec<String>, what: &str, en: &str, fr: &str) {
    if en.trim().is_empty() {
        problems.push(format!("{what}: no English text"));
    }
    if fr.trim().is_empty() {
        problems.push(format!("{what}: no French text"));
    }
    if en.split_whitespace().count() > FEW_WORDS && en.trim() == fr.trim() {
        problems.push(format!("{what}: the French text is the English one"));
    }
}

fn check_text(problems: &mut Vec<String>, what: &str, t: &Text) {
    check(problems, what, &t.en, &t.fr);
}

#[test]
fn every_rule_section_and_label_exists_in_both_languages() {
    let rs = Ruleset::builtin().expect("the built-in rules compile");
    let mut problems = Vec::new();
    let p = &mut problems;
    assert!(!rs.rules.is_empty(), "no built-in rules");
    for r in &rs.rules {
        check_text(p, &format!("rule {} message", r.id), &r.message);
        check_text(p, &format!("rule {} advice", r.id), &r.advice);
        check_text(p, &format!("rule {} description", r.id), &r.description);
        for lang in [Lang::En, Lang::Fr] {
            let has = |v: &[(Lang, String)]| v.iter().any(|(l, _)| *l == lang);
            // A draft pinned at a severity (`[rule.examples.at]`) is a draft that must fire.
            if !r.examples.has_match(lang) || !has(&r.examples.no_match) {
                p.push(format!("rule {}: no examples in {}", r.id, lang.as_str()));
            }
        }
    }
    for e in &rs.escalations {
        check_text(p, &format!("escalation {} reason", e.id), &e.reason);
    }
    let g = &rs.guidance;
    assert!(!g.sections.is_empty(), "no guidance sections");
    for d in &g.documents {
        check_text(p, &format!("document {} title", d.id), &d.title);
        check_text(p, &format!("document {} audience", d.id), &d.audience);
    }
    for s in &g.sections {
        check_text(p, &format!("section {} title", s.id), &s.title);
        check_text(p, &format!("section {} summary", s.id), &s.summary);
    }
    for (i, q) in g.questions.iter().enumerate() {
        check_text(p, &format!("question {}", i + 1), &q.text);
    }
    for (i, c) in g.contacts.iter().enumerate() {
        check_text(p, &format!("contact {}", i + 1), &c.text);
    }
    for l in Label::ALL {
        let (en, fr) = l.texts();
        check(p, &format!("report label {l:?}"), en, fr);
    }
    for c in Category::ALL {
        check(p, c.as_str(), c.label(Lang::En), c.label(Lang::Fr));
    }
    for s in Severity::ALL {
        check(p, s.as_str(), s.label(Lang::En), s.label(Lang::Fr));
    }
    for r in [Risk::None, Risk::Low, Risk::Medium, Risk::High] {
        check(p, r.as_str(), r.label(Lang::En), r.label(Lang::Fr));
    }
    assert!(
        problems.is_empty(),
        "{} text(s) missing a language:\n{}",
        problems.len(),
        problems.join("\n")
    );
}

#[test]
fn the_check_itself_catches_a_missing_or_untranslated_text() {
    let mut p = Vec::new();
    check(&mut p, "a", "Do not post it.", "");
    check(
        &mut p,
        "b",
        "Do not post this at all.",
        "Do not post this at all.",
    );
    check(&mut p, "c", "Discrimination", "Discrimination");
    assert_eq!(p.len(), 2, "{p:?}");
}
