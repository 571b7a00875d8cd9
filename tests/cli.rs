//! The core command line, run as a person or a script would run it: the real binary, stdin and
//! files, the three exit codes, the JSON shape scripts depend on, and the rule commands.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_postcheck"));
    c.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1");
    c
}

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = bin();
    cmd.args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    if let Some(s) = stdin {
        // A run that stops at a usage error may close its stdin before reading it.
        if let Err(e) = pipe.write_all(s.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    drop(pipe);
    child.wait_with_output().expect("the binary finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("postcheck-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).expect("write temp file");
    p.display().to_string()
}

const SIN_DRAFT: &str = "Can someone help my coworker? Her SIN is 046 454 286.";

#[test]
fn stdin_draft_with_a_finding_exits_1() {
    let o = run(&["check"], Some(SIN_DRAFT));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("social-insurance-number"), "{out}");
    assert!(
        out.contains("ops.privacy-consent"),
        "names its guidance section: {out}"
    );
    assert!(!out.contains("454 286"), "the SIN is masked: {out}");
}

#[test]
fn a_bare_pipe_is_a_check() {
    let o = run(&[], Some(SIN_DRAFT));
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("social-insurance-number"));
}

#[test]
fn clean_draft_exits_0() {
    let o = run(
        &["check", "-"],
        Some("Great hike with the kids this weekend, the leaves are gorgeous!"),
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn file_shorthand_and_source_name() {
    let dir = temp_dir("shorthand");
    let f = write(&dir, "draft.txt", SIN_DRAFT);
    let o = run(&[&f], None);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("draft.txt"));
}

#[test]
fn missing_file_is_an_error_but_others_are_checked() {
    let dir = temp_dir("missing");
    let good = write(&dir, "good.txt", SIN_DRAFT);
    let o = run(
        &["check", "--format", "json", &good, "/no/such/draft.txt"],
        None,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/draft.txt"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("one JSON document");
    assert_eq!(v["reports"].as_array().map(Vec::len), Some(1));
}

#[test]
fn json_shape_is_stable() {
    let text = "Équipe: SIN 046 454 286.";
    let o = run(&["check", "--format", "json"], Some(text));
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).expect("exactly one JSON document");
    assert_eq!(v["version"], 1);
    let r = &v["reports"][0];
    assert_eq!(r["source"], "-");
    for key in ["language", "risk", "findings"] {
        assert!(!r[key].is_null(), "report has {key}");
    }
    assert_eq!(r["risk"], "high");
    let f = &r["findings"][0];
    for key in [
        "rule", "category", "severity", "message", "advice", "span", "text", "guidance",
    ] {
        assert!(!f[key].is_null(), "finding has {key}: {f}");
    }
    let span = &f["span"];
    let (start, end) = (
        span["start"].as_u64().unwrap() as usize,
        span["end"].as_u64().unwrap() as usize,
    );
    assert_eq!(
        &text[start..end],
        "046 454 286",
        "byte offsets into the original text"
    );
    assert_eq!(span["line"], 1);
    assert_eq!(span["column"], 13, "columns count characters, 1-based");
    assert_eq!(f["text"], "046 *** ***");
    let g = &f["guidance"][0];
    for key in ["document", "section", "title"] {
        assert!(g[key].is_string(), "guidance has {key}");
    }
    for key in ["files", "findings", "high", "medium", "low", "info"] {
        assert!(v["summary"][key].is_number(), "summary has {key}");
    }
}

#[test]
fn fail_on_threshold() {
    assert_eq!(
        run(&["check", "--fail-on", "never"], Some(SIN_DRAFT))
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        run(&["check", "--fail-on", "high"], Some(SIN_DRAFT))
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        run(&["check", "--fail-on", "low"], Some(SIN_DRAFT))
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(
        run(&["check", "--fail-on", "sometimes"], Some("x"))
            .status
            .code(),
        Some(2)
    );
    assert_eq!(
        run(&["explain", "no-such-rule"], None).status.code(),
        Some(2)
    );
}

const BROKEN_RULES: &str = r#"
[[rule]]
id = "Bad Id"
category = "gossip"
severity = "huge"
sections = ["ops.nowhere"]
message = { en = "only English" }
advice = { en = "a", fr = "b" }
phrases = ["", "ok((", "abc(d"]
patterns = ['(unclosed', 'a*']

[[rule]]
id = "dup"
category = "integrity"
severity = "low"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["x"]

[[rule]]
id = "dup"
category = "integrity"
severity = "low"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["y"]
"#;

#[test]
fn invalid_rules_list_every_problem_with_place_and_rule() {
    let dir = temp_dir("broken-rules");
    let f = write(&dir, "broken.toml", BROKEN_RULES);
    let o = run(&["rules", "validate", &f], None);
    assert_eq!(o.status.code(), Some(2));
    let err = stderr(&o);
    for needle in [
        "lower-case words",
        "unknown category `gossip`",
        "unknown severity `huge`",
        "unknown guidance section `ops.nowhere`",
        "no `fr` text",
        "empty phrase",
        "never closed",
        "cannot be nested",
        "invalid pattern",
        "can match empty text",
        "duplicate rule id",
        "needs examples",
    ] {
        assert!(err.contains(needle), "missing `{needle}` in:\n{err}");
    }
    assert!(
        err.contains("broken.toml:3:6: rule `Bad Id`"),
        "file:line:column and rule id:\n{err}"
    );
}

#[test]
fn toml_syntax_and_unknown_keys_are_placed() {
    let dir = temp_dir("syntax-rules");
    let f = write(&dir, "syntax.toml", "[[rule]]\nid = \"x\"\nfavourite = 3\n");
    let o = run(&["rules", "validate", &f], None);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("syntax.toml:3:1"), "{}", stderr(&o));
    assert!(stderr(&o).contains("favourite"), "{}", stderr(&o));
}

#[test]
fn built_in_rules_pass_their_own_examples() {
    let o = run(&["rules", "test"], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(stdout(&o).contains(" 0 failed"));
}

const EXTRA_RULE: &str = r#"
[[rule]]
id = "security-marking"
category = "confidentiality"
severity = "low"
sections = ["ops.confidential-information"]
message = { en = "Replaced rule.", fr = "Règle remplacée." }
advice = { en = "a", fr = "b" }
phrases = ["blue folder"]
[rule.examples]
match.en = ["the blue folder"]
match.fr = ["le blue folder"]
no_match.en = ["a red folder"]
no_match.fr = ["un dossier rouge"]
"#;

#[test]
fn extra_rule_files_add_and_replace() {
    let dir = temp_dir("extra-rules");
    let f = write(&dir, "extra.toml", EXTRA_RULE);
    let o = run(
        &["check", "--rules", &f, "--format", "json"],
        Some("Look at the blue folder. Also Protected B."),
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).expect("json");
    let findings = v["reports"][0]["findings"]
        .as_array()
        .expect("findings")
        .clone();
    assert_eq!(
        findings.len(),
        1,
        "the built-in rule of the same id is replaced: {findings:?}"
    );
    assert_eq!(findings[0]["severity"], "low");
    assert_eq!(o.status.code(), Some(0));
    let o = run(
        &["check", "--no-default-rules", "--rules", &f],
        Some("Her SIN is 046 454 286"),
    );
    assert_eq!(o.status.code(), Some(0), "only the given rules run");
}

#[test]
fn explain_a_rule_and_a_section() {
    let o = run(&["explain", "social-insurance-number"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("ops.privacy-consent"));
    let o = run(&["explain", "ops.privacy-consent", "--lang", "fr"], None);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("social-insurance-number"));
}

#[test]
fn french_report() {
    let o = run(
        &["check", "--lang", "fr"],
        Some("Son NAS est le 046 454 286."),
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).contains("risque"), "{}", stdout(&o));
    let mut cmd = bin();
    let o = cmd
        .arg("check")
        .env("LANG", "fr_CA.UTF-8")
        .stdin(Stdio::null())
        .arg("-")
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&o.stdout).contains("rien à vérifier"));
}

#[test]
fn score_rules_are_explained_and_name_their_signals() {
    let out = run(&["explain", "workplace-news-teased"], None);
    let text = stdout(&out);
    assert!(
        text.contains("Score: fires where the signals found"),
        "{text}"
    );
    assert!(text.contains("• teaser (weight 2):"), "{text}");
    let draft = "Big changes coming for my team next month. Can't say much yet!";
    let json = stdout(&run(&["check", "--format", "json", "-"], Some(draft)));
    assert!(
        json.contains(r#""signals": ["#) && json.contains(r#""teaser""#),
        "{json}"
    );
}

const GUARDED_SCORE: &str = r#"
[[rule]]
id = "guarded-leak"
category = "confidentiality"
severity = "medium"
sections = ["ops.confidential-information"]
message = { en = "Leak.", fr = "Fuite." }
advice = { en = "a", fr = "b" }
[rule.score]
threshold = 2
[[rule.score.signal]]
name = "team"
required = true
phrases = ["my team", "mon équipe"]
[[rule.score.signal]]
name = "hedge"
phrases = ["stay tuned", "restez à l'écoute"]
[[rule.score.signal]]
name = "praise"
weight = -2
phrases = ["bravo"]
[rule.examples]
match.en = ["my team: stay tuned"]
match.fr = ["mon équipe : restez à l'écoute"]
no_match.en = ["my team: stay tuned, bravo"]
no_match.fr = ["restez à l'écoute"]
"#;

#[test]
fn negative_and_required_signals_are_explained_and_checked() {
    let dir = temp_dir("guarded-score");
    let f = write(&dir, "guarded.toml", GUARDED_SCORE);
    let text = stdout(&run(
        &[
            "explain",
            "--no-default-rules",
            "--rules",
            &f,
            "guarded-leak",
        ],
        None,
    ));
    assert!(text.contains("• team (weight 1, required):"), "{text}");
    assert!(text.contains("• praise (weight \u{2212}2):"), "{text}");
    assert!(text.contains("(of 2)"), "{text}");
    let fr = stdout(&run(
        &[
            "explain",
            "--lang",
            "fr",
            "--no-default-rules",
            "--rules",
            &f,
            "guarded-leak",
        ],
        None,
    ));
    assert!(fr.contains("• team (poids 1, requis):"), "{fr}");
    let o = run(&["rules", "test", &f], None);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn rules_switched_off_by_the_environment_do_not_run() {
    let draft = "Big changes coming for my team next month. Can't say much yet!";
    let with = stdout(&run(&["check", "--format", "json", "-"], Some(draft)));
    assert!(with.contains("workplace-news-teased"), "{with}");
    let mut cmd = bin();
    cmd.env(
        "POSTCHECK_DISABLE_RULES",
        " workplace-news-teased ,hinted-insider-information",
    )
    .args(["check", "--format", "json", "-"])
    .stdin(Stdio::piped())
    .stdout(Stdio::piped());
    let mut child = cmd.spawn().expect("runs");
    child
        .stdin
        .take()
        .expect("piped")
        .write_all(draft.as_bytes())
        .expect("writes");
    let without =
        String::from_utf8_lossy(&child.wait_with_output().expect("ends").stdout).into_owned();
    assert!(!without.contains("workplace-news-teased"), "{without}");
    assert!(!without.contains("hinted-insider-information"), "{without}");
    let bad = bin()
        .env("POSTCHECK_DISABLE_RULES", "no-such-rule")
        .args(["check", "-"])
        .stdin(Stdio::null())
        .output()
        .expect("runs");
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("no-such-rule"), "{}", stderr(&bad));
}
