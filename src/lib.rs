//! postcheck: pre-checks a social-media draft by a public servant against the Ontario Public
//! Service and federal guidance on personal social media, in English and in French.
//!
//! Data flows one way, and each step is its own module:
//!
//! ```text
//! input text ──▶ text::Document ──▶ engine::check ──▶ engine::Finding ──▶ report::Report ──▶ render
//!                (original + clean     (one phrase index  (rule, byte span    (risk, messages,     (text,
//!                 and words views       for all phrases,   in the original,    guidance sections,    json)
//!                 mapped to original    patterns, context, severity)           masked excerpts)
//!                 bytes)                conditions)
//! ```
//!
//! Who reads the report ([`role::Role`]: employee, manager, executive) sets what a check raises
//! and how the text report reads; every finding carries its class (clear breach, possibly
//! inappropriate, grey area), whatever the role.
//!
//! The ruleset (`rules/*.toml`) is compiled by [`ruleset::Ruleset::compile`], which reports
//! every problem of every file at once; the built-in files are compiled at build time by the
//! same code (build.rs) and read back at run time. The library
//! does no I/O and prints nothing: the `postcheck` binary reads files and writes reports.
//!
//! ```
//! use postcheck::{check_text, engine::CheckOptions, report::ReportOptions, ruleset::Ruleset};
//! let rules = Ruleset::builtin().expect("the built-in rules compile");
//! let report = check_text("-", "Hiking with my dog this weekend!", &rules, &CheckOptions::default(), &ReportOptions::default());
//! assert_eq!(report.risk, postcheck::taxonomy::Risk::None);
//! ```

/// What build.rs found in `rules/` (the built-in rule files) and compiled from it.
mod builtin {
    include!(concat!(env!("OUT_DIR"), "/builtin.rs"));
}
pub mod config;
pub mod diagnostic;
pub mod engine;
pub mod guidance;
pub mod lang;
pub mod large;
pub mod model;
pub mod phrase;
pub mod redact;
pub mod render;
pub mod report;
pub mod role;
pub mod ruleset;
pub mod ruletest;
pub mod suppress;
pub mod taxonomy;
#[cfg(test)]
mod testing;
pub mod text;

use engine::CheckOptions;
use report::{Report, ReportOptions};
use ruleset::Ruleset;
use suppress::SuppressOptions;
use text::Document;

/// Checks one draft and builds its report: the whole flow for one input. Inline
/// `postcheck-ignore` markers are honoured (see [`suppress`]).
pub fn check_text(
    source: &str,
    text: &str,
    rules: &Ruleset,
    check: &CheckOptions,
    report: &ReportOptions,
) -> Report {
    check_text_with(
        source,
        text,
        rules,
        check,
        report,
        &SuppressOptions::default(),
    )
}

/// [`check_text`] with the pseudo-rules about markers configured.
pub fn check_text_with(
    source: &str,
    text: &str,
    rules: &Ruleset,
    check: &CheckOptions,
    report: &ReportOptions,
    suppress: &SuppressOptions,
) -> Report {
    // Markers are blanked before the engine sees the text, and applied to the report after.
    let (checked, markers) = suppress::scan(text);
    let doc = Document::new(checked.into_owned());
    reported(source, text, &doc, &markers, rules, check, report, suppress)
}

/// [`check_text_with`] taking the draft by value: a draft with no markers becomes the
/// document's own text instead of being copied into it (a second 46 MB for a 46 MB input).
pub fn check_owned_with(
    source: &str,
    text: String,
    rules: &Ruleset,
    check: &CheckOptions,
    report: &ReportOptions,
    suppress: &SuppressOptions,
) -> Report {
    let (checked, markers) = suppress::scan(&text);
    let blanked = match checked {
        std::borrow::Cow::Owned(blanked) => Some(blanked),
        std::borrow::Cow::Borrowed(_) => None,
    };
    match blanked {
        Some(blanked) => {
            let doc = Document::new(blanked);
            reported(
                source, &text, &doc, &markers, rules, check, report, suppress,
            )
        }
        None => {
            let doc = Document::new(text);
            let text = doc.original();
            reported(source, text, &doc, &markers, rules, check, report, suppress)
        }
    }
}

/// The report on `doc`, the draft `text` with its markers blanked.
#[allow(clippy::too_many_arguments)]
fn reported(
    source: &str,
    text: &str,
    doc: &Document,
    markers: &[suppress::Marker],
    rules: &Ruleset,
    check: &CheckOptions,
    report: &ReportOptions,
    suppress: &SuppressOptions,
) -> Report {
    // A long draft is checked on every core, with the same findings (see `large`).
    let result = large::check(doc, rules, check);
    let mut r = report::build(source, text, &result, rules, report);
    // The word model's second opinion, after the rules (see `model`).
    if !report.no_model {
        model::apply::apply(&mut r, doc, text, rules, report.lang);
    }
    suppress::apply(
        &mut r,
        text,
        markers,
        rules,
        report.lang,
        report.show_matches,
        suppress,
    );
    r
}
