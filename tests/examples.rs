//! The shipped example drafts: the three scenarios of the Ontario guidance raise the categories
//! their questions point to, and the guidance's "appropriate" examples raise nothing at medium or
//! above, in both languages.

use postcheck::engine::CheckOptions;
use postcheck::report::{Report, ReportOptions};
use postcheck::ruleset::Ruleset;
use postcheck::taxonomy::{Category, Risk};

fn check(name: &str) -> Report {
    let rules = Ruleset::builtin().expect("built-in rules compile");
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    postcheck::check_text(
        name,
        &text,
        &rules,
        &CheckOptions::default(),
        &ReportOptions::default(),
    )
}

fn assert_raises(name: &str, expected: &[Category]) {
    let r = check(name);
    let found = r.categories();
    for c in expected {
        assert!(found.contains(c), "{name}: expected {c}, found {found:?}");
    }
    assert!(r.risk >= Risk::Medium, "{name}: risk {:?}", r.risk);
}

#[test]
fn scenario_1_photos_at_a_charity_event_raise_consent() {
    for lang in ["en", "fr"] {
        assert_raises(
            &format!("scenario-1-charity-event.{lang}.txt"),
            &[Category::Consent],
        );
    }
}

#[test]
fn scenario_2_blog_about_a_colleague_raises_harassment() {
    for lang in ["en", "fr"] {
        assert_raises(
            &format!("scenario-2-colleague-blog.{lang}.txt"),
            &[Category::Harassment],
        );
    }
}

#[test]
fn scenario_3_side_business_raises_conflict_of_interest() {
    for lang in ["en", "fr"] {
        assert_raises(
            &format!("scenario-3-side-business.{lang}.txt"),
            &[Category::ConflictOfInterest],
        );
    }
}

#[test]
fn mixed_post_raises_each_halfs_finding() {
    assert_raises(
        "bilingual-mixed.txt",
        &[Category::Confidentiality, Category::Consent],
    );
}

#[test]
fn appropriate_examples_raise_nothing_at_medium_or_above() {
    for stem in [
        "appropriate-launch-day",
        "appropriate-job-posting",
        "appropriate-team-photo",
        "appropriate-conference",
    ] {
        for lang in ["en", "fr"] {
            let name = format!("{stem}.{lang}.txt");
            let r = check(&name);
            assert!(
                r.risk < Risk::Medium,
                "{name}: {:?}",
                r.findings.iter().map(|f| &f.rule).collect::<Vec<_>>()
            );
        }
    }
    assert!(check("clean.en.txt").findings.is_empty());
}
