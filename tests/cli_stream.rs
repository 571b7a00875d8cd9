//! `postcheck check --input jsonl`, run as a script would: JSON Lines in, one report per line out,
//! in input order, with errors on standard error and the usual exit codes.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: String) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postcheck"))
        .env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    // Written from another thread: the reports come back while the drafts still go in.
    let writer = std::thread::spawn(move || pipe.write_all(stdin.as_bytes()));
    let out = child.wait_with_output().expect("the binary finishes");
    writer
        .join()
        .expect("the writer ends")
        .expect("stdin takes the drafts");
    out
}

fn lines(o: &Output) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is one JSON report"))
        .collect()
}

#[test]
fn one_report_per_line_in_input_order() {
    let mut input = String::new();
    for i in 0..3000 {
        let text = if i % 7 == 0 {
            "Sneak peek at the Protected B deck 👀"
        } else {
            "Hiking with my dog this weekend!"
        };
        input.push_str(&format!("{{\"id\": \"d{i}\", \"text\": \"{text}\"}}\n"));
    }
    let out = run(&["check", "--input", "jsonl"], input);
    assert_eq!(out.status.code(), Some(1), "a risky draft fails the run");
    let reports = lines(&out);
    assert_eq!(reports.len(), 3000);
    for (i, r) in reports.iter().enumerate() {
        assert_eq!(r["source"], format!("d{i}"));
        let risky = r["findings"].as_array().is_some_and(|f| !f.is_empty());
        assert_eq!(risky, i % 7 == 0, "line {i}");
    }
}

#[test]
fn numeric_and_missing_ids_and_clean_exit() {
    let input = "{\"id\": 17, \"text\": \"Bonne fin de semaine!\"}\n\n{\"text\": \"Hello\", \"lang\": \"en\"}\n";
    let out = run(&["check", "--input", "jsonl"], input.into());
    assert_eq!(out.status.code(), Some(0));
    let reports = lines(&out);
    assert_eq!(reports[0]["source"], "17");
    assert_eq!(reports[1]["source"], "3", "no id: the line number");
}

#[test]
fn bad_lines_are_named_and_the_rest_still_checked() {
    let input = "not json\n{\"id\": \"ok\", \"text\": \"Hello\"}\n{\"id\": \"long\", \"text\": \"far too long for the limit\"}\n";
    let out = run(
        &[
            "check",
            "--input",
            "jsonl",
            "--lang",
            "fr",
            "--max-bytes",
            "40",
        ],
        input.into(),
    );
    assert_eq!(out.status.code(), Some(2));
    let reports = lines(&out);
    assert_eq!(reports.len(), 1);
    assert_eq!(reports[0]["source"], "ok");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("-:1: pas un objet JSON"), "{err}");
    assert!(err.contains("-:3: ligne plus longue"), "{err}");
}
