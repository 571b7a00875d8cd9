//! Tests of a user's rule files laid over the built-in rules build.rs compiled
//! (`Compiler::over`): a run must find what a compile of every file from its text finds.

use super::*;
use crate::engine::{check, CheckOptions};
use crate::taxonomy::Severity;
use crate::text::Document;

/// A user's file: a new rule with phrases, a class, a pattern and a pattern as context, a rule
/// replacing a built-in one, a score rule with a required and a negative signal, and an
/// escalation.
const USER: &str = r#"
[[rule]]
id = "security-marking"
category = "confidentiality"
severity = "medium"
sections = ["ops.confidential-information"]
message = { en = "Replaced.", fr = "Remplacée." }
advice = { en = "None.", fr = "Aucun." }
phrases = ["secret squirrel(s)", "écureuil(s) secret(s)"]
[rule.examples]
match.en = ["the secret squirrels met"]
match.fr = ["les écureuils secrets"]
no_match.en = ["protected b memo"]
no_match.fr = ["protégé b"]

[[rule]]
id = "user-launch-leak"
category = "confidentiality"
severity = "high"
sections = ["ops.confidential-information"]
message = { en = "Leak.", fr = "Fuite." }
advice = { en = "None.", fr = "Aucun." }
phrases = ["launch date", "date de lancement", "<mention> launch"]
patterns = ['\bproject [a-z]+ ships\b']
except = ["public launch date"]
[rule.context]
phrases = ["next week", "la semaine prochaine"]
patterns = ['\b\d{1,2} (may|mai)\b']
window = 8
[rule.examples]
match.en = ["the launch date is next week", "project falcon ships soon, next week"]
match.fr = ["la date de lancement est la semaine prochaine"]
no_match.en = ["the public launch date is next week"]
no_match.fr = ["rien à dire"]

[[rule]]
id = "user-guarded-leak"
category = "confidentiality"
severity = "medium"
sections = ["ops.confidential-information"]
message = { en = "Leak.", fr = "Fuite." }
advice = { en = "None.", fr = "Aucun." }
[rule.score]
threshold = 2
[[rule.score.signal]]
name = "team"
required = true
phrases = ["my squad", "mon escouade"]
[[rule.score.signal]]
name = "hedge"
weight = 2
phrases = ["hush hush", "motus"]
[[rule.score.signal]]
name = "praise"
weight = -2
phrases = ["kudos", "félicitations"]
[rule.examples]
match.en = ["my squad: hush hush"]
match.fr = ["mon escouade : motus"]
no_match.en = ["my squad: hush hush, kudos", "hush hush"]
no_match.fr = ["motus, félicitations à mon escouade"]

[[escalation]]
id = "user-escalation"
categories = ["confidentiality"]
reason = { en = "At the ministry.", fr = "Au ministère." }
phrases = ["at the ministry", "au ministère"]
[escalation.examples]
match.en = ["at the ministry the launch date is next week"]
match.fr = ["au ministère la date de lancement est la semaine prochaine"]
no_match.en = ["at home"]
no_match.fr = ["à la maison"]
"#;

fn with(user: &str) -> Vec<RuleSource> {
    let mut sources = RuleSource::builtin();
    sources.push(RuleSource::new("mine.toml", user));
    sources
}

/// Every example of every rule and escalation, a few more drafts, and with `corpus` the
/// corpus drafts.
fn drafts(rs: &Ruleset, corpus: bool) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let examples = rs
        .rules
        .iter()
        .map(|r| &r.examples)
        .chain(rs.escalations.iter().map(|e| &e.examples));
    for ex in examples {
        out.extend(ex.drafts().map(str::to_string));
    }
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/corpus");
    for file in ["en.jsonl", "fr.jsonl"].iter().filter(|_| corpus) {
        let text = std::fs::read_to_string(format!("{dir}/{file}")).expect("corpus file");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let v: serde_json::Value = serde_json::from_str(line).expect("a JSON line");
            out.push(v["text"].as_str().unwrap_or_default().to_string());
        }
    }
    out.push("@sam launch at the ministry, 12 May: Protected B, secret squirrels".into());
    out.push("Au ministère, @sam launch le 3 mai ; project owl ships 🤡 protégé b".into());
    out
}

fn findings(rs: &Ruleset, drafts: &[String]) -> Vec<String> {
    drafts
        .iter()
        .map(|d| {
            let found = check(&Document::new(d.as_str()), rs, &CheckOptions::default());
            format!("{:?}", found.findings)
        })
        .collect()
}

fn layered_and_full(user: &str, options: &CompileOptions) -> (Ruleset, Ruleset) {
    let sources = with(user);
    let layered = Ruleset::compile(&sources, options).expect("compiles");
    let full = Ruleset::full(&sources, options).expect("compiles");
    (layered, full)
}

#[test]
fn a_users_file_over_the_compiled_rules_finds_what_a_full_compile_finds() {
    let options = CompileOptions {
        allow: vec!["public launch date".into()],
        disabled: vec!["user-launch-leak".into()],
        severity: vec![("security-marking".into(), Severity::High)],
        check_patterns: false,
    };
    for (options, corpus) in [(CompileOptions::default(), true), (options, false)] {
        let (layered, full) = layered_and_full(USER, &options);
        // Laid over: the user's patterns have no gate (a full compile gives them one).
        let mine = |rs: &Ruleset| rs.rule("user-launch-leak").expect("the rule").patterns[0].gate;
        assert!(mine(&layered).is_none() && mine(&full).is_some());
        assert_eq!(layered.cue_lists, full.cue_lists);
        assert_eq!(layered.allow, full.allow);
        assert_eq!(layered.extras, full.extras);
        let ids = |rs: &Ruleset| -> Vec<String> { rs.rules.iter().map(|r| r.id.clone()).collect() };
        assert_eq!(ids(&layered), ids(&full));
        let escalations = |rs: &Ruleset| format!("{:?}", rs.escalations);
        assert_eq!(escalations(&layered), escalations(&full));
        let drafts = drafts(&full, corpus);
        let (a, b) = (findings(&layered, &drafts), findings(&full, &drafts));
        for ((x, y), d) in a.iter().zip(&b).zip(&drafts) {
            assert_eq!(x, y, "{d}");
        }
        assert!(a.iter().any(|f| f != "[]"));
        if options.disabled.is_empty() {
            let outcome = crate::ruletest::run(&layered, &[]);
            assert!(outcome.failures.is_empty(), "{:?}", outcome.failures);
        }
    }
}

#[test]
fn a_user_rule_with_a_builtin_id_replaces_it_in_its_place() {
    let (layered, _) = layered_and_full(USER, &CompileOptions::default());
    let builtin = Ruleset::builtin().expect("compiles");
    let at = |rs: &Ruleset| rs.rules.iter().position(|r| r.id == "security-marking");
    assert_eq!(at(&layered), at(&builtin));
    let rule = layered.rule("security-marking").expect("the rule");
    assert_eq!(rule.origin, "mine.toml");
    assert_eq!(rule.severity, Severity::Medium);
    // Two new rules: the launch leak and the guarded score.
    assert_eq!(layered.rules.len(), builtin.rules.len() + 2);
    let hits = |text: &str| {
        let found = check(&Document::new(text), &layered, &CheckOptions::default());
        let ids: Vec<&str> = found
            .findings
            .iter()
            .map(|f| layered.rules[f.rule].id.as_str())
            .collect();
        ids.contains(&"security-marking")
    };
    assert!(hits("the secret squirrels met at noon"));
    assert!(!hits("a Protected B memo on my desk"));
}

#[test]
fn a_user_rule_using_a_builtin_list_is_compiled_with_the_builtin_files() {
    let user = r#"
[[rule]]
id = "user-public-matters"
category = "confidentiality"
severity = "low"
sections = ["ops.confidential-information"]
message = { en = "Listed.", fr = "Listé." }
advice = { en = "None.", fr = "Aucun." }
phrases = ["my briefing"]
context = { phrases = ["@public-matters"], window = 6 }
[rule.examples]
match.en = ["x"]
match.fr = ["x"]
no_match.en = ["nothing"]
no_match.fr = ["rien"]
"#;
    let (layered, full) = layered_and_full(user, &CompileOptions::default());
    assert_eq!(layered.cue_lists, full.cue_lists);
    let drafts = drafts(&full, false);
    assert_eq!(findings(&layered, &drafts), findings(&full, &drafts));
    // A list the user's file defines is compiled with the built-in files too.
    let defined = format!("{user}\n[[list]]\nid = \"my-list\"\nphrases = [\"budget\"]\n")
        .replace("@public-matters", "@my-list");
    let (layered, full) = layered_and_full(&defined, &CompileOptions::default());
    assert_eq!(findings(&layered, &drafts), findings(&full, &drafts));
    // And a problem in a user's file is reported as a full compile reports it.
    let broken = user.replace("@public-matters", "@nobody");
    let a = Ruleset::compile(&with(&broken), &CompileOptions::default()).unwrap_err();
    let b = Ruleset::full(&with(&broken), &CompileOptions::default()).unwrap_err();
    assert_eq!(a.to_string(), b.to_string());
    assert!(a.to_string().contains("no list is named `nobody`"), "{a}");
}

/// A made-up "built-in" file: a list, a rule using it, and an escalation.
const BASE: &str = r#"
[[list]]
id = "people"
phrases = ["coworker(s)", "collègue(s)"]

[[rule]]
id = "insult-aimed-at-people"
category = "harassment"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["idiot(s)"]
context = { phrases = ["@people"], window = 3 }
[rule.examples]
match.en = ["my coworker is an idiot"]
match.fr = ["ce collègue est un idiot"]
no_match.en = ["I felt like an idiot today"]
no_match.fr = ["quel idiot je suis"]

[[escalation]]
id = "at-work"
categories = ["harassment"]
reason = { en = "At work.", fr = "Au travail." }
phrases = ["at work", "au travail"]
[escalation.examples]
match.en = ["at work"]
match.fr = ["au travail"]
no_match.en = ["at home"]
no_match.fr = ["à la maison"]
"#;

fn over_base(user: &[(&str, &str)]) -> Result<Ruleset, String> {
    let mut sources = vec![RuleSource {
        builtin: true,
        ..RuleSource::new("base.toml", BASE)
    }];
    sources.extend(user.iter().map(|(n, t)| RuleSource::new(*n, *t)));
    Ruleset::compile(&sources, &CompileOptions::default()).map_err(|d| d.to_string())
}

fn fires(rs: &Ruleset, id: &str, text: &str) -> bool {
    let found = check(&Document::new(text), rs, &CheckOptions::default());
    found.findings.iter().any(|f| rs.rules[f.rule].id == id)
}

#[test]
fn a_users_list_with_a_builtin_id_replaces_it_for_every_rule() {
    let user = "[[list]]\nid = \"people\"\nphrases = [\"teammate(s)\"]\n";
    let rs = over_base(&[("mine.toml", user)]).expect("compiles");
    assert!(fires(
        &rs,
        "insult-aimed-at-people",
        "my teammate is an idiot"
    ));
    assert!(!fires(
        &rs,
        "insult-aimed-at-people",
        "my coworker is an idiot"
    ));
    // Twice in the user's own files is still an error, where the second one is.
    let err = over_base(&[("mine.toml", user), ("yours.toml", user)]).unwrap_err();
    assert!(err.contains("yours.toml:2:6:"), "{err}");
    assert!(
        err.contains("list `people` is defined twice, already in mine.toml"),
        "{err}"
    );
}

#[test]
fn a_users_copy_of_a_builtin_file_replaces_it_whole() {
    // `rules test rules/harassment.toml`: the same name, the same ids, no duplicates.
    let edited = BASE.replace("\"collègue(s)\"", "\"collègue(s)\", \"teammate(s)\"");
    let rs = over_base(&[("base.toml", &edited)]).expect("compiles");
    assert_eq!(rs.rules.len(), 1);
    assert_eq!(rs.escalations.len(), 1);
    assert!(fires(
        &rs,
        "insult-aimed-at-people",
        "my teammate is an idiot"
    ));
    assert!(crate::ruletest::run(&rs, &[]).failures.is_empty());
    // Within one layer an id defined twice is reported at the second definition.
    let twice = format!(
        "{BASE}{}",
        BASE.replace("[[list]]\nid = \"people\"", "[[list]]\nid = \"others\"")
    );
    let err = over_base(&[("mine.toml", &twice)]).unwrap_err();
    assert!(err.contains("mine.toml:37:6: rule `insult-aimed-at-people`: duplicate rule id, already defined in mine.toml"), "{err}");
    assert!(
        err.contains(
            "mine.toml:52:6: rule `at-work`: duplicate escalation id, already defined in mine.toml"
        ),
        "{err}"
    );
}

#[test]
fn a_users_escalation_with_a_builtin_id_replaces_it() {
    let user =
        BASE[BASE.find("[[escalation]]").unwrap_or(0)..].replace("\"at work\"", "\"on shift\"");
    let rs = over_base(&[("mine.toml", &user)]).expect("compiles");
    assert_eq!(rs.escalations.len(), 1);
    let on = |t: &str| crate::engine::escalations(&Document::new(t), &rs).contains(&"at-work");
    assert!(on("on shift today") && !on("at work today"));
}
