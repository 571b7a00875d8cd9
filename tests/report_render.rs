//! Snapshots of the human report, rendered by the library at a fixed width over the shipped
//! examples, in both languages, with and without colour. The rules come from a small fixture
//! (tests/fixtures/report-rules.toml) so the snapshots show the report, not the rules of the day.
//! Review a change with `cargo insta review` (or `INSTA_UPDATE=always cargo test` and `git diff`).

use postcheck::check_text;
use postcheck::engine::CheckOptions;
use postcheck::render::{self, Format, RenderOptions};
use postcheck::report::{Report, ReportOptions, Summary};
use postcheck::ruleset::{CompileOptions, RuleSource, Ruleset};
use postcheck::taxonomy::Lang;

const FIXTURE: &str = include_str!("fixtures/report-rules.toml");

fn rules() -> Ruleset {
    let source = RuleSource::new("tests/fixtures/report-rules.toml", FIXTURE);
    Ruleset::compile(&[source], &CompileOptions::default()).expect("the fixture rules compile")
}

fn example(name: &str) -> String {
    let path = format!("{}/examples/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

struct Run {
    lang: Lang,
    color: bool,
    verbose: bool,
    quiet: bool,
    width: usize,
}

impl Run {
    fn plain(lang: Lang) -> Run {
        Run {
            lang,
            color: false,
            verbose: false,
            quiet: false,
            width: 100,
        }
    }

    /// Renders drafts given as (name shown, text).
    fn texts(&self, rs: &Ruleset, drafts: &[(String, String)]) -> String {
        let report_options = ReportOptions {
            lang: self.lang,
            show_matches: false,
            ..Default::default()
        };
        let reports: Vec<Report> = drafts
            .iter()
            .map(|(name, text)| {
                check_text(name, text, rs, &CheckOptions::default(), &report_options)
            })
            .collect();
        let mut summary = Summary::default();
        reports.iter().for_each(|r| summary.add(r));
        let options = RenderOptions {
            lang: self.lang,
            color: self.color,
            verbose: self.verbose,
            quiet: self.quiet,
            width: self.width,
            ..Default::default()
        };
        let mut out = Vec::new();
        render::render(&mut out, Format::Text, &reports, &summary, rs, &options).unwrap();
        // Escape characters shown as ␛ so colour snapshots read as text.
        String::from_utf8(out).unwrap().replace('\x1b', "␛")
    }

    fn examples(&self, rs: &Ruleset, names: &[&str]) -> String {
        let drafts: Vec<(String, String)> = names
            .iter()
            .map(|n| (format!("examples/{n}"), example(n)))
            .collect();
        self.texts(rs, &drafts)
    }
}

fn snapshot_plain(name: &str, file: &str, lang: Lang) {
    let out = Run::plain(lang).examples(&rules(), &[file]);
    insta::assert_snapshot!(name, out);
}

#[test]
fn scenarios_in_their_own_language() {
    for (file, lang) in [
        ("scenario-1-charity-event.en.txt", Lang::En),
        ("scenario-1-charity-event.fr.txt", Lang::Fr),
        ("scenario-2-colleague-blog.en.txt", Lang::En),
        ("scenario-2-colleague-blog.fr.txt", Lang::Fr),
        ("scenario-3-side-business.en.txt", Lang::En),
        ("scenario-3-side-business.fr.txt", Lang::Fr),
        ("clean.en.txt", Lang::En),
        ("appropriate-team-photo.fr.txt", Lang::Fr),
    ] {
        let name = format!("{}-{}", file.trim_end_matches(".txt"), lang.as_str());
        snapshot_plain(&name, file, lang);
    }
}

#[test]
fn bilingual_draft_in_each_language() {
    for lang in [Lang::En, Lang::Fr] {
        snapshot_plain(
            &format!("bilingual-mixed-{}", lang.as_str()),
            "bilingual-mixed.txt",
            lang,
        );
        let coloured = Run {
            color: true,
            ..Run::plain(lang)
        };
        insta::assert_snapshot!(
            format!("bilingual-mixed-{}-color", lang.as_str()),
            coloured.examples(&rules(), &["bilingual-mixed.txt"])
        );
    }
}

#[test]
fn verbose_shows_rule_words_and_escalation() {
    let en = Run {
        verbose: true,
        ..Run::plain(Lang::En)
    };
    insta::assert_snapshot!(
        "scenario-2-verbose-en",
        en.examples(&rules(), &["scenario-2-colleague-blog.en.txt"])
    );
    let fr = Run {
        verbose: true,
        color: true,
        ..Run::plain(Lang::Fr)
    };
    insta::assert_snapshot!(
        "scenario-2-verbose-fr-color",
        fr.examples(&rules(), &["scenario-2-colleague-blog.fr.txt"])
    );
}

const FOLDER: &[&str] = &[
    "appropriate-launch-day.en.txt",
    "bilingual-mixed.txt",
    "clean.en.txt",
    "scenario-2-colleague-blog.fr.txt",
    "scenario-3-side-business.en.txt",
];

#[test]
fn quiet_prints_one_verdict_line_per_draft() {
    for lang in [Lang::En, Lang::Fr] {
        let quiet = Run {
            quiet: true,
            ..Run::plain(lang)
        };
        let out = quiet.examples(&rules(), FOLDER);
        assert_eq!(out.lines().count(), FOLDER.len());
        insta::assert_snapshot!(format!("folder-quiet-{}", lang.as_str()), out);
    }
}

#[test]
fn several_drafts_end_with_advice_and_a_summary() {
    let out = Run::plain(Lang::En).examples(&rules(), FOLDER);
    insta::assert_snapshot!("folder-en", out);
}

#[test]
fn long_lines_wrap_without_cutting_the_match_and_personal_information_is_masked() {
    let long = format!(
        "{} Her SIN is 046 454 286, please help her. {}\nSecond line.",
        "Lots of words before the number, ".repeat(6),
        "And many words after it too. ".repeat(30)
    );
    let run = Run {
        width: 60,
        ..Run::plain(Lang::En)
    };
    let out = run.texts(&rules(), &[("-".into(), long)]);
    assert!(out.contains("046 *** ***") && !out.contains("454"), "{out}");
    for line in out.lines().filter(|l| l.contains('│')) {
        // The text has no wide characters, so characters are columns.
        assert!(line.chars().count() <= 60, "{line}");
    }
    insta::assert_snapshot!("long-line-masked", out);
}
