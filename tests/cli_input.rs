//! Bad input through the real binary: each gets a clear answer and an exit code, never a panic.
//! Also: no output format leaks personal information, and `postcheck redact` masks it.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_postcheck");
const SIN: &str = "046 454 286";

/// A scratch folder for one test, removed when the test ends.
struct Scratch(PathBuf);

impl Scratch {
    fn new(name: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("postcheck-cli-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).expect("temp dir is writable");
        Scratch(dir)
    }
    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, bytes).expect("temp file is writable");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn postcheck(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(BIN)
        .args(args)
        .env("LANG", "en_CA.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postcheck runs");
    if let Some(mut input) = child.stdin.take() {
        // A write error only means postcheck stopped reading early (a refused input).
        let _ = input.write_all(stdin.unwrap_or_default());
    }
    child.wait_with_output().expect("postcheck finishes")
}

fn check(path: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["check"];
    args.extend_from_slice(extra);
    args.push(path.to_str().expect("temp paths are UTF-8"));
    postcheck(&args, None)
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}
fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Exit code, asserting first that nothing panicked.
fn code(o: &Output) -> i32 {
    assert!(
        !stderr(o).contains("panicked"),
        "postcheck panicked: {}",
        stderr(o)
    );
    o.status.code().expect("postcheck exits, not killed")
}

#[test]
fn empty_input_has_nothing_to_check() {
    let dir = Scratch::new("empty");
    let path = dir.file("empty.txt", "");
    let out = check(&path, &[]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("nothing to check"),
        "{}",
        stdout(&out)
    );
    let out = postcheck(&["check", "-"], Some(b""));
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("nothing to check"));
    // Scripts read JSON on stdout: the note goes to stderr there.
    let out = postcheck(&["check", "--format", "json", "-"], Some(b""));
    assert_eq!(code(&out), 0);
    assert!(stderr(&out).contains("nothing to check"));
}

#[test]
fn whitespace_only_has_nothing_to_check() {
    let dir = Scratch::new("blank");
    let path = dir.file("blank.txt", " \t\r\n \n\u{A0}\n");
    let out = check(&path, &["--lang", "fr"]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("rien à vérifier"), "{}", stdout(&out));
}

#[test]
fn invalid_utf8_is_refused_naming_the_file() {
    let dir = Scratch::new("latin1");
    let path = dir.file("latin1.txt", b"Le minist\xe8re");
    let out = check(&path, &[]);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("latin1.txt") && err.contains("not valid UTF-8"),
        "{err}"
    );
}

#[test]
fn utf16_with_a_byte_order_mark_is_decoded() {
    let dir = Scratch::new("utf16");
    let text = "Hi,\r\nthe Protected B memo";
    let le: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let be: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
        .collect();
    for (name, bytes) in [("le.txt", le), ("be.txt", be)] {
        let out = check(&dir.file(name, bytes), &[]);
        assert_eq!(code(&out), 1, "{name}: {}", stderr(&out));
        assert!(
            stdout(&out)
                .lines()
                .any(|l| has_finding(l, "security-marking", 2, 5)),
            "{}",
            stdout(&out)
        );
    }
    let no_bom: Vec<u8> = text.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let out = check(&dir.file("nobom.txt", no_bom), &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("UTF-16 without a byte-order mark"));
}

#[test]
fn utf8_with_a_byte_order_mark_counts_columns_after_it() {
    let dir = Scratch::new("bom");
    let path = dir.file("bom.txt", "\u{FEFF}Protected B, again");
    // Rules only: the word model reads this bare phrase as harmless and would lower it.
    let out = check(&path, &["--no-model"]);
    assert_eq!(code(&out), 1);
    assert!(
        stdout(&out)
            .lines()
            .any(|l| has_finding(l, "security-marking", 1, 1)),
        "{}",
        stdout(&out)
    );
    assert!(!stdout(&out).contains("\u{FEFF}"));
}

#[test]
fn crlf_line_endings_keep_columns_right() {
    let dir = Scratch::new("crlf");
    let path = dir.file(
        "crlf.txt",
        "First line\r\nsee the Protected B memo\r\nbye\r\n",
    );
    let out = check(&path, &[]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| has_finding(l, "security-marking", 2, 9)),
        "{text}"
    );
    assert!(!text.contains('\r'), "a raw CR in the report: {text:?}");
    let json: serde_json::Value =
        serde_json::from_slice(&check(&path, &["--format", "json"]).stdout).expect("JSON");
    let span = &json["reports"][0]["findings"][0]["span"];
    assert_eq!(
        (span["line"].as_u64(), span["column"].as_u64()),
        (Some(2), Some(9))
    );
    assert_eq!(span["end_column"].as_u64(), Some(20));
}

#[test]
fn binary_files_are_refused() {
    let dir = Scratch::new("binary");
    let path = dir.file("image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR");
    let out = check(&path, &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("binary file"), "{}", stderr(&out));
}

#[test]
fn inputs_over_the_size_limit_are_refused_unread() {
    let dir = Scratch::new("big");
    let path = dir.file("small.txt", "x".repeat(101));
    let out = check(&path, &["--max-bytes", "100"]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("100-byte limit"), "{}", stderr(&out));
    // 64 GiB that take no disk (a sparse file): reading it would never finish.
    let huge = dir.0.join("huge.txt");
    fs::File::create(&huge)
        .and_then(|f| f.set_len(64 << 30))
        .expect("sparse file");
    let started = Instant::now();
    let out = check(&huge, &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("--max-bytes"));
    assert!(started.elapsed() < Duration::from_secs(10));
    // Standard input has no size to look at: it is read one byte past the limit, no more.
    let out = postcheck(&["check", "--max-bytes", "1000", "-"], Some(&[b'a'; 5000]));
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("1000-byte limit"));
}

#[test]
fn a_one_megabyte_line_is_checked_quickly() {
    let dir = Scratch::new("line");
    let mut line = "Hiking with my dog this weekend, c'était super! ".repeat(21_000);
    line.truncate(1_000_000);
    line.push_str(" see the Protected B memo");
    let path = dir.file("line.txt", &line);
    let started = Instant::now();
    // Rules only: a megabyte of hiking reads as harmless to the word model, which would lower it.
    let out = check(&path, &["--no-model"]);
    assert_eq!(code(&out), 1);
    // The excerpt is cut around the finding, not the megabyte it sits in.
    assert!(
        out.stdout.len() < 5_000,
        "{} bytes of report",
        out.stdout.len()
    );
    // Generous for an unoptimised build on a shared machine; the release build takes a fraction.
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn a_draft_of_100_000_emoji_is_fine() {
    let dir = Scratch::new("emoji");
    let path = dir.file("emoji.txt", "😀".repeat(100_000));
    let out = check(&path, &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains("risk: none"), "{}", stdout(&out));
}

#[test]
fn a_folder_where_a_file_is_expected() {
    let dir = Scratch::new("folder");
    let folder = dir.0.join("drafts");
    fs::create_dir_all(&folder).expect("folder");
    let out = postcheck(&["redact", folder.to_str().expect("UTF-8")], None);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("is a folder, not a file"),
        "{}",
        stderr(&out)
    );
    // `check` takes folders, but says so when one holds no drafts.
    let out = check(&folder, &[]);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no .txt or .md files"));
}

#[test]
fn a_missing_file() {
    let out = postcheck(&["check", "/nonexistent/draft.txt"], None);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("/nonexistent/draft.txt: no such file or folder"),
        "{err}"
    );
}

#[cfg(unix)]
#[test]
fn a_file_without_read_permission() {
    use std::os::unix::fs::PermissionsExt;
    use std::os::unix::process::CommandExt;

    let dir = Scratch::new("perm");
    fs::set_permissions(&dir.0, fs::Permissions::from_mode(0o755)).expect("chmod");
    let path = dir.file("secret.txt", "nothing to see");
    fs::set_permissions(&path, fs::Permissions::from_mode(0o000)).expect("chmod");
    let mut cmd = Command::new(BIN);
    cmd.args(["check", path.to_str().expect("UTF-8")]);
    // Root reads any file whatever its mode (we run as root in CI containers): run postcheck
    // as `nobody` then, for whom the mode holds.
    if fs::read(&path).is_ok() {
        cmd.uid(65534).gid(65534);
    }
    let out = cmd.output().expect("postcheck runs");
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("permission denied"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn closing_stdout_early_exits_quietly() {
    let dir = Scratch::new("pipe");
    let path = dir.file("big.txt", "The Protected B memo, again.\n".repeat(20_000));
    let mut child = Command::new(BIN)
        .args(["check", path.to_str().expect("UTF-8")])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("postcheck runs");
    let mut first = String::new();
    {
        // `postcheck check big.txt | head -1`: read one line, then hang up.
        let mut reader = BufReader::new(child.stdout.take().expect("piped"));
        reader.read_line(&mut first).expect("a first line");
    }
    let out = child.wait_with_output().expect("postcheck finishes");
    assert!(first.contains("big.txt"), "{first}");
    let c = code(&out);
    assert!(c == 0 || c == 1, "exit {c}: {}", stderr(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn other_inputs_are_still_checked_and_the_run_exits_2() {
    let dir = Scratch::new("mixed");
    let good = dir.file("good.txt", "Hiking with my dog this weekend!");
    let bad = dir.file("bad.txt", b"\xff\xfe\xfd");
    let out = postcheck(
        &[
            "check",
            "--format",
            "json",
            bad.to_str().expect("UTF-8"),
            "/nonexistent.txt",
            good.to_str().expect("UTF-8"),
        ],
        None,
    );
    assert_eq!(code(&out), 2);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(json["reports"].as_array().map(Vec::len), Some(1));
    assert!(json["reports"][0]["source"]
        .as_str()
        .unwrap_or_default()
        .ends_with("good.txt"));
    assert_eq!(json["summary"]["errors"].as_u64(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("bad.txt") && err.contains("/nonexistent.txt"),
        "{err}"
    );
}

#[test]
fn hidden_text_is_reported_escaped() {
    let dir = Scratch::new("hidden");
    let path = dir.file(
        "hidden.txt",
        "My honest view: \u{202E}doog si nalp eht\u{202C}\nso se\u{200B}cret \u{1b}[2J",
    );
    let out = check(&path, &[]);
    assert_eq!(code(&out), 1);
    let text = stdout(&out);
    assert!(
        text.lines()
            .any(|l| has_finding(l, "bidi-control-characters", 1, 17)),
        "{text}"
    );
    assert!(
        text.lines()
            .any(|l| has_finding(l, "invisible-characters-in-word", 2, 4)),
        "{text}"
    );
    assert!(
        text.contains("\\u{202e}doog si nalp eht\\u{202c}"),
        "{text}"
    );
    assert!(text.contains("se\\u{200b}cret \\u{001b}[2J"), "{text}");
    for raw in ['\u{202E}', '\u{202C}', '\u{200B}', '\u{1b}'] {
        assert!(!text.contains(raw), "raw {raw:?} in the report");
    }
}

/// Every value `--format` accepts, read from `check --help` so that new formats are covered
/// without touching this test, plus formats we expect to come (skipped while clap refuses them).
fn formats() -> Vec<String> {
    let help = stdout(&postcheck(&["check", "--help"], None));
    let mut found: Vec<String> = Vec::new();
    if let Some(at) = help.find("--format") {
        let section = &help[at..];
        let end = section[2..].find("\n  -").map_or(section.len(), |e| e + 2);
        let section = &section[..end];
        if let Some(p) = section.find("possible values:") {
            let list = &section[p + "possible values:".len()..];
            let list = &list[..list.find(']').unwrap_or(list.len())];
            found.extend(list.split(',').map(|v| v.trim().to_string()));
        }
        // `Possible values:` as a list, one `- name: help` per line.
        for line in section.lines() {
            if let Some(item) = line.trim().strip_prefix("- ") {
                found.push(
                    item.split(':')
                        .next()
                        .unwrap_or_default()
                        .trim()
                        .to_string(),
                );
            }
        }
    }
    assert!(
        found.iter().any(|f| f == "json"),
        "could not read the formats from:\n{help}"
    );
    for expected in ["text", "json", "sarif", "github", "markdown"] {
        if !found.iter().any(|f| f == expected) {
            found.push(expected.to_string());
        }
    }
    found.retain(|f| !f.is_empty());
    found
}

fn leaks_sin(output: &str) -> bool {
    ["454 286", "454286", "454-286", "454.286"]
        .iter()
        .any(|s| output.contains(s))
}

#[test]
fn no_format_prints_an_unmasked_sin_by_default() {
    let dir = Scratch::new("leak");
    let path = dir.file(
        "sin.txt",
        format!("Her SIN is {SIN}, and mine is 046-454-286 \u{202E}SIN {SIN}\u{202C}\n"),
    );
    let mut tested = 0;
    for format in formats() {
        for extra in [&[][..], &["--verbose"][..]] {
            let mut args = vec!["--format", format.as_str()];
            args.extend_from_slice(extra);
            let out = check(&path, &args);
            let err = stderr(&out);
            if code(&out) == 2 && err.contains("invalid value") {
                continue; // not a format of this build
            }
            tested += 1;
            let all = format!("{}{err}", stdout(&out));
            assert!(
                !leaks_sin(&all),
                "--format {format} {extra:?} leaks the SIN:\n{all}"
            );
            // SARIF and GitHub annotations carry messages, never the matched words.
            if !matches!(format.as_str(), "sarif" | "github") {
                assert!(
                    all.contains("046"),
                    "--format {format}: no masked SIN in:\n{all}"
                );
            }
        }
    }
    assert!(tested >= 4, "text and json at least");
    // Asked for, it shows.
    let out = check(&path, &["--show-matches"]);
    assert!(stdout(&out).contains(SIN));
}

#[test]
fn redact_masks_personal_information_and_nothing_else() {
    let dir = Scratch::new("redact");
    let draft = "Bonjour\u{2019}!\r\nSon NAS : 046-454-286. Protected B 🎉\n\tfin";
    let path = dir.file("draft.txt", draft);
    let out = postcheck(&["redact", path.to_str().expect("UTF-8")], None);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        draft.replace("046-454-286", "046-***-***"),
        "everything but the SIN is unchanged"
    );
    let out = postcheck(&["redact", "-"], Some(b"My SIN is 046 454 286"));
    assert_eq!(code(&out), 0);
    assert_eq!(stdout(&out), "My SIN is 046 *** ***");
    let out = postcheck(&["redact", "/nonexistent.txt"], None);
    assert_eq!(code(&out), 2);
    assert!(stderr(&out).contains("no such file"));
}

#[test]
fn hidden_text_rules_pass_their_examples() {
    let rules = concat!(env!("CARGO_MANIFEST_DIR"), "/rules/hidden-text.toml");
    let out = postcheck(&["rules", "test", rules], None);
    assert_eq!(code(&out), 0, "{}{}", stdout(&out), stderr(&out));
}

/// Whether a line of the human report is the header of a finding of `rule` at `line:column`.
fn has_finding(l: &str, rule: &str, line: usize, column: usize) -> bool {
    l.contains(&format!(" {rule} · ")) && l.trim_end().ends_with(&format!(":{line}:{column}"))
}
