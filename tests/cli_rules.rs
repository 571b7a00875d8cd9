//! The rule-writing features from the command line: a rule file laid over the built-in rules by
//! `rules test`, `rules validate` and `explain` as `check --rules` lays it.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Output, Stdio};

fn run(args: &[&str], stdin: Option<&str>) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_postcheck"));
    cmd.env_remove("LANG")
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env("NO_COLOR", "1")
        // Relative rule paths as a writer types them: `rules test rules/harassment.toml`.
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("the binary runs");
    let mut pipe = child.stdin.take().expect("stdin is piped");
    if let Some(s) = stdin {
        if let Err(e) = pipe.write_all(s.as_bytes()) {
            assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "{e}");
        }
    }
    drop(pipe);
    child.wait_with_output().expect("the binary finishes")
}

fn out(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn temp_file(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("postcheck-cli-rules-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let p: PathBuf = dir.join(name);
    std::fs::write(&p, text).expect("write temp file");
    p.display().to_string()
}

/// Writes `text` to a rule file `name`, runs `rules validate` on it, checks that it fails with
/// exit code 2 and returns what it printed.
fn rejected(name: &str, text: &str) -> String {
    let bad = temp_file(name, text);
    let o = run(&["rules", "validate", &bad], None);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    out(&o)
}

#[test]
fn a_builtin_rule_file_being_edited_is_laid_over_the_builtin_one() {
    // The copy being edited bears the built-in file's name: its ids and lists replace theirs.
    let o = run(&["rules", "test", "rules/harassment.toml"], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let o = run(&["rules", "validate", "rules/lists-a.toml"], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    let args = [
        "explain",
        "--rules",
        "rules/lists-a.toml",
        "workplace-news-teased",
    ];
    let o = run(&args, None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
}

#[test]
fn a_users_list_replaces_the_builtin_list_of_that_id() {
    let list = temp_file(
        "squad.toml",
        "[[list]]\nid = \"work-context\"\nphrases = [\"my squad\", \"mon escouade\"]\n",
    );
    let o = run(&["rules", "validate", &list], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    // Alone, with `--no-default-rules`: the user's rule sees the user's list.
    let rule = temp_file("rule.toml", RULE);
    let o = run(&["rules", "test", "--no-default-rules", &list, &rule], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("4 passed, 0 failed"), "{}", out(&o));
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        out(&o).contains("no list is named `work-context`"),
        "{}",
        out(&o)
    );
    // Defined twice by the user's own files: an error, placed where the second one is.
    let o = run(&["rules", "validate", &list, &list], None);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let text = out(&o);
    assert!(text.contains("squad.toml:2:6:"), "{text}");
    assert!(
        text.contains("list `work-context` is defined twice"),
        "{text}"
    );
}

const RULE: &str = r#"
[[rule]]
id = "squad-news"
category = "confidentiality"
severity = "low"
sections = ["ops.confidential-information"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["big news", "grosse nouvelle"]
context = { phrases = ["@work-context"], window = 4 }
[rule.examples]
match.en = ["big news for my squad"]
match.fr = ["grosse nouvelle pour mon escouade"]
no_match.en = ["big news for my team"]
no_match.fr = ["grosse nouvelle pour mon équipe"]
"#;

/// A score rule of a user's file that a draft brings one short.
const SCORE: &str = r#"
[[rule]]
id = "squad-leak"
category = "confidentiality"
severity = "medium"
sections = ["ops.confidential-information"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
[rule.score]
threshold = 3
[[rule.score.signal]]
name = "squad"
required = true
phrases = ["my squad", "mon escouade"]
[[rule.score.signal]]
name = "hush"
weight = 2
phrases = ["hush hush", "motus"]
[[rule.score.signal]]
name = "soon"
phrases = ["next month", "le mois prochain"]
[rule.examples]
match.en = ["my squad: hush hush"]
match.fr = ["mon escouade : motus"]
no_match.en = ["hush hush"]
no_match.fr = ["motus"]
"#;

#[test]
fn verbose_lists_the_score_rules_that_came_close_in_the_reports_language() {
    let rule = temp_file("score.toml", SCORE);
    let args = |extra: &[&'static str]| {
        let mut a = vec!["check", "--no-default-rules", "--rules", &rule];
        a.extend_from_slice(extra);
        a.push("-");
        a.iter().map(|s| s.to_string()).collect::<Vec<String>>()
    };
    let text = |extra: &[&'static str], draft: &str| {
        let a = args(extra);
        let a: Vec<&str> = a.iter().map(String::as_str).collect();
        out(&run(&a, Some(draft)))
    };
    let en = text(&["--verbose"], "Nice day.\nMy squad, next month.");
    assert!(
        en.contains("Near misses (score rules that came close):"),
        "{en}"
    );
    assert!(
        en.contains("squad-leak (2:1): 2 of 3; found: squad, soon"),
        "{en}"
    );
    let fr = text(&["--verbose", "--lang", "fr"], "Hush hush, next month.");
    assert!(
        fr.contains("Presque relevés (règles à score proches du seuil) :"),
        "{fr}"
    );
    assert!(
        fr.contains(
            "squad-leak (1:1) : 3 sur 3 ; trouvés : hush, soon ; manquants (requis) : squad"
        ),
        "{fr}"
    );
    // Not without --verbose, and never in JSON.
    assert!(!text(&[], "My squad, next month.").contains("squad-leak"));
    let json = text(&["--verbose", "--format", "json"], "My squad, next month.");
    assert!(
        !json.contains("squad-leak") && !json.contains("near"),
        "{json}"
    );
}

/// A score where one span ("sur le dossier", "on the file") meets two signals.
const DISTINCT: &str = r#"
[[rule]]
id = "file-talk"
category = "integrity"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
[rule.score]
threshold = 3
distinct = true
[[rule.score.signal]]
name = "file"
required = true
phrases = ["dossier", "file"]
[[rule.score.signal]]
name = "work"
weight = 2
phrases = ["sur le dossier", "on the file", "my team", "mon équipe"]
[rule.examples]
match.en = ["my team is on the file"]
match.fr = ["mon équipe est sur le dossier"]
no_match.en = ["I work on the file"]
no_match.fr = ["je travaille sur le dossier"]
"#;

#[test]
fn a_distinct_score_counts_a_span_for_one_signal() {
    let rule = temp_file("distinct.toml", DISTINCT);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert!(out(&o).contains("4 passed, 0 failed"), "{}", out(&o));
    let plain = temp_file("plain.toml", &DISTINCT.replace("distinct = true\n", ""));
    let o = run(&["rules", "test", "--no-default-rules", &plain], None);
    assert!(out(&o).contains("2 failed"), "{}", out(&o));
    let o = run(
        &[
            "explain",
            "--no-default-rules",
            "--rules",
            &rule,
            "file-talk",
        ],
        None,
    );
    assert!(
        out(&o).contains("each word of the draft for one signal only"),
        "{}",
        out(&o)
    );
    let args = [
        "explain",
        "--lang",
        "fr",
        "--no-default-rules",
        "--rules",
        &rule,
        "file-talk",
    ];
    let o = run(&args, None);
    assert!(
        out(&o).contains("chaque mot du brouillon pour un seul signal"),
        "{}",
        out(&o)
    );
}

/// A sequence of a built-in list and a few verbs, in a user's file.
const SEQUENCE: &str = r#"
[[rule]]
id = "boss-quoted"
category = "confidentiality"
severity = "medium"
sections = ["ops.confidential-information"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
sequences = [{ first = ["my boss", "mon patron"], then = ["told us", "said", "nous a dit"], within = 3 }]
[rule.examples]
match.en = ["My boss just told us the office closes"]
match.fr = ["Mon patron nous a dit que le bureau ferme"]
no_match.en = ["I said hi to my boss"]
no_match.fr = ["j'ai dit bonjour à mon patron"]
"#;

#[test]
fn a_sequence_is_found_as_one_phrase_and_explained() {
    let rule = temp_file("sequence.toml", SEQUENCE);
    let o = run(&["rules", "test", &rule], None);
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let o = run(
        &["check", "--rules", &rule, "--format", "json", "-"],
        Some("Mon patron nous a dit non."),
    );
    assert!(out(&o).contains("\"boss-quoted\""), "{}", out(&o));
    let o = run(&["explain", "--rules", &rule, "boss-quoted"], None);
    let text = out(&o);
    assert!(
        text.contains("[my boss | mon patron] …3 [told us | said | nous a dit]"),
        "{text}"
    );
    let o = rejected("bad.toml", &SEQUENCE.replace("within = 3", "within = 0"));
    assert!(o.contains("bad.toml:9:102:"), "{}", o);
}

/// A solicitation that a lawn lowers and a colleague's mention raises.
const SHIFT: &str = r#"
[[rule]]
id = "sign-up-asked"
category = "political-activity"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["sign up", "inscrivez-vous"]
[[rule.lower_near]]
phrases = ["lawn", "pelouse"]
window = 3
[rule.raise_near]
phrases = ["<mention>"]
window = "sentence"
[rule.examples]
match.en = ["got my lawn sign up"]
match.fr = ["inscrivez-vous @marie"]
no_match.en = ["a lawn"]
no_match.fr = ["une pelouse"]
"#;

#[test]
fn a_cue_near_a_finding_moves_its_severity_and_says_why() {
    let rule = temp_file("shift.toml", SHIFT);
    let o = run(&["rules", "test", &rule], None);
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let check = |extra: &[&str], draft: &str| {
        let mut a = vec!["check", "--no-default-rules", "--rules", &rule];
        a.extend_from_slice(extra);
        a.push("-");
        out(&run(&a, Some(draft)))
    };
    let json = check(&["--format", "json"], "Got my lawn sign up!");
    assert!(json.contains("\"severity\": \"low\""), "{json}");
    assert!(
        json.contains("\"moved\": {\n") && json.contains("\"by\": \"lower_near\""),
        "{json}"
    );
    assert!(json.contains("\"cue\": \"lawn\""), "{json}");
    let json = check(&["--format", "json"], "Please sign up today.");
    assert!(!json.contains("moved"), "{json}");
    let en = check(&["--verbose"], "Please sign up, @marie.");
    assert!(
        en.contains("raised to high: near «\u{a0}@marie\u{a0}» (raise_near; was medium)"),
        "{en}"
    );
    let fr = check(
        &["--verbose", "--lang", "fr"],
        "Une affiche sur ma pelouse, inscrivez-vous.",
    );
    assert!(
        fr.contains("abaissé à faible : près de «\u{a0}pelouse\u{a0}» (lower_near; était moyen)"),
        "{fr}"
    );
    let explain = |lang: &str| {
        let a = ["explain", "--lang", lang, "--rules", &rule, "sign-up-asked"];
        out(&run(&a, None))
    };
    let en = explain("en");
    assert!(
        en.contains(
            "One level lower near: «\u{a0}lawn\u{a0}», «\u{a0}pelouse\u{a0}» (within 3 words)"
        ),
        "{en}"
    );
    assert!(
        en.contains("One level higher near: «\u{a0}<mention>\u{a0}» (in the same sentence)"),
        "{en}"
    );
    let fr = explain("fr");
    assert!(
        fr.contains("Un niveau plus bas près de : «\u{a0}lawn\u{a0}»"),
        "{fr}"
    );
    assert!(
        fr.contains("Un niveau plus haut près de : «\u{a0}<mention>\u{a0}»"),
        "{fr}"
    );
    let o = rejected(
        "bad-shift.toml",
        &SHIFT.replace("window = 3", "window = 3\nsides = \"before\""),
    );
    assert!(
        o.contains("bad-shift.toml:13:1: unknown field `sides`"),
        "{}",
        o
    );
}

/// A slur rule that reported speech lowers.
const QUOTED: &str = r#"
[[rule]]
id = "anglos-demeaned"
category = "discrimination"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["anglos comprennent rien", "clowns in finance"]
quoted = "lower"
[rule.examples]
match.en = ["those clowns in finance"]
match.fr = ["les anglos comprennent rien"]
no_match.en = ["clowns at the fair"]
no_match.fr = ["les anglos comprennent tout"]
"#;

#[test]
fn a_quoted_hit_is_lowered_or_dropped_as_the_rule_says() {
    let rule = temp_file("quoted.toml", QUOTED);
    let o = run(&["rules", "test", &rule], None);
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let check = |rule: &str, extra: &[&str], draft: &str| {
        let mut a = vec!["check", "--no-default-rules", "--rules", rule];
        a.extend_from_slice(extra);
        a.push("-");
        out(&run(&a, Some(draft)))
    };
    let said = "« \"Les anglos comprennent rien\", dit le collègue »";
    let json = check(&rule, &["--format", "json"], said);
    assert!(json.contains("\"severity\": \"low\""), "{json}");
    assert!(json.contains("\"by\": \"quoted\""), "{json}");
    assert!(
        json.contains("\"cue\": \"Les anglos comprennent rien\""),
        "{json}"
    );
    let fr = check(&rule, &["--verbose", "--lang", "fr"], said);
    assert!(
        fr.contains("abaissé à faible : dans la citation «\u{a0}Les anglos comprennent rien\u{a0}» (quoted; était moyen)"),
        "{fr}"
    );
    // Outside a quotation, or with an unpaired mark on the line before: as ever.
    let json = check(
        &rule,
        &["--format", "json"],
        "He said “no.\nThose clowns in finance!",
    );
    assert!(json.contains("\"severity\": \"medium\""), "{json}");
    let skip = temp_file("skip.toml", &QUOTED.replace("\"lower\"", "\"skip\""));
    let json = check(
        &skip,
        &["--format", "json"],
        "The headline: “Clowns in finance”",
    );
    assert!(!json.contains("anglos-demeaned"), "{json}");
    let explain = |lang: &str| {
        out(&run(
            &[
                "explain",
                "--lang",
                lang,
                "--rules",
                &skip,
                "anglos-demeaned",
            ],
            None,
        ))
    };
    assert!(explain("en").contains("Quotations: silent on words inside a quotation"));
    assert!(explain("fr").contains("Citations : muette sur les mots entre guillemets"));
    let o = rejected(
        "bad-quoted.toml",
        &QUOTED.replace("\"lower\"", "\"ignore\""),
    );
    assert!(
        o.contains(
            "bad-quoted.toml:10:10: rule `anglos-demeaned`: `quoted = \"ignore\"`: write \"skip\""
        ),
        "{}",
        o
    );
}

/// Praise of a manager, where "merci" counts as warmth only without a sarcasm marker beside it.
const SARCASM: &str = r#"
[[rule]]
id = "manager-mocked"
category = "harassment"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
[rule.score]
threshold = 2
[[rule.score.signal]]
name = "manager"
phrases = ["gestionnaire", "manager"]
[[rule.score.signal]]
name = "sneer"
phrases = ["brillant", "brilliant"]
[[rule.score.signal]]
name = "warmth"
weight = -4
phrases = ["merci", "thanks to"]
unless_near = { phrases = ["🙄", "/s", "lol sure", "c'est ça oui"], window = 12 }
[rule.examples]
match.en = ["Thanks to our brilliant manager /s"]
match.fr = ["Merci à notre brillant gestionnaire… 🙄"]
no_match.en = ["Thanks to our brilliant manager"]
no_match.fr = ["Merci à notre brillant gestionnaire!"]
"#;

#[test]
fn a_signal_s_cue_does_not_count_beside_its_unless_near() {
    let rule = temp_file("sarcasm.toml", SARCASM);
    let o = run(&["rules", "test", &rule], None);
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let o = run(
        &["check", "--rules", &rule, "--format", "json", "-"],
        Some("Merci à notre brillant gestionnaire, c'est ça oui."),
    );
    assert!(out(&o).contains("\"manager-mocked\""), "{}", out(&o));
    let explain = |lang: &str| {
        let a = [
            "explain",
            "--lang",
            lang,
            "--rules",
            &rule,
            "manager-mocked",
        ];
        out(&run(&a, None))
    };
    let en = explain("en");
    assert!(
        en.contains("not counted near: «\u{a0}🙄\u{a0}», «\u{a0}/s\u{a0}»"),
        "{en}"
    );
    assert!(en.contains("(within 12 words)"), "{en}");
    let fr = explain("fr");
    assert!(
        fr.contains("ne compte pas près de : «\u{a0}🙄\u{a0}»"),
        "{fr}"
    );
    let o = rejected(
        "bad-sarcasm.toml",
        &SARCASM.replace("window = 12 }", "windw = 12 }"),
    );
    assert!(
        o.contains("bad-sarcasm.toml:21:68:") && o.contains("unknown field `windw`"),
        "{}",
        o
    );
}

/// A reply to a government account, told by the shape of its handle.
const HANDLE: &str = r#"
[[rule]]
id = "gov-account-insulted"
category = "integrity"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["clowns", "incompétents"]
[rule.condition]
requires_patterns = ['@(Min|ESDC_|ON|Sante_)\w+']
[rule.examples]
match.en = ["@MinSante what clowns"]
match.fr = ["@Sante_Canada bande d'incompétents"]
no_match.en = ["@jdoe what clowns"]
no_match.fr = ["@marie bande d'incompétents"]
"#;

#[test]
fn condition_patterns_find_a_government_handle() {
    let rule = temp_file("handle.toml", HANDLE);
    let o = run(&["rules", "test", &rule], None);
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let o = run(
        &["check", "--rules", &rule, "--format", "json", "-"],
        Some("@ESDC_GC vous êtes des incompétents"),
    );
    assert!(out(&o).contains("\"gov-account-insulted\""), "{}", out(&o));
    let o = run(&["explain", "--rules", &rule, "gov-account-insulted"], None);
    assert!(
        out(&o).contains(
            "Only near: «\u{a0}@(Min|ESDC_|ON|Sante_)\\w+\u{a0}» (anywhere in the draft)"
        ),
        "{}",
        out(&o)
    );
    let o = run(
        &[
            "explain",
            "--lang",
            "fr",
            "--rules",
            &rule,
            "gov-account-insulted",
        ],
        None,
    );
    assert!(
        out(&o).contains("Seulement près de : «\u{a0}@(Min|ESDC_|ON|Sante_)\\w+\u{a0}» (n'importe où dans le brouillon)"),
        "{}",
        out(&o)
    );
    let o = rejected("bad-handle.toml", &HANDLE.replace("\\w+']", "\\w+(']"));
    assert!(
        o.contains("bad-handle.toml:11:22: rule `gov-account-insulted`: invalid pattern"),
        "{}",
        o
    );
}

/// The lawn rule of [`SHIFT`] with drafts that must fire at one severity.
fn shift_at(at: &str) -> String {
    let rule = SHIFT.replace("match.en = [\"got my lawn sign up\"]\n", "");
    format!("{rule}[rule.examples.at]\n{at}")
}

#[test]
fn drafts_that_must_fire_at_a_severity_pass_and_fail_by_their_severity() {
    let good = shift_at(
        "low = { en = [\"got my lawn sign up\"], fr = [\"ma pelouse, inscrivez-vous\"] }\nhigh = { fr = [\"inscrivez-vous @marie\"] }\n",
    );
    let rule = temp_file("at-good.toml", &good);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("6 passed, 0 failed"), "{}", out(&o));

    // The lowered draft written as medium: the failure points at it and says what to do.
    let bad = shift_at("medium = { en = [\"got my lawn sign up\"], fr = [\"rien\"] }\n");
    let rule = temp_file("at-bad.toml", &bad);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    let text = out(&o);
    let line = bad.lines().count();
    assert!(
        text.contains(&format!("at-bad.toml:{line}:18: rule `sign-up-asked`: en example should fire at medium but fired at low: \"got my lawn sign up\" (if low is right, move it to examples.at.low.en")),
        "{text}"
    );
    assert!(
        text.contains("fr example should fire at medium but did not fire: \"rien\""),
        "{text}"
    );
    assert!(text.contains("2 failed"), "{text}");

    // An unknown severity is a validation error at its place.
    let unknown = shift_at("severe = { en = [\"got my lawn sign up\"] }\n");
    let rule = temp_file("at-unknown.toml", &unknown);
    let o = run(&["rules", "validate", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    let line = unknown.lines().count();
    assert!(
        out(&o).contains(&format!("at-unknown.toml:{line}:1: ")),
        "{}",
        out(&o)
    );
    assert!(out(&o).contains("severe"), "{}", out(&o));
}

/// A petition rule whose own words hold the sharing escalation's cue.
const OWN_CUE: &str = r#"
[[rule]]
id = "petition-pushed"
category = "political-activity"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["signez et partagez", "sign and share"]
[rule.examples]
no_match.en = ["share"]
no_match.fr = ["partagez"]
[rule.examples.at]
medium = { en = ["Sign and share!"], fr = ["Signez et partagez!"] }
high = { en = ["Share it everywhere! Sign and share"], fr = ["Partagez à tous! Signez et partagez"] }

[[escalation]]
id = "shares-widely"
categories = ["political-activity"]
phrases = ["partagez", "share"]
reason = { en = "r", fr = "r" }
[escalation.examples]
match.en = ["share"]
match.fr = ["partagez"]
no_match.en = ["sign"]
no_match.fr = ["signez"]
"#;

#[test]
fn an_escalation_does_not_raise_a_finding_through_its_own_words() {
    let rule = temp_file("own-cue.toml", OWN_CUE);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains(" 0 failed"), "{}", out(&o));
    let check = |draft: &str| {
        let a = [
            "check",
            "--no-default-rules",
            "--rules",
            &rule,
            "--format",
            "json",
            "-",
        ];
        out(&run(&a, Some(draft)))
    };
    let json = check("Signez et partagez!");
    assert!(json.contains("\"severity\": \"medium\""), "{json}");
    assert!(!json.contains("shares-widely"), "{json}");
    let json = check("Partagez à tous! Signez et partagez");
    assert!(json.contains("\"severity\": \"high\""), "{json}");
    assert!(json.contains("shares-widely"), "{json}");
}

/// Numbers inside phrases, in both languages.
const SUSPENSION: &str = r#"
[[rule]]
id = "suspension-told"
category = "personal-information"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["<number> day suspension", "suspension de <number> jour(s)"]
[rule.examples]
match.en = ["Dave got a 3-day suspension lol"]
match.fr = ["Une suspension de 5 jours pour Marc"]
no_match.en = ["a day suspension", "3 days of suspension"]
no_match.fr = ["une suspension de trois jours"]
"#;

#[test]
fn a_class_inside_a_phrase_is_a_word_of_it() {
    let rule = temp_file("suspension.toml", SUSPENSION);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("5 passed, 0 failed"), "{}", out(&o));
    let a = [
        "check",
        "--no-default-rules",
        "--rules",
        &rule,
        "--format",
        "json",
        "-",
    ];
    let json = out(&run(&a, Some("Dave got a 30 day suspension")));
    assert!(json.contains("\"text\": \"30 day suspension\""), "{json}");
    let o = rejected(
        "bad-suspension.toml",
        &SUSPENSION.replace("\"<number> day", "\"<emoji> day"),
    );
    assert!(
        o.contains("bad-suspension.toml:9:12: rule `suspension-told`: phrase `<emoji> day suspension`: `<emoji>` cannot be a word of a phrase"),
        "{}",
        o
    );
}

/// A speaker, the body they speak for, and what they do in its name.
const THREE: &str = r#"
[[rule]]
id = "invitation-on-behalf"
category = "government-branding"
severity = "medium"
sections = ["ops.integrity"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
sequences = [{ first = ["nous", "we"], then = ["à parcs canada", "at parks canada"], last = ["vous invitons", "invite you"], within = 2 }]
[rule.examples]
match.en = ["We at Parks Canada invite you to the launch"]
match.fr = ["Nous, à Parcs Canada, vous invitons au lancement"]
no_match.en = ["We at Parks Canada had fun"]
no_match.fr = ["Nous vous invitons à Parcs Canada"]
"#;

#[test]
fn a_sequence_of_three_lists_is_one_cue_and_explained() {
    let rule = temp_file("three.toml", THREE);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("4 passed, 0 failed"), "{}", out(&o));
    let a = [
        "check",
        "--no-default-rules",
        "--rules",
        &rule,
        "--format",
        "json",
        "-",
    ];
    let json = out(&run(&a, Some("Nous, à Parcs Canada, vous invitons!")));
    assert!(
        json.contains("\"text\": \"Nous, à Parcs Canada, vous invitons\""),
        "{json}"
    );
    let a = [
        "explain",
        "--no-default-rules",
        "--rules",
        &rule,
        "invitation-on-behalf",
    ];
    let text = out(&run(&a, None));
    assert!(
        text.contains("[nous | we] …2 [à parcs canada | at parks canada] …2 [vous invitons"),
        "{text}"
    );
    let o = rejected(
        "bad-three.toml",
        &THREE.replace("last = [\"vous", "last = [], x = [\"vous"),
    );
    assert!(o.contains("bad-three.toml:9:"), "{}", o);
}

/// One phrase of 4,096 forms (four choices six times over): over the old limit of 512.
const MANY_FORMS: &str = r#"
[[rule]]
id = "boss-quoted-many-ways"
category = "confidentiality"
severity = "low"
sections = ["ops.confidential-information"]
message = { en = "a", fr = "b" }
advice = { en = "a", fr = "b" }
phrases = ["{my|our|the|mon} {boss|manager|director|patron} {said|told|wrote|a dit} {that|this|it|ça} {today|now|again|encore} {lol|haha|ok|fyi}"]
[rule.examples]
match.en = ["Our manager wrote this again ok"]
match.fr = ["Mon patron a dit ça encore lol"]
no_match.en = ["our manager wrote this"]
no_match.fr = ["mon patron a dit"]
"#;

#[test]
fn a_phrase_may_expand_to_4096_forms_and_no_more() {
    let rule = temp_file("many-forms.toml", MANY_FORMS);
    let o = run(&["rules", "test", "--no-default-rules", &rule], None);
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("4 passed, 0 failed"), "{}", out(&o));
    let o = rejected(
        "too-many-forms.toml",
        &MANY_FORMS.replace("{lol|", "{x|y|z|w} {lol|"),
    );
    assert!(
        o.contains("too-many-forms.toml:9:12: rule `boss-quoted-many-ways`: phrase `{my|"),
        "{}",
        o
    );
    assert!(
        o.contains("expands to more than 4096 forms: split it into several phrases"),
        "{}",
        o
    );
}
