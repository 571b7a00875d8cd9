//! postcheck in CI, end to end: a repository of drafts with a `.postcheck.toml`, an inline
//! suppression and a failing draft, run through the real binary in every CI format. The rules
//! are the small ones of tests/fixtures/ci/ (with --no-default-rules) so these tests do not move
//! when the built-in rules change.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::Value;

const RULES: &str = include_str!("fixtures/ci/rules.toml");
// The official OASIS schema, copied from shared/schemas/ so the test runs from any clone.
const SCHEMA: &str = include_str!("fixtures/ci/sarif-schema-2.1.0.json");

/// A throwaway folder laid out like a comms team's repository.
struct Repo {
    dir: PathBuf,
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

impl Repo {
    fn empty() -> Repo {
        static N: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "postcheck-ci-{}-{}",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Repo { dir }
    }

    /// The standard repository: one clean draft, one with an accepted photo and an unaccepted
    /// one, one that leaks a project (high), one ignored by .gitignore, one that is not a draft.
    fn drafts() -> Repo {
        let r = Repo::empty();
        r.write("ci/rules.toml", RULES);
        r.write(
            ".postcheck.toml",
            "# the team's settings\nfail_on = \"high\"\nrules = [\"ci/rules.toml\"]\ndefault_rules = false\nprofiles = [\"ops\"]\n",
        );
        r.write(".gitignore", "drafts/archive/\n");
        r.write("drafts/clean.md", "# Weekend\n\nHiking with my dog.\n");
        r.write(
            "drafts/photo.md",
            "# Team day\n\nLook at our group photo!\n\n<!-- postcheck-ignore: consent -- everyone in the photo agreed by email on 3 May -->\n\nAnother group photo, from the picnic.\n",
        );
        r.write(
            "drafts/sub/leak.txt",
            "Big week ahead.\nProject Bluebird launches on Monday!\nAlso some office gossip.\n",
        );
        r.write("drafts/archive/old.md", "Project Bluebird draft.\n");
        r.write("drafts/notes.docx", "Project Bluebird\n");
        r
    }

    fn write(&self, path: &str, text: &str) {
        let p = self.dir.join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    fn path(&self, p: &str) -> PathBuf {
        self.dir.join(p)
    }

    fn postcheck(&self, args: &[&str]) -> Output {
        self.postcheck_in(&self.dir, args)
    }

    fn postcheck_in(&self, dir: &Path, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_postcheck"))
            .args(args)
            .current_dir(dir)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG")
            .stdin(Stdio::null())
            .output()
            .unwrap()
    }
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Checks a SARIF log with a real consumer's types and against the official schema.
fn valid_sarif(text: &str) -> Value {
    let typed: Result<serde_sarif::sarif::Sarif, _> = serde_json::from_str(text);
    assert!(typed.is_ok(), "serde-sarif rejects the log: {typed:?}");
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).expect("the SARIF schema compiles");
    let log: Value = serde_json::from_str(text).unwrap();
    let problems: Vec<String> = validator
        .iter_errors(&log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(problems.is_empty(), "schema problems: {problems:#?}");
    log
}

#[test]
fn the_schema_check_can_fail() {
    let bad = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"message": {"text": "m"}, "level": "fatal"}]}]}"#;
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&serde_json::from_str(bad).unwrap()));
}

#[test]
fn text_batch_fails_on_the_leak_and_ends_with_a_summary() {
    let r = Repo::drafts();
    let o = r.postcheck(&["check", "drafts"]);
    let out = stdout(&o);
    assert_eq!(o.status.code(), Some(1), "{out}\n{}", stderr(&o));
    // Stable order, ignored and non-draft files left out.
    let heads: Vec<&str> = out.lines().filter(|l| l.starts_with("drafts/")).collect();
    assert!(heads[0].starts_with("drafts/clean.md"), "{heads:?}");
    assert!(heads[1].starts_with("drafts/photo.md"), "{heads:?}");
    assert!(heads[2].starts_with("drafts/sub/leak.txt"), "{heads:?}");
    assert_eq!(heads.len(), 3, "{out}");
    assert!(!out.contains("archive") && !out.contains("notes.docx"));
    let tail: String = out.lines().rev().take(2).collect::<Vec<_>>().join("\n");
    for part in [
        "3 drafts",
        "do not post: 1",
        "findings: 3 (high 1, medium 1, low 1, info 0)",
        "accepted by a marker: 1",
    ] {
        assert!(tail.contains(part), "summary lacks `{part}`:\n{tail}");
    }
    // The file's threshold is high; the flag beats it.
    assert_eq!(
        r.postcheck(&["check", "--fail-on", "never", "drafts"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        r.postcheck(&["check", "drafts/photo.md"]).status.code(),
        Some(0)
    );
    assert_eq!(
        r.postcheck(&["check", "--fail-on", "medium", "drafts/photo.md"])
            .status
            .code(),
        Some(1)
    );
}

#[test]
fn sarif_is_accepted_by_a_consumer_and_the_schema() {
    let r = Repo::drafts();
    let o = r.postcheck(&["check", "--format", "sarif", "drafts"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let log = valid_sarif(&stdout(&o));
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "postcheck");
    let rules = driver["rules"].as_array().unwrap();
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for id in [
        "test-group-photo",
        "test-secret-project",
        "suppression-without-reason",
        "unused-suppression",
    ] {
        assert!(ids.contains(&id), "{ids:?}");
    }
    let photo = &rules[ids.iter().position(|i| *i == "test-group-photo").unwrap()];
    assert_eq!(photo["defaultConfiguration"]["level"], "warning");
    assert_eq!(photo["properties"]["category"], "consent");
    // The ops profile: the federal section of the rule is not cited.
    let help = photo["help"]["markdown"].as_str().unwrap();
    assert!(
        help.contains("ops.privacy-consent") && !help.contains("federal."),
        "{help}"
    );

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 4, "{results:#?}");
    let at = |r: &Value| {
        let l = &r["locations"][0]["physicalLocation"];
        (
            l["artifactLocation"]["uri"].as_str().unwrap().to_string(),
            l["region"]["startLine"].as_u64().unwrap(),
            l["region"]["startColumn"].as_u64().unwrap(),
            l["region"]["endColumn"].as_u64().unwrap(),
        )
    };
    let leak = results
        .iter()
        .find(|r| r["ruleId"] == "test-secret-project")
        .unwrap();
    assert_eq!(at(leak), ("drafts/sub/leak.txt".into(), 2, 1, 17));
    assert_eq!(leak["level"], "error");
    let i = leak["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(rules[i]["id"], "test-secret-project");
    let photos: Vec<&Value> = results
        .iter()
        .filter(|r| r["ruleId"] == "test-group-photo")
        .collect();
    assert_eq!(at(photos[0]), ("drafts/photo.md".into(), 3, 13, 24));
    assert!(photos[0].get("suppressions").is_none());
    assert_eq!(at(photos[1]).1, 7);
    assert_eq!(photos[1]["suppressions"][0]["kind"], "inSource");
    assert_eq!(
        photos[1]["suppressions"][0]["justification"],
        "everyone in the photo agreed by email on 3 May"
    );
}

#[test]
fn github_annotations_sit_on_the_right_lines() {
    let r = Repo::drafts();
    let o = r.postcheck(&["check", "--format", "github", "drafts"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let commands: Vec<&str> = out.lines().filter(|l| l.starts_with("::")).collect();
    assert_eq!(commands.len(), 3, "{out}");
    assert!(commands[0].starts_with(
        "::error file=drafts/photo.md,line=3,col=13,endLine=3,endColumn=24,title=postcheck test-group-photo (Consent)::A photo of people"
    ), "{}", commands[0]);
    assert!(commands[1]
        .starts_with("::error file=drafts/sub/leak.txt,line=2,col=1,endLine=2,endColumn=17,"));
    assert!(commands[2].starts_with("::warning file=drafts/sub/leak.txt,line=3,col=11,"));
    assert!(out.lines().last().unwrap().starts_with("Summary: 3 files"));
}

#[test]
fn jsonl_streams_the_json_reports_one_per_line() {
    let r = Repo::drafts();
    let lines = stdout(&r.postcheck(&["check", "--format", "jsonl", "drafts"]));
    let json: Value = serde_json::from_str(&stdout(
        &r.postcheck(&["check", "--format", "json", "drafts"]),
    ))
    .unwrap();
    let per_line: Vec<Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(per_line, json["reports"].as_array().unwrap().clone());
    assert_eq!(json["summary"]["suppressed"], 1);
    let photo = &json["reports"][1];
    assert_eq!(photo["suppressed"][0]["rule"], "test-group-photo");
    assert_eq!(photo["suppressed"][0]["span"]["line"], 7);
    assert_eq!(
        photo["suppressed"][0]["reason"],
        "everyone in the photo agreed by email on 3 May"
    );
}

#[test]
fn bad_markers_are_reported() {
    let r = Repo::drafts();
    r.write(
        "drafts/photo.md",
        "Our group photo postcheck-ignore: consent\n\npostcheck-ignore: confidentiality -- was announced\nHiking.\n",
    );
    let o = r.postcheck(&["check", "--format", "json", "drafts/photo.md"]);
    let json: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<(&str, u64)> = json["reports"][0]["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["rule"].as_str().unwrap(),
                f["span"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        [
            ("test-group-photo", 1),
            ("suppression-without-reason", 1),
            ("unused-suppression", 3)
        ]
    );
    let o = r.postcheck(&["check", "--format", "sarif", "drafts/photo.md"]);
    let log = valid_sarif(&stdout(&o));
    assert_eq!(log["runs"][0]["results"][1]["level"], "note");
}

#[test]
fn globs_and_explicit_files() {
    let r = Repo::drafts();
    let o = r.postcheck(&[
        "check",
        "--format",
        "jsonl",
        "drafts/**/*.txt",
        "drafts/clean.md",
        "drafts/clean.md",
    ]);
    let sources: Vec<String> = stdout(&o)
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(sources, ["drafts/sub/leak.txt", "drafts/clean.md"]);
    let o = r.postcheck(&["check", "drafts/*.nothing"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("drafts/*.nothing: no file matches this pattern"));
}

#[test]
fn many_drafts_keep_their_order() {
    let r = Repo::drafts();
    for i in 0..40 {
        let text = if i % 3 == 0 {
            "Project Bluebird!\n".repeat(200)
        } else {
            "Hello.\n".into()
        };
        r.write(&format!("many/{i:02}.txt"), &text);
    }
    let out = stdout(&r.postcheck(&["check", "--format", "jsonl", "many"]));
    let sources: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<Value>(l).unwrap()["source"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    let expected: Vec<String> = (0..40).map(|i| format!("many/{i:02}.txt")).collect();
    assert_eq!(sources, expected);
}

#[test]
fn stdin_is_named_stdin_in_sarif() {
    let r = Repo::drafts();
    let mut child = Command::new(env!("CARGO_BIN_EXE_postcheck"))
        .args(["check", "--format", "sarif", "-"])
        .current_dir(&r.dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"Project Bluebird")
        .unwrap();
    let o = child.wait_with_output().unwrap();
    let log = valid_sarif(&stdout(&o));
    assert_eq!(
        log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "stdin"
    );
}

#[test]
fn configuration_errors_are_placed_and_flags_win() {
    let r = Repo::drafts();
    r.write(".postcheck.toml", "fail_on = \"high\"\nfial_on = \"low\"\n");
    let o = r.postcheck(&["check", "drafts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(".postcheck.toml:2:1: unknown field `fial_on`"),
        "{}",
        stderr(&o)
    );

    r.write(
        ".postcheck.toml",
        "rules = [\"ci/rules.toml\"]\ndefault_rules = false\ndisable = [\"test-nope\"]\n",
    );
    let o = r.postcheck(&["check", "drafts"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains(".postcheck.toml:3:12: rule `test-nope`: no rule has this id"),
        "{}",
        stderr(&o)
    );

    // Found from a subfolder, and shown with where each value comes from.
    r.write(".postcheck.toml", "fail_on = \"low\"\nrules = [\"ci/rules.toml\"]\ndefault_rules = false\ndisable = [\"unused-suppression\"]\n");
    let o = r.postcheck_in(&r.path("drafts/sub"), &["config", "--lang", "fr"]);
    let out = stdout(&o);
    let line = |key: &str| {
        out.lines()
            .find(|l| l.starts_with(key))
            .unwrap_or_default()
            .to_string()
    };
    assert!(
        line("fail_on = \"low\"").ends_with(".postcheck.toml"),
        "{out}"
    );
    assert!(line("lang = \"fr\"").ends_with("# command line"), "{out}");
    assert!(
        line("profiles = [\"ops\", \"federal\"]").ends_with("# default"),
        "{out}"
    );
    assert!(out.contains("ci/rules.toml"), "{out}");
    let o = r.postcheck_in(&r.path("drafts/sub"), &["check", "leak.txt"]);
    assert_eq!(o.status.code(), Some(1));
    let o = r.postcheck_in(
        &r.path("drafts/sub"),
        &["check", "--no-config", "--no-default-rules", "leak.txt"],
    );
    assert_eq!(o.status.code(), Some(2), "no rules at all is an error");
}

#[test]
fn allowed_phrases_and_severity_overrides_apply() {
    let r = Repo::drafts();
    let base = "rules = [\"ci/rules.toml\"]\ndefault_rules = false\nfail_on = \"medium\"\n";
    r.write(
        ".postcheck.toml",
        &format!("{base}allow = [\"Project Bluebird\"]\n"),
    );
    let o = r.postcheck(&["check", "drafts/sub/leak.txt"]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    r.write(
        ".postcheck.toml",
        &format!("{base}[severity]\ntest-secret-project = \"low\"\n"),
    );
    let o = r.postcheck(&["check", "--format", "sarif", "drafts/sub/leak.txt"]);
    assert_eq!(o.status.code(), Some(0));
    let log = valid_sarif(&stdout(&o));
    assert_eq!(log["runs"][0]["results"][0]["level"], "note");
}

#[test]
fn init_writes_a_starter_that_works() {
    let r = Repo::empty();
    r.write("draft.txt", "Hiking with my dog.\n");
    let o = r.postcheck(&["init"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = std::fs::read_to_string(r.path(".postcheck.toml")).unwrap();
    assert!(text.starts_with("# postcheck configuration"));
    let o = r.postcheck(&["init"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--force"));
    assert_eq!(
        r.postcheck(&["init", "--force", "--lang", "fr"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(r.postcheck(&["check", "draft.txt"]).status.code(), Some(0));
}

// ---- The shipped CI files: parsed, and their postcheck commands run on the test repository.

fn yaml(path: &str) -> Value {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(path)).unwrap();
    serde_norway::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs a CI script line with the freshly built postcheck first on PATH.
fn run_script(r: &Repo, script: &str) -> Output {
    let bin = Path::new(env!("CARGO_BIN_EXE_postcheck")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    Command::new("sh")
        .arg("-c")
        .arg(script)
        .current_dir(&r.dir)
        .env("PATH", path)
        .env_remove("LANG")
        .output()
        .unwrap()
}

#[test]
fn github_actions_example_uploads_the_sarif_it_writes() {
    let w = yaml("examples/ci/github-actions.yml");
    assert_eq!(w["permissions"]["security-events"], "write");
    let steps = w["jobs"]["postcheck"]["steps"].as_array().unwrap();
    let run = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("postcheck check"))
        .expect("a step runs postcheck check");
    assert!(run.contains("--format sarif"));
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("github/codeql-action/upload-sarif@"))
        })
        .expect("a step uploads SARIF");
    assert_eq!(upload["if"], "always()");
    let file = upload["with"]["sarif_file"].as_str().unwrap();
    assert!(run.ends_with(&format!("> {file}")), "{run}");

    let r = Repo::drafts();
    let o = run_script(&r, run);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    valid_sarif(&std::fs::read_to_string(r.path(file)).unwrap());
}

#[test]
fn gitlab_example_runs() {
    let g = yaml("examples/ci/gitlab-ci.yml");
    let job = &g["postcheck"];
    let script: Vec<&str> = job["script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    let after: Vec<&str> = job["after_script"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(script.iter().any(|s| s.starts_with("postcheck check")));
    assert_eq!(job["artifacts"]["when"], "always");
    let r = Repo::drafts();
    assert_eq!(run_script(&r, script[0]).status.code(), Some(1));
    assert_eq!(run_script(&r, after[0]).status.code(), Some(0));
    let kept = job["artifacts"]["paths"][0].as_str().unwrap();
    valid_sarif(&std::fs::read_to_string(r.path(kept)).unwrap());
}

/// What the pre-commit framework does with the hook, done by hand: the staged files that match
/// `files` are passed to `entry`. (Running the framework itself builds postcheck again with
/// `cargo install`, about four minutes on a CI machine; `pre-commit try-repo . postcheck` was run
/// by hand with pre-commit 4.7 and behaves as this test expects.)
#[test]
fn pre_commit_hook_checks_staged_drafts() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hook = &hooks[0];
    assert_eq!(hook["id"], "postcheck");
    assert_eq!(hook["language"], "rust");
    let entry = hook["entry"].as_str().unwrap();
    let files = regex::Regex::new(hook["files"].as_str().unwrap()).unwrap();
    let types: Vec<&str> = hook["types_or"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(types.contains(&"markdown") && types.contains(&"text"));

    let r = Repo::drafts();
    let git = |args: &[&str]| {
        Command::new("git")
            .args(args)
            .current_dir(&r.dir)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("HOME", &r.dir)
            .output()
    };
    if git(&["init", "-q"]).is_err() {
        #[allow(clippy::print_stderr)]
        {
            eprintln!("git is not installed: the hook's contract is checked without staging");
        }
        return;
    }
    git(&[
        "add",
        "drafts/clean.md",
        "drafts/sub/leak.txt",
        "drafts/notes.docx",
        ".postcheck.toml",
    ])
    .unwrap();
    let staged = stdout(&git(&["diff", "--cached", "--name-only"]).unwrap());
    let matched: Vec<&str> = staged.lines().filter(|f| files.is_match(f)).collect();
    assert_eq!(matched, ["drafts/clean.md", "drafts/sub/leak.txt"]);
    let mut words = entry.split_whitespace();
    assert_eq!(words.next(), Some("postcheck"));
    let mut args: Vec<&str> = words.collect();
    args.extend(&matched);
    let o = r.postcheck(&args);
    assert_eq!(o.status.code(), Some(1), "the leak stops the commit");
    let o = r.postcheck(&[&args[..args.len() - 1]].concat());
    assert_eq!(o.status.code(), Some(0), "a clean draft passes");
}
