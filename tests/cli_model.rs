//! The word model through the real binary: it raises a draft no rule flags, `--no-model` and
//! `model = false` leave the rules alone, and `explain model` says what it is.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// A draft from the working corpus (en22-138) no rule flags; the shipped model, trained on it,
/// reads it as a breach of confidentiality. If a rule comes to flag it (the `--no-model`
/// assertion below fails), pick another such draft: `check --input jsonl` over the corpus lists
/// them, the reports whose only findings are `model-*` ones.
const HINT: &str = "FYI for the marina crowd: fisheries closure for the bay is coming in May, I've seen the map. Achetez vos permis tout de suite 🎣";

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_postcheck"))
        .args(args)
        .env("NO_COLOR", "1")
        .env("LANG", "C")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    child
        .stdin
        .take()
        .expect("stdin is piped")
        .write_all(stdin.as_bytes())
        .expect("stdin takes the draft");
    child.wait_with_output().expect("the binary ends")
}

fn report(args: &[&str]) -> serde_json::Value {
    let out = run(args, HINT);
    serde_json::from_slice(&out.stdout).expect("the JSON report parses")
}

#[test]
fn the_model_raises_what_no_rule_flags_and_no_model_turns_it_off() {
    let with = report(&["check", "--format", "json", "-"]);
    let r = &with["reports"][0];
    assert_eq!(r["risk"], "medium");
    let f = &r["findings"][0];
    assert_eq!(f["rule"], "model-confidentiality");
    assert_eq!(f["category"], "confidentiality");
    assert!(f["message"]
        .as_str()
        .unwrap_or("")
        .contains("ethics advisor"));
    assert!(!f["guidance"].as_array().expect("guidance").is_empty());
    assert!(!f["signals"]
        .as_array()
        .expect("the words that weighed")
        .is_empty());
    let without = report(&["check", "--format", "json", "--no-model", "-"]);
    assert_eq!(without["reports"][0]["risk"], "none");
    let fr = report(&["check", "--format", "json", "--lang", "fr", "-"]);
    let message = fr["reports"][0]["findings"][0]["message"]
        .as_str()
        .unwrap_or("");
    assert!(message.contains("conseiller en éthique"), "{message}");
}

#[test]
fn explain_model_says_what_it_is_in_both_languages() {
    let en = run(&["explain", "model"], "");
    assert!(en.status.success());
    let en = String::from_utf8_lossy(&en.stdout);
    assert!(
        en.contains("logistic regression") && en.contains("--no-model"),
        "{en}"
    );
    let fr = run(&["explain", "model", "--lang", "fr"], "");
    let fr = String::from_utf8_lossy(&fr.stdout);
    assert!(fr.contains("régression logistique"), "{fr}");
}
