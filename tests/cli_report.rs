//! The report as a person gets it from the real `postcheck` binary: in their language (flag or
//! environment), coloured only when asked or on a terminal, quiet or verbose; `explain`,
//! `rules list`, completions, the man page, and every example `--help` shows.

use std::io::Write;
use std::process::{Command, Output, Stdio};

const FIXTURE: &str = "tests/fixtures/report-rules.toml";

/// `postcheck` with a clean environment: no locale, no NO_COLOR, run from the crate's root.
fn postcheck(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_postcheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .stdin(Stdio::null());
    c
}

fn run(c: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("postcheck runs");
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).expect("stdout is UTF-8"),
        String::from_utf8(stderr).expect("stderr is UTF-8"),
    )
}

fn with_fixture<'a>(args: &[&'a str]) -> Vec<&'a str> {
    let mut v = vec!["check", "--no-default-rules", "--rules", FIXTURE];
    v.extend_from_slice(args);
    v
}

#[test]
fn the_bilingual_draft_reads_in_each_language_with_both_findings() {
    let (code, en, _) = run(&mut postcheck(&with_fixture(&[
        "--lang",
        "en",
        "examples/bilingual-mixed.txt",
    ])));
    assert_eq!(code, 1, "{en}");
    assert!(en.contains("REWORK BEFORE POSTING"), "{en}");
    assert!(
        en.contains("Language of the draft: English and French"),
        "{en}"
    );
    // The English half leaks an unannounced program; the French half tags coworkers.
    assert!(en.contains(
        "Confidential information · fixture-unannounced-program · examples/bilingual-mixed.txt:1:"
    ));
    assert!(
        en.contains("Consent · fixture-tagged-without-consent · examples/bilingual-mixed.txt:2:"),
        "{en}"
    );
    assert!(en.contains("has not been announced") && en.contains("nothing says they agreed"));
    assert!(en.contains("Questions to ask yourself") && en.contains("Where to get advice"));

    let (code, fr, _) = run(&mut postcheck(&with_fixture(&[
        "--lang",
        "fr",
        "examples/bilingual-mixed.txt",
    ])));
    assert_eq!(code, 1, "{fr}");
    assert!(fr.contains("À RETRAVAILLER AVANT PUBLICATION"), "{fr}");
    assert!(
        fr.contains("Langue du brouillon : anglais et français"),
        "{fr}"
    );
    assert!(fr.contains("Renseignements confidentiels · fixture-unannounced-program · examples/bilingual-mixed.txt:1:"));
    assert!(
        fr.contains(
            "Consentement · fixture-tagged-without-consent · examples/bilingual-mixed.txt:2:"
        ),
        "{fr}"
    );
    assert!(fr.contains("pas encore été annoncé") && fr.contains("sans mention de leur accord"));
    assert!(fr.contains("Questions à vous poser") && fr.contains("Où obtenir des conseils"));
    assert!(fr.contains("Dans le doute, ne publiez pas"));
    for english in ["advice:", "Questions to ask", "risk:", "finding"] {
        assert!(!fr.contains(english), "English `{english}` in:\n{fr}");
    }
}

#[test]
fn the_environment_chooses_the_language_when_no_flag_does() {
    let args = with_fixture(&["examples/bilingual-mixed.txt"]);
    let (_, fr, _) = run(postcheck(&args).env("LANG", "fr_CA.UTF-8"));
    assert!(fr.contains("Langue du brouillon"), "{fr}");
    let (_, en, _) = run(postcheck(&args)
        .env("LANG", "fr_CA.UTF-8")
        .env("LC_ALL", "en_CA.UTF-8"));
    assert!(en.contains("Language of the draft"), "{en}");
    let (_, en, _) = run(postcheck(&args)
        .env("LANG", "fr_CA.UTF-8")
        .args(["--lang", "en"]));
    assert!(en.contains("Language of the draft"), "{en}");
}

#[test]
fn colour_only_when_asked_when_piped() {
    let args = with_fixture(&["examples/bilingual-mixed.txt"]);
    let (_, piped, _) = run(&mut postcheck(&args));
    assert!(!piped.contains('\x1b'), "a pipe gets no colour");
    let (_, always, _) = run(postcheck(&args).args(["--color", "always"]));
    assert!(always.contains("\x1b["), "--color always colours");
    let (_, no_color, _) = run(postcheck(&args).env("NO_COLOR", "1"));
    assert!(!no_color.contains('\x1b'));
    let (_, never, _) = run(postcheck(&args).args(["--color", "never"]));
    assert_eq!(never, piped);
}

#[test]
fn quiet_prints_the_verdict_and_verbose_the_rule_and_words() {
    let (_, quiet, _) = run(&mut postcheck(&with_fixture(&[
        "--quiet",
        "--lang",
        "fr",
        "examples/scenario-2-colleague-blog.fr.txt",
        "examples/clean.en.txt",
    ])));
    assert_eq!(
        quiet,
        "examples/scenario-2-colleague-blog.fr.txt : À NE PAS PUBLIER (risque : élevé, 3 constats)\n\
         examples/clean.en.txt : PEUT ÊTRE PUBLIÉ (risque : aucun, aucun constat)\n"
    );
    let (_, verbose, _) = run(&mut postcheck(&with_fixture(&[
        "--verbose",
        "examples/scenario-2-colleague-blog.en.txt",
    ])));
    assert!(
        verbose.contains("rule: fixture-coworker-insult"),
        "{verbose}"
    );
    assert!(
        verbose.contains("matched: «\u{a0}laziest\u{a0}»"),
        "{verbose}"
    );
    assert!(verbose.contains("raised to high: The post says where you work"));
}

#[test]
fn several_drafts_end_with_one_summary_line() {
    let (_, out, _) = run(&mut postcheck(&with_fixture(&[
        "examples/clean.en.txt",
        "examples/scenario-3-side-business.fr.txt",
    ])));
    // The summary comes last; it wraps to a second line past 100 columns.
    let summary = out.rsplit("\n\n").next().unwrap_or_default();
    assert!(
        summary
            .starts_with("2 drafts · do not post: 0 · rework before posting: 1 · safe to post: 1"),
        "{summary}"
    );
    assert!(summary.contains("findings: 2 (high 0, medium 2, low 0, info 0)"));
}

#[test]
fn errors_about_a_draft_are_in_the_readers_language() {
    let (code, _, err) = run(&mut postcheck(&[
        "check",
        "--lang",
        "fr",
        "missing-draft.txt",
    ]));
    assert_eq!(code, 2);
    assert!(
        err.contains("missing-draft.txt: fichier ou dossier introuvable"),
        "{err}"
    );
    let mut child = postcheck(&["check", "--lang", "fr", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postcheck starts");
    drop(child.stdin.take());
    let out = child.wait_with_output().expect("postcheck ends");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("rien à vérifier"), "{text}");
}

#[test]
fn explain_a_rule_in_both_languages() {
    let args = ["explain", "--no-default-rules", "--rules", FIXTURE];
    let id = "fixture-tagged-without-consent";
    let (code, en, _) = run(postcheck(&args).args([id, "--lang", "en"]));
    assert_eq!(code, 0);
    for part in [
        "What it looks for",
        "Why it matters under the guidance",
        "§ Personal information, privacy and consent [ops.privacy-consent]",
        "What to do",
        "Fires on",
        "Team photo from Friday!",
        "Stays silent on",
        "everyone agreed to be in it",
    ] {
        assert!(en.contains(part), "`{part}` missing:\n{en}");
    }
    let (_, fr, _) = run(postcheck(&args).arg(id).env("LC_MESSAGES", "fr_CA.UTF-8"));
    for part in [
        "Ce qu'elle repère",
        "Pourquoi c'est important selon les orientations",
        "§ Renseignements personnels, vie privée et consentement",
        "Que faire",
        "Se déclenche sur",
        "Petite photo de l'équipe",
        "Reste muette sur",
        "tout le monde a accepté",
    ] {
        assert!(fr.contains(part), "`{part}` missing:\n{fr}");
    }
}

#[test]
fn explain_shows_what_must_and_must_not_be_near() {
    let rules = r#"[[rule]]
id = "photo-shared"
category = "consent"
severity = "medium"
sections = ["ops.privacy-consent"]
message = { en = "m", fr = "m" }
advice = { en = "a", fr = "a" }
phrases = ["photo"]
[[rule.context]]
phrases = ["coworker"]
window = 5
outside = true
[[rule.context]]
phrases = ["<hashtag>"]
window = "sentence"
[rule.except_near]
phrases = ["agreed"]
[rule.examples]
match.en = ["photo of my coworker #fun"]
match.fr = ["photo de mon coworker #fun"]
no_match.en = ["a photo"]
no_match.fr = ["une photo"]
"#;
    let path = std::env::temp_dir().join(format!("postcheck-near-{}.toml", std::process::id()));
    std::fs::write(&path, rules).expect("temp file");
    let file = path.to_string_lossy().into_owned();
    let args = [
        "explain",
        "--no-default-rules",
        "--rules",
        &file,
        "photo-shared",
    ];
    let (code, en, err) = run(postcheck(&args).args(["--lang", "en"]));
    let (_, fr, _) = run(postcheck(&args).args(["--lang", "fr"]));
    let _ = std::fs::remove_file(&path);
    assert_eq!(code, 0, "{err}");
    for part in [
        "Only near: « coworker » (within 5 words, not its own words)",
        "Only near: « <hashtag> » (in the same sentence)",
        "Not near: « agreed » (within 8 words)",
    ] {
        assert!(
            en.replace('\u{a0}', " ").contains(part),
            "`{part}` missing:\n{en}"
        );
    }
    assert!(fr.contains("Pas près de"), "{fr}");
}

#[test]
fn explain_a_section_lists_the_rules_that_cite_it() {
    let (code, out, _) = run(&mut postcheck(&[
        "explain",
        "ops.scenario-colleague-blog",
        "--rules",
        FIXTURE,
        "--lang",
        "fr",
    ]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("ops.scenario-colleague-blog — Mise en situation"),
        "{out}"
    );
    assert!(out.contains("Règles qui la citent") && out.contains("fixture-coworker-insult"));
    assert!(out.contains("Questions qu'elle invite à se poser"), "{out}");
    let (code, _, err) = run(&mut postcheck(&[
        "explain",
        "scenario-colleague",
        "--lang",
        "fr",
    ]));
    assert_eq!(code, 2);
    assert!(err.contains("aucune règle") && err.contains("ops.scenario-colleague-blog"));
}

#[test]
fn rules_list_filters_as_a_table_or_json() {
    let base = ["rules", "list", "--no-default-rules", "--rules", FIXTURE];
    let (_, table, _) = run(postcheck(&base).args(["--severity", "medium", "--lang", "fr"]));
    let lines: Vec<&str> = table.lines().collect();
    assert!(
        lines[0].starts_with("ID") && lines[0].contains("GRAVITÉ"),
        "{table}"
    );
    assert_eq!(lines.len(), 1 + 4, "{table}");
    assert!(lines[1..].iter().all(|l| l.contains(" medium ")));

    let (_, json, _) = run(postcheck(&base).args([
        "--category",
        "consent",
        "--category",
        "personal-information",
        "--language",
        "fr",
        "--format",
        "json",
    ]));
    let list: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let ids: Vec<&str> = list
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|r| r["id"].as_str())
        .collect();
    assert_eq!(ids, ["fixture-tagged-without-consent", "fixture-sin"]);

    let (code, _, err) = run(postcheck(&base).args(["--severity", "severe"]));
    assert_eq!(code, 2);
    assert!(err.contains("possible values"), "{err}");
}

#[test]
fn completions_and_man_page_come_from_the_cli_definition() {
    for shell in ["bash", "zsh", "fish"] {
        let (code, out, _) = run(&mut postcheck(&["completions", shell]));
        assert_eq!(code, 0, "{shell}");
        for sub in ["check", "explain", "rules", "completions"] {
            assert!(out.contains(sub), "{shell} completion lacks `{sub}`");
        }
        assert!(out.contains("fail-on"), "{shell} completion lacks options");
    }
    let (code, man, _) = run(&mut postcheck(&["man"]));
    assert_eq!(code, 0);
    assert!(
        man.starts_with(".ie") && man.contains(".TH postcheck 1"),
        "{man}"
    );
    assert!(man.contains("SUBCOMMANDS") && man.contains("postcheck\\-explain"));
    let (_, check, _) = run(&mut postcheck(&["man", "check"]));
    assert!(check.contains(".TH postcheck-check 1") && check.contains("\\-\\-fail\\-on"));
}

#[test]
fn every_example_of_help_works() {
    let (_, help, _) = run(&mut postcheck(&["--help"]));
    assert!(help.contains("postcheck check draft.txt"));
    assert!(help.contains("| postcheck"));
    assert!(help.contains("postcheck check --format json drafts/"));
    assert!(help.contains("postcheck explain security-marking"));

    let (code, out, _) = run(&mut postcheck(&["check", "examples/clean.en.txt"]));
    assert_eq!(code, 0);
    assert!(
        out.starts_with("examples/clean.en.txt: SAFE TO POST"),
        "{out}"
    );

    let mut child = postcheck(&[])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("postcheck starts");
    if let Some(mut stdin) = child.stdin.take() {
        stdin
            .write_all("Belle randonnée en forêt ce matin !".as_bytes())
            .expect("write stdin");
    }
    let out = child.wait_with_output().expect("postcheck ends");
    let out = String::from_utf8_lossy(&out.stdout);
    assert!(out.starts_with("-: SAFE TO POST"), "{out}");

    let (code, json, _) = run(&mut postcheck(&["check", "--format", "json", "examples/"]));
    assert!(code == 0 || code == 1, "{code}");
    let doc: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert!(doc["reports"].as_array().is_some_and(|r| r.len() > 10));

    let (code, out, _) = run(&mut postcheck(&["explain", "security-marking"]));
    assert_eq!(code, 0);
    assert!(out.contains("What it looks for"));
}
