//! `postcheck check --role`, through the real binary: the same drafts (a clear breach, a grey
//! area, a clean post, a political post) read by an employee, a manager and an executive, in
//! English and in French. The rules are a small fixture (tests/fixtures/roles/rules.toml) so the
//! tests show what the roles do, not what the built-in rules say this week.

use std::process::{Command, Output, Stdio};

use serde_json::Value;

const RULES: &str = "tests/fixtures/roles/rules.toml";
const LANGS: [&str; 2] = ["en", "fr"];
const ROLES: [&str; 3] = ["employee", "manager", "executive"];
/// 2024-05-01, the date every review note of these tests records.
const DATE: &str = "1714521600";

/// `postcheck check` over the fixture rules, with a clean environment and no configuration.
fn postcheck(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_postcheck"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["check", "--no-default-rules", "--rules", RULES])
        .args(args)
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .env_remove("NO_COLOR")
        .env("SOURCE_DATE_EPOCH", DATE)
        .stdin(Stdio::null());
    c
}

fn run(c: &mut Command) -> (i32, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = c.output().expect("postcheck runs");
    let err = String::from_utf8_lossy(&stderr);
    assert!(err.is_empty(), "stderr: {err}");
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).expect("stdout is UTF-8"),
    )
}

fn draft(name: &str, lang: &str) -> String {
    format!("tests/fixtures/roles/{name}.{lang}.txt")
}

/// The one report of a JSON run over one draft.
fn json_report(role: Option<&str>, lang: &str, path: &str) -> Value {
    let mut args = vec!["--no-config", "--format", "json", "--lang", lang];
    if let Some(r) = role {
        args.extend(["--role", r]);
    }
    args.push(path);
    let (_, out) = run(&mut postcheck(&args));
    let doc: Value = serde_json::from_str(&out).expect("one JSON document");
    doc["reports"][0].clone()
}

/// (rule, class, severity) of each finding.
fn findings(report: &Value) -> Vec<(String, String, String)> {
    report["findings"]
        .as_array()
        .expect("findings is a list")
        .iter()
        .map(|f| {
            let s = |k: &str| f[k].as_str().unwrap_or_default().to_string();
            (s("rule"), s("class"), s("severity"))
        })
        .collect()
}

fn triple(rule: &str, class: &str, severity: &str) -> (String, String, String) {
    (rule.into(), class.into(), severity.into())
}

#[test]
fn every_role_classes_the_same_drafts_the_same_way_in_both_languages() {
    for lang in LANGS {
        for role in ROLES {
            let breach = json_report(Some(role), lang, &draft("breach", lang));
            assert_eq!(breach["role"], role);
            assert_eq!(
                findings(&breach),
                [
                    // Untagged discrimination at high: a clear breach by the mapping.
                    triple("roles-exclusion", "clear-breach", "high"),
                    // Tagged clear-breach, whatever its severity.
                    triple("roles-position-for-gain", "clear-breach", "medium"),
                ],
                "{role} {lang}"
            );
            // Grey areas stay at info in every role, executives' included.
            let grey = json_report(Some(role), lang, &draft("grey", lang));
            assert_eq!(
                findings(&grey),
                [triple("roles-international-crisis", "grey-area", "info")],
                "{role} {lang}"
            );
            assert_eq!(grey["risk"], "none");
            let clean = json_report(Some(role), lang, &draft("clean", lang));
            assert_eq!(clean["role"], role);
            assert_eq!(findings(&clean), [], "{role} {lang}");
            let political = json_report(Some(role), lang, &draft("political", lang));
            assert!(
                findings(&political)
                    .iter()
                    .all(|f| f.1 == "possibly-inappropriate"),
                "{role} {lang}: {political}"
            );
        }
    }
}

#[test]
fn an_executive_sees_higher_severities_on_the_same_political_draft_and_why() {
    for lang in LANGS {
        let path = draft("political", lang);
        let employee = json_report(Some("employee"), lang, &path);
        let executive = json_report(Some("executive"), lang, &path);
        assert_eq!(
            findings(&employee),
            [
                triple("roles-partisan-call", "possibly-inappropriate", "medium"),
                triple("roles-official-logo", "possibly-inappropriate", "low"),
            ]
        );
        assert_eq!(
            findings(&executive),
            [
                triple("roles-partisan-call", "possibly-inappropriate", "high"),
                triple("roles-official-logo", "possibly-inappropriate", "medium"),
            ]
        );
        assert_eq!(
            (employee["risk"].clone(), executive["risk"].clone()),
            ("medium".into(), "high".into())
        );
        for f in executive["findings"].as_array().unwrap() {
            let e = &f["escalations"][0];
            assert_eq!(e["id"], "role-executive");
            let reason = e["reason"].as_str().unwrap();
            let scrutiny = if lang == "en" {
                "closer scrutiny"
            } else {
                "examinés de plus près"
            };
            assert!(reason.contains(scrutiny), "{reason}");
        }
        assert!(employee["findings"][0]["escalations"]
            .as_array()
            .unwrap()
            .is_empty());
        // The text report says why too, on each raised finding.
        let (code, text) = run(&mut postcheck(&[
            "--no-config",
            "--lang",
            lang,
            "--role",
            "executive",
            &path,
        ]));
        assert_eq!(code, 1);
        let (role, raised) = match lang {
            "en" => (
                "Role: executive",
                "= raised to high: Leaders of the public service",
            ),
            _ => (
                "Rôle : cadre de direction",
                "= relevé à élevé : Les dirigeants",
            ),
        };
        assert!(text.contains(role) && text.contains(raised), "{text}");
        assert!(text.contains("[role-executive]"), "{text}");
    }
}

#[test]
fn the_employee_default_is_the_report_as_it_was() {
    let path = draft("political", "en");
    let text = |extra: &[&str]| {
        let mut args = vec!["--no-config", "--lang", "en"];
        args.extend_from_slice(extra);
        args.push(&path);
        run(&mut postcheck(&args)).1
    };
    let default = text(&[]);
    assert_eq!(default, text(&["--role", "employee"]));
    for absent in ["Role", "review note", "class", "grey area", "raised to"] {
        assert!(!default.contains(absent), "{absent} in:\n{default}");
    }
    assert!(default.starts_with(&format!("{path}: REWORK BEFORE POSTING")));
    assert!(default.contains("When in doubt, don't post"));
    assert_eq!(json_report(None, "en", &path)["role"], "employee");
}

#[test]
fn the_employee_report_names_a_grey_area_without_raising_the_risk() {
    for (lang, verdict, grey) in [
        (
            "en",
            "SAFE TO POST",
            "info · Integrity · grey area · roles-international-crisis",
        ),
        (
            "fr",
            "PEUT ÊTRE PUBLIÉ",
            "info · Intégrité · zone grise · roles-international-crisis",
        ),
    ] {
        let (code, text) = run(&mut postcheck(&[
            "--no-config",
            "--lang",
            lang,
            &draft("grey", lang),
        ]));
        assert_eq!(code, 0, "{text}");
        assert!(text.contains(verdict) && text.contains(grey), "{text}");
        assert!(text.contains("[federal.grey-areas]"), "{text}");
    }
}

#[test]
fn a_manager_gets_a_review_note_sorted_by_class() {
    for lang in LANGS {
        let (_, breach) = run(&mut postcheck(&[
            "--no-config",
            "--lang",
            lang,
            "--role",
            "manager",
            &draft("breach", lang),
        ]));
        let (_, review) = run(&mut postcheck(&[
            "--no-config",
            "--lang",
            lang,
            "--role",
            "manager",
            &draft("review", lang),
        ]));
        let (_, clean) = run(&mut postcheck(&[
            "--no-config",
            "--lang",
            lang,
            "--role",
            "manager",
            &draft("clean", lang),
        ]));
        let [cb, pi, ga, steps, nothing] = match lang {
            "en" => [
                "CLEAR BREACH",
                "Possibly inappropriate [federal.possibly-inappropriate]",
                "Grey areas [federal.grey-areas]",
                "Proportionate steps",
                "NOTHING TO ACT ON",
            ],
            _ => [
                "MANQUEMENT MANIFESTE",
                "Possiblement inapproprié [federal.possibly-inappropriate]",
                "Zones grises [federal.grey-areas]",
                "Mesures proportionnées",
                "RIEN À SIGNALER",
            ],
        };
        assert!(breach.contains(cb), "{breach}");
        assert!(breach.contains("[federal.clear-breaches]"), "{breach}");
        // Clear breaches go to the organization's protocols, not the proportionate steps.
        assert!(!breach.contains(steps), "{breach}");
        let (at_pi, at_ga) = (review.find(pi), review.find(ga));
        assert!(
            at_pi.is_some() && at_ga.is_some() && at_pi < at_ga,
            "{review}"
        );
        assert!(review.contains(steps), "{review}");
        assert!(clean.contains(nothing), "{clean}");
        for note in [&breach, &review, &clean] {
            assert!(note.contains("2024-05-01"), "{note}");
            assert!(note.contains("[federal.no-monitoring]"), "{note}");
        }
    }
}

#[test]
fn the_manager_note_in_english_and_french() {
    for lang in LANGS {
        let (code, out) = run(&mut postcheck(&[
            "--no-config",
            "--color",
            "never",
            "--lang",
            lang,
            "--role",
            "manager",
            &draft("breach", lang),
            &draft("review", lang),
        ]));
        assert_eq!(code, 1);
        insta::assert_snapshot!(format!("manager-note-{lang}"), out);
    }
}

#[test]
fn quiet_notes_keep_only_their_verdict() {
    let (_, out) = run(&mut postcheck(&[
        "--no-config",
        "--quiet",
        "--role",
        "manager",
        &draft("grey", "en"),
        &draft("clean", "en"),
    ]));
    assert_eq!(
        out,
        "tests/fixtures/roles/grey.en.txt: GREY AREA (risk: none, 1 finding)\n\
         tests/fixtures/roles/clean.en.txt: NOTHING TO ACT ON (risk: none, no findings)\n"
    );
}

#[test]
fn the_configuration_sets_the_role_and_the_flag_beats_it() {
    let dir = std::env::temp_dir().join(format!("postcheck-roles-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let config = dir.join(".postcheck.toml");
    std::fs::write(&config, "role = \"manager\"\n").unwrap();
    let config = config.to_str().unwrap();
    let path = draft("grey", "en");
    let (_, note) = run(&mut postcheck(&["--config", config, "--lang", "en", &path]));
    assert!(note.contains("Manager's review note"), "{note}");
    let (_, employee) = run(&mut postcheck(&[
        "--config", config, "--lang", "en", "--role", "employee", &path,
    ]));
    assert!(!employee.contains("review note"), "{employee}");
    let shown = Command::new(env!("CARGO_BIN_EXE_postcheck"))
        .args(["config", "--config", config, "--lang", "en"])
        .output()
        .expect("postcheck config runs");
    let shown = String::from_utf8(shown.stdout).unwrap();
    assert!(
        shown
            .lines()
            .any(|l| l.starts_with("role = \"manager\"") && l.ends_with(config)),
        "{shown}"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn sarif_results_carry_the_class() {
    let (_, out) = run(&mut postcheck(&[
        "--no-config",
        "--format",
        "sarif",
        "--role",
        "manager",
        &draft("breach", "en"),
    ]));
    let doc: Value = serde_json::from_str(&out).unwrap();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 2);
    assert!(results
        .iter()
        .all(|r| r["properties"]["class"] == "clear-breach"));
}
